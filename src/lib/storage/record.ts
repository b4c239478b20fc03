/**
 * The stored assessment: what one record in IndexedDB holds, validated with zod whenever it is
 * read (a record from an older schema or a corrupted one is never trusted as it is).
 *
 * Answers are the source of truth; the result is always recomputed from them under the rules
 * version the record pins. The wizard's position is stored with a version stamp and dropped if the
 * flow changed (falling back to the first incomplete step), never replayed blindly.
 */
import { z } from 'zod';
import type { PlanChoices } from '../domain/plan.ts';
import { PHASES } from '../domain/rules-schema.ts';

export const RECORD_SCHEMA_VERSION = 1;

export const STATUSES = ['draft', 'completed', 'signed'] as const;
export type AssessmentStatus = (typeof STATUSES)[number];

export const AGE_BANDS = ['under-1', '1-4', '5-10', '11-15', '16-17'] as const;
export const LEGAL_STATUSES = [
	'section-20',
	'interim-care-order',
	'care-order',
	'placement-order',
	'other'
] as const;

/** Case details: pseudonymous. No real names are needed or asked for. */
export const CaseDetailsSchema = z.object({
	caseRef: z.string(),
	ageBand: z.enum(AGE_BANDS).or(z.literal('')),
	legalStatus: z.enum(LEGAL_STATUSES).or(z.literal('')),
	assessmentDate: z.string(),
	assessorName: z.string(),
	assessorRole: z.string(),
	returningTo: z.string()
});
export type CaseDetails = z.infer<typeof CaseDetailsSchema>;

export const emptyCaseDetails = (today: string): CaseDetails => ({
	caseRef: '',
	ageBand: '',
	legalStatus: '',
	assessmentDate: today,
	assessorName: '',
	assessorRole: '',
	returningTo: ''
});

export const DecisionRecordSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('agree'), computedBand: z.string(), decidedAt: z.string() }),
	z.object({
		kind: z.literal('override'),
		computedBand: z.string(),
		band: z.string(),
		reason: z.string(),
		needsManagerApproval: z.boolean(),
		decidedAt: z.string()
	})
]);
export type DecisionRecord = z.infer<typeof DecisionRecordSchema>;

export const SignOffSchema = z.object({
	assessorName: z.string().min(1),
	date: z.string(),
	managerName: z.string().default(''),
	signedAt: z.string()
});
export type SignOff = z.infer<typeof SignOffSchema>;

const isoDateOrEmpty = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'a date as YYYY-MM-DD, or empty');
const weeks = z.number().int().min(1).max(520);
const weeklyCost = z.number().min(0).max(1_000_000);

/** The practitioner's choices for the support plan (see `domain/plan.ts`): edits, not a copy. */
export const PlanChoicesSchema = z.object({
	plannedReturnDate: isoDateOrEmpty,
	placement: z.string(),
	placementWeeklyCost: weeklyCost.nullable(),
	changes: z.record(
		z.string(),
		z.object({
			goal: z.string().optional(),
			owner: z.string().optional(),
			startDate: isoDateOrEmpty.optional(),
			weeks: weeks.optional(),
			weeklyCost: weeklyCost.optional()
		})
	),
	removed: z.record(z.string(), z.string()),
	added: z.array(
		z.object({
			id: z.string().min(1),
			name: z.string().min(1),
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
// The stored shape and the domain's type must not drift apart.
type _PlanChoicesMatch = [z.infer<typeof PlanChoicesSchema>] extends [PlanChoices]
	? [PlanChoices] extends [z.infer<typeof PlanChoicesSchema>]
		? true
		: never
	: never;
const _planChoicesMatch: _PlanChoicesMatch = true;
void _planChoicesMatch;

export const AssessmentRecordSchema = z.object({
	id: z.string().min(1),
	schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
	/** The rules this assessment was started with; it always reopens under them. */
	rules: z.object({ id: z.string(), version: z.string(), hash: z.string() }),
	caseDetails: CaseDetailsSchema,
	/** factor id → answer value */
	answers: z.record(z.string(), z.string()),
	/** factor id → the practitioner's evidence and notes for that rating */
	notes: z.record(z.string(), z.string()),
	/** Steps the user has been through (for the task list's "in progress"). */
	visited: z.array(z.string()).default([]),
	/** Where the user was, stamped with the flow version that wrote it. */
	position: z.object({ step: z.string(), flowVersion: z.string() }).nullable(),
	status: z.enum(STATUSES),
	/** The computed band when last saved (for the home list; always recomputed when opened). */
	band: z.string().nullable(),
	decision: DecisionRecordSchema.nullable(),
	/** Support plan choices. Records written before plans could be edited have none: the default. */
	planning: PlanChoicesSchema.default({
		plannedReturnDate: '',
		placement: '',
		placementWeeklyCost: null,
		changes: {},
		removed: {},
		added: []
	}),
	signOff: SignOffSchema.nullable(),
	/** The assessment this one reviews (a re-assessment pre-filled from it). */
	reviewOf: z.string().nullable(),
	/** The signed assessment this one is a new version of. */
	supersedes: z.string().nullable(),
	/** Set on a signed assessment once a new version of it exists. */
	supersededBy: z.string().nullable(),
	/** Increases on every write: lets another tab notice that this record changed under it. */
	revision: z.number().int().min(0),
	createdAt: z.string(),
	updatedAt: z.string()
});
export type AssessmentRecord = z.infer<typeof AssessmentRecordSchema>;

/** What the home list needs, without answers or notes. */
export interface AssessmentSummary {
	id: string;
	caseRef: string;
	status: AssessmentStatus;
	band: string | null;
	rulesVersion: string;
	updatedAt: string;
	reviewOf: string | null;
	supersedes: string | null;
	supersededBy: string | null;
}
