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
import { FACT_PREFIX, isFactKey, holdsBecause, reasons, holds } from './conditions.ts';
import { type Answers, type CaseFacts, answerContext } from './answers.ts';
import { addDays } from './dates.ts';
import type { FactorInfo, Rules } from './rules.ts';
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
	/** Case facts (age band, legal status…) the rules declare under `facts`; unknown ones are ignored. */
	facts?: CaseFacts | undefined;
	/**
	 * The band the practitioner decided on, when it differs from the computed one. The plan follows
	 * the decided band (a "not safe" decision gets no return plan); the band itself stays computed.
	 */
	decidedBand?: string | undefined;
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
	/** Set when this is a case fact (age band, legal status…), not an answer. */
	fact?: true;
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
	/** Rated questions that apply (ordered scales) and how many have a real rating, not "not known". */
	coverage: { rated: number; of: number };
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
	/** 'evidence': gather what is "not known" (generated from the rules' `evidence` settings). */
	kind?: 'service' | 'evidence' | undefined;
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
	/**
	 * False when the plan is work before a return can be considered: comparing it with the cost of
	 * the placement would read as a costed case for a return nobody recommends.
	 */
	forReturn?: boolean | undefined;
}

/** A conditional cap that holds, with the answers and facts behind it. */
export interface ConditionalCapResult {
	id: string;
	maxBand: string;
	reason: string;
	because: Evidence[];
	/** True when it set or shared the final (lowest) limit on the band. */
	binding: boolean;
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
		/** Conditional caps that hold (rules with `conditionalCaps`). */
		conditionalCaps?: ConditionalCapResult[] | undefined;
		/** How much of the evidence is "not known" (rules with `evidence`). */
		evidence?:
			| {
					unknown: number;
					scored: number;
					share: number;
					maxShare: number;
					capped: boolean;
			  }
			| undefined;
	};
	/** The band the plan was built for: the decided band if given, else the computed one. */
	planBand?: string | undefined;
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

/**
 * An answer as evidence depends only on the factor and the value, so each is made once and shared
 * between results (frozen: results are read, never changed). Scoring thousands of assessments then
 * allocates far less.
 */
const evidenceCache = new WeakMap<FactorInfo, Map<string, Evidence>>();
function evidenceFor(info: FactorInfo, value: string): Evidence {
	let byValue = evidenceCache.get(info);
	if (!byValue) {
		byValue = new Map();
		evidenceCache.set(info, byValue);
	}
	let ev = byValue.get(value);
	if (!ev) {
		const option = optionsOf(info.scale).get(value);
		ev = Object.freeze({
			factor: info.factor.id,
			label: info.factor.label,
			domain: info.domain.id,
			value,
			valueLabel: option?.label ?? value,
			score: info.scale.ordered && option?.score !== undefined ? option.score : null,
			weight: info.factor.weight
		});
		byValue.set(value, ev);
	}
	return ev;
}

/** Review dates depend only on the rules and the two dates: made once per combination. */
const reviewCache = new WeakMap<Rules, Map<string, ReviewDate[]>>();
function reviewDates(
	rules: Rules,
	today: string,
	returnDate: string | undefined,
	forReturn: boolean
) {
	let byKey = reviewCache.get(rules);
	if (!byKey) {
		byKey = new Map();
		reviewCache.set(rules, byKey);
	}
	const key = `${today}|${returnDate ?? ''}|${forReturn ? 1 : 0}`;
	let reviews = byKey.get(key);
	if (!reviews) {
		reviews = rules.data.reviews
			// No reviews after a return that is not planned.
			.filter((r) => forReturn || r.anchor !== 'return')
			.flatMap((r) =>
				r.offsetDays.map((offsetDays) => {
					const anchorDate = r.anchor === 'assessment' ? today : returnDate;
					return Object.freeze({
						review: r.id,
						label: r.label,
						anchor: r.anchor,
						offsetDays,
						date: anchorDate === undefined ? null : addDays(anchorDate, offsetDays)
					});
				})
			);
		// A long-running page sees few distinct dates; a benchmark or test may see many.
		if (byKey.size > 100) byKey.clear();
		byKey.set(key, reviews);
	}
	return reviews;
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
			`The overall score is ${fmt(overallScore)} (weighted mean of ${domains.filter((d) => d.score !== null).length} domain scores), in the range of "${scoreBand.label}"` +
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

const serviceOrder = new WeakMap<Rules, Rules['data']['support']>();
function servicesInOrder(rules: Rules): Rules['data']['support'] {
	let list = serviceOrder.get(rules);
	if (!list) {
		list = rules.data.support
			.map((s, order) => ({ s, order }))
			.sort((a, b) => PHASE_ORDER[a.s.phase] - PHASE_ORDER[b.s.phase] || a.order - b.order)
			.map(({ s }) => s);
		serviceOrder.set(rules, list);
	}
	return list;
}

/** Rules that use any 1.1.0 plan feature report which band the plan was built for. */
function usesPlanBands(rules: Rules): boolean {
	return rules.data.bands.some((b) => b.plan !== undefined);
}

function factEvidence(rules: Rules, key: string, value: string | undefined): Evidence | null {
	const fact = rules.facts.get(key.slice(FACT_PREFIX.length));
	if (!fact || value === undefined) return null;
	return {
		factor: fact.id,
		label: fact.label,
		domain: '',
		value,
		valueLabel: fact.values.find((v) => v.value === value)?.label ?? value,
		score: null,
		weight: 0,
		fact: true
	};
}

const lowered = new Map<string, string>();
/** "Domestic abuse" → "domestic abuse", remembered (labels come from a rules file and repeat). */
function lowerFirst(text: string): string {
	let out = lowered.get(text);
	if (out === undefined) {
		out = text.charAt(0).toLowerCase() + text.slice(1);
		lowered.set(text, out);
	}
	return out;
}
const gatherName = (title: string) => `Evidence to gather: ${lowerFirst(title)}`;

/** `label is "answer"`, for explanation steps. */
function describeEvidence(e: Evidence): string {
	return `${e.fact ? 'the case fact ' : ''}“${e.label}” is “${e.valueLabel}”`;
}

function buildPlan(
	rules: Rules,
	context: Map<string, string>,
	evidenceOf: (id: string) => Evidence | null,
	options: AssessOptions,
	planBand: string,
	forReturn: boolean,
	domains: DomainResult[]
): PlanItem[] {
	const { data } = rules;
	const weeksCap = data.referenceCosts.comparisonWeeks;
	const age = context.get(FACT_PREFIX + 'age-band');
	// Services in plan order (by phase, then file order), worked out once per rules file.
	const offered: { s: (typeof data.support)[number]; keys: string[] }[] = [];
	for (const s of servicesInOrder(rules)) {
		if (s.bands !== undefined && !s.bands.includes(planBand)) continue;
		// Not a return plan: only the work before a return can be considered.
		if (!forReturn && s.phase !== 'before-return') continue;
		if (s.ages !== undefined && age !== undefined && !s.ages.includes(age)) continue;
		const keys: string[] = [];
		if (s.recommendWhen !== undefined && !holdsBecause(s.recommendWhen, context, rules, keys))
			continue;
		offered.push({ s, keys });
	}
	const chosen = new Set(offered.map((o) => o.s.id));
	const items = offered
		.filter(({ s }) => !s.replacedBy?.some((id) => chosen.has(id)))
		.map(({ s, keys }): PlanItem => {
			// Answers only: the case facts behind a service are shown with the case details.
			const because = keys.filter((k) => !isFactKey(k));
			// Support that stops too soon is a main reason returns fail: after-return support lasts at
			// least as long as the rules file says, whatever a service's typical length.
			const weeks =
				s.phase === 'after-return'
					? Math.max(s.typicalWeeks, data.afterReturnSupportWeeks)
					: s.typicalWeeks;
			const start =
				s.phase === 'before-return' ? options.today : (options.plannedReturnDate ?? null);
			return {
				// A plain literal with a fixed shape (no spread): this runs for every item of every result.
				kind: data.evidence ? 'service' : undefined,
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
	if (!data.evidence) return items;
	// A gap in evidence is work to do, not reassurance: one item per section with "not known" answers.
	// Scoring runs thousands of times, so the wording that depends only on the rules is made once.
	const { owner, withinDays } = data.evidence.gather;
	const weeks = Math.ceil(withinDays / 7);
	const goal = `Within ${withinDays} days, each of these is rated on the evidence, with its source recorded, and the assessment is scored again.`;
	let endDate: string | undefined;
	const gather: PlanItem[] = [];
	for (const d of domains) {
		if (d.unknowns.length === 0) continue;
		endDate ??= addDays(options.today, withinDays);
		gather.push({
			kind: 'evidence',
			service: `gather-evidence-${d.id}`,
			name: gatherName(d.title),
			description: `Find out what is not yet known, so these can be rated: ${d.unknowns.map((e) => lowerFirst(e.label)).join('; ')}.`,
			phase: 'before-return',
			because: d.unknowns.map((e) => e.factor),
			evidence: d.unknowns,
			goal,
			owner,
			weeks,
			weeklyCost: 0,
			cost: 0,
			startDate: options.today,
			endDate
		});
	}
	return [...gather, ...items];
}

function compareCosts(
	rules: Rules,
	plan: PlanItem[],
	options: AssessOptions,
	forReturn: boolean
): CostComparison {
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
		indicative: true,
		forReturn: usesPlanBands(rules) ? forReturn : undefined
	};
}
