/**
 * The panel summary of one stored assessment: everything the printed summary shows, worked out
 * from the record and the rules it pins. Plain TypeScript (no Svelte, no DOM, no storage calls),
 * so what the panel reads is unit-tested like the engine.
 */
import { answerState, factsFromCase } from './answers.ts';
import type { Rules } from './compile.ts';
import { assessDecided, decisionStands } from './decision.ts';
import type { AssessmentResult } from './engine.ts';
import { whatWouldChange, type WhatWouldChange } from './what-would-change.ts';
import { assessOptionsFrom, choosePlan, type ChosenPlan } from './plan.ts';
import {
	approvalReasonsOf,
	finalBand,
	type Assessment,
	type DecisionRecord
} from './assessment.ts';

export interface AppliedAnswer {
	factor: string;
	label: string;
	question: string;
	answer: string;
	note: string;
}

export interface PanelSummary {
	result: AssessmentResult;
	plan: ChosenPlan;
	/** The smallest set of changes to the answers that would move the band up. */
	change: WhatWouldChange | null;
	/** The decision, if it is about the band the answers now give (a stale one is not shown). */
	decision: DecisionRecord | null;
	scoredBand: { id: string; label: string } | null;
	finalBand: { id: string; label: string } | null;
	/** Why the decision needs a manager's approval, as sentences (empty when it does not). */
	approvalReasons: string[];
	signed: boolean;
	/** Only the questions that applied, by section, with answers and evidence notes. */
	applied: { domain: string; title: string; answers: AppliedAnswer[] }[];
}

/** Everything the printed panel summary shows, from an assessment and the rules it pins. */
export function panelSummary(rules: Rules, record: Assessment): PanelSummary {
	const assessmentDate = record.caseDetails.assessmentDate;
	const facts = factsFromCase(record.caseDetails);
	const result = assessDecided(
		rules,
		record.answers,
		{ today: assessmentDate, facts, ...assessOptionsFrom(record.planning) },
		record.decision
	);
	const plan = choosePlan(rules, result, record.planning, assessmentDate);
	const decision = decisionStands(record.decision, result.band);
	const band = (id: string | null) => {
		const b = rules.data.bands.find((x) => x.id === id);
		return b ? { id: b.id, label: b.label } : null;
	};
	const { visible } = answerState(rules, record.answers, facts);
	const applied = rules.data.domains
		.map((d) => ({
			domain: d.id,
			title: d.title,
			answers: d.factors
				.filter((f) => visible.has(f.id))
				.map((f) => {
					const info = rules.factors.get(f.id);
					const value = record.answers[f.id];
					const option = info
						? [...info.scale.options, ...info.scale.neutral].find((o) => o.value === value)
						: undefined;
					return {
						factor: f.id,
						label: f.label,
						question: f.question,
						answer: value === undefined ? 'Not answered' : (option?.label ?? value),
						note: record.notes[f.id] ?? ''
					};
				})
		}))
		.filter((d) => d.answers.length > 0);
	return {
		result,
		plan,
		change:
			result.band === null
				? null
				: whatWouldChange(rules, record.answers, {
						today: assessmentDate,
						facts
					}),
		decision,
		scoredBand: band(result.band),
		finalBand: band(finalBand(decision, result.band)),
		approvalReasons: approvalReasonsOf(decision),
		signed: record.status === 'signed',
		applied
	};
}
