/**
 * The words people read about what happened after the decision (codes in domain/follow-up.ts).
 * Kept beside wording.ts rather than in it, so the first page never loads them.
 */
import type {
	FollowUpReview,
	NOT_PROVIDED_REASONS,
	OTHER_PLANS,
	OUTCOMES,
	RE_ENTRY_NEED,
	RETURNED_TO
} from './follow-up.ts';

type Labels<T extends readonly string[]> = Readonly<Record<T[number], string>>;

export const RETURNED_TO_LABELS: Labels<typeof RETURNED_TO> = {
	mother: 'Mother',
	father: 'Father',
	'both-parents': 'Both parents',
	'parent-and-partner': 'A parent and their partner',
	'other-relative': 'Another relative',
	other: 'Someone else (not a relative)'
};

export const OTHER_PLAN_LABELS: Labels<typeof OTHER_PLANS> = {
	'stay-in-care-reassess': 'Stay in care and be assessed again',
	'kinship-care': 'Kinship care (family or friends)',
	'special-guardianship': 'Special guardianship',
	'long-term-fostering': 'Long-term fostering',
	adoption: 'Adoption',
	'residential-care': 'Residential care',
	other: 'Another plan'
};

export const NOT_PROVIDED_LABELS: Labels<typeof NOT_PROVIDED_REASONS> = {
	'no-capacity': 'No capacity in the service',
	'waiting-list': 'On a waiting list',
	'family-declined': 'The family declined it',
	'not-needed': 'No longer needed',
	other: 'Another reason'
};

/** The same reasons, short and in lower case, as the caseload lists them inline ("waiting list (2)"). */
export const NOT_PROVIDED_SHORT_LABELS: Labels<typeof NOT_PROVIDED_REASONS> = {
	'no-capacity': 'no capacity',
	'waiting-list': 'waiting list',
	'family-declined': 'family declined',
	'not-needed': 'not needed',
	other: 'another reason'
};

export const SUPPORT_IN_PLACE_LABELS: Readonly<Record<FollowUpReview['supportInPlace'], string>> = {
	yes: 'Yes, as planned',
	partly: 'Partly',
	no: 'No'
};

export const REVIEW_NEXT_LABELS: Readonly<Record<FollowUpReview['next'], string>> = {
	continue: 'Continue the support as planned',
	'step-up': 'Step up the support',
	'end-support': 'End the support'
};

export const OUTCOME_LABELS: Labels<typeof OUTCOMES> = {
	'home-stable': 'At home and stable',
	'home-new-concerns': 'At home, with new concerns',
	'returned-to-care': 'Returned to care',
	'other-permanence': 'Another permanence plan'
};

/** The children in need census's categories of need. */
export const NEED_LABELS: Labels<typeof RE_ENTRY_NEED> = {
	N1: 'N1 Abuse or neglect',
	N2: 'N2 Child’s disability or illness',
	N3: 'N3 Parental disability or illness',
	N4: 'N4 Family in acute stress',
	N5: 'N5 Family dysfunction',
	N6: 'N6 Socially unacceptable behaviour',
	N7: 'N7 Low income',
	N8: 'N8 Absent parenting'
};

export const DUE_STATUS_LABELS = {
	upcoming: 'Upcoming',
	'due-soon': 'Due soon',
	overdue: 'Overdue',
	done: 'Done'
} as const;
