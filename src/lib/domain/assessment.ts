/**
 * What an assessment is, apart from how it is stored: the case details and their code lists, the
 * practitioner's decision and why it needs a manager's approval, the lifecycle (draft → completed
 * → signed, and what each allows), the final band, what a review carries over and what a new
 * version copies. Storage (`storage/record.ts`) wraps this in its persistence envelope (id, schema
 * version, revision, timestamps, links); the zod schemas here are the shape it stores.
 */
import * as z from 'zod/mini';
import type { RecordedDecision } from './decision.ts';
import { emptyPlanChoices, type PlanChoices } from './plan-choices.ts';
import { PHASES } from './phases.ts';

import type { Audit } from './audit.ts';
import {
	emptyPracticeRecord,
	isoDateOrEmpty,
	type ManagerReview,
	type PracticeRecord
} from './governance.ts';
import type { AssessmentStatus } from './lifecycle.ts';

export { STATUSES, canChange, signRefusal, type AssessmentStatus } from './lifecycle.ts';

export const AGE_BANDS = ['under-1', '1-4', '5-10', '11-15', '16-17'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const LEGAL_STATUSES = [
	'section-20',
	'interim-care-order',
	'care-order',
	'placement-order',
	'other'
] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

/** Case details: pseudonymous. No real names are needed or asked for. */
export const CaseDetailsSchema = z.object({
	caseRef: z.string(),
	ageBand: z.union([z.enum(AGE_BANDS), z.literal('')]),
	legalStatus: z.union([z.enum(LEGAL_STATUSES), z.literal('')]),
	assessmentDate: z.string(),
	assessorName: z.string(),
	assessorRole: z.string(),
	returningTo: z.string()
});
export type CaseDetails = z.infer<typeof CaseDetailsSchema>;

/** Case details for a new assessment dated `today`. */
export const emptyCaseDetails = (today: string): CaseDetails => ({
	caseRef: '',
	ageBand: '',
	legalStatus: '',
	assessmentDate: today,
	assessorName: '',
	assessorRole: '',
	returningTo: ''
});

/**
 * The decision as kept with the assessment. An override records *why* it needs a manager's
 * approval (`approvalReasons`, sentences worked out under the rules file: too many bands moved,
 * or a band raised despite a hard stop). Records written before the reasons were kept have only
 * the boolean; `approvalReasonsOf` gives them a reason that says so.
 */
export const DecisionRecordSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('agree'), computedBand: z.string(), decidedAt: z.string() }),
	z.object({
		kind: z.literal('override'),
		computedBand: z.string(),
		band: z.string(),
		reason: z.string(),
		needsManagerApproval: z.boolean(),
		approvalReasons: z.optional(z.array(z.string())),
		decidedAt: z.string()
	})
]);
export type DecisionRecord = z.infer<typeof DecisionRecordSchema>;

/** The reason shown for an older record that kept only "needs approval", not why. */
export const UNRECORDED_APPROVAL_REASON =
	'A manager’s approval was needed under the rules when this decision was recorded.';

/** The decision to keep, from one the domain has checked (`recordDecision`), made at `decidedAt`. */
export function toDecisionRecord(recorded: RecordedDecision, decidedAt: string): DecisionRecord {
	return recorded.decision.kind === 'agree'
		? { kind: 'agree', computedBand: recorded.computedBand, decidedAt }
		: {
				kind: 'override',
				computedBand: recorded.computedBand,
				band: recorded.finalBand,
				reason: recorded.decision.reason,
				needsManagerApproval: recorded.needsManagerApproval,
				approvalReasons: recorded.approvalReasons,
				decidedAt
			};
}

/** Why this decision needs a manager's approval, as sentences; empty when it does not. */
export function approvalReasonsOf(decision: DecisionRecord | null): string[] {
	if (decision?.kind !== 'override' || !decision.needsManagerApproval) return [];
	const reasons = decision.approvalReasons ?? [];
	return reasons.length > 0 ? reasons : [UNRECORDED_APPROVAL_REASON];
}

/** The band the assessment ends with: the override's band, or the computed one. */
export function finalBand(
	decision: DecisionRecord | null,
	computedBand: string | null
): string | null {
	return decision?.kind === 'override' ? decision.band : computedBand;
}

export const SignOffSchema = z.object({
	assessorName: z.string().check(z.minLength(1)),
	date: z.string(),
	managerName: z._default(z.string(), ''),
	/** The assessor confirmed the declaration (`DECLARATION` in governance.ts); older records did not. */
	declaration: z.optional(z.boolean()),
	signedAt: z.string()
});
export type SignOff = z.infer<typeof SignOffSchema>;

const weeks = z.int().check(z.minimum(1), z.maximum(520));
const weeklyCost = z.number().check(z.minimum(0), z.maximum(1_000_000));

/** The practitioner's choices for the support plan (see `plan.ts`): edits, not a copy. */
export const PlanChoicesSchema = z.object({
	plannedReturnDate: isoDateOrEmpty,
	placement: z.string(),
	placementWeeklyCost: z.nullable(weeklyCost),
	changes: z.record(
		z.string(),
		z.object({
			goal: z.optional(z.string()),
			owner: z.optional(z.string()),
			startDate: z.optional(isoDateOrEmpty),
			weeks: z.optional(weeks),
			weeklyCost: z.optional(weeklyCost)
		})
	),
	removed: z.record(z.string(), z.string()),
	added: z.array(
		z.object({
			id: z.string().check(z.minLength(1)),
			name: z.string().check(z.minLength(1)),
			phase: z.enum(PHASES),
			goal: z.string(),
			owner: z.string(),
			startDate: isoDateOrEmpty,
			weeks,
			weeklyCost,
			reason: z.string()
		})
	)
});
// The stored shape and the plan's type must not drift apart.
type _PlanChoicesMatch = [z.infer<typeof PlanChoicesSchema>] extends [PlanChoices]
	? [PlanChoices] extends [z.infer<typeof PlanChoicesSchema>]
		? true
		: never
	: never;
const _planChoicesMatch: _PlanChoicesMatch = true;
void _planChoicesMatch;

/**
 * Kept on a review (a re-assessment pre-filled from an earlier one), null on any other: the
 * earlier assessment's date, the sections checked since the copy, the date each copied note was
 * written (until edited), and the earlier plan's choices, offered rather than copied silently.
 * The functions that work on it are in review.ts.
 */
export const ReviewCopySchema = z.object({
	fromDate: isoDateOrEmpty,
	confirmed: z.array(z.string()),
	notesFrom: z.record(z.string(), z.string()),
	earlierPlan: PlanChoicesSchema,
	planChoice: z.nullable(z.enum(['carried', 'fresh']))
});
export type ReviewCopy = z.infer<typeof ReviewCopySchema>;

/** The content of an assessment, whatever holds it. */
export interface Assessment {
	caseDetails: CaseDetails;
	/** factor id → answer value */
	answers: Record<string, string>;
	/** factor id → the practitioner's evidence and notes for that rating */
	notes: Record<string, string>;
	status: AssessmentStatus;
	decision: DecisionRecord | null;
	planning: PlanChoices;
	signOff: SignOff | null;
	/** The practitioner's analysis, the child's and parents' views, the contingency plan. */
	practice: PracticeRecord;
	/** Every approval or return by a manager, oldest first. */
	managerReviews: ManagerReview[];
	/** The changes made after first completion, hash-chained. */
	audit: Audit;
}

/** Why no new version of this assessment can be started, or null when one can. */
export function newVersionRefusal(a: {
	status: AssessmentStatus;
	supersededBy: string | null;
}): 'not-signed' | 'already-superseded' | null {
	if (a.status !== 'signed') return 'not-signed';
	return a.supersededBy === null ? null : 'already-superseded';
}

/** What a new assessment starts with. */
export interface AssessmentStart {
	caseDetails: CaseDetails;
	answers: Record<string, string>;
	notes: Record<string, string>;
	planning: PlanChoices;
	practice?: PracticeRecord;
	reviewCopy?: ReviewCopy;
}

/**
 * What a review (a re-assessment, dated `today`) carries over from the assessment it reviews:
 * the case, the answers and notes the current rules still ask about, and the placement compared
 * against with the authority's own cost. The plan's edits and return date do not carry over
 * silently: they are kept in `reviewCopy` and offered on the plan page. Every copied section and
 * note is marked as copied until the practitioner checks it.
 */
export function reviewCarryOver(
	source: Assessment,
	factorIds: ReadonlySet<string>,
	today: string
): AssessmentStart {
	const notes = pick(source.notes, factorIds);
	const fromDate = source.caseDetails.assessmentDate;
	return {
		caseDetails: { ...source.caseDetails, assessmentDate: today },
		answers: pick(source.answers, factorIds),
		notes,
		reviewCopy: {
			fromDate,
			confirmed: [],
			notesFrom: Object.fromEntries(Object.keys(notes).map((id) => [id, fromDate])),
			earlierPlan: source.planning,
			planChoice: null
		},
		// The same period in care: its start date carries over; the views must be gathered again.
		practice: { ...emptyPracticeRecord(), cameIntoCare: source.practice.cameIntoCare },
		planning: {
			...emptyPlanChoices(),
			placement: source.planning.placement,
			placementWeeklyCost: source.planning.placementWeeklyCost
		}
	};
}

/**
 * What a new version of a signed assessment copies: everything the practitioner wrote (case,
 * answers, notes, plan), but neither the decision nor the sign-off, which must be made again.
 */
export function newVersionCopy(signed: Assessment): AssessmentStart {
	return {
		caseDetails: signed.caseDetails,
		answers: signed.answers,
		notes: signed.notes,
		planning: signed.planning,
		practice: signed.practice
	};
}

/** "the assessment for case X", or "this assessment" when it has no reference yet. */
export function caseName(caseRef: string): string {
	const ref = caseRef.trim();
	return ref === '' ? 'this assessment' : `the assessment for case ${ref}`;
}

function pick(
	map: Readonly<Record<string, string>>,
	keys: ReadonlySet<string>
): Record<string, string> {
	return Object.fromEntries(Object.entries(map).filter(([key]) => keys.has(key)));
}
