/**
 * Who may write what in a team's database: the rules the team server enforces on every write
 * (CouchDB's `validate_doc_update`, installed by `npm run team:setup`). This module is bundled
 * into that design document as it is, so the code tested here is the code the server runs.
 *
 * The server sees one write at a time: the document as it would be stored (`next`), the
 * revision it replaces (`prev`, or none for a new document), who is writing, and the database's
 * `_security` object. It cannot see other documents or other revisions. Replication sends only
 * the newest revision of each document, so a write may jump several lifecycle steps at once
 * (draft to signed, say); the rules therefore judge what the new revision *is* and what it keeps
 * of the old one, not which single step led there.
 *
 * Roles are CouchDB user roles; membership is the database's `_security.members`.
 */
import { approvalReasonsOf, type Assessment } from './assessment.ts';
import { verifyTrail } from './audit.ts';
import { HAND_OVER_FIELD, isHandOver } from './hand-over.ts';
import { canonicalJson } from './hash.ts';

/** The CouchDB roles Homeward gives meaning to. */
/** CouchDB's own rule for database names: the team database's name must keep it. */
export const TEAM_DB_NAME = /^[a-z][a-z0-9_$()+/-]*$/;

export const TEAM_ROLES = {
	practitioner: 'homeward-practitioner',
	manager: 'homeward-manager'
} as const;

/** Who CouchDB says is writing (`userCtx`). */
export interface UserContext {
	name: string | null;
	roles: readonly string[];
}

export interface SecurityGroup {
	names?: readonly string[];
	roles?: readonly string[];
}

/** The database's `_security` object. */
export interface SecurityObject {
	admins?: SecurityGroup;
	members?: SecurityGroup;
}

/**
 * The writer as the rules see them. A server or database admin writes as a manager (they can
 * change the design document anyway, so holding them to less would be pretence), but no one is
 * exempt from the rules that protect signed records and the history of changes.
 */
export type Actor =
	| { kind: 'manager'; name: string; admin: boolean }
	| { kind: 'practitioner'; name: string }
	| { kind: 'anonymous' }
	| { kind: 'outsider'; name: string };

const inGroup = (user: UserContext, group: SecurityGroup | undefined): boolean =>
	group !== undefined &&
	((user.name !== null && (group.names ?? []).includes(user.name)) ||
		user.roles.some((r) => (group.roles ?? []).includes(r)));

const configured = (group: SecurityGroup | undefined): boolean =>
	(group?.names?.length ?? 0) > 0 || (group?.roles?.length ?? 0) > 0;

/**
 * The writer's standing in this database. Membership is checked twice: by the server before any
 * request reaches the database, and here against `_security.members` when the server passes it.
 * (pouchdb-server passes an empty security object for `_bulk_docs`, the replicator's writes; the
 * Homeward role is still required then.)
 */
export function actorOf(user: UserContext, security: SecurityObject): Actor {
	if (user.name === null) return { kind: 'anonymous' };
	const admin = user.roles.includes('_admin') || inGroup(user, security.admins);
	if (admin) return { kind: 'manager', name: user.name, admin: true };
	if (configured(security.members) && !inGroup(user, security.members))
		return { kind: 'outsider', name: user.name };
	if (user.roles.includes(TEAM_ROLES.manager))
		return { kind: 'manager', name: user.name, admin: false };
	if (user.roles.includes(TEAM_ROLES.practitioner))
		return { kind: 'practitioner', name: user.name };
	return { kind: 'outsider', name: user.name };
}

/** What the rules need of a stored record: the assessment and its links. */
export interface TeamRecord extends Assessment {
	id: string;
	/** What happened after the decision (record version 3): it only grows, even once signed. */
	followUp?: unknown;
	supersedes: string | null;
	supersededBy: string | null;
}

/** One assessment as the team stores it: the record and who wrote it first. */
export interface TeamDocument {
	/** The CouchDB user name of the practitioner the assessment belongs to. */
	author: string;
	record: TeamRecord;
}

export type TeamWrite =
	| { kind: 'create'; next: TeamDocument }
	| { kind: 'update'; prev: TeamDocument; next: TeamDocument }
	| { kind: 'delete'; prev: TeamDocument | null }
	/**
	 * Settling a conflict: CouchDB keeps every conflicting revision until the losing ones are
	 * tombstoned, so choosing between two versions means deleting one revision (`prev`) after
	 * writing the chosen record on top of the other (`into`, the revision it was written as).
	 */
	| { kind: 'resolve'; prev: TeamDocument | null; into: string };

/** A refused write: `unauthorized` (CouchDB's 401) asks to sign in, `forbidden` (403) does not. */
export interface Refusal {
	status: 'unauthorized' | 'forbidden';
	reason: string;
}

export const REFUSALS = {
	signIn: 'Sign in to the team server to change the team’s assessments.',
	notMember:
		'You are not a member of this team: ask your team’s administrator to give you the practitioner or manager role.',
	authorIsYou: 'A new assessment must name you as its author.',
	managerOnlyReview: 'Only a manager can approve an assessment or return it to the practitioner.',
	managerOnlyDelete: 'Only a manager can delete a team’s assessment.',
	managerOnlyHandOver: 'Only a manager can hand an assessment to another practitioner.',
	handOverEntry:
		'A hand-over must add one entry to the history of changes naming the practitioner it is handed from, the one it is handed to and the manager handing it over.',
	signedNoDelete:
		'A signed assessment cannot be deleted: it is part of the case record. A new version of it can be started instead.',
	signedNoChange:
		'This assessment is signed: it cannot be changed. Start a new version of it instead.',
	followUpKept:
		'What happened after the decision is kept as it was recorded: add a new event rather than changing or removing one.',
	awaiting:
		'This assessment is awaiting a manager’s approval: only the manager’s approval or return can change it.',
	reviewNeedsAwaiting:
		'Only an assessment awaiting a manager’s approval can be approved or returned.',
	oneReview: 'Record one approval or return at a time.',
	reviewOutcome:
		'An approval must sign the assessment off, and a return must make it a draft again.',
	reviewsKept: 'A manager’s approval or return cannot be changed or removed.',
	trailKept: 'Entries in the history of changes cannot be changed or removed.',
	idKept: 'An assessment’s id cannot change.',
	approvalFirst:
		'This decision needs a manager’s approval: it cannot be signed off until a manager approves it.',
	signOffMissing:
		'An assessment that is signed or awaiting approval must carry the practitioner’s sign-off.',
	resolveNeedsManager:
		'Only a manager can settle a conflict between versions of an assessment that is awaiting approval or signed.'
} as const;

const forbidden = (reason: string): Refusal => ({ status: 'forbidden', reason });

/** Why `actor` may not write to the team's database at all, or null for a member. */
export function membershipRefusal(actor: Actor): Refusal | null {
	if (actor.kind === 'anonymous') return { status: 'unauthorized', reason: REFUSALS.signIn };
	if (actor.kind === 'outsider') return forbidden(REFUSALS.notMember);
	return null;
}

/** Why `actor` may not make `write`, or null when they may. */
export function teamWriteRefusal(actor: Actor, write: TeamWrite): Refusal | null {
	if (actor.kind === 'anonymous' || actor.kind === 'outsider') return membershipRefusal(actor);
	switch (write.kind) {
		case 'delete':
			return deletionRefusal(actor, write.prev?.record.status ?? null);
		case 'resolve':
			return resolveRefusal(actor, write.prev);
		case 'create':
			return createRefusal(actor, write.next) ?? stateRefusal(write.next);
		case 'update':
			return updateRefusal(actor, write.prev, write.next) ?? stateRefusal(write.next);
	}
}

/**
 * Why `actor` may not delete (tombstone) a team's assessment in this state (null: not known to the
 * server), or null when they may. The server's rule, which the app also asks before a device
 * deletes a team's case, so a practitioner is told at once rather than refused later.
 */
export function deletionRefusal(actor: Actor, status: Assessment['status'] | null): Refusal | null {
	const member = membershipRefusal(actor);
	if (member) return member;
	if (actor.kind !== 'manager') return forbidden(REFUSALS.managerOnlyDelete);
	return status === 'signed' ? forbidden(REFUSALS.signedNoDelete) : null;
}

/**
 * A practitioner settles conflicts on their own draft; anything else is a manager's to settle.
 * The server cannot see the other revisions, so it cannot check that `into` exists: the revision
 * tombstoned stays in the database's history until compaction, and the app shows a case whose
 * winning revision is such a tombstone as "removed while settling a conflict", not as deleted.
 */
function resolveRefusal(
	actor: Actor & { name: string },
	prev: TeamDocument | null
): Refusal | null {
	if (actor.kind === 'manager') return null;
	const status = prev?.record.status;
	if (prev === null || (status !== 'draft' && status !== 'completed'))
		return forbidden(REFUSALS.resolveNeedsManager);
	return actor.name === prev.author ? null : authorOnly(prev.author);
}

const authorOnly = (author: string): Refusal =>
	forbidden(`Only the assessment’s author (${author}) or a manager can change this assessment.`);

function createRefusal(actor: Actor & { name: string }, next: TeamDocument): Refusal | null {
	if (actor.kind === 'manager') return null;
	if (next.author !== actor.name) return forbidden(REFUSALS.authorIsYou);
	if (next.record.managerReviews.length > 0) return forbidden(REFUSALS.managerOnlyReview);
	return null;
}

/** What any stored revision must be, whoever wrote it and whatever came before. */
function stateRefusal(next: TeamDocument): Refusal | null {
	const trail = verifyTrail(next.record.audit.trail);
	if (!trail.ok) return forbidden(trail.message);
	const { record } = next;
	if (
		(record.status === 'signed' || record.status === 'awaiting-approval') &&
		record.signOff === null
	)
		return forbidden(REFUSALS.signOffMissing);
	const needsApproval = approvalReasonsOf(record.decision).length > 0;
	if (
		record.status === 'signed' &&
		needsApproval &&
		// Indexed rather than `.at(-1)`: SpiderMonkey 78 has no Array.prototype.at.
		record.managerReviews[record.managerReviews.length - 1]?.outcome !== 'approved'
	)
		return forbidden(REFUSALS.approvalFirst);
	return null;
}

/** Fields every write may change: the envelope's bookkeeping. */
const BOOKKEEPING = ['revision', 'updatedAt'] as const;

/** What a manager's approval or return changes (see the store's `review`). */
const REVIEW_FIELDS = [...BOOKKEEPING, 'status', 'managerReviews', 'signOff', 'audit'] as const;

function updateRefusal(
	actor: Actor & { kind: 'manager' | 'practitioner' },
	prev: TeamDocument,
	next: TeamDocument
): Refusal | null {
	const before = prev.record;
	const after = next.record;
	if (after.id !== before.id) return forbidden(REFUSALS.idKept);
	if (!startsWith(after.audit.trail, before.audit.trail)) return forbidden(REFUSALS.trailKept);
	if (!startsWith(after.managerReviews, before.managerReviews))
		return forbidden(REFUSALS.reviewsKept);
	const handedOver = next.author !== prev.author;
	if (handedOver && actor.kind !== 'manager') return forbidden(REFUSALS.managerOnlyHandOver);
	// A change of author comes with exactly one entry saying so, and such an entry only with one.
	const handOvers = after.audit.trail
		.slice(before.audit.trail.length)
		.filter((e) => e.field === HAND_OVER_FIELD);
	if (handedOver) {
		const [entry] = handOvers;
		if (
			handOvers.length !== 1 ||
			!entry ||
			!isHandOver(entry, prev.author, next.author, actor.name)
		)
			return forbidden(REFUSALS.handOverEntry);
	} else if (handOvers.length > 0) return forbidden(REFUSALS.handOverEntry);

	if (before.status === 'signed') return signedRefusal(actor, prev, next);

	const added = after.managerReviews.slice(before.managerReviews.length);
	if (added.length > 0) {
		if (actor.kind !== 'manager') return forbidden(REFUSALS.managerOnlyReview);
		if (before.status !== 'awaiting-approval') return forbidden(REFUSALS.reviewNeedsAwaiting);
		if (added.length > 1) return forbidden(REFUSALS.oneReview);
		const expected = added[0]?.outcome === 'approved' ? 'signed' : 'draft';
		if (after.status !== expected) return forbidden(REFUSALS.reviewOutcome);
		// The sign-off is the practitioner's: an approval only adds the manager's name to it.
		const signOffKept = sameExcept(before.signOff ?? {}, after.signOff ?? {}, ['managerName']);
		if (!sameExcept(before, after, REVIEW_FIELDS) || !signOffKept)
			return forbidden(REFUSALS.awaiting);
		return null;
	}
	if (before.status === 'awaiting-approval') {
		// Nothing but bookkeeping may change while a manager has it.
		return sameExcept(before, after, BOOKKEEPING) && next.author === prev.author
			? null
			: forbidden(REFUSALS.awaiting);
	}
	// A draft or a completed assessment: its author's, or any manager's, to change.
	if (actor.kind !== 'manager' && actor.name !== prev.author) return authorOnly(prev.author);
	return null;
}

/**
 * A signed record stays as it was signed. What it still takes: the link to its new version
 * (`supersededBy`, set once, when a new version is started); its follow-up (`followUp`: what
 * happened after the decision), which only grows, by its author or a manager; and, from a
 * manager, a new author (a hand-over, so someone carries on the follow-up when a worker leaves)
 * with the one history entry that records it.
 */
function signedRefusal(
	actor: Actor & { kind: 'manager' | 'practitioner' },
	prev: TeamDocument,
	next: TeamDocument
): Refusal | null {
	const before = prev.record;
	const after = next.record;
	const linkKept = before.supersededBy === null || before.supersededBy === after.supersededBy;
	// A hand-over (its one entry checked by `updateRefusal`) is the one thing the history takes.
	const handedOver =
		next.author !== prev.author &&
		after.audit.trail.length === before.audit.trail.length + 1 &&
		same(before.audit.baseline, after.audit.baseline);
	const changeable = [...BOOKKEEPING, 'supersededBy', 'followUp', ...(handedOver ? ['audit'] : [])];
	if (!linkKept || !sameExcept(before, after, changeable))
		return forbidden(REFUSALS.signedNoChange);
	if (!same(before.followUp, after.followUp)) {
		if (!onlyGrows(before.followUp, after.followUp)) return forbidden(REFUSALS.followUpKept);
		if (actor.kind !== 'manager' && actor.name !== prev.author) return authorOnly(prev.author);
	}
	return null;
}

const same = (a: unknown, b: unknown): boolean =>
	canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * Whether `after` keeps everything of `before` (a follow-up): each list begins with the same
 * entries, each other value is unchanged, except one that was null (not closed yet) and is now set.
 */
function onlyGrows(before: unknown, after: unknown): boolean {
	if (before === undefined || before === null) return true;
	if (typeof before !== 'object' || typeof after !== 'object' || after === null) return false;
	const b = before as Record<string, unknown>;
	const a = after as Record<string, unknown>;
	return Object.keys(b).every((key) => {
		const was = b[key];
		const is = a[key];
		if (Array.isArray(was)) return Array.isArray(is) && startsWith(is, was);
		return was === null || same(was, is);
	});
}

/** True when `list` begins with every item of `prefix`, each unchanged. */
function startsWith(list: readonly unknown[], prefix: readonly unknown[]): boolean {
	return (
		list.length >= prefix.length &&
		prefix.every((p, i) => canonicalJson(p) === canonicalJson(list[i]))
	);
}

/** True when `a` and `b` are equal apart from `keys`. */
function sameExcept(a: object, b: object, keys: readonly string[]): boolean {
	const without = (o: object) =>
		Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
	return canonicalJson(without(a)) === canonicalJson(without(b));
}
