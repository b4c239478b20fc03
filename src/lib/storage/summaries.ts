/**
 * The summary row kept beside each record (the `summaries` table): what the home list shows,
 * without answers or notes, and the orders lists are shown in.
 */
import * as z from 'zod/mini';
import { STATUSES } from '../domain/lifecycle.ts';
import type { SummaryDueItem } from '../domain/follow-up-schedule.ts';
import type { AssessmentRecord, AssessmentSummary } from './record.ts';
import type { AssessmentList } from './store-types.ts';

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** What is next due after a decision for a record's summary row (see summary-due.ts). */
export type DueOf = (record: AssessmentRecord) => SummaryDueItem[];

let dueOf: DueOf = () => [];

/**
 * How summary rows work out what is due: set once by the composition root (app/root.ts) with
 * `dueFor` (summary-due.ts). Injected rather than imported so that this module, which the first
 * page loads for `plainRecentPage`, brings neither the schedule nor the rules' schedules with it;
 * the benchmarks and CLI run it without Vite. Until it is set, rows carry no due items.
 */
export function setDueOf(f: DueOf): void {
	dueOf = f;
}

export const AssessmentSummarySchema = z.object({
	id: z.string().check(z.minLength(1)),
	caseRef: z.string(),
	status: z.enum(STATUSES),
	band: z.nullable(z.string()),
	rulesVersion: z.string(),
	updatedAt: z.string(),
	reviewOf: z.nullable(z.string()),
	supersedes: z.nullable(z.string()),
	supersededBy: z.nullable(z.string()),
	/** The next follow-up items still to do (see `setDueOf`); rows written before version 4 have none. */
	due: z._default(
		z.array(
			z.object({
				key: z.string(),
				kind: z.enum(['review', 'reassessment', 'outcome']),
				label: z.string(),
				due: isoDate,
				dueSoonFrom: isoDate
			})
		),
		() => []
	)
}) satisfies z.ZodMiniType<AssessmentSummary>;

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
		supersededBy: record.supersededBy,
		due: dueOf(record)
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

/**
 * The recent page in the plain case, the one both the store's fast path and the first page's
 * direct read (first-page.ts) may answer alone: as many summaries as records, and every row read
 * a valid summary. Null otherwise: the store's full check must run (it finds damaged records and
 * records without a summary). `present` says which of the rows' records exist.
 */
export async function plainRecentPage(
	recordCount: number,
	summaryCount: number,
	rows: readonly unknown[],
	present: (ids: string[]) => Promise<number>
): Promise<AssessmentList | null> {
	if (recordCount !== summaryCount) return null;
	const items: AssessmentSummary[] = [];
	for (const row of rows) {
		const parsed = AssessmentSummarySchema.safeParse(row);
		if (!parsed.success) return null;
		items.push(parsed.data);
	}
	const ids = items.map((i) => i.id);
	if ((await present(ids)) !== ids.length) return null;
	items.sort(byMostRecent);
	return { items, corrupt: [], total: recordCount };
}
