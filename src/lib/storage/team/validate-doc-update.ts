/**
 * The entry point bundled into the team database's design document (`_design/homeward`) as its
 * `validate_doc_update`. CouchDB refuses a write when the function throws `{ forbidden: reason }`
 * (HTTP 403) or `{ unauthorized: reason }` (401), and shows the reason to the client.
 */
import { checkTeamWrite } from './team-document.ts';

export function validateDocUpdate(
	newDoc: unknown,
	oldDoc: unknown,
	userCtx: unknown,
	secObj: unknown
): void {
	const refusal = checkTeamWrite(newDoc, oldDoc, userCtx, secObj);
	// CouchDB reads a plain object with one key, not an Error.
	// eslint-disable-next-line @typescript-eslint/only-throw-error
	if (refusal !== null) throw { [refusal.status]: refusal.reason };
}
