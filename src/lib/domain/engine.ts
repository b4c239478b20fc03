/**
 * The assessment engine: answers + rules → an explainable result. Pure and deterministic: no clock
 * reads (dates come in through `options`), no I/O. Every figure in the result can be traced back to
 * the answers and the rule that produced it.
 *
 * How the band is reached, in order:
 * 1. Each domain's score is the weighted mean of its rated answers (neutral answers such as
 *    "not known", unscored facts and hidden questions do not count).
 * 2. The overall score is the weighted mean of domain scores; the band whose range holds it is the
 *    band by score.
 * 3. Each judgement (risk, family time, safety…) takes the weighted mean of its domains' scores and
 *    lands on a level; a cap on that level can hold the band down. The band is the lowest of these.
 * 4. Any hard stop forces the least-ready band.
 * 5. Until every required question that applies is answered, the band is null.
 */
import { isFactKey, holdsBecause, reasons, holds } from './conditions.ts';
import { type Answers, answerContext } from './answers.ts';
import { describeEvidence, evidenceFor, factEvidence } from './evidence.ts';
import { buildPlan, compareCosts, reviewDates, usesPlanBands } from './recommend.ts';
import type { Rules } from './rules.ts';
import type {
	AssessmentResult,
	AssessOptions,
	ConditionalCapResult,
	DomainResult,
	Evidence,
	HardStopResult,
	JudgementResult,
	ReviewDate
} from './result.ts';

export type * from './result.ts';
export { extremeAnswers } from './answers.ts';

function weightedMean(items: { value: number; weight: number }[]): number | null {
	let sum = 0;
	let weights = 0;
	for (const { value, weight } of items) {
		sum += value * weight;
		weights += weight;
	}
	return weights > 0 ? sum / weights : null;
}

function inRange(score: number, r: { from?: number | undefined; below?: number | undefined }) {
	return (r.from === undefined || score >= r.from) && (r.below === undefined || score < r.below);
}

const fmt = (n: number) => (Math.round(n * 100) / 100).toString();

/** Score answers against rules. Answers should have passed `checkAnswers`; unknown ids are ignored. */
export function assess(rules: Rules, answers: Answers, options: AssessOptions): AssessmentResult {
	const { data } = rules;
	// One map for the answers that count and the case facts (factor ids and fact keys never collide).
	const { visible, context } = answerContext(rules, answers, options.facts);
	const effective = context;

	const evidenceOf = (factorId: string): Evidence | null => {
		if (isFactKey(factorId)) return factEvidence(rules, factorId, context.get(factorId));
		const info = rules.factors.get(factorId);
		const value = effective.get(factorId);
		if (!info || value === undefined) return null;
		return evidenceFor(info, value);
	};

	const missing: string[] = [];
	// Scored questions that apply (weight above 0) with a rating, and with "not known".
	let scoredRated = 0;
	let scoredUnknown = 0;
	const domains: DomainResult[] = data.domains.map((domain) => {
		const result: DomainResult = {
			id: domain.id,
			title: domain.title,
			weight: domain.weight,
			score: null,
			applicable: 0,
			answered: 0,
			strengths: [],
			concerns: [],
			unknowns: [],
			missing: [],
			coverage: { rated: 0, of: 0 }
		};
		// The weighted mean's sums, kept as they go (the same order of operations as weightedMean).
		let sum = 0;
		let weights = 0;
		for (const factor of domain.factors) {
			if (!visible.has(factor.id)) continue;
			result.applicable++;
			const info = rules.factors.get(factor.id);
			if (info?.scale.ordered) result.coverage.of++;
			const value = effective.get(factor.id);
			const ev = info && value !== undefined ? evidenceFor(info, value) : null;
			if (!ev) {
				if (factor.required) {
					result.missing.push(factor.id);
					missing.push(factor.id);
				}
				continue;
			}
			result.answered++;
			if (info?.scale.ordered && ev.score === null) {
				result.unknowns.push(ev);
				if (factor.weight > 0) scoredUnknown++;
			}
			if (ev.score === null) continue;
			result.coverage.rated++;
			if (factor.weight > 0) scoredRated++;
			if (factor.weight > 0) {
				sum += ev.score * factor.weight;
				weights += factor.weight;
			}
			// Strengths and concerns are relative to the scale's own neutral point (0): a "no" on a
			// safety check is reassuring but not a strength.
			if (ev.score > 0) result.strengths.push(ev);
			if (ev.score < 0) result.concerns.push(ev);
		}
		result.score = weights > 0 ? sum / weights : null;
		return result;
	});

	const domainScore = new Map(domains.map((d) => [d.id, d]));
	const overallScore = weightedMean(
		domains
			.filter((d) => d.score !== null)
			.map((d) => ({ value: d.score as number, weight: d.weight }))
	);

	const bands = data.bands;
	const least = bands[0];
	if (!least) throw new Error('rules have no bands');
	const bandIndex = new Map(bands.map((b, i) => [b.id, i]));
	const scoreBand =
		overallScore === null ? least : (bands.find((b) => inRange(overallScore, b)) ?? least);
	const steps: string[] = [];
	if (overallScore === null) {
		steps.push(`No rated answers yet, so the band by score is the least ready, "${least.label}".`);
	} else {
		steps.push(
			`The overall score is ${fmt(overallScore)} (the weighted average of ${domains.filter((d) => d.score !== null).length} section scores), in the range of "${scoreBand.label}"` +
				`${scoreBand.from !== undefined ? ` (from ${scoreBand.from}` : ' (below'}${scoreBand.below !== undefined ? `${scoreBand.from !== undefined ? ' to below ' : ' '}${scoreBand.below})` : ' upwards)'}.`
		);
	}

	let bandAt = bandIndex.get(scoreBand.id) ?? 0;
	const capsApplied: AssessmentResult['explanation']['caps'] = [];
	const judgements: JudgementResult[] = data.judgements.map((j) => {
		let sum = 0;
		let weights = 0;
		for (const id of j.domains) {
			const d = domainScore.get(id);
			if (d === undefined || d.score === null) continue;
			sum += d.score * d.weight;
			weights += d.weight;
		}
		const score = weights > 0 ? sum / weights : null;
		// With nothing rated, a judgement cannot be reassuring: it takes its least ready level.
		const level =
			(score === null ? j.levels[0] : j.levels.find((l) => inRange(score, l))) ?? j.levels[0];
		const cap = data.caps.find((c) => c.judgement === j.id && c.level === level?.id);
		const result: JudgementResult = {
			id: j.id,
			label: j.label,
			score,
			level: level?.id ?? '',
			levelLabel: level?.label ?? '',
			maxBand: cap?.maxBand ?? null,
			capReason: cap?.reason ?? null
		};
		if (cap) {
			const capAt = bandIndex.get(cap.maxBand) ?? 0;
			if (capAt < bandAt) {
				bandAt = capAt;
				capsApplied.push({
					judgement: j.id,
					level: result.level,
					maxBand: cap.maxBand,
					reason: cap.reason
				});
				steps.push(
					`${cap.reason} ${j.label}: "${result.levelLabel}"${score === null ? ' (nothing rated)' : ` (score ${fmt(score)})`}, so the band can be no higher than "${bands[capAt]?.label}".`
				);
			}
		}
		return result;
	});

	// Conditional caps: a serious concern, or a gap, that no average may outweigh. Every cap that
	// holds is listed (what-would-change needs them all); the steps explain those that bind.
	let conditionalCaps: ConditionalCapResult[] | undefined;
	if (data.conditionalCaps) {
		const held: ConditionalCapResult[] = [];
		for (const cap of data.conditionalCaps) {
			const keys: string[] = [];
			if (!holdsBecause(cap.when, context, rules, keys)) continue;
			held.push({
				id: cap.id,
				maxBand: cap.maxBand,
				reason: cap.reason,
				because: keys.map(evidenceOf).filter((e): e is Evidence => e !== null),
				binding: false
			});
		}
		let lowest = bandAt;
		for (const c of held) lowest = Math.min(lowest, bandIndex.get(c.maxBand) ?? 0);
		for (const c of held) {
			const capAt = bandIndex.get(c.maxBand) ?? 0;
			if (capAt < bandAt && capAt === lowest) c.binding = true;
			if (capAt < bandAt)
				steps.push(
					`${c.reason} Because ${c.because.map(describeEvidence).join('; ')}, the band can be no higher than "${bands[capAt]?.label}".`
				);
		}
		bandAt = lowest;
		conditionalCaps = held;
	}

	let evidence: NonNullable<AssessmentResult['explanation']['evidence']> | undefined;
	if (data.evidence) {
		const unknown = scoredUnknown;
		const scored = scoredRated;
		const total = unknown + scored;
		const share = total === 0 ? 0 : unknown / total;
		const capped = share > data.evidence.maxUnknownShare;
		evidence = { unknown, scored, share, maxShare: data.evidence.maxUnknownShare, capped };
		// How much of each section is rated is shown in its own table (domains[].coverage).
		if (unknown > 0)
			steps.push(
				`${unknown} of ${total} scored questions that apply are "not known" (${Math.round(share * 100)}%).`
			);
		const capAt = bandIndex.get(data.evidence.maxBand) ?? 0;
		if (capped && capAt < bandAt) {
			bandAt = capAt;
			steps.push(
				`${data.evidence.reason} More than ${Math.round(data.evidence.maxUnknownShare * 100)}% is not known, so the band can be no higher than "${bands[capAt]?.label}".`
			);
		}
	}

	const hardStops: HardStopResult[] = data.hardStops
		.filter((h) => holds(h.when, context, rules))
		.map((h) => ({
			id: h.id,
			label: h.label,
			explanation: h.explanation,
			because: reasons(h.when, context, rules)
				.map(evidenceOf)
				.filter((e): e is Evidence => e !== null)
		}));
	if (hardStops.length > 0) {
		bandAt = 0;
		for (const h of hardStops)
			steps.push(`Hard stop: ${h.label}. The band is "${least.label}" whatever the totals.`);
	}

	const provisional = bands[bandAt] ?? least;
	const complete = missing.length === 0;
	if (!complete) {
		steps.push(
			`${missing.length} required question${missing.length === 1 ? ' is' : 's are'} unanswered, so there is no band yet.`
		);
	}

	const decided =
		options.decidedBand !== undefined ? bandIndex.get(options.decidedBand) : undefined;
	const planBand = decided !== undefined ? (bands[decided] ?? provisional) : provisional;
	const forReturn = planBand.plan !== 'work-before-return';
	const plan = buildPlan(rules, context, evidenceOf, options, planBand.id, forReturn, domains);
	// A copy of the shared list, so that a caller may sort or extend its own.
	const reviews: ReviewDate[] = [
		...reviewDates(rules, options.today, options.plannedReturnDate, forReturn)
	];

	return {
		rules: { id: data.id, version: data.version, hash: rules.hash, title: data.title },
		complete,
		missing,
		band: complete ? provisional.id : null,
		bandLabel: complete ? provisional.label : null,
		hardStops,
		domains,
		judgements,
		plan,
		reviews,
		costs: compareCosts(rules, plan, options, forReturn),
		explanation: {
			overallScore,
			scoreBand: scoreBand.id,
			caps: capsApplied,
			provisionalBand: provisional.id,
			steps,
			conditionalCaps,
			evidence
		},
		planBand: usesPlanBands(rules) ? planBand.id : undefined
	};
}
