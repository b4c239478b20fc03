/**
 * What is due after the decision, for one case: the plan's reviews, the reassessments and the
 * outcome checks, each with its date, the date it shows as "due soon" from, and whether it is
 * upcoming, due soon, overdue or done. Pure: `today` is passed in.
 *
 * Where the dates count from:
 * - the plan's reviews counted from the assessment (`anchor: 'assessment'` in the rules) count
 *   from the assessment date; a reassessment counts from the decision (the sign-off date). Both
 *   show as `anchor: 'decision'`: they need no return.
 * - the plan's reviews after a return, and the outcome checks, count from the date the child
 *   actually went home (the last return event, when it is "home"), never the planned date. A
 *   later return event corrects an earlier one: the last stands (domain/follow-up.ts).
 *
 * Reassessments run every `everyDays` from the decision until `untilDaysAfterReturn` after the
 * return. Until the child is home there is no end date: the schedule lists them up to the first one
 * due after today, so the list is finite and the next one always shows. When another plan is made
 * instead of a return, nothing after that date is scheduled; when the follow-up is closed, nothing
 * not yet done and due after the closing date is.
 *
 * An item is done when a review answers it (a review's `due` is the item's key) or an outcome is
 * recorded for its check.
 */
import { addDays } from './dates.ts';
import type { FollowUp } from './follow-up.ts';
import type { Rules } from './rules.ts';
import type { PlanDates, RulesData } from './rules-schema.ts';
import { PUBLISHED_PLAN_DATES } from './plan-dates.ts';

export type DueKind = 'review' | 'reassessment' | 'outcome';
export type DueStatus = 'upcoming' | 'due-soon' | 'overdue' | 'done';
export interface DueItem {
	/** Stable: 'review:<id>@<offsetDays>', 'reassessment@<days>', 'outcome:<check id>'. */
	key: string;
	kind: DueKind;
	/** From the rules file. */
	label: string;
	/** What the date counts from. */
	anchor: 'decision' | 'return';
	/** YYYY-MM-DD */
	due: string;
	/** YYYY-MM-DD: the first day it shows as "due soon". */
	dueSoonFrom: string;
	status: DueStatus;
	/** Date of the review, reassessment or outcome that answered it. */
	doneOn: string | null;
}

export type FollowUpRules = NonNullable<RulesData['followUp']>;
type PlanReview = RulesData['reviews'][number];

/**
 * What the schedule needs from a rules file: its plan reviews, whether reviews before the return are
 * held only before it, and its follow-up block. Small enough for the rules index (rules-index.ts),
 * so the home list's summary rows can carry what is due without loading the full rules.
 */
export interface ScheduleRules {
	reviews: Pick<PlanReview, 'id' | 'label' | 'anchor' | 'offsetDays'>[];
	reviewsBeforeReturn: PlanDates['reviewsBeforeReturn'];
	followUp: FollowUpRules | null;
}

/** The schedule's part of validated rules data (rules before 1.2.0 hold every review: "all"). */
export function scheduleRulesOf(data: RulesData): ScheduleRules {
	return {
		reviews: data.reviews.map((r) => ({
			id: r.id,
			label: r.label,
			anchor: r.anchor,
			offsetDays: [...r.offsetDays]
		})),
		reviewsBeforeReturn: (data.planDates ?? PUBLISHED_PLAN_DATES).reviewsBeforeReturn,
		followUp: data.followUp ?? null
	};
}

/** How long before its date an item shows as "due soon" when the rules give no follow-up block. */
export const DEFAULT_DUE_SOON_DAYS = 14;

export interface FollowUpScheduleInput {
	/** The assessment date (the plan's reviews counted from the assessment start here). */
	assessmentDate: string | null;
	/** The decision's date (the sign-off date); reassessments count from it. */
	decisionDate: string | null;
	/** The date the child went home (the last return event, when "home"). */
	returnDate: string | null;
	/** The date another plan was made instead (the last return event, when "other-plan"). */
	otherPlanDate: string | null;
	/** The plan's review schedule (the rules' `reviews`). */
	reviews: readonly Pick<PlanReview, 'id' | 'label' | 'anchor' | 'offsetDays'>[];
	/** From 1.2.0, reviews counted from the assessment are held only before the return. */
	reviewsBeforeReturn: PlanDates['reviewsBeforeReturn'];
	/** The rules' follow-up block; null for rules without one (then only the plan's reviews). */
	followUp: FollowUpRules | null;
	/** What has been recorded: reviews answer items by key, outcomes by check. */
	events: Pick<FollowUp, 'reviews' | 'outcomes' | 'closed'>;
}

/** The part of a stored record the schedule needs. */
export interface ScheduleRecord {
	caseDetails: { assessmentDate: string };
	decision: { decidedAt: string } | null;
	signOff: { date: string } | null;
	followUp: FollowUp;
}

const dayOf = (s: string | null | undefined): string | null =>
	s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null;

/** Where the child is: the last return event stands (a later one corrects an earlier one). */
export function standingReturn(
	followUp: Pick<FollowUp, 'returns'>
): FollowUp['returns'][number] | null {
	return followUp.returns.at(-1) ?? null;
}

/**
 * The schedule's input from a record and the rules it was decided under. `fallback` is the
 * follow-up block to use when those rules have none (rules/CHANGELOG.md: 1.0.0 and 1.1.0 take the
 * newest rules file's); without one, only the plan's reviews are scheduled.
 */
export function scheduleInputOf(
	record: ScheduleRecord,
	rules: Rules | ScheduleRules,
	fallback: FollowUpRules | null = null
): FollowUpScheduleInput {
	const last = standingReturn(record.followUp);
	const schedule = 'data' in rules ? scheduleRulesOf(rules.data) : rules;
	return {
		assessmentDate: dayOf(record.caseDetails.assessmentDate),
		decisionDate: dayOf(record.signOff?.date) ?? dayOf(record.decision?.decidedAt),
		returnDate: last?.kind === 'home' ? last.date : null,
		otherPlanDate: last?.kind === 'other-plan' ? last.date : null,
		reviews: schedule.reviews,
		reviewsBeforeReturn: schedule.reviewsBeforeReturn,
		followUp: schedule.followUp ?? fallback,
		events: record.followUp
	};
}

/** The status of an item due on `due`, shown as due soon from `dueSoonFrom`, on `today`. */
export function dueStatus(
	item: { due: string; dueSoonFrom: string; doneOn: string | null },
	today: string
): DueStatus {
	if (item.doneOn !== null) return 'done';
	if (today > item.due) return 'overdue';
	if (today >= item.dueSoonFrom) return 'due-soon';
	return 'upcoming';
}

/** Key of the reassessment due `days` after the decision. */
export const reassessmentKey = (days: number) => `reassessment@${days}`;
/** Key of a plan review. */
export const reviewKey = (id: string, offsetDays: number) => `review:${id}@${offsetDays}`;
/** Key of an outcome check. */
export const outcomeKey = (check: string) => `outcome:${check}`;
/** Whether a key is a reassessment's. */
export const isReassessmentKey = (key: string) => key.startsWith('reassessment@');
/** The outcome check an outcome's key names; null for any other key. */
export const outcomeCheckOf = (key: string): string | null =>
	key.startsWith('outcome:') ? key.slice('outcome:'.length) : null;

/** Every scheduled item for one decided case, oldest due first; [] when the schedule has no anchor yet. */
export function followUpSchedule(input: FollowUpScheduleInput, today: string): DueItem[] {
	const { assessmentDate, decisionDate, returnDate, otherPlanDate, followUp, events } = input;
	const soonDays = followUp?.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS;
	const answered = new Map<string, string>();
	for (const r of events.reviews)
		if (r.due !== null) {
			const key = r.due.includes(':') || isReassessmentKey(r.due) ? r.due : `review:${r.due}`;
			const was = answered.get(key);
			if (was === undefined || r.date < was) answered.set(key, r.date);
		}
	for (const o of events.outcomes) {
		const key = outcomeKey(o.check);
		const was = answered.get(key);
		if (was === undefined || o.date < was) answered.set(key, o.date);
	}

	const items: DueItem[] = [];
	const add = (
		key: string,
		kind: DueKind,
		label: string,
		anchor: DueItem['anchor'],
		due: string
	) => {
		const doneOn = answered.get(key) ?? null;
		const item = { key, kind, label, anchor, due, dueSoonFrom: addDays(due, -soonDays), doneOn };
		items.push({ ...item, status: dueStatus(item, today) });
	};

	// The plan's reviews.
	for (const r of input.reviews) {
		const from = r.anchor === 'assessment' ? assessmentDate : returnDate;
		if (from === null) continue;
		for (const offset of r.offsetDays) {
			const due = addDays(from, offset);
			if (
				r.anchor === 'assessment' &&
				input.reviewsBeforeReturn === 'until-return' &&
				returnDate !== null &&
				due >= returnDate
			)
				continue;
			add(
				reviewKey(r.id, offset),
				'review',
				r.label,
				r.anchor === 'assessment' ? 'decision' : 'return',
				due
			);
		}
	}

	if (followUp !== null) {
		// Reassessments, every so many days from the decision.
		if (decisionDate !== null) {
			const { everyDays, untilDaysAfterReturn, label } = followUp.reassessment;
			const until = returnDate !== null ? addDays(returnDate, untilDaysAfterReturn) : null;
			for (let days = everyDays; ; days += everyDays) {
				const due = addDays(decisionDate, days);
				if (until !== null && due > until) break;
				if (otherPlanDate !== null && due > otherPlanDate) break;
				add(reassessmentKey(days), 'reassessment', label, 'decision', due);
				// Not home yet: up to the first one due after today (and any already answered).
				if (until === null && due > today && !answered.has(reassessmentKey(days + everyDays)))
					break;
			}
		}
		// Outcome checks, counted from the return.
		if (returnDate !== null)
			for (const c of followUp.outcomeChecks)
				add(outcomeKey(c.id), 'outcome', c.label, 'return', addDays(returnDate, c.afterReturnDays));
	}

	const closed = events.closed?.date ?? null;
	const kept = closed === null ? items : items.filter((i) => i.doneOn !== null || i.due <= closed);
	return kept.sort((a, b) =>
		a.due < b.due ? -1 : a.due > b.due ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0
	);
}

/** The items still to do (not done), oldest due first. */
export function pendingItems(items: readonly DueItem[]): DueItem[] {
	return items.filter((i) => i.status !== 'done');
}

/** A pending item as the home list's summary row keeps it: no status (that needs today). */
export type SummaryDueItem = Pick<DueItem, 'key' | 'kind' | 'label' | 'due' | 'dueSoonFrom'>;

/** How many pending items a summary row keeps. */
export const SUMMARY_DUE_ITEMS = 3;

/**
 * The next pending items for the summary row, oldest due first, worked out as of `asOf` (the
 * record's last change): an item pending then stays pending until an event answers it, and
 * answering one rewrites the row. Status is worked out with today where it is shown (dueStatus).
 */
export function summaryDue(input: FollowUpScheduleInput, asOf: string): SummaryDueItem[] {
	return pendingItems(followUpSchedule(input, asOf))
		.slice(0, SUMMARY_DUE_ITEMS)
		.map(({ key, kind, label, due, dueSoonFrom }) => ({ key, kind, label, due, dueSoonFrom }));
}
