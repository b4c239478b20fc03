/** Changes to a stored record that are the same whatever asks for them: patches and map entries. */
import { StorageError } from './errors.ts';
import type { AssessmentRecord } from './record.ts';
import type { AssessmentPatch } from './store-types.ts';

/** The record with `patch` applied; refuses a patch that would sign it (only `sign` may). */
export function applyPatch(record: AssessmentRecord, patch: AssessmentPatch): AssessmentRecord {
	// A patch from untyped code could still say 'signed'; that would skip the sign-off (or the manager).
	const status = patch.status as string | undefined;
	if (status === 'signed' || status === 'awaiting-approval') {
		throw new StorageError('conflict', SIGN_THROUGH_SIGN_OFF, { recordId: record.id });
	}
	return {
		...record,
		caseDetails: { ...record.caseDetails, ...withoutUndefined(patch.caseDetails ?? {}) },
		answers: patch.answers ?? record.answers,
		notes: patch.notes ?? record.notes,
		visited: patch.visited ?? record.visited,
		position: patch.position === undefined ? record.position : patch.position,
		status: patch.status ?? record.status,
		band: patch.band === undefined ? record.band : patch.band,
		decision: patch.decision === undefined ? record.decision : patch.decision,
		planning: patch.planning ?? record.planning,
		practice: patch.practice ?? record.practice,
		reviewCopy: patch.reviewCopy === undefined ? record.reviewCopy : patch.reviewCopy
	};
}

const SIGN_THROUGH_SIGN_OFF =
	'An assessment can only be signed on the sign-off page, with the assessor’s name and the date, so nothing was changed. Go to the sign-off page to sign it.';

function withoutUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The map with `key` set to `value`; null or '' removes it. */
export function withEntry(
	map: Readonly<Record<string, string>>,
	key: string,
	value: string | null
): Record<string, string> {
	const next = { ...map };
	if (value === null || value === '') delete next[key];
	else next[key] = value;
	return next;
}
