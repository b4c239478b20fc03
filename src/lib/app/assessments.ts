/**
 * Use cases for one assessment: start one, start a review, open one in the wizard, make a new
 * version, load its panel summary. Each takes the app context (`{ store, clock, newId }`) and
 * returns what the page shows, so pages make one call and render the result.
 */
import { emptyCaseDetails, type CaseDetails } from '../domain/assessment.ts';
import { emptyPracticeRecord, type PracticeRecord } from '../domain/governance.ts';
import type { Rules } from '../domain/compile.ts';
import { compareResults, type ResultComparison } from '../domain/compare.ts';
import type { AssessmentResult } from '../domain/engine.ts';
import { panelSummary, type PanelSummary } from '../domain/panel-summary.ts';
import { currentRules, findRules, pinnedRules } from '../rules-registry.ts';
import { AssessmentSession } from './session.svelte.ts';
import type { AssessmentRecord, AssessmentSummary } from '../storage/record.ts';
import { today, type AppContext } from './context.ts';
import type { FollowUpView } from '../domain/follow-up-view.ts';
import { followUpOf } from './follow-up-of.ts';
import { validateCaseDetails } from '../flow/validation.ts';

type Lookup = (id: string, version: string) => Rules | undefined;

/** The rules a new assessment or review is made under: the newest active ones in this build. */
const pinOf = (rules: Rules) => ({
	id: rules.data.id,
	version: rules.data.version,
	hash: rules.hash
});

/** Starts a new, empty draft under the current rules, dated today. */
export function startAssessment(
	ctx: AppContext,
	rules: Rules = currentRules
): Promise<AssessmentRecord> {
	return ctx.store.create({ rules: pinOf(rules), caseDetails: emptyCaseDetails(today(ctx)) });
}

/** Empty case details dated today, for the new-assessment page (nothing is stored yet). */
export function newCaseDetails(ctx: AppContext): CaseDetails {
	return emptyCaseDetails(today(ctx));
}

/**
 * Creates the record of a new assessment from its first saved case details, so an abandoned start
 * leaves no empty draft behind. Refuses details the case details step would refuse.
 */
export function createAssessment(
	ctx: AppContext,
	caseDetails: CaseDetails,
	practice: Partial<PracticeRecord> = {},
	rules: Rules = currentRules
): Promise<AssessmentRecord> {
	const errors = validateCaseDetails(caseDetails, today(ctx));
	if (errors.length > 0)
		return Promise.reject(
			new Error(
				`These case details cannot be saved yet: ${errors.map((e) => e.message).join('; ')}.`
			)
		);
	return ctx.store.create({
		rules: pinOf(rules),
		caseDetails: { ...caseDetails },
		practice: { ...emptyPracticeRecord(), ...practice }
	});
}

/** Starts a review of assessment `id`: a new draft under the current rules, pre-filled from it. */
export function startReview(
	ctx: AppContext,
	id: string,
	rules: Rules = currentRules
): Promise<AssessmentRecord> {
	return ctx.store.startReview(id, {
		rules: pinOf(rules),
		factorIds: new Set(rules.order),
		today: today(ctx)
	});
}

/** The result of an earlier assessment, for a review's comparison. */
export interface EarlierResult {
	record: AssessmentRecord;
	result: AssessmentResult;
	date: string;
}

/**
 * The assessment a review reviews, scored under its own pinned rules; null when there is none, it
 * is no longer on this device, or its rules are not in this build (then there is simply no
 * comparison).
 */
export async function earlierResult(
	ctx: AppContext,
	reviewOf: string | null,
	lookup: Lookup = findRules
): Promise<EarlierResult | null> {
	if (reviewOf === null) return null;
	const before = await ctx.store.get(reviewOf).catch(() => null);
	const rules = before && pinnedRules(before.rules, lookup);
	if (!before || !rules) return null;
	return {
		record: before,
		result: panelSummary(rules, before).result,
		date: before.caseDetails.assessmentDate
	};
}

export interface OpenedAssessment {
	session: AssessmentSession;
	/** Every version of this assessment, oldest first. */
	history: AssessmentSummary[];
	/** For a review: the earlier assessment's result. */
	earlier: EarlierResult | null;
}

/** Opens an assessment in the wizard under the exact rules it pins, with its versions and, for a review, the earlier result. */
export async function openAssessment(
	ctx: AppContext,
	id: string,
	lookup: Lookup = findRules
): Promise<OpenedAssessment> {
	const session = await AssessmentSession.open(ctx.store, id, today(ctx), lookup, ctx);
	try {
		const history = await ctx.store.history(session.id);
		const earlier = await earlierResult(ctx, session.record.reviewOf, lookup);
		return { session, history, earlier };
	} catch (e) {
		session.close();
		throw e;
	}
}

/** Starts a new version of a signed assessment; returns the new draft. */
export function newVersion(ctx: AppContext, id: string): Promise<AssessmentRecord> {
	return ctx.store.newVersion(id);
}

export type LoadedSummary =
	| {
			ok: true;
			record: AssessmentRecord;
			rules: Rules;
			summary: PanelSummary;
			/** For a review: the earlier assessment and the change since then. */
			earlier: { record: AssessmentRecord; comparison: ResultComparison } | null;
			/** The date printed on the summary: today on this device. */
			printedOn: string;
			/** What happened after the decision (the return, support, reviews, outcomes). */
			afterDecision: FollowUpView;
	  }
	| { ok: false; message: string };

/** The panel summary of assessment `id`, with the review comparison, or why it cannot be shown. */
export async function loadPanelSummary(
	ctx: AppContext,
	id: string,
	lookup: Lookup = findRules
): Promise<LoadedSummary> {
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
			message: `This assessment was made with rules ${record.rules.id} ${record.rules.version}, which this version of Homeward does not include, so its summary cannot be shown safely.`
		};
	const summary = panelSummary(rules, record);
	const before = await earlierResult(ctx, record.reviewOf, lookup);
	return {
		ok: true,
		record,
		rules,
		summary,
		earlier: before && {
			record: before.record,
			comparison: compareResults(before.result, summary.result)
		},
		printedOn: today(ctx),
		afterDecision: followUpOf(rules, record, today(ctx))
	};
}
