/**
 * The stored assessment: the persistence envelope (id, schema version, rules pin, wizard position,
 * links, revision, timestamps) around what an assessment is (`domain/assessment.ts`), validated
 * with zod whenever it is read (a record from an older schema or a corrupted one is never trusted
 * as it is).
 *
 * Answers are the source of truth; the result is always recomputed from them under the rules
 * version the record pins. The wizard's position is stored with a version stamp and dropped if the
 * flow changed (falling back to the first incomplete step), never replayed blindly.
 */
import * as z from 'zod/mini';
import { AuditSchema, emptyAudit, startTrailOnUpgrade } from '../domain/audit.ts';
import { emptyFollowUp, FollowUpSchema } from '../domain/follow-up.ts';
import type { SummaryDueItem } from '../domain/follow-up-schedule.ts';
import {
	emptyPracticeRecord,
	ManagerReviewSchema,
	PracticeRecordSchema
} from '../domain/governance.ts';
import {
	CaseDetailsSchema,
	DecisionRecordSchema,
	PlanChoicesSchema,
	ReviewCopySchema,
	SignOffSchema,
	STATUSES,
	type Assessment,
	type AssessmentStatus
} from '../domain/assessment.ts';

/**
 * 2 added the practitioner's record, managers' reviews and the audit trail; 3 added what happened
 * after the decision (`followUp`). An older record (from the database before its upgrade, or from
 * an older export file) is read as the current version by `upgradeRecord`, so every reader sees
 * one shape. An older Homeward refuses a version 3 record rather than silently dropping its
 * follow-up (see transfer/format.ts).
 */
export const RECORD_SCHEMA_VERSION = 3;

const RecordSchema = z.object({
	id: z.string().check(z.minLength(1)),
	schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
	/** The rules this assessment was started with; it always reopens under them. */
	rules: z.object({ id: z.string(), version: z.string(), hash: z.string() }),
	caseDetails: CaseDetailsSchema,
	/** factor id → answer value */
	answers: z.record(z.string(), z.string()),
	/** factor id → the practitioner's evidence and notes for that rating */
	notes: z.record(z.string(), z.string()),
	/** Steps the user has been through (for the task list's "in progress"). */
	visited: z._default(z.array(z.string()), []),
	/** Where the user was, stamped with the flow version that wrote it. */
	position: z.nullable(z.object({ step: z.string(), flowVersion: z.string() })),
	status: z.enum(STATUSES),
	/** The computed band when last saved (for the home list; always recomputed when opened). */
	band: z.nullable(z.string()),
	decision: z.nullable(DecisionRecordSchema),
	/** Support plan choices. Records written before plans could be edited have none: the default. */
	planning: z._default(PlanChoicesSchema, {
		plannedReturnDate: '',
		placement: '',
		placementWeeklyCost: null,
		changes: {},
		removed: {},
		added: []
	}),
	signOff: z.nullable(SignOffSchema),
	/** The analysis, the child's and parents' views and the contingency plan. */
	practice: z._default(PracticeRecordSchema, emptyPracticeRecord),
	/** Every manager's approval or return, oldest first. */
	managerReviews: z._default(z.array(ManagerReviewSchema), []),
	/** Changes after first completion, hash-chained (see domain/audit.ts). */
	audit: z._default(AuditSchema, emptyAudit),
	/** On a review: where its content came from and what has been checked (domain/review.ts). */
	reviewCopy: z._default(z.nullable(ReviewCopySchema), null),
	/**
	 * After the decision: the return, support provided, reviews and outcomes (domain/follow-up.ts).
	 * The only part of a signed record that still changes, and only by new events.
	 */
	followUp: z._default(FollowUpSchema, emptyFollowUp),
	/** The assessment this one reviews (a re-assessment pre-filled from it). */
	reviewOf: z.nullable(z.string()),
	/** The signed assessment this one is a new version of. */
	supersedes: z.nullable(z.string()),
	/** Set on a signed assessment once a new version of it exists. */
	supersededBy: z.nullable(z.string()),
	/** Increases on every write: lets another tab notice that this record changed under it. */
	revision: z.int().check(z.minimum(0)),
	createdAt: z.string(),
	updatedAt: z.string()
});

/**
 * An older record rewritten as the current version, its new fields empty (a version 2 record has
 * no follow-up yet). A version 1 record already completed or signed also gets a trail that starts
 * now and says earlier changes were not recorded (never a pretence that there were none).
 * Anything else is passed through for the schema to judge.
 */
export function upgradeRecord(raw: unknown): unknown {
	if (typeof raw !== 'object' || raw === null) return raw;
	const version = (raw as { schemaVersion?: unknown }).schemaVersion;
	if (version !== 1 && version !== 2) return raw;
	const candidate = { ...raw, schemaVersion: RECORD_SCHEMA_VERSION };
	if (version === 2) return { ...candidate, followUp: emptyFollowUp() };
	const parsed = RecordSchema.safeParse(candidate);
	return parsed.success ? startTrailOnUpgrade(parsed.data) : candidate;
}

/** A stored record, of this version or upgraded from an older one. */
export const AssessmentRecordSchema = z.pipe(z.transform(upgradeRecord), RecordSchema);
export type AssessmentRecord = z.infer<typeof RecordSchema>;
// A stored record is an assessment: the domain's functions take it as it is.
const _isAssessment: AssessmentRecord extends Assessment ? true : never = true;
void _isAssessment;

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
	/** The next follow-up items still to do, oldest due first (summaries.ts `dueOf`). */
	due: SummaryDueItem[];
}
