/** The shapes the assessment store takes and returns (see assessments.ts). */
import type {
	AssessmentStatus,
	CaseDetails,
	DecisionRecord,
	ReviewCopy
} from '../domain/assessment.ts';
import type { ManagerReview, PracticeRecord } from '../domain/governance.ts';
import type { PlanChoices } from '../domain/plan.ts';
import type { AssessmentRecord, AssessmentSummary } from './record.ts';

/** The rules version a record is pinned to. */
export type RulesPin = AssessmentRecord['rules'];

export interface NewAssessment {
	rules: RulesPin;
	caseDetails: CaseDetails;
	answers?: Record<string, string>;
	notes?: Record<string, string>;
	planning?: PlanChoices;
	practice?: PracticeRecord;
	reviewCopy?: ReviewCopy | null;
	reviewOf?: string | null;
	supersedes?: string | null;
}

/**
 * The fields a page may change. `caseDetails` is merged field by field; `answers`, `notes` and
 * `visited` replace what was stored. Signing goes through `sign`, never through a patch.
 */
export interface AssessmentPatch {
	caseDetails?: Partial<CaseDetails>;
	answers?: Record<string, string>;
	notes?: Record<string, string>;
	visited?: string[];
	position?: AssessmentRecord['position'];
	status?: Exclude<AssessmentStatus, 'signed' | 'awaiting-approval'>;
	band?: string | null;
	decision?: DecisionRecord | null;
	planning?: PlanChoices;
	practice?: PracticeRecord;
	reviewCopy?: ReviewCopy | null;
}

export interface WriteOptions {
	/** The revision the caller last saw; the write is refused with 'conflict' if it has moved on. */
	expectedRevision?: number;
}

export interface ReviewOptions {
	/** The rules the review is made under (usually the newest). */
	rules: RulesPin;
	/** The factor ids those rules have; answers and notes for any other factor are dropped. */
	factorIds: ReadonlySet<string>;
	/** The review's assessment date (YYYY-MM-DD). */
	today: string;
}

export interface SignOffInput {
	assessorName: string;
	date: string;
	managerName: string;
	/** The assessor confirmed the declaration. */
	declaration: boolean;
}

/** A manager's approval or return, as the approval page gives it. */
export type ManagerReviewInput = Omit<ManagerReview, 'recordedAt'>;

/** Why the changes since completion were made, and who made them. */
export interface ExplainInput {
	who: string;
	reason: string;
}

/** A stored record that failed validation: listed so the user knows it exists, never dropped. */
export interface CorruptRecord {
	id: string;
	/** The case reference, if that much of the record could be read. */
	caseRef: string | null;
	/** A sentence for the user, naming the case where possible. */
	message: string;
}

export interface AssessmentList {
	/** Readable assessments, most recently changed first. */
	items: AssessmentSummary[];
	/** Records that could not be read; the home page should say so rather than hide them. */
	corrupt: CorruptRecord[];
	/** How many assessments are stored in all (readable or not). */
	total: number;
}

/** What an export can hold: the readable records, and what had to be left out and why. */
export interface ExportSelection {
	/** Readable assessments, oldest first (by when they were started). */
	records: AssessmentRecord[];
	/** Stored records that failed validation: they cannot be exported, and the page must say so. */
	corrupt: CorruptRecord[];
	/** Ids asked for that are not stored (deleted in another tab, or a stale link). */
	missing: string[];
}

/** How many assessments are stored, by status (for the data page and the removal warning). */
export interface StoredCounts {
	total: number;
	draft: number;
	completed: number;
	'awaiting-approval': number;
	signed: number;
	/** Records that could not be read (counted in `total`, not in any status). */
	corrupt: number;
}

export type Edit = (record: AssessmentRecord, now: string) => AssessmentRecord;

/** One stored assessment's caseload digest as stored, unchecked (see domain/caseload-codec.ts). */
export interface CaseloadRow {
	id: string;
	digest: unknown;
}

export interface CaseloadRows {
	/** The digests of stored records (a digest whose record is gone is left out). */
	rows: CaseloadRow[];
	/** Records with no digest: written since the caseload was last shown (or never shown). */
	missing: string[];
}
