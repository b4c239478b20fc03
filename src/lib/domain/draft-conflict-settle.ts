/**
 * What a person's choice on the conflict page makes: the record put back together
 * (`resolveConflict`, on top of `keep`, the winning side) as the next revision of both, or the
 * fields still needing a choice; and when choosing is not theirs to do (a signed record). Pure:
 * the time of the change is passed in.
 */
import type { AssessmentStatus } from './assessment.ts';
import {
	choiceKey,
	resolveConflict,
	type DraftConflict,
	type FieldConflict,
	type Side
} from './draft-conflict.ts';

type Version = Readonly<Record<string, unknown>> & { revision: number };

/** Each field's side, or one side for every field ("keep this version entirely"). */
export type Choice = { fields: Readonly<Record<string, Side>> } | { all: Side };

export const SIGNED_READ_ONLY =
	'This assessment is signed in at least one of the two versions, and a signed assessment cannot be changed. Both versions are kept on the team server. Ask your manager: a new version of the assessment can be started from the signed one.';

/** Why the two versions cannot be put together by choosing, or null when they can. */
export function settleRefusal(
	mine: { status: AssessmentStatus },
	theirs: { status: AssessmentStatus }
): string | null {
	return mine.status === 'signed' || theirs.status === 'signed' ? SIGNED_READ_ONLY : null;
}

export type Settlement =
	{ ok: true; record: Record<string, unknown> } | { ok: false; unchosen: FieldConflict[] };

/**
 * The record `choice` makes from `mine` and `theirs`, written on top of `keep`'s side: one
 * revision after the later of the two, changed `at`. Refuses while a field both changed has no
 * choice.
 */
export function settlement(
	mine: Version,
	theirs: Version,
	conflict: DraftConflict,
	choice: Choice,
	keep: Side,
	at: string
): Settlement {
	const choices =
		'all' in choice
			? Object.fromEntries(conflict.fields.map((f) => [choiceKey(f.path), choice.all]))
			: choice.fields;
	const resolution = resolveConflict(mine, theirs, conflict, choices, keep);
	if (!resolution.ok) return resolution;
	return {
		ok: true,
		record: {
			...resolution.record,
			revision: Math.max(mine.revision, theirs.revision) + 1,
			updatedAt: at
		}
	};
}
