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
import { reasons, holds } from './conditions.ts';
import { type Answers, answerState } from './answers.ts';
import { addDays } from './dates.ts';
import type { Rules } from './rules.ts';
import type { Phase } from './rules-schema.ts';

export { extremeAnswers } from './answers.ts';

export interface AssessOptions {
	/** The assessment date, YYYY-MM-DD: review dates and plan start dates count from it. */
	today: string;
	/** The planned date of return, if known: after-return dates count from it. */
	plannedReturnDate?: string | undefined;
	/** Placement to compare costs against; defaults to the rules file's default placement. */
	placement?: string | undefined;
	/** The user's own weekly cost for that placement, replacing the rules file's reference figure. */
	placementWeeklyCost?: number | undefined;
}

/** One answer as the result explains it. */
export interface Evidence {
	factor: string;
	label: string;
	domain: string;
	value: string;
	valueLabel: string;
	/** The option's score, or null for a neutral answer or an unscored fact. */
	score: number | null;
	weight: number;
}

export interface DomainResult {
	id: string;
	title: string;
	weight: number;
	/** Weighted mean of rated answers, from the scale's lowest to highest score; null when none are rated. */
	score: number | null;
	/** Questions that apply (are shown) in this domain, and how many of them are answered. */
	applicable: number;
	answered: number;
	strengths: Evidence[];
	concerns: Evidence[];
	/** Neutral answers ("not known"): gaps in the evidence. */
	unknowns: Evidence[];
	missing: string[];
}

export interface JudgementResult {
	id: string;
	label: string;
	score: number | null;
	level: string;
	levelLabel: string;
	/** The band this level holds the result down to, if a cap applies. */
	maxBand: string | null;
	capReason: string | null;
}

export interface HardStopResult {
	id: string;
	label: string;
	explanation: string;
	because: Evidence[];
}

export interface PlanItem {
	service: string;
	name: string;
	description: string;
	phase: Phase;
	/** Factor ids whose answers recommended this service. */
	because: string[];
	evidence: Evidence[];
	goal: string;
	owner: string;
	weeks: number;
	weeklyCost: number;
	/** Indicative cost within the comparison period. */
	cost: number;
	startDate: string | null;
	endDate: string | null;
}

export interface ReviewDate {
	review: string;
	label: string;
	anchor: 'assessment' | 'return';
	offsetDays: number;
	/** Null for reviews counted from a return date that is not yet planned. */
	date: string | null;
}

export interface CostComparison {
	weeks: number;
	planCost: number;
	placement: {
		id: string;
		label: string;
		weeklyCost: number;
		source: string;
		date: string;
		userFigure: boolean;
	};
	placementCost: number;
	/** Placement cost minus plan cost over the same weeks. */
	difference: number;
	reEntry: { label: string; cost: number; source: string; date: string } | null;
	basis: string;
	indicative: true;
}

export interface AssessmentResult {
	rules: { id: string; version: string; hash: string; title: string };
	complete: boolean;
	/** Required questions that apply and are unanswered, in file order. */
	missing: string[];
	/** The computed readiness band; null until complete. */
	band: string | null;
	bandLabel: string | null;
	hardStops: HardStopResult[];
	domains: DomainResult[];
	judgements: JudgementResult[];
	plan: PlanItem[];
	reviews: ReviewDate[];
	costs: CostComparison;
	explanation: {
		overallScore: number | null;
		scoreBand: string;
		caps: { judgement: string; level: string; maxBand: string; reason: string }[];
		/** The band reached before completeness is considered (for explaining drafts). */
		provisionalBand: string;
		steps: string[];
	};
}

const PHASE_ORDER: Record<Phase, number> = {
	'before-return': 0,
	'at-return': 1,
	'after-return': 2
};

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

type Scale = Rules['data']['scales'][number];
/** A scale's answers by value: ordered options with their score, neutral ones without. */
const optionCache = new WeakMap<Scale, Map<string, { label: string; score: number | undefined }>>();
function optionsOf(scale: Scale): Map<string, { label: string; score: number | undefined }> {
	let map = optionCache.get(scale);
	if (!map) {
		map = new Map();
		for (const o of scale.neutral) map.set(o.value, { label: o.label, score: undefined });
		for (const o of scale.options) map.set(o.value, { label: o.label, score: o.score });
		optionCache.set(scale, map);
	}
	return map;
}

const fmt = (n: number) => (Math.round(n * 100) / 100).toString();

/** Score answers against rules. Answers should have passed `checkAnswers`; unknown ids are ignored. */
export function assess(rules: Rules, answers: Answers, options: AssessOptions): AssessmentResult {
	const { data } = rules;
	const { visible, effective } = answerState(rules, answers);

	const evidenceOf = (factorId: string): Evidence | null => {
		const info = rules.factors.get(factorId);
		const value = effective.get(factorId);
		if (!info || value === undefined) return null;
		const option = optionsOf(info.scale).get(value);
		return {
			factor: factorId,
			label: info.factor.label,
			domain: info.domain.id,
			value,
			valueLabel: option?.label ?? value,
			score: info.scale.ordered && option?.score !== undefined ? option.score : null,
			weight: info.factor.weight
		};
	};

	const missing: string[] = [];
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
			missing: []
		};
		const scored: { value: number; weight: number }[] = [];
		for (const factor of domain.factors) {
			if (!visible.has(factor.id)) continue;
			result.applicable++;
			const ev = evidenceOf(factor.id);
			if (!ev) {
				if (factor.required) {
					result.missing.push(factor.id);
					missing.push(factor.id);
				}
				continue;
			}
			result.answered++;
			const info = rules.factors.get(factor.id);
			if (info?.scale.ordered && ev.score === null) result.unknowns.push(ev);
			if (ev.score === null) continue;
			if (factor.weight > 0) scored.push({ value: ev.score, weight: factor.weight });
			// Strengths and concerns are relative to the scale's own neutral point (0): a "no" on a
			// safety check is reassuring but not a strength.
			if (ev.score > 0) result.strengths.push(ev);
			if (ev.score < 0) result.concerns.push(ev);
		}
		result.score = weightedMean(scored);
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
			`The overall score is ${fmt(overallScore)} (weighted mean of ${domains.filter((d) => d.score !== null).length} domain scores), in the range of "${scoreBand.label}"` +
				`${scoreBand.from !== undefined ? ` (from ${scoreBand.from}` : ' (below'}${scoreBand.below !== undefined ? `${scoreBand.from !== undefined ? ' to below ' : ' '}${scoreBand.below})` : ' upwards)'}.`
		);
	}

	let bandAt = bandIndex.get(scoreBand.id) ?? 0;
	const capsApplied: AssessmentResult['explanation']['caps'] = [];
	const judgements: JudgementResult[] = data.judgements.map((j) => {
		const score = weightedMean(
			j.domains
				.map((id) => domainScore.get(id))
				.filter((d): d is DomainResult => d !== undefined && d.score !== null)
				.map((d) => ({ value: d.score as number, weight: d.weight }))
		);
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

	const hardStops: HardStopResult[] = data.hardStops
		.filter((h) => holds(h.when, effective, rules))
		.map((h) => ({
			id: h.id,
			label: h.label,
			explanation: h.explanation,
			because: reasons(h.when, effective, rules)
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

	const plan = buildPlan(rules, effective, evidenceOf, options);
	const reviews: ReviewDate[] = data.reviews.flatMap((r) =>
		r.offsetDays.map((offsetDays) => {
			const anchorDate = r.anchor === 'assessment' ? options.today : options.plannedReturnDate;
			return {
				review: r.id,
				label: r.label,
				anchor: r.anchor,
				offsetDays,
				date: anchorDate === undefined ? null : addDays(anchorDate, offsetDays)
			};
		})
	);

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
		costs: compareCosts(rules, plan, options),
		explanation: {
			overallScore,
			scoreBand: scoreBand.id,
			caps: capsApplied,
			provisionalBand: provisional.id,
			steps
		}
	};
}

function buildPlan(
	rules: Rules,
	effective: Map<string, string>,
	evidenceOf: (id: string) => Evidence | null,
	options: AssessOptions
): PlanItem[] {
	const { data } = rules;
	const weeksCap = data.referenceCosts.comparisonWeeks;
	return data.support
		.map((s, order) => ({ s, order }))
		.filter(({ s }) => holds(s.recommendWhen, effective, rules))
		.sort((a, b) => PHASE_ORDER[a.s.phase] - PHASE_ORDER[b.s.phase] || a.order - b.order)
		.map(({ s }) => {
			const because = reasons(s.recommendWhen, effective, rules);
			// Support that stops too soon is a main reason returns fail: after-return support lasts at
			// least as long as the rules file says, whatever a service's typical length.
			const weeks =
				s.phase === 'after-return'
					? Math.max(s.typicalWeeks, data.afterReturnSupportWeeks)
					: s.typicalWeeks;
			const start =
				s.phase === 'before-return' ? options.today : (options.plannedReturnDate ?? null);
			return {
				service: s.id,
				name: s.service,
				description: s.description,
				phase: s.phase,
				because,
				evidence: because.map(evidenceOf).filter((e): e is Evidence => e !== null),
				goal: s.goal,
				owner: s.owner,
				weeks,
				weeklyCost: s.weeklyCost,
				cost: s.weeklyCost * Math.min(weeks, weeksCap),
				startDate: start,
				endDate: start === null ? null : addDays(start, weeks * 7)
			};
		});
}

function compareCosts(rules: Rules, plan: PlanItem[], options: AssessOptions): CostComparison {
	const rc = rules.data.referenceCosts;
	const placement =
		rc.placements.find((p) => p.id === (options.placement ?? rc.defaultPlacement)) ??
		rc.placements.find((p) => p.id === rc.defaultPlacement) ??
		rc.placements[0];
	if (!placement) throw new Error('rules have no placement costs');
	const userFigure = options.placementWeeklyCost !== undefined;
	const weeklyCost = options.placementWeeklyCost ?? placement.weeklyCost;
	const planCost = plan.reduce((sum, item) => sum + item.cost, 0);
	const placementCost = weeklyCost * rc.comparisonWeeks;
	return {
		weeks: rc.comparisonWeeks,
		planCost,
		placement: {
			id: placement.id,
			label: placement.label,
			weeklyCost,
			source: placement.source,
			date: placement.date,
			userFigure
		},
		placementCost,
		difference: placementCost - planCost,
		reEntry: rc.reEntry ?? null,
		basis: `Each service is counted for its length of support, up to ${rc.comparisonWeeks} weeks; the placement for ${rc.comparisonWeeks} weeks. Figures are indicative.`,
		indicative: true
	};
}
