/**
 * One record's follow-up under the rules it pins, for the follow-up pages, the history and the
 * panel summary (its own module so that assessments.ts and follow-up.ts need not import each other).
 */
import type { Rules } from '../domain/compile.ts';
import { scheduleRulesOf, type FollowUpRules } from '../domain/follow-up-schedule.ts';
import { followUpView, type FollowUpView } from '../domain/follow-up-view.ts';
import { allRules } from '../rules-registry.ts';
import type { AssessmentRecord } from '../storage/record.ts';

/** The newest follow-up block of these rules' assessment (for rules without one, rules/CHANGELOG.md). */
function fallbackFollowUp(rules: Rules): FollowUpRules | null {
	const withBlock = allRules.filter(
		(r) => r.data.id === rules.data.id && r.data.followUp !== undefined
	);
	const newest = withBlock.at(-1);
	return newest ? scheduleRulesOf(newest.data).followUp : null;
}

/** The follow-up of a record under the rules it pins, on `on` (the history and summary use it). */
export function followUpOf(rules: Rules, record: AssessmentRecord, on: string): FollowUpView {
	return followUpView(rules, record, on, fallbackFollowUp(rules));
}
