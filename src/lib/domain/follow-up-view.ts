/**
 * One case's follow-up as its pages, its history and its printed summary read it: where the child
 * is, what is due, support planned against provided, the reviews and outcomes, and every event in
 * the order it happened, in words. Pure: `today` is passed in.
 */
import { factsFromCase } from './answers.ts';
import type { Assessment } from './assessment.ts';
import type { Rules } from './compile.ts';
import { assessDecided } from './decision.ts';
import type { FollowUp } from './follow-up.ts';
import {
	followUpSchedule,
	scheduleInputOf,
	standingReturn,
	type DueItem,
	type FollowUpRules
} from './follow-up-schedule.ts';
import {
	plannedAgainstProvided,
	SUPPORT_STATE_LABELS,
	type ProvidedItem
} from './follow-up-support.ts';
import {
	NEED_LABELS,
	NOT_PROVIDED_LABELS,
	OTHER_PLAN_LABELS,
	OUTCOME_LABELS,
	RETURNED_TO_LABELS,
	REVIEW_NEXT_LABELS,
	SUPPORT_IN_PLACE_LABELS
} from './follow-up-wording.ts';
import { assessOptionsFrom, choosePlan, type ChosenPlan } from './plan.ts';
import { formatDate } from './wording.ts';

/** The chosen plan of a record, as the plan step and the panel summary work it out. */
export function chosenPlanFor(rules: Rules, record: Assessment): ChosenPlan {
	const assessmentDate = record.caseDetails.assessmentDate;
	const result = assessDecided(
		rules,
		record.answers,
		{
			today: assessmentDate,
			facts: factsFromCase(record.caseDetails),
			...assessOptionsFrom(record.planning)
		},
		record.decision
	);
	return choosePlan(rules, result, record.planning, assessmentDate);
}

/** One event after the decision, in words, for the history and the printed summary. */
export interface FollowUpEntry {
	/** The date it happened. */
	date: string;
	/** When it was recorded (an ISO timestamp). */
	recordedAt: string;
	recordedBy: string;
	kind: 'return' | 'support' | 'review' | 'outcome' | 'closed';
	title: string;
	detail: string;
	/** For a review that started a reassessment: that assessment's id. */
	link: string | null;
}

export interface FollowUpView {
	/** Signed (approved where needed): the return and support can be recorded. */
	signed: boolean;
	/** Where the child is, in words; null before any return event. */
	where: string | null;
	home: boolean;
	returnDate: string | null;
	schedule: DueItem[];
	/** Items still to do (not done), oldest due first. */
	pending: DueItem[];
	provided: ProvidedItem[];
	/** The rules' outcome checks (with the newest rules' for rules without them). */
	outcomeChecks: { id: string; label: string; recorded: boolean }[];
	entries: FollowUpEntry[];
	closed: FollowUp['closed'];
	/** Totals of the chosen plan against what was provided (indicative costs). */
	totals: {
		plannedWeeks: number;
		plannedCost: number;
		providedWeeks: number;
		providedCost: number;
	};
}

type ViewRecord = Assessment & { followUp: FollowUp };

const planned = (p: boolean) => (p ? 'planned' : 'unplanned');

/**
 * What someone said at a review, as a sentence; "not recorded" when nothing was written down, so a
 * gap never reads as if it were said.
 */
export function viewsSentence(whose: string, text: string): string {
	const said = text.trim();
	if (said === '') return `${whose}: not recorded.`;
	return `${whose}: ${said}${/[.!?]$/.test(said) ? '' : '.'}`;
}

/** Every event of the follow-up in words, in the order it happened (then the order recorded). */
export function followUpEntries(
	followUp: FollowUp,
	itemName: (key: string) => string,
	checkLabel: (id: string) => string
): FollowUpEntry[] {
	const entries: FollowUpEntry[] = [];
	const stamp = (e: { recordedAt: string; recordedBy: string }) => ({
		recordedAt: e.recordedAt,
		recordedBy: e.recordedBy
	});
	followUp.returns.forEach((r, i) => {
		const correction = i > 0 ? ' (corrects the earlier entry)' : '';
		entries.push({
			date: r.date,
			...stamp(r),
			kind: 'return',
			link: null,
			...(r.kind === 'home'
				? {
						title: `Went home${correction}`,
						detail: `A ${planned(r.planned)} return to: ${RETURNED_TO_LABELS[r.returnedTo]}.`
					}
				: {
						title: `Another plan was made${correction}`,
						detail: `${OTHER_PLAN_LABELS[r.plan]}.`
					})
		});
	});
	for (const s of followUp.support)
		entries.push({
			date: s.date,
			...stamp(s),
			kind: 'support',
			link: null,
			title: `${itemName(s.item)}: ${SUPPORT_STATE_LABELS[s.state].toLowerCase()}`,
			detail: s.reason ? `Reason: ${NOT_PROVIDED_LABELS[s.reason]}.` : ''
		});
	for (const r of followUp.reviews)
		entries.push({
			date: r.date,
			...stamp(r),
			kind: 'review',
			link: r.reassessment,
			title: r.reassessment ? 'Review, with a reassessment started' : 'Review',
			detail: [
				`Support in place: ${SUPPORT_IN_PLACE_LABELS[r.supportInPlace]}.`,
				r.newConcerns ? `New concerns: ${r.concerns}` : 'No new concerns.',
				viewsSentence('Child’s views', r.childViews),
				viewsSentence('Parents’ views', r.parentViews),
				`Next: ${REVIEW_NEXT_LABELS[r.next]}.`
			].join(' ')
		});
	for (const o of followUp.outcomes)
		entries.push({
			date: o.date,
			...stamp(o),
			kind: 'outcome',
			link: null,
			title: `${checkLabel(o.check)}: ${OUTCOME_LABELS[o.outcome].toLowerCase()}`,
			detail: o.reEntry
				? `Returned to care on ${formatDate(o.reEntry.date)} (${planned(o.reEntry.planned)}). Reason: ${NEED_LABELS[o.reEntry.need]}.`
				: ''
		});
	if (followUp.closed)
		entries.push({
			date: followUp.closed.date,
			...stamp(followUp.closed),
			kind: 'closed',
			link: null,
			title: 'Follow-up closed',
			detail: followUp.closed.reason
		});
	return entries.sort((a, b) =>
		a.date !== b.date
			? a.date < b.date
				? -1
				: 1
			: a.recordedAt < b.recordedAt
				? -1
				: a.recordedAt > b.recordedAt
					? 1
					: 0
	);
}

/** The follow-up of one record under the rules it pins; `fallback` as in `scheduleInputOf`. */
export function followUpView(
	rules: Rules,
	record: ViewRecord,
	today: string,
	fallback: FollowUpRules | null = null
): FollowUpView {
	const plan = chosenPlanFor(rules, record);
	const input = scheduleInputOf(record, rules, fallback);
	const schedule = followUpSchedule(input, today);
	const provided = plannedAgainstProvided(plan.items, record.followUp.support, today);
	const last = standingReturn(record.followUp);
	const checks = input.followUp?.outcomeChecks ?? [];
	const checkLabel = (id: string) => checks.find((c) => c.id === id)?.label ?? id;
	const itemName = (key: string) => plan.items.find((i) => i.key === key)?.name ?? key;
	const sum = (f: (p: ProvidedItem) => number) => provided.reduce((n, p) => n + f(p), 0);
	return {
		signed: record.status === 'signed',
		where:
			last === null
				? null
				: last.kind === 'home'
					? `At home since ${formatDate(last.date)} (${RETURNED_TO_LABELS[last.returnedTo].toLowerCase()}, ${planned(last.planned)})`
					: `${OTHER_PLAN_LABELS[last.plan]}, from ${formatDate(last.date)}`,
		home: last?.kind === 'home',
		returnDate: input.returnDate,
		schedule,
		pending: schedule.filter((i) => i.status !== 'done'),
		provided,
		outcomeChecks: checks.map((c) => ({
			id: c.id,
			label: c.label,
			recorded: record.followUp.outcomes.some((o) => o.check === c.id)
		})),
		entries: followUpEntries(record.followUp, itemName, checkLabel),
		closed: record.followUp.closed,
		totals: {
			plannedWeeks: sum((p) => p.plannedWeeks),
			plannedCost: sum((p) => p.plannedCost),
			providedWeeks: sum((p) => p.providedWeeks),
			providedCost: sum((p) => p.providedCost)
		}
	};
}
