/**
 * The summary row kept beside each record (the `summaries` table): what the home list shows,
 * without answers or notes, and the orders lists are shown in.
 */
import { z } from 'zod';
import { STATUSES } from '../domain/assessment.ts';
import type { AssessmentRecord, AssessmentSummary } from './record.ts';

export const AssessmentSummarySchema = z.object({
	id: z.string().min(1),
	caseRef: z.string(),
	status: z.enum(STATUSES),
	band: z.string().nullable(),
	rulesVersion: z.string(),
	updatedAt: z.string(),
	reviewOf: z.string().nullable(),
	supersedes: z.string().nullable(),
	supersededBy: z.string().nullable()
}) satisfies z.ZodType<AssessmentSummary>;

/** The fields the home list shows, taken from a validated record. */
export function toSummary(record: AssessmentRecord): AssessmentSummary {
	return {
		id: record.id,
		caseRef: record.caseDetails.caseRef,
		status: record.status,
		band: record.band,
		rulesVersion: record.rules.version,
		updatedAt: record.updatedAt,
		reviewOf: record.reviewOf,
		supersedes: record.supersedes,
		supersededBy: record.supersededBy
	};
}

export function byOldestStarted(a: AssessmentRecord, b: AssessmentRecord): number {
	if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function byMostRecent(a: AssessmentSummary, b: AssessmentSummary): number {
	if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
