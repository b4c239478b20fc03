/**
 * What a summary row says is next due after the decision, for the first page's "due soon /
 * overdue" list without loading records. Given to summaries.ts by the composition root
 * (`setDueOf(dueFor(scheduleFor))` in app/root.ts), so the first page's first load does not carry it.
 */
import {
	scheduleInputOf,
	summaryDue,
	type ScheduleRules,
	type SummaryDueItem
} from '../domain/follow-up-schedule.ts';
import type { AssessmentRecord } from './record.ts';

/** The schedule part of the rules an assessment pins (id, version), or null when unknown. */
export type ScheduleLookup = (id: string, version: string) => ScheduleRules | null;

/**
 * The next items still due for a signed assessment (or one whose child went home before any
 * decision), worked out as of its last change. Empty for a draft, a superseded assessment (its
 * newer version is followed up) and one whose rules `lookup` does not know.
 */
export const dueFor =
	(lookup: ScheduleLookup) =>
	(record: AssessmentRecord): SummaryDueItem[] => {
		const followed = record.status === 'signed' || record.followUp.returns.length > 0;
		if (!followed || record.supersededBy !== null) return [];
		const rules = lookup(record.rules.id, record.rules.version);
		if (rules === null) return [];
		return summaryDue(scheduleInputOf(record, rules), record.updatedAt.slice(0, 10));
	};
