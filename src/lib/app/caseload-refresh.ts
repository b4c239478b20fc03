/**
 * How a missing or stale caseload digest is worked out again: from its record, with the exact
 * rules the record pins and the engine (the chosen plan's weeks and costs), in the stored
 * encoding. Loaded by app/caseload.ts with `import()` only when some digest needs it, so the
 * caseload view does not load the full rules or the engine otherwise.
 */
import { encodeCaseloadEntry } from '../domain/caseload-codec.ts';
import { caseloadDigest } from '../domain/caseload-record.ts';
import { pinnedRules } from '../rules-registry.ts';
import type { AssessmentRecord } from '../storage/record.ts';

/** The stored digest of a record (domain/caseload-codec.ts). */
export const storedDigestOf = (record: AssessmentRecord): string =>
	encodeCaseloadEntry({
		caseRef: record.caseDetails.caseRef,
		reviewOf: record.reviewOf,
		supersedes: record.supersedes,
		digest: caseloadDigest(record, pinnedRules(record.rules))
	});
