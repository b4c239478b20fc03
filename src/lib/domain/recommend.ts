/**
 * The recommended plan, its review dates and its cost comparison, for the band the plan is built
 * for (the computed band, or the practitioner's decided one). Part of the engine (`assess` calls
 * it); pure and deterministic like the rest of it.
 */
import { FACT_PREFIX, holdsBecause, isFactKey } from './conditions.ts';
import { addDays } from './dates.ts';
import { lowerFirst } from './evidence.ts';
import { phaseDates, planDatesOf, reviewHeld } from './plan-dates.ts';
import type { Rules } from './rules.ts';
import type { Phase } from './rules-schema.ts';
import type {
	AssessOptions,
	CostComparison,
	DomainResult,
	Evidence,
	PlanItem,
	ReviewDate
} from './result.ts';

const PHASE_ORDER: Record<Phase, number> = {
	'before-return': 0,
	'at-return': 1,
	'after-return': 2
};

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
export function usesPlanBands(rules: Rules): boolean {
	return rules.data.bands.some((b) => b.plan !== undefined);
}

const reviewCache = new WeakMap<Rules, Map<string, ReviewDate[]>>();
export function reviewDates(
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
		const setting = planDatesOf(rules);
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
			)
			// From 1.2.0, a review of progress before the return is not held once the child is home.
			.filter((r) => reviewHeld(setting, r.anchor, r.date, forReturn ? returnDate : undefined));
		// A long-running page sees few distinct dates; a benchmark or test may see many.
		if (byKey.size > 100) byKey.clear();
		byKey.set(key, reviews);
	}
	return reviews;
}

const gatherName = (title: string) => `Evidence to gather: ${lowerFirst(title)}`;

/** The services whose conditions hold and that suit the plan's band and the child, then the evidence to gather. */
export function buildPlan(
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
	const dates = planDatesOf(rules);
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
			const { startDate, endDate } = phaseDates(
				dates,
				s.phase,
				weeks,
				options.today,
				options.plannedReturnDate ?? null
			);
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
				startDate,
				endDate
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

/** The plan's cost over the comparison period against the placement's (reference or the user's own). */
export function compareCosts(
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
