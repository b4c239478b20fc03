/**
 * An assessment as a team's CouchDB database stores it, and the check the server runs on every
 * write to that database (`validate_doc_update`, bundled from `validate-doc-update.ts` by
 * `npm run team:setup`).
 *
 * Layout: one document per assessment record, `_id` = the record's id, so a record has one
 * history of revisions on every device and the server:
 *
 *     { "_id": "<record id>", "_rev": "…", "type": "homeward-assessment",
 *       "team": { "author": "<CouchDB user name>" }, "record": { …AssessmentRecord… } }
 *
 * `record` is exactly what the device's Dexie store holds (`storage/record.ts`), current schema
 * version only; `team.author` is the practitioner the assessment belongs to, set by the first
 * writer to their own user name (the server checks it against `userCtx.name`) and changed only
 * by a manager (a hand-over). A deletion is CouchDB's tombstone (`_deleted: true`); a tombstone
 * that settles a conflict says which revision it was settled into (`ResolutionSchema`).
 *
 * Who may write what is decided by `domain/team-rules.ts`; this module only reads the untrusted
 * JSON CouchDB hands over into the domain's types, and refuses what is not a Homeward record.
 */
import * as z from 'zod/mini';
import {
	actorOf,
	membershipRefusal,
	teamWriteRefusal,
	type Refusal,
	type TeamDocument
} from '../../domain/team-rules.ts';
import { AssessmentRecordSchema, RECORD_SCHEMA_VERSION } from '../record.ts';
import { describeIssue } from '../transfer/describe.ts';

export const TEAM_DOC_TYPE = 'homeward-assessment';
export const DESIGN_DOC_ID = '_design/homeward';

const EnvelopeSchema = z.object({
	_id: z.string().check(z.minLength(1)),
	type: z.literal(TEAM_DOC_TYPE),
	team: z.object({ author: z.string().check(z.minLength(1)) }),
	record: z.unknown()
});

/**
 * The tombstone that settles a conflict (a deleted revision with a body, as CouchDB allows):
 * `{ "_id", "_rev": "<losing revision>", "_deleted": true, "type": "homeward-assessment",
 *    "team": { "resolvedInto": "<the revision the chosen record was written as>" } }`.
 */
const ResolutionSchema = z.object({
	_deleted: z.literal(true),
	type: z.literal(TEAM_DOC_TYPE),
	team: z.object({ resolvedInto: z.string().check(z.regex(/^[1-9][0-9]*-[0-9a-f]{32}$/)) })
});

const names = z.optional(z.array(z.string()));
const SecuritySchema = z.object({
	admins: z.optional(z.object({ names, roles: names })),
	members: z.optional(z.object({ names, roles: names }))
});
const UserContextSchema = z.object({
	name: z.nullable(z.string()),
	roles: z.array(z.string())
});

type Read = { ok: true; doc: TeamDocument } | { ok: false; reason: string };

/** A document from the wire as the domain's `TeamDocument`, or why it is not one. */
export function readTeamDocument(raw: unknown): Read {
	const envelope = EnvelopeSchema.safeParse(raw);
	if (!envelope.success) {
		const issue = envelope.error.issues[0];
		const what = issue ? describeIssue(issue, raw) : 'it is not in a form Homeward recognises';
		return { ok: false, reason: `This is not a Homeward assessment document: ${what}.` };
	}
	const { _id, team, record } = envelope.data;
	const version = (record as { schemaVersion?: unknown } | null)?.schemaVersion;
	if (version !== RECORD_SCHEMA_VERSION)
		return {
			ok: false,
			reason: `This assessment was written by ${
				typeof version === 'number' && version > RECORD_SCHEMA_VERSION ? 'a newer' : 'an older'
			} version of Homeward than the team server checks (record version ${String(version)}, expected ${RECORD_SCHEMA_VERSION}). Ask your team’s administrator to run the team setup again with the current Homeward.`
		};
	const parsed = AssessmentRecordSchema.safeParse(record);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const what = issue ? describeIssue(issue, record) : 'it is not in a form Homeward recognises';
		return { ok: false, reason: `This assessment is not a valid Homeward record: ${what}.` };
	}
	if (parsed.data.id !== _id)
		return {
			ok: false,
			reason: `This assessment's document id ("${_id}") is not its record's id ("${parsed.data.id}").`
		};
	return { ok: true, doc: { author: team.author, record: parsed.data } };
}

const isDeleted = (doc: unknown): boolean =>
	typeof doc === 'object' && doc !== null && (doc as { _deleted?: unknown })._deleted === true;

const idOf = (doc: unknown): unknown =>
	typeof doc === 'object' && doc !== null ? (doc as { _id?: unknown })._id : undefined;

/**
 * CouchDB's four arguments to `validate_doc_update`, judged: null to accept the write, or the
 * refusal to throw. Anything malformed is refused, never waved through.
 */
export function checkTeamWrite(
	newDoc: unknown,
	oldDoc: unknown,
	userCtx: unknown,
	secObj: unknown
): Refusal | null {
	const user = UserContextSchema.safeParse(userCtx);
	const security = SecuritySchema.safeParse(secObj ?? {});
	if (!user.success || !security.success)
		return {
			status: 'forbidden',
			reason: 'The server passed a user or security object Homeward cannot read.'
		};
	const actor = actorOf(user.data, security.data);

	const id = idOf(newDoc);
	if (typeof id === 'string' && id.startsWith('_design/')) {
		// CouchDB lets only database admins write design documents; say so whatever the server.
		return actor.kind === 'manager' && actor.admin
			? null
			: {
					status: 'forbidden',
					reason: 'Only the team’s administrator can change its design documents.'
				};
	}

	const prevRead =
		oldDoc === null || oldDoc === undefined || isDeleted(oldDoc) ? null : readTeamDocument(oldDoc);
	if (isDeleted(newDoc)) {
		const prev = prevRead?.ok ? prevRead.doc : null;
		const into = ResolutionSchema.safeParse(newDoc);
		return into.success
			? teamWriteRefusal(actor, { kind: 'resolve', prev, into: into.data.team.resolvedInto })
			: teamWriteRefusal(actor, { kind: 'delete', prev });
	}

	// Who is writing comes first: an outsider learns nothing about the schema.
	const membership = membershipRefusal(actor);
	if (membership !== null) return membership;
	const next = readTeamDocument(newDoc);
	if (!next.ok) return { status: 'forbidden', reason: next.reason };
	if (prevRead === null) return teamWriteRefusal(actor, { kind: 'create', next: next.doc });
	if (!prevRead.ok) {
		// A stored revision that no longer reads (damaged, or from an older Homeward) can be
		// replaced only by a manager; the new one must still be a valid record.
		return actor.kind === 'manager'
			? teamWriteRefusal(actor, { kind: 'create', next: next.doc })
			: {
					status: 'forbidden',
					reason: `The stored version of this assessment cannot be read, so only a manager can replace it. ${prevRead.reason}`
				};
	}
	return teamWriteRefusal(actor, { kind: 'update', prev: prevRead.doc, next: next.doc });
}
