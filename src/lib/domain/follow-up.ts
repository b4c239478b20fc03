/**
 * After the decision: the return itself (or the other plan made), the support actually provided
 * for each item of the chosen plan, the reviews held, and the outcomes at the rules' checkpoints.
 *
 * Stored on the assessment record whose decision it follows (`record.followUp`). It is the one
 * part of a signed record that still grows after signing, and it only grows: every entry is an
 * event with the date it happened, when it was recorded and by whom; nothing is edited in place
 * (a correction is a new event). That keeps the signed assessment itself immutable, lets the
 * history list every step, and lets team sync merge two devices' events without a conflict.
 *
 * Codes here are the app's own and are stable: the evaluation export and its data dictionary use
 * them. Where a code matches a national return (SSDA903, the children in need census), the data
 * dictionary says which.
 */
import * as z from 'zod/mini';

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'));

/** Who the child went home to: a relationship, never a name. */
export const RETURNED_TO = [
	'mother',
	'father',
	'both-parents',
	'parent-and-partner',
	'other-relative',
	'other'
] as const;

/** The plan made when the child did not go home. */
export const OTHER_PLANS = [
	'stay-in-care-reassess',
	'kinship-care',
	'special-guardianship',
	'long-term-fostering',
	'adoption',
	'residential-care',
	'other'
] as const;

/** Who recorded an event, and when (an ISO timestamp from the app's clock, never the domain's). */
const recorded = {
	recordedAt: z.string().check(z.minLength(1)),
	recordedBy: z.string()
};

/** The child went home, or another plan was made. A correction is a later event. */
export const ReturnEventSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('home'),
		date: isoDate,
		/** False for an unplanned return, including one before any decision was made. */
		planned: z.boolean(),
		returnedTo: z.enum(RETURNED_TO),
		...recorded
	}),
	z.object({
		kind: z.literal('other-plan'),
		date: isoDate,
		plan: z.enum(OTHER_PLANS),
		...recorded
	})
]);
export type ReturnEvent = z.infer<typeof ReturnEventSchema>;

/** Where one item of the chosen plan stands. */
export const SUPPORT_STATES = [
	'not-started',
	'started',
	'in-place',
	'ended',
	'not-provided'
] as const;
export type SupportState = (typeof SUPPORT_STATES)[number];

/** Why an item of the plan was not provided. */
export const NOT_PROVIDED_REASONS = [
	'no-capacity',
	'waiting-list',
	'family-declined',
	'not-needed',
	'other'
] as const;

/** A change in one plan item's support (the item's key is its key in the chosen plan). */
export const SupportEventSchema = z.object({
	item: z.string().check(z.minLength(1)),
	state: z.enum(SUPPORT_STATES),
	date: isoDate,
	/** Only with "not-provided". */
	reason: z.nullable(z.enum(NOT_PROVIDED_REASONS)),
	...recorded
});
export type SupportEvent = z.infer<typeof SupportEventSchema>;

/** What a review decided about the support. */
export const REVIEW_NEXT = ['continue', 'step-up', 'end-support'] as const;

/** A review held after the decision (due from the rules' schedule, or held when needed). */
export const FollowUpReviewSchema = z.object({
	id: z.string().check(z.minLength(1)),
	date: isoDate,
	/** The schedule entry it answers ("review-id@offsetDays"), or null for an extra review. */
	due: z.nullable(z.string()),
	supportInPlace: z.enum(['yes', 'partly', 'no']),
	newConcerns: z.boolean(),
	concerns: z.string(),
	childViews: z.string(),
	parentViews: z.string(),
	next: z.enum(REVIEW_NEXT),
	/** The review assessment (reassessment) opened from this review, if any. */
	reassessment: z.nullable(z.string()),
	...recorded
});
export type FollowUpReview = z.infer<typeof FollowUpReviewSchema>;

/** How things stand at an outcome checkpoint. */
export const OUTCOMES = [
	'home-stable',
	'home-new-concerns',
	'returned-to-care',
	'other-permanence'
] as const;

/**
 * Why a child returned to care, as the children in need census's category of need (N1–N8), which
 * SSDA903 also records for an episode's start.
 */
export const RE_ENTRY_NEED = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const;

export const OutcomeSchema = z.object({
	/** The rules' outcome checkpoint (`followUp.outcomeChecks[].id`). */
	check: z.string().check(z.minLength(1)),
	date: isoDate,
	outcome: z.enum(OUTCOMES),
	/** Only with "returned-to-care". */
	reEntry: z.nullable(
		z.object({ date: isoDate, planned: z.boolean(), need: z.enum(RE_ENTRY_NEED) })
	),
	...recorded
});
export type Outcome = z.infer<typeof OutcomeSchema>;

export const FollowUpSchema = z.object({
	/** Every return event, oldest first; the last one stands. */
	returns: z.array(ReturnEventSchema),
	support: z.array(SupportEventSchema),
	reviews: z.array(FollowUpReviewSchema),
	outcomes: z.array(OutcomeSchema),
	/** When the case's follow-up was closed, and why; null while open. */
	closed: z.nullable(
		z.object({ date: isoDate, reason: z.string().check(z.minLength(1)), ...recorded })
	)
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const emptyFollowUp = (): FollowUp => ({
	returns: [],
	support: [],
	reviews: [],
	outcomes: [],
	closed: null
});
