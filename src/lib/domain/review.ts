/**
 * What an honest review keeps about where its content came from: the earlier assessment and its
 * date, which sections the practitioner has checked since they were copied, the date each copied
 * note was written (until it is edited), and the earlier plan's choices, offered to carry over
 * rather than copied silently.
 */
import type { ReviewCopy } from './assessment.ts';
import type { PlanChoices } from './plan.ts';

export type { ReviewCopy } from './assessment.ts';

/** Whether a section still shows "Copied — check": it has answers and has not been confirmed. */
export function sectionCopied(
	copy: ReviewCopy | null,
	domainId: string,
	factorIds: readonly string[],
	answers: Readonly<Record<string, string>>
): boolean {
	if (copy === null || copy.confirmed.includes(domainId)) return false;
	return factorIds.some((id) => answers[id] !== undefined);
}

/** The copy with this section confirmed by the practitioner. */
export function confirmSection(copy: ReviewCopy, domainId: string): ReviewCopy {
	return copy.confirmed.includes(domainId)
		? copy
		: { ...copy, confirmed: [...copy.confirmed, domainId] };
}

/** The copy once this note has been edited: it is the practitioner's own now, not a copy. */
export function noteEdited(copy: ReviewCopy, factorId: string): ReviewCopy {
	if (!(factorId in copy.notesFrom)) return copy;
	const notesFrom = { ...copy.notesFrom };
	delete notesFrom[factorId];
	return { ...copy, notesFrom };
}

/** Whether the earlier plan has anything worth offering: edits, added items or a return date. */
export function earlierPlanHasChoices(plan: PlanChoices): boolean {
	return (
		plan.plannedReturnDate !== '' ||
		Object.keys(plan.changes).length > 0 ||
		Object.keys(plan.removed).length > 0 ||
		plan.added.length > 0
	);
}

/**
 * The plan choices with the earlier plan's edits, added items and return date carried over onto
 * `current` (the placement and its cost are already carried over when the review starts).
 */
export function carryOverPlan(current: PlanChoices, earlier: PlanChoices): PlanChoices {
	return {
		...current,
		plannedReturnDate: earlier.plannedReturnDate,
		changes: { ...earlier.changes },
		removed: { ...earlier.removed },
		added: earlier.added.map((a) => ({ ...a }))
	};
}
