/**
 * A hand-over: a manager gives a team's assessment to another practitioner (when one leaves), by
 * changing its author (`team.author`, a CouchDB user name) and adding one entry to its history of
 * changes that says so. The team server checks that the entry matches the change of author
 * (`team-rules.ts`), so the history never says one thing while the envelope says another.
 */
import * as z from 'zod/mini';
import { recordEvent, type Audit, type AuditChange, type AuditEntry } from './audit.ts';

/** The history's `field` for a hand-over (an event, like `status` and `approval`). */
export const HAND_OVER_FIELD = 'hand-over';

/** The sentence a hand-over's history entry gives as its reason. */
export const handOverReason = (from: string, to: string, by: string): string =>
	`Handed over from ${from} to ${to} by manager ${by}.`;

/** The history entry a hand-over from `from` to `to` by the manager `by` writes. */
export function handOverChange(input: {
	from: string;
	to: string;
	by: string;
	at: string;
}): AuditChange {
	const { from, to, by, at } = input;
	return {
		at,
		who: by,
		field: HAND_OVER_FIELD,
		old: from,
		new: to,
		reason: handOverReason(from, to, by)
	};
}

/** The record with the hand-over's entry added to its history (nothing else changes). */
export function withHandOver<R extends { audit: Audit }>(
	record: R,
	change: { from: string; to: string; by: string; at: string }
): R {
	return { ...record, audit: recordEvent(record.audit, handOverChange(change)) };
}

/** Whether `entry` records exactly this hand-over (whenever it was written). */
export function isHandOver(entry: AuditEntry, from: string, to: string, by: string): boolean {
	const expected = handOverChange({ from, to, by, at: entry.at });
	return (
		entry.field === expected.field &&
		entry.who === expected.who &&
		entry.old === expected.old &&
		entry.new === expected.new &&
		entry.reason === expected.reason
	);
}

/**
 * A CouchDB user name as a new author: what CouchDB's `_users` database accepts (not empty, not
 * starting with `_`), with no spaces around it, since the name is compared exactly.
 */
export const AuthorNameSchema = z.string().check(
	z.minLength(1, 'Enter the user name of the practitioner to hand the assessments to'),
	z.maxLength(256, 'A user name is at most 256 characters'),
	z.refine((s) => s.trim() === s, 'Enter the user name without spaces before or after it'),
	z.refine((s) => !s.startsWith('_'), 'A user name cannot start with an underscore (_)'),
	// eslint-disable-next-line no-control-regex
	z.refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'A user name cannot contain control characters')
);
