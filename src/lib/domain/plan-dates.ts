/**
 * When plan items and reviews fall, from their phase and the planned return date. One place for
 * the recommended plan (recommend.ts) and the chosen plan (plan.ts), so the two never disagree.
 *
 * Rules from 1.2.0 date each phase as a practitioner reads it: work before the return starts at
 * the assessment; support at the return (the gradual move, the "what if" plan agreed "before the
 * child moves home") leads up to the return date and ends on it; support after the return starts
 * on it; reviews of progress before the return are held only before it. Rules without `planDates`
 * keep their published dates (support at the return started on the return date).
 */
import { addDays, daysBetween } from './dates.ts';
import type { Rules } from './rules.ts';
import type { Phase, PlanDates } from './rules-schema.ts';
import { formatDate } from './wording.ts';

/** How rules files before 1.2.0 date their plans: assessments pinned to them reopen unchanged. */
export const PUBLISHED_PLAN_DATES: PlanDates = Object.freeze({
	atReturn: 'from-return',
	reviewsBeforeReturn: 'all'
});

/** The rules file's plan-date setting, or the one rules before 1.2.0 were published with. */
export function planDatesOf(rules: Rules): PlanDates {
	return rules.data.planDates ?? PUBLISHED_PLAN_DATES;
}

/**
 * An item's usual start and end for its phase and length: before the return from the assessment;
 * at the return, up to the return date (or from it, under rules before 1.2.0); after the return,
 * from it. Null dates while a return date is needed and not planned.
 */
export function phaseDates(
	setting: PlanDates,
	phase: Phase,
	weeks: number,
	assessmentDate: string,
	returnDate: string | null
): { startDate: string | null; endDate: string | null } {
	if (phase === 'before-return')
		return { startDate: assessmentDate, endDate: addDays(assessmentDate, weeks * 7) };
	if (returnDate === null) return { startDate: null, endDate: null };
	if (phase === 'at-return' && setting.atReturn === 'until-return') {
		// Never before the assessment: a return planned sooner than the item takes shortens it (and
		// the chosen plan says so); never after the return, even for a return date in the past.
		const from = addDays(returnDate, -weeks * 7);
		const startDate = from < assessmentDate ? assessmentDate : from;
		return { startDate: startDate > returnDate ? returnDate : startDate, endDate: returnDate };
	}
	return { startDate: returnDate, endDate: addDays(returnDate, weeks * 7) };
}

/** False for a review before the return that the setting leaves out because it falls on or after the return. */
export function reviewHeld(
	setting: PlanDates,
	anchor: 'assessment' | 'return',
	date: string | null,
	returnDate: string | undefined
): boolean {
	if (anchor !== 'assessment' || setting.reviewsBeforeReturn === 'all') return true;
	return returnDate === undefined || date === null || date < returnDate;
}

/**
 * Why an item's dates do not fit its phase, as sentences for the plan page and the printed plan:
 * work before the return, or support at it, that ends after the return; support at the return cut
 * short because the return is planned sooner than it takes. Empty when the dates fit, and always
 * under rules before 1.2.0 (whose plans never said so).
 */
export function phaseWarnings(
	setting: PlanDates,
	item: { phase: Phase; weeks: number; startDate: string | null; endDate: string | null },
	returnDate: string | null
): string[] {
	if (setting.atReturn !== 'until-return' || returnDate === null) return [];
	const { phase, weeks, startDate, endDate } = item;
	if (startDate === null || endDate === null || phase === 'after-return') return [];
	const when = formatDate(returnDate);
	if (endDate > returnDate)
		return [
			phase === 'at-return'
				? `This ends after the planned return on ${when}: support at the return leads up to the move home. Change its start or length, or the return date.`
				: `This ends after the planned return on ${when}: finish it before the move home, or change the return date or add support after the return to continue it.`
		];
	const days = daysBetween(startDate, endDate);
	if (phase === 'at-return' && days < weeks * 7) {
		const left = Math.floor(days / 7);
		return [
			`The planned return on ${when} leaves ${left === 1 ? '1 week' : `${left} weeks`} for this, which usually takes ${weeks}: consider a later return date.`
		];
	}
	return [];
}

/** How long an item runs, and from when, while no return date is planned ("8 weeks up to the return"). */
export function undatedWhen(setting: PlanDates, phase: Phase, weeks: number): string {
	const length = weeks === 1 ? '1 week' : `${weeks} weeks`;
	return phase === 'at-return' && setting.atReturn === 'until-return'
		? `${length} up to the return`
		: `${length} from the return`;
}

/** The planned return date field's hint: what is dated from it. */
export function returnDateHint(setting: PlanDates): string {
	return setting.atReturn === 'until-return'
		? 'Support at the return ends on this date; support and reviews after the return start from it.'
		: 'Support at and after the return, and the reviews after it, are dated from this.';
}
