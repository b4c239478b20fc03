/**
 * The audit trail of one assessment: append-only entries (who, when, which field, the old and new
 * value, and why), each hash-chained to the one before it, so a changed, removed, reordered or
 * inserted entry breaks the chain and is found by `verifyTrail`. Hashing is the same synchronous
 * SHA-256 of canonical JSON that fingerprints the rules (`hash.ts`).
 *
 * What is tracked is a flat map of field → text (`trackedFields`): answers, notes, case details,
 * the decision and the plan choices. Changes are found by comparing that map with the baseline
 * taken when the assessment was first completed (or last explained).
 */
import * as z from 'zod/mini';
import { canonicalJson, contentHash } from './hash.ts';

/** The hash the first entry points back to. */
export const GENESIS = 'genesis';

export const AuditEntrySchema = z.strictObject({
	/** 1 for the first entry, then one more for each. */
	seq: z.int().check(z.minimum(1)),
	/** When (ISO date-time). */
	at: z.string(),
	/** The name the user gave. */
	who: z.string(),
	/** A tracked field (`answer:<factor>`, `note:<factor>`, `case:<field>`, `decision`, `plan:<part>`) or an event (`status`, `approval`). */
	field: z.string(),
	old: z.string(),
	new: z.string(),
	reason: z.string(),
	/** The previous entry's hash, or GENESIS. */
	prev: z.string(),
	/** SHA-256 of this entry's other fields. */
	hash: z.string()
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** What an entry says, before it is numbered and chained. */
export type AuditChange = Omit<AuditEntry, 'seq' | 'prev' | 'hash'>;

/** The trail as stored with the assessment: its entries and the tracked fields last accounted for. */
export const AuditSchema = z.object({
	/** Tracked fields as they were when first completed or last explained; null before completion. */
	baseline: z.nullable(z.record(z.string(), z.string())),
	trail: z.array(AuditEntrySchema)
});
export type Audit = z.infer<typeof AuditSchema>;

export const emptyAudit = (): Audit => ({ baseline: null, trail: [] });

const hashOf = (entry: Omit<AuditEntry, 'hash'>): string => contentHash(entry);

/** The trail with `change` appended, numbered and chained to the last entry. Never alters what is there. */
export function appendEntry(trail: readonly AuditEntry[], change: AuditChange): AuditEntry[] {
	const last = trail.at(-1);
	const body = { ...change, seq: (last?.seq ?? 0) + 1, prev: last?.hash ?? GENESIS };
	return [...trail, { ...body, hash: hashOf(body) }];
}

/** The trail with every change appended in order. */
export function appendEntries(
	trail: readonly AuditEntry[],
	changes: readonly AuditChange[]
): AuditEntry[] {
	return changes.reduce<AuditEntry[]>((t, c) => appendEntry(t, c), [...trail]);
}

export type TrailCheck = { ok: true } | { ok: false; index: number; message: string };

/**
 * Checks every link of the chain: each entry's hash covers its content and the previous hash, and
 * the numbers run 1, 2, 3… So an edited entry fails its own hash, and a removed, reordered or
 * inserted one breaks the link to its neighbour. The message is a sentence for the user.
 */
export function verifyTrail(trail: readonly AuditEntry[]): TrailCheck {
	let prev = GENESIS;
	for (const [index, entry] of trail.entries()) {
		const { hash, ...body } = entry;
		const n = index + 1;
		if (hashOf(body) !== hash) return broken(index, `entry ${n} was changed after it was written`);
		if (entry.prev !== prev || entry.seq !== n)
			return broken(
				index,
				`entry ${n} does not follow the one before it (an entry was removed, moved or added)`
			);
		prev = hash;
	}
	return { ok: true };
}

function broken(index: number, what: string): TrailCheck {
	return {
		ok: false,
		index,
		message: `The history of changes has been tampered with or damaged: ${what}. Treat this record with caution.`
	};
}

/** What the trail tracks of an assessment. */
export interface Tracked {
	caseDetails: Readonly<Record<string, string>>;
	answers: Readonly<Record<string, string>>;
	notes: Readonly<Record<string, string>>;
	decision: unknown;
	/** Only the date into care is tracked of the practitioner's record: the rest is written at sign-off. */
	practice: { cameIntoCare: string };
	planning: {
		plannedReturnDate: string;
		placement: string;
		placementWeeklyCost: number | null;
		changes: unknown;
		removed: unknown;
		added: unknown;
	};
}

/** The tracked fields of an assessment as a flat map of field → text. */
export function trackedFields(a: Tracked): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(a.caseDetails)) if (v !== '') out[`case:${k}`] = v;
	if (a.practice.cameIntoCare !== '') out['case:cameIntoCare'] = a.practice.cameIntoCare;
	for (const [k, v] of Object.entries(a.answers)) out[`answer:${k}`] = v;
	for (const [k, v] of Object.entries(a.notes)) if (v !== '') out[`note:${k}`] = v;
	if (a.decision !== null) out.decision = describeDecision(a.decision);
	const p = a.planning;
	if (p.plannedReturnDate !== '') out['plan:plannedReturnDate'] = p.plannedReturnDate;
	if (p.placement !== '') out['plan:placement'] = p.placement;
	if (p.placementWeeklyCost !== null)
		out['plan:placementWeeklyCost'] = String(p.placementWeeklyCost);
	const edits = canonicalJson({ changes: p.changes, removed: p.removed, added: p.added });
	if (edits !== canonicalJson({ changes: {}, removed: {}, added: [] })) out['plan:edits'] = edits;
	return out;
}

function describeDecision(decision: unknown): string {
	const d = decision as { kind?: string; band?: string; reason?: string; computedBand?: string };
	return d.kind === 'override'
		? `Override to ${d.band ?? ''}: ${d.reason ?? ''}`
		: `Agree with ${d.computedBand ?? ''}`;
}

/** One tracked field that differs: '' stands for "not set". */
export interface FieldChange {
	field: string;
	old: string;
	new: string;
}

/** The tracked fields that differ between `before` and `after`, in field order. */
export function changedFields(
	before: Readonly<Record<string, string>>,
	after: Readonly<Record<string, string>>
): FieldChange[] {
	const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
	return keys
		.map((field) => ({ field, old: before[field] ?? '', new: after[field] ?? '' }))
		.filter((c) => c.old !== c.new);
}

/** The changes made since the baseline that still need a reason (none before first completion). */
export function unexplainedChanges(audit: Audit, current: Tracked): FieldChange[] {
	return audit.baseline === null ? [] : changedFields(audit.baseline, trackedFields(current));
}

/**
 * The audit with the unexplained changes appended as entries, each with `who` and `reason`, and
 * the baseline moved to now. Refuses an empty reason or name: the point of the entry is the why.
 */
export function explainChanges(
	audit: Audit,
	current: Tracked,
	input: { who: string; reason: string; at: string }
): { ok: true; audit: Audit } | { ok: false; field: 'who' | 'reason'; message: string } {
	const who = input.who.trim();
	const reason = input.reason.trim();
	if (who === '') return { ok: false, field: 'who', message: 'Enter your name' };
	if (reason === '')
		return { ok: false, field: 'reason', message: 'Enter the reason for the changes' };
	const changes = unexplainedChanges(audit, current);
	return {
		ok: true,
		audit: {
			baseline: trackedFields(current),
			trail: appendEntries(
				audit.trail,
				changes.map((c) => ({ ...c, who, reason, at: input.at }))
			)
		}
	};
}

/** The audit with an event (completion, sign-off, a manager's approval or return) appended. */
export function recordEvent(audit: Audit, change: AuditChange): Audit {
	return { ...audit, trail: appendEntry(audit.trail, change) };
}

/** Who the trail names for what Homeward itself records. */
export const SYSTEM = 'Homeward';

/** The reason given when a trail starts on a record that was completed before trails existed. */
export const UPGRADE_REASON =
	'The history of changes started when this record was upgraded; changes made before then were not recorded.';

/**
 * A record completed or signed before trails existed, with a trail that starts now (stamped with
 * its last change, so upgrading twice gives the same trail). Drafts need none yet.
 */
export function startTrailOnUpgrade<
	R extends Tracked & { status: string; updatedAt: string; audit: Audit }
>(record: R): R {
	if (record.status === 'draft' || record.audit.trail.length > 0) return record;
	return {
		...record,
		audit: {
			baseline: trackedFields(record),
			trail: appendEntry([], {
				at: record.updatedAt,
				who: SYSTEM,
				field: 'status',
				old: '',
				new: record.status,
				reason: UPGRADE_REASON
			})
		}
	};
}

/**
 * The record with its trail started, the first time it is completed: the baseline is taken and a
 * "completed" entry written. From then on every change needs a reason. Otherwise unchanged.
 */
export function startTrailOnCompletion<
	R extends Tracked & { status: string; audit: Audit; caseDetails: { assessorName: string } }
>(record: R, at: string): R {
	if (record.status !== 'completed' || record.audit.baseline !== null) return record;
	return {
		...record,
		audit: {
			baseline: trackedFields(record),
			trail: appendEntry(record.audit.trail, {
				at,
				who: record.caseDetails.assessorName.trim() || SYSTEM,
				field: 'status',
				old: 'draft',
				new: 'completed',
				reason: 'First completed: every required question answered and a decision recorded.'
			})
		}
	};
}
