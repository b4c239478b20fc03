/**
 * The first page's "due soon / overdue" list, from summary rows only (no record, no rules): its own
 * module so the list's chunk stays small.
 */
import {
	dueStatus,
	outcomeCheckOf,
	type DueStatus,
	type SummaryDueItem
} from '../domain/follow-up-schedule.ts';
import { today, type AppContext } from './context.ts';

/** One item on the home page's "due soon / overdue" list. */
export interface DueEntry {
	id: string;
	caseRef: string;
	item: SummaryDueItem;
	status: DueStatus;
}

/**
 * What is due soon or overdue across the assessments on this device, from their summary rows (no
 * record is loaded), the oldest due first; status worked out with today on this device.
 */
export async function dueList(ctx: AppContext): Promise<{ today: string; entries: DueEntry[] }> {
	const on = today(ctx);
	const entries: DueEntry[] = [];
	for (const s of await ctx.store.listDue())
		for (const item of s.due) {
			const status = dueStatus({ ...item, doneOn: null }, on);
			if (status === 'due-soon' || status === 'overdue')
				entries.push({ id: s.id, caseRef: s.caseRef, item, status });
		}
	entries.sort((a, b) =>
		a.item.due !== b.item.due
			? a.item.due < b.item.due
				? -1
				: 1
			: a.caseRef.localeCompare(b.caseRef)
	);
	return { today: on, entries };
}

/** Where a due item is recorded, under a case's follow-up page: its outcome, or its review. */
export function duePath(followUp: string, key: string): string {
	const check = outcomeCheckOf(key);
	return check !== null
		? `${followUp}/outcome?check=${encodeURIComponent(check)}`
		: `${followUp}/review?due=${encodeURIComponent(key)}`;
}
