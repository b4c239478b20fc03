/**
 * Use cases for the governance pages: a manager's approval or return, the reason for changes
 * made after completion, and the history of changes. Each loads the stored record under the rules
 * it pins and returns what the page shows.
 */
import { approvalReasonsOf, finalBand } from '../domain/assessment.ts';
import {
	unexplainedChanges,
	verifyTrail,
	type FieldChange,
	type TrailCheck
} from '../domain/audit.ts';
import type { Rules } from '../domain/compile.ts';
import { approvalState, type ApprovalState } from '../domain/governance.ts';
import {
	fieldLabel,
	printedTrail,
	valueLabel,
	type PrintedChange
} from '../domain/panel-summary.ts';
import { findRules, pinnedRules } from '../rules-registry.ts';
import type { AssessmentRecord } from '../storage/record.ts';
import type { ExplainInput, ManagerReviewInput } from '../storage/store-types.ts';
import type { AppContext } from './context.ts';
import type { FollowUpEntry } from '../domain/follow-up-view.ts';
import { followUpOf } from './follow-up-of.ts';
import { today } from './context.ts';

type Lookup = (id: string, version: string) => Rules | undefined;

export type LoadedGovernance =
	| {
			ok: true;
			record: AssessmentRecord;
			rules: Rules;
			/** Why the decision needs a manager (empty when it does not). */
			approvalReasons: string[];
			approval: ApprovalState;
			/** The final band's label, for the manager. */
			finalBand: string;
			scoredBand: string;
			/** Changes since completion with no reason yet, labelled for people. */
			unexplained: (FieldChange & { label: string; oldText: string; newText: string })[];
			/** Every entry of the history of changes, in words, oldest first. */
			history: PrintedChange[];
			/** What happened after the decision, in words, in the order it happened. */
			afterDecision: FollowUpEntry[];
			trail: TrailCheck;
			today: string;
	  }
	| { ok: false; message: string };

/** The record with what the approval, reason and history pages show, or why it cannot be shown. */
export async function loadGovernance(
	ctx: AppContext,
	id: string,
	lookup: Lookup = findRules
): Promise<LoadedGovernance> {
	const record = await ctx.store.get(id);
	if (!record)
		return {
			ok: false,
			message: 'There is no assessment with this link on this device. It may have been deleted.'
		};
	const rules = pinnedRules(record.rules, lookup);
	if (!rules)
		return {
			ok: false,
			message: `This assessment was made with rules ${record.rules.id} ${record.rules.version}, which this version of Homeward does not include, so it cannot be shown safely.`
		};
	const reasons = approvalReasonsOf(record.decision);
	const label = (band: string | null) =>
		rules.data.bands.find((b) => b.id === band)?.label ?? 'No band yet';
	return {
		ok: true,
		record,
		rules,
		approvalReasons: reasons,
		approval: approvalState(reasons.length > 0, record.status, record.managerReviews),
		finalBand: label(finalBand(record.decision, record.band)),
		scoredBand: label(record.band),
		unexplained: unexplainedChanges(record.audit, record).map((c) => ({
			...c,
			label: fieldLabel(rules, c.field),
			oldText: valueLabel(rules, c.field, c.old),
			newText: valueLabel(rules, c.field, c.new)
		})),
		history: printedTrail(rules, record.audit.trail),
		afterDecision: followUpOf(rules, record, today(ctx)).entries,
		trail: verifyTrail(record.audit.trail),
		today: today(ctx)
	};
}

/** Records a manager's approval or return. */
export function recordManagerReview(
	ctx: AppContext,
	id: string,
	input: ManagerReviewInput,
	revision: number
): Promise<AssessmentRecord> {
	return ctx.store.review(id, input, { expectedRevision: revision });
}

/** Gives the reason for the changes since completion. */
export function explainChanges(
	ctx: AppContext,
	id: string,
	input: ExplainInput,
	revision: number
): Promise<AssessmentRecord> {
	return ctx.store.explain(id, input, { expectedRevision: revision });
}
