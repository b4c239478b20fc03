/**
 * The practitioner's decision, recorded beside the computed band, never instead of it.
 * Professional judgement stays in charge: any band may be chosen, with a written reason; the rules
 * file says how long the reason must be and when a manager must approve the override.
 */
import * as z from 'zod/mini';
import { assess, type AssessmentResult, type AssessOptions } from './engine.ts';
import type { Answers } from './answers.ts';
import type { Rules } from './rules.ts';

export const DecisionSchema = z.discriminatedUnion('kind', [
	z.strictObject({ kind: z.literal('agree') }),
	z.strictObject({ kind: z.literal('override'), band: z.string(), reason: z.string() })
]);
export type Decision = z.infer<typeof DecisionSchema>;

export interface RecordedDecision {
	computedBand: string;
	finalBand: string;
	decision: Decision;
	/** Bands moved by the override: positive is towards readiness. */
	steps: number;
	/** True when the override needs a manager's approval under the rules file. */
	needsManagerApproval: boolean;
	/** Why approval is needed, as sentences. */
	approvalReasons: string[];
}

export type DecisionResult =
	| { ok: true; recorded: RecordedDecision }
	| { ok: false; field: 'band' | 'reason'; message: string };

/** Check a decision against the computed band and record both side by side. */
export function recordDecision(
	rules: Rules,
	computed: { band: string | null; hardStops: readonly unknown[] },
	decision: Decision
): DecisionResult {
	const bands = rules.data.bands;
	if (computed.band === null) {
		return {
			ok: false,
			field: 'band',
			message: 'Answer every required question before recording a decision.'
		};
	}
	const from = bands.findIndex((b) => b.id === computed.band);
	if (decision.kind === 'agree') {
		return {
			ok: true,
			recorded: {
				computedBand: computed.band,
				finalBand: computed.band,
				decision,
				steps: 0,
				needsManagerApproval: false,
				approvalReasons: []
			}
		};
	}
	const to = bands.findIndex((b) => b.id === decision.band);
	if (to < 0)
		return {
			ok: false,
			field: 'band',
			message: `Choose one of the bands: "${decision.band}" is not a band in these rules.`
		};
	if (to === from) {
		return {
			ok: false,
			field: 'band',
			message: 'Choose a different band to override, or agree with the recommended band.'
		};
	}
	const min = rules.data.decision.minReasonLength;
	if (decision.reason.trim().length < min) {
		return {
			ok: false,
			field: 'reason',
			message: `Explain why you are choosing a different band, in at least ${min} characters.`
		};
	}
	const steps = to - from;
	const approvalReasons: string[] = [];
	const limit = rules.data.decision.managerApprovalBeyondSteps;
	if (Math.abs(steps) > limit) {
		approvalReasons.push(
			`The override moves ${Math.abs(steps)} bands; more than ${limit} needs a manager's approval.`
		);
	}
	if (steps > 0 && computed.hardStops.length > 0) {
		approvalReasons.push(
			'The override raises the band despite a hard stop; this needs a manager\u2019s approval.'
		);
	}
	return {
		ok: true,
		recorded: {
			computedBand: computed.band,
			finalBand: decision.band,
			decision: { ...decision, reason: decision.reason.trim() },
			steps,
			needsManagerApproval: approvalReasons.length > 0,
			approvalReasons
		}
	};
}

/**
 * The result with its plan built for the practitioner's decided band, when an override stands for
 * the band these answers give (a "not safe" decision gets the work before a return, not a return
 * plan). The band itself is always the computed one.
 */
export function assessDecided(
	rules: Rules,
	answers: Answers,
	options: AssessOptions,
	decision: { kind: string; computedBand: string; band?: string } | null
): AssessmentResult {
	const result = assess(rules, answers, options);
	const stands = decisionStands(decision, result.band);
	if (stands?.kind !== 'override' || stands.band === undefined || stands.band === result.band)
		return result;
	return assess(rules, answers, { ...options, decidedBand: stands.band });
}

/** A decision is about the band it was made for: once the answers give another band, it no longer stands. */
export function decisionStands<D extends { computedBand: string }>(
	decision: D | null,
	band: string | null
): D | null {
	return decision && decision.computedBand === band ? decision : null;
}
