/**
 * Adding to what happened after the decision: one event at a time, appended, never edited
 * (domain/follow-up.ts). `followUpRefusal` says whether an event may follow a record's state;
 * `withFollowUpEvent` appends it. The `parse…Form` functions turn a page's form into an event, or
 * the problems to show in its error summary, in page order. Pure: `today` is passed in.
 */
import * as z from 'zod/mini';
import { isIsoDate } from './dates.ts';
import {
	FollowUpReviewSchema,
	NOT_PROVIDED_REASONS,
	OTHER_PLANS,
	OUTCOMES,
	OutcomeSchema,
	RE_ENTRY_NEED,
	RETURNED_TO,
	REVIEW_NEXT,
	ReturnEventSchema,
	SupportEventSchema,
	type FollowUp,
	type FollowUpReview,
	type Outcome,
	type ReturnEvent,
	type SupportEvent
} from './follow-up.ts';
import { standingReturn } from './follow-up-schedule.ts';
import { supportRefusal } from './follow-up-support.ts';
import type { AssessmentStatus } from './lifecycle.ts';

const ClosedSchema = z.object({
	date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
	reason: z.string().check(z.minLength(1)),
	recordedAt: z.string().check(z.minLength(1)),
	recordedBy: z.string()
});
export type Closing = z.infer<typeof ClosedSchema>;

/** One thing that happened after the decision, as it is appended. */
export const FollowUpEventSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('return'), value: ReturnEventSchema }),
	z.object({ type: z.literal('support'), value: SupportEventSchema }),
	z.object({ type: z.literal('review'), value: FollowUpReviewSchema }),
	z.object({ type: z.literal('outcome'), value: OutcomeSchema }),
	z.object({ type: z.literal('close'), value: ClosedSchema })
]);
export type FollowUpEvent = z.infer<typeof FollowUpEventSchema>;

/** An event as a form gives it: who recorded it and when are added where it is stored. */
export type FollowUpEventInput =
	| { type: 'return'; value: DistributiveOmit<ReturnEvent, Stamp> }
	| { type: 'support'; value: Omit<SupportEvent, Stamp> }
	| { type: 'review'; value: Omit<FollowUpReview, Stamp> }
	| { type: 'outcome'; value: Omit<Outcome, Stamp> }
	| { type: 'close'; value: Omit<Closing, Stamp> };
type Stamp = 'recordedAt' | 'recordedBy';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The event with who recorded it and when. */
export function stamped(
	input: FollowUpEventInput,
	recordedAt: string,
	recordedBy: string
): FollowUpEvent {
	return { type: input.type, value: { ...input.value, recordedAt, recordedBy } } as FollowUpEvent;
}

/** What the record must be for the event to be added. */
export interface FollowedRecord {
	status: AssessmentStatus;
	followUp: FollowUp;
	/** The keys of the chosen plan's items (support is recorded against them). */
	planItems: readonly string[];
}

/**
 * Why `event` cannot be added to the record, or null when it can. Only a signed decision (approved
 * where it needed a manager) is followed up, except an unplanned return, which may come before any
 * decision. Nothing is added once the follow-up is closed.
 */
export function followUpRefusal(
	record: FollowedRecord,
	event: FollowUpEvent,
	today: string
): string | null {
	const { followUp } = record;
	if (followUp.closed !== null) return 'The follow-up of this case is closed';
	const value = event.value;
	if (!isIsoDate(value.date)) return 'The date must be a real date';
	if (value.date > today) return 'The date must be today or in the past';
	const signed = record.status === 'signed';
	const home = standingReturn(followUp)?.kind === 'home';
	switch (event.type) {
		case 'return': {
			const unplanned = event.value.kind === 'home' && !event.value.planned;
			if (!signed && !unplanned)
				return 'A return or another plan is recorded once the decision is signed (and approved where it needs a manager). Only an unplanned return can be recorded before that.';
			return null;
		}
		case 'support':
			if (!signed) return 'Support is recorded once the decision is signed';
			if (!record.planItems.includes(event.value.item))
				return 'That support is not in the chosen plan';
			return supportRefusal(followUp.support, event.value, today);
		case 'review':
			if (!signed && !home) return 'A review is recorded once the decision is signed';
			return null;
		case 'outcome': {
			if (!home && followUp.returns.length === 0)
				return 'An outcome is recorded once the child has gone home';
			if (followUp.outcomes.some((o) => o.check === event.value.check))
				return 'This outcome has already been recorded';
			const reEntry = event.value.outcome === 'returned-to-care';
			if (reEntry !== (event.value.reEntry !== null))
				return 'The return to care is given only when the child returned to care';
			return null;
		}
		case 'close':
			if (!signed && followUp.returns.length === 0)
				return 'The follow-up can be closed once the decision is signed';
			return null;
	}
}

/** The follow-up with the event appended (oldest first): nothing already there changes. */
export function withFollowUpEvent(followUp: FollowUp, event: FollowUpEvent): FollowUp {
	switch (event.type) {
		case 'return':
			return { ...followUp, returns: [...followUp.returns, event.value] };
		case 'support':
			return { ...followUp, support: [...followUp.support, event.value] };
		case 'review':
			return { ...followUp, reviews: [...followUp.reviews, event.value] };
		case 'outcome':
			return { ...followUp, outcomes: [...followUp.outcomes, event.value] };
		case 'close':
			return { ...followUp, closed: event.value };
	}
}

export interface FieldProblem {
	field: string;
	message: string;
}
type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };

function checkDate(
	errors: FieldProblem[],
	field: string,
	date: string,
	today: string,
	what = 'the date'
) {
	if (date.trim() === '') errors.push({ field, message: `Enter ${what}` });
	else if (!isIsoDate(date)) errors.push({ field, message: `${cap(what)} must be a real date` });
	else if (date > today)
		errors.push({ field, message: `${cap(what)} must be today or in the past` });
}
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
	(list as readonly string[]).includes(v);

export interface ReturnForm {
	kind: string;
	date: string;
	planned: string;
	returnedTo: string;
	plan: string;
}

/** The return form: the child went home (date, planned or not, to whom) or another plan was made. */
export function parseReturnForm(
	f: ReturnForm,
	today: string
): Parsed<Extract<FollowUpEventInput, { type: 'return' }>> {
	const errors: FieldProblem[] = [];
	if (f.kind !== 'home' && f.kind !== 'other-plan')
		errors.push({
			field: 'kind',
			message: 'Select whether the child went home or another plan was made'
		});
	checkDate(errors, 'date', f.date, today);
	if (f.kind === 'home') {
		if (f.planned !== 'yes' && f.planned !== 'no')
			errors.push({ field: 'planned', message: 'Select whether the return was planned' });
		if (!oneOf(RETURNED_TO, f.returnedTo))
			errors.push({ field: 'returnedTo', message: 'Select who the child went home to' });
	}
	if (f.kind === 'other-plan' && !oneOf(OTHER_PLANS, f.plan))
		errors.push({ field: 'plan', message: 'Select the plan that was made' });
	if (errors.length > 0) return { ok: false, errors };
	if (f.kind === 'home' && oneOf(RETURNED_TO, f.returnedTo))
		return {
			ok: true,
			value: {
				type: 'return',
				value: {
					kind: 'home',
					date: f.date,
					planned: f.planned === 'yes',
					returnedTo: f.returnedTo
				}
			}
		};
	if (oneOf(OTHER_PLANS, f.plan))
		return {
			ok: true,
			value: { type: 'return', value: { kind: 'other-plan', date: f.date, plan: f.plan } }
		};
	return { ok: false, errors: [{ field: 'kind', message: 'Select what happened' }] };
}

export interface SupportForm {
	item: string;
	state: string;
	date: string;
	reason: string;
}

/** One change to one item's support. */
export function parseSupportForm(
	f: SupportForm,
	today: string
): Parsed<Extract<FollowUpEventInput, { type: 'support' }>> {
	const errors: FieldProblem[] = [];
	const states = ['not-started', 'started', 'in-place', 'ended', 'not-provided'] as const;
	if (!oneOf(states, f.state))
		errors.push({ field: 'state', message: 'Select where the support stands' });
	checkDate(errors, 'date', f.date, today);
	if (f.state === 'not-provided' && !oneOf(NOT_PROVIDED_REASONS, f.reason))
		errors.push({ field: 'reason', message: 'Select why the support was not provided' });
	if (errors.length > 0 || !oneOf(states, f.state)) return { ok: false, errors };
	const reason =
		f.state === 'not-provided' && oneOf(NOT_PROVIDED_REASONS, f.reason) ? f.reason : null;
	return {
		ok: true,
		value: { type: 'support', value: { item: f.item, state: f.state, date: f.date, reason } }
	};
}

export interface ReviewForm {
	date: string;
	due: string;
	supportInPlace: string;
	newConcerns: string;
	concerns: string;
	childViews: string;
	parentViews: string;
	next: string;
}

/** A review held after the decision: support in place, new concerns, views now, what next. */
export function parseReviewForm(
	f: ReviewForm,
	today: string,
	id: string,
	reassessment: string | null = null
): Parsed<Extract<FollowUpEventInput, { type: 'review' }>> {
	const errors: FieldProblem[] = [];
	checkDate(errors, 'date', f.date, today, 'the date of the review');
	const inPlace = ['yes', 'partly', 'no'] as const;
	if (!oneOf(inPlace, f.supportInPlace))
		errors.push({ field: 'supportInPlace', message: 'Select whether the support is in place' });
	if (f.newConcerns !== 'yes' && f.newConcerns !== 'no')
		errors.push({ field: 'newConcerns', message: 'Select whether there are new concerns' });
	if (f.newConcerns === 'yes' && f.concerns.trim() === '')
		errors.push({ field: 'concerns', message: 'Describe the new concerns' });
	if (f.childViews.trim() === '')
		errors.push({ field: 'childViews', message: 'Enter the child’s views now' });
	if (f.parentViews.trim() === '')
		errors.push({ field: 'parentViews', message: 'Enter the parents’ views now' });
	if (!oneOf(REVIEW_NEXT, f.next))
		errors.push({ field: 'next', message: 'Select what happens to the support next' });
	if (errors.length > 0 || !oneOf(inPlace, f.supportInPlace) || !oneOf(REVIEW_NEXT, f.next))
		return { ok: false, errors };
	return {
		ok: true,
		value: {
			type: 'review',
			value: {
				id,
				date: f.date,
				due: f.due === '' ? null : f.due,
				supportInPlace: f.supportInPlace,
				newConcerns: f.newConcerns === 'yes',
				concerns: f.newConcerns === 'yes' ? f.concerns.trim() : '',
				childViews: f.childViews.trim(),
				parentViews: f.parentViews.trim(),
				next: f.next,
				reassessment
			}
		}
	};
}

export interface OutcomeForm {
	check: string;
	date: string;
	outcome: string;
	reEntryDate: string;
	reEntryPlanned: string;
	reEntryNeed: string;
}

/** The outcome at one of the rules' checkpoints; a return to care gives its date, plan and reason. */
export function parseOutcomeForm(
	f: OutcomeForm,
	today: string
): Parsed<Extract<FollowUpEventInput, { type: 'outcome' }>> {
	const errors: FieldProblem[] = [];
	checkDate(errors, 'date', f.date, today);
	if (!oneOf(OUTCOMES, f.outcome)) errors.push({ field: 'outcome', message: 'Select the outcome' });
	const back = f.outcome === 'returned-to-care';
	if (back) {
		checkDate(errors, 'reEntryDate', f.reEntryDate, today, 'the date the child returned to care');
		if (f.reEntryPlanned !== 'yes' && f.reEntryPlanned !== 'no')
			errors.push({
				field: 'reEntryPlanned',
				message: 'Select whether the return to care was planned'
			});
		if (!oneOf(RE_ENTRY_NEED, f.reEntryNeed))
			errors.push({ field: 'reEntryNeed', message: 'Select the reason, as a category of need' });
	}
	if (errors.length > 0 || !oneOf(OUTCOMES, f.outcome)) return { ok: false, errors };
	const reEntry =
		back && oneOf(RE_ENTRY_NEED, f.reEntryNeed)
			? { date: f.reEntryDate, planned: f.reEntryPlanned === 'yes', need: f.reEntryNeed }
			: null;
	return {
		ok: true,
		value: { type: 'outcome', value: { check: f.check, date: f.date, outcome: f.outcome, reEntry } }
	};
}

/** Closing the follow-up: the date and why. */
export function parseCloseForm(
	f: { date: string; reason: string },
	today: string
): Parsed<Extract<FollowUpEventInput, { type: 'close' }>> {
	const errors: FieldProblem[] = [];
	checkDate(errors, 'closeDate', f.date, today);
	if (f.reason.trim() === '')
		errors.push({ field: 'closeReason', message: 'Enter why the follow-up is closed' });
	if (errors.length > 0) return { ok: false, errors };
	return { ok: true, value: { type: 'close', value: { date: f.date, reason: f.reason.trim() } } };
}
