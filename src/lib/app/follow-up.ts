/**
 * Use cases for what happens after the decision (issue 15): load one case's follow-up (its
 * schedule, support planned against provided, events in order) and append an event to it. Every
 * event is checked with zod and by the domain (`followUpRefusal`) before it is stored; nothing
 * signed is ever edited. Starting the 90-day reassessment opens a review assessment
 * (`startReview`) and records a review linked to it.
 */
import type { Rules } from '../domain/compile.ts';
import { chosenPlanFor, type FollowUpView } from '../domain/follow-up-view.ts';
import { followUpOf } from './follow-up-of.ts';
import {
	FollowUpEventSchema,
	stamped,
	type FollowUpEventInput
} from '../domain/follow-up-events.ts';
import { dueStatus, type DueStatus, type SummaryDueItem } from '../domain/follow-up-schedule.ts';
import { findRules, pinnedRules } from '../rules-registry.ts';
import type { AssessmentRecord } from '../storage/record.ts';
import { startReview } from './assessments.ts';
import { today, type AppContext } from './context.ts';

type Lookup = (id: string, version: string) => Rules | undefined;

export type LoadedFollowUp =
	| { ok: true; record: AssessmentRecord; rules: Rules; view: FollowUpView; today: string }
	| { ok: false; message: string };

/** One case's follow-up as its pages show it, or why it cannot be shown. */
export async function loadFollowUp(
	ctx: AppContext,
	id: string,
	lookup: Lookup = findRules
): Promise<LoadedFollowUp> {
	const record = await ctx.store.get(id);
	if (!record)
		return {
			ok: false,
			message: 'There is no assessment with this link on this device. It may have been deleted.'
		};
	const rules = pinnedRules(record.rules, lookup);
	if (!rules)
		return {
			ok: false,
			message: `This assessment was made with rules ${record.rules.id} ${record.rules.version}, which this version of Homeward does not include, so its follow-up cannot be shown safely.`
		};
	const now = today(ctx);
	return {
		ok: true,
		record,
		rules,
		view: followUpOf(rules, record, now),
		today: now
	};
}

/** Who records an event: the assessor who signed, or the one named on the case. */
const recorder = (record: AssessmentRecord) =>
	record.signOff?.assessorName || record.caseDetails.assessorName;

/**
 * Appends one event to the case's follow-up, checked with zod (the stored shape) and by the domain
 * (whether it may follow). `revision` is the one the page last saw.
 */
export async function addFollowUp(
	ctx: AppContext,
	id: string,
	event: FollowUpEventInput,
	revision: number,
	lookup: Lookup = findRules
): Promise<AssessmentRecord> {
	const record = await ctx.store.get(id);
	if (!record) throw new Error('There is no assessment with this link on this device.');
	const rules = pinnedRules(record.rules, lookup);
	if (!rules) throw new Error('The rules this assessment was made with are not in this build.');
	const checked = FollowUpEventSchema.safeParse(stamped(event, ctx.clock().toISOString(), ''));
	if (!checked.success)
		throw new Error(
			`This cannot be recorded: ${checked.error.issues.map((i) => i.message).join('; ')}.`
		);
	const planItems = chosenPlanFor(rules, record).items.map((i) => i.key);
	return ctx.store.addFollowUp(id, event, {
		expectedRevision: revision,
		today: today(ctx),
		recordedBy: recorder(record),
		planItems
	});
}

/**
 * Records a review held for the reassessment due as `input.due` (such as 'reassessment@90') and
 * starts the reassessment itself: a review assessment pre-filled from this one, linked from the
 * review, so the schedule shows it done and the history links to it. Returns the new assessment.
 */
export async function startReassessment(
	ctx: AppContext,
	id: string,
	input: Extract<FollowUpEventInput, { type: 'review' }>,
	revision: number
): Promise<AssessmentRecord> {
	const review = await startReview(ctx, id);
	await addFollowUp(
		ctx,
		id,
		{ type: 'review', value: { ...input.value, reassessment: review.id } },
		revision
	);
	return review;
}

/** One item on the home page's "due soon / overdue" list. */
export interface DueEntry {
	id: string;
	caseRef: string;
	item: SummaryDueItem;
	status: DueStatus;
}

/**
 * What is due soon or overdue across the assessments on this device, from their summary rows (no
 * record is loaded), the oldest due first; status worked out with today on this device.
 */
export async function dueList(ctx: AppContext): Promise<{ today: string; entries: DueEntry[] }> {
	const on = today(ctx);
	const entries: DueEntry[] = [];
	for (const s of await ctx.store.listDue())
		for (const item of s.due) {
			const status = dueStatus({ ...item, doneOn: null }, on);
			if (status === 'due-soon' || status === 'overdue')
				entries.push({ id: s.id, caseRef: s.caseRef, item, status });
		}
	entries.sort((a, b) =>
		a.item.due !== b.item.due
			? a.item.due < b.item.due
				? -1
				: 1
			: a.caseRef.localeCompare(b.caseRef)
	);
	return { today: on, entries };
}
