/**
 * What would change the band: the smallest set of one-step improvements to the answers that would
 * move the computed band up by one (or more). Pure and deterministic, like the engine.
 *
 * A step is one of:
 * - "improve": a rated answer moves one option up its scale (serious → moderate concern, …);
 * - "gather": a "not known" answer is found out and turns out good enough, i.e. the scale's neutral
 *   point (the option scored 0: "adequate", "no", "no longer affects the child's care"). Gathering
 *   evidence is its own kind of step because "not known" sits outside the order: finding out is
 *   work, and what it finds may be a concern, so the goal says "at least good enough".
 * Facts (unordered answers such as "a previous return broke down") and case facts never change.
 *
 * The search tries sets of size 1, 2, … up to `MAX_STEPS`, so the first set found is minimal. It
 * only tries sets that touch every hard stop and cap holding the band below the target (a condition
 * can only stop holding when one of the answers behind it changes), and it stops after
 * `MAX_EVALUATIONS` scorings, saying so, so it is fast enough to run on every result.
 */
import { answerState, type Answers } from './answers.ts';
import { assess, type AssessmentResult, type AssessOptions } from './engine.ts';
import type { Rules } from './rules.ts';

export const MAX_STEPS = 3;
export const MAX_EVALUATIONS = 1500;

export interface ChangeStep {
	kind: 'improve' | 'gather';
	factor: string;
	label: string;
	from: string;
	fromLabel: string;
	to: string;
	toLabel: string;
}

export interface WhatWouldChange {
	/** The computed band now, and the next band up (null when already at the top). */
	from: string;
	to: string | null;
	/** The smallest set found, in file order; null when none within `maxSteps` (or the budget) works. */
	steps: ChangeStep[] | null;
	/** Why there are no steps, as a sentence; null when there are. */
	note: string | null;
	maxSteps: number;
	/** Scorings tried; `exhausted` when the budget ran out before every set was tried. */
	evaluations: number;
	exhausted: boolean;
}

/** Every one-step move the answers allow, in file order (visible, answered, ordered factors). */
export function oneStepMoves(rules: Rules, answers: Answers, facts?: AssessOptions['facts']) {
	const { effective } = answerState(rules, answers, facts);
	const moves: ChangeStep[] = [];
	for (const id of rules.order) {
		const info = rules.factors.get(id);
		const value = effective.get(id);
		if (!info || value === undefined || !info.scale.ordered) continue;
		const options = info.scale.options;
		const at = options.findIndex((o) => o.value === value);
		const base = { factor: id, label: info.factor.label, from: value };
		if (at >= 0 && at < options.length - 1) {
			const next = options[at + 1];
			const now = options[at];
			if (next && now)
				moves.push({
					...base,
					kind: 'improve',
					fromLabel: now.label,
					to: next.value,
					toLabel: next.label
				});
		} else if (at < 0) {
			const neutral = info.scale.neutral.find((o) => o.value === value);
			// Good enough: the option scored 0, or the least concerning one if none is.
			const target = options.find((o) => o.score === 0) ?? options[options.length - 1];
			if (neutral && target)
				moves.push({
					...base,
					kind: 'gather',
					fromLabel: neutral.label,
					to: target.value,
					toLabel: target.label
				});
		}
	}
	return moves;
}

/** The answers with the steps applied. */
export function applySteps(answers: Answers, steps: readonly ChangeStep[]): Answers {
	const out: Record<string, string> = { ...answers };
	for (const s of steps) out[s.factor] = s.to;
	return out;
}

/** The factors behind everything that holds the band below `target`: each must see a change. */
function blockers(rules: Rules, result: AssessmentResult, target: number): string[][] {
	const bandAt = (id: string) => rules.data.bands.findIndex((b) => b.id === id);
	const out: string[][] = [];
	for (const h of result.hardStops) out.push(h.because.filter((e) => !e.fact).map((e) => e.factor));
	for (const c of result.explanation.conditionalCaps ?? [])
		if (bandAt(c.maxBand) < target) out.push(c.because.filter((e) => !e.fact).map((e) => e.factor));
	for (const j of result.judgements) {
		if (j.maxBand === null || bandAt(j.maxBand) >= target) continue;
		const domains = rules.data.judgements.find((x) => x.id === j.id)?.domains ?? [];
		out.push(
			result.domains
				.filter((d) => domains.includes(d.id))
				.flatMap((d) => [...d.concerns, ...d.unknowns, ...d.strengths].map((e) => e.factor))
		);
	}
	const ev = result.explanation.evidence;
	if (ev?.capped && rules.data.evidence && bandAt(rules.data.evidence.maxBand) < target)
		out.push(result.domains.flatMap((d) => d.unknowns.map((e) => e.factor)));
	return out;
}

/**
 * The smallest set of one-step changes to the answers that would raise the computed band by at
 * least one. `options` are the engine's options (facts, today); the decided band plays no part.
 */
export function whatWouldChange(
	rules: Rules,
	answers: Answers,
	options: AssessOptions,
	limits: { maxSteps?: number; maxEvaluations?: number } = {}
): WhatWouldChange {
	const maxSteps = limits.maxSteps ?? MAX_STEPS;
	const budget = limits.maxEvaluations ?? MAX_EVALUATIONS;
	const opts: AssessOptions = { ...options, decidedBand: undefined };
	const bands = rules.data.bands;
	const now = assess(rules, answers, opts);
	const from = now.band ?? now.explanation.provisionalBand;
	const fromAt = bands.findIndex((b) => b.id === from);
	const next = bands[fromAt + 1];
	const base = { from, maxSteps, evaluations: 0, exhausted: false };
	if (!next) return { ...base, to: null, steps: null, note: 'This is already the top band.' };
	const target = fromAt + 1;

	const must = blockers(rules, now, target);
	const moves = oneStepMoves(rules, answers, options.facts);
	// A move can matter only if it touches a blocker or counts in the score.
	const inBlocker = new Set(must.flat());
	const candidates = moves.filter(
		(m) => inBlocker.has(m.factor) || (rules.factors.get(m.factor)?.factor.weight ?? 0) > 0
	);
	const mustSets = must.map((ids) => new Set(ids));
	const movable = new Set(candidates.map((m) => m.factor));
	if (mustSets.some((ids) => ![...ids].some((id) => movable.has(id))))
		return {
			...base,
			to: next.id,
			steps: null,
			note: 'Something holding the band down rests only on facts of the case (such as withdrawn consent or a previous breakdown), which no change to the ratings can alter.'
		};

	let evaluations = 0;
	const works = (set: ChangeStep[]) => {
		evaluations++;
		const r = assess(rules, applySteps(answers, set), opts);
		return bands.findIndex((b) => b.id === (r.band ?? r.explanation.provisionalBand)) >= target;
	};
	const covers = (set: ChangeStep[]) => mustSets.every((ids) => set.some((m) => ids.has(m.factor)));

	const chosen: ChangeStep[] = [];
	let found: ChangeStep[] | null = null;
	let exhausted = false;
	const search = (start: number, size: number): boolean => {
		if (chosen.length === size) {
			if (!covers(chosen)) return false;
			if (evaluations >= budget) {
				exhausted = true;
				return true;
			}
			if (works(chosen)) {
				found = [...chosen];
				return true;
			}
			return false;
		}
		for (let i = start; i <= candidates.length - (size - chosen.length); i++) {
			chosen.push(candidates[i] as ChangeStep);
			const stop = search(i + 1, size);
			chosen.pop();
			if (stop) return true;
		}
		return false;
	};
	for (let size = 1; size <= maxSteps && !found && !exhausted; size++) search(0, size);
	const steps = found as ChangeStep[] | null;
	return {
		from,
		to: next.id,
		steps,
		note:
			steps !== null
				? null
				: exhausted
					? `The search stopped after ${budget} tries without finding a small enough set of changes: more than ${maxSteps} things must change.`
					: `No set of up to ${maxSteps} one-step changes would move the band up: more must change than that.`,
		maxSteps,
		evaluations,
		exhausted
	};
}
