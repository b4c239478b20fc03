/**
 * The caseload: every episode on this device, counted. Cases by stage and band, reviews and
 * outcomes overdue, how often the practitioner's band differed from the scored one and which way,
 * the support the plans ask of each service against what was provided, outcomes so far, and the
 * indicative cost of the support given against the placement weeks avoided for children at home
 * and stable.
 *
 * Pure: computed from episodes (episodes.ts) and the rules (what caseload-rules.ts names of them),
 * with `today` passed in. Rates follow a
 * small-number rule: none is given for fewer than MIN_DENOMINATOR cases, since a percentage of
 * four children reads as a finding and is not one.
 */
import { daysBetween } from './dates.ts';
import { STAGES, type Episode, type Stage } from './episodes.ts';
import { OUTCOMES, NOT_PROVIDED_REASONS } from './follow-up.ts';
import type { CaseloadRules } from './caseload-rules.ts';
import {
	followUpSchedule,
	type DueKind,
	type FollowUpScheduleInput
} from './follow-up-schedule.ts';

/** Fewer cases than this and no rate is given. */
export const MIN_DENOMINATOR = 10;
export const TOO_FEW = 'too few to mean anything';

export interface Rate {
	numerator: number;
	denominator: number;
	/** numerator / denominator, or null under the small-number rule. */
	value: number | null;
	/** Why there is no value, or null. */
	note: string | null;
}

/** A rate, or none when the denominator is below MIN_DENOMINATOR. */
export function rate(numerator: number, denominator: number): Rate {
	if (denominator < MIN_DENOMINATOR)
		return { numerator, denominator, value: null, note: denominator === 0 ? 'none yet' : TOO_FEW };
	return { numerator, denominator, value: numerator / denominator, note: null };
}

export type Direction = 'raised' | 'lowered';

export interface ServiceDemand {
	/** The catalogue's service id, or "own" for items the practitioners added. */
	service: string;
	items: number;
	plannedWeeks: number;
	/** Planned weeks × weekly cost, indicative. */
	plannedCost: number;
	/** Items started, in place or ended. */
	provided: number;
	notProvided: number;
	/** No status recorded yet, or "not started". */
	notStarted: number;
	/** Weeks of support given so far (from its start to its end, or to today). */
	providedWeeks: number;
	providedCost: number;
	/** Why items were not provided: reason code → count. */
	reasons: Partial<Record<(typeof NOT_PROVIDED_REASONS)[number], number>>;
}

export interface CheckOutcomes {
	check: string;
	/** Outcomes recorded at this check. */
	recorded: number;
	counts: Record<(typeof OUTCOMES)[number], number>;
	rates: Record<(typeof OUTCOMES)[number], Rate>;
}

/** A review, reassessment or outcome check overdue or due soon, for one case. */
export interface DueCase {
	/** The assessment it is due on (for the caseload's link; never exported). */
	recordId: string;
	key: string;
	kind: DueKind;
	label: string;
	due: string;
	status: 'overdue' | 'due-soon';
}

export interface CaseloadFigures {
	today: string;
	/** What is overdue and due soon, for cases decided or at home. */
	due: {
		overdue: Record<DueKind, number>;
		dueSoon: Record<DueKind, number>;
		/** Overdue first, then due soon; each oldest due first. */
		items: DueCase[];
	};
	episodes: number;
	assessments: number;
	stages: Record<Stage, number>;
	/** Bands in the rules' order (least ready first), then any not in them, then "no band yet" (null). */
	bands: { band: string | null; byStage: Record<Stage, number>; total: number }[];
	overrides: {
		/** Episodes with a decision recorded. */
		decided: number;
		agreed: number;
		raised: number;
		lowered: number;
		/** Share of decisions that differ from the scored band. */
		rate: Rate;
		pairs: { from: string; to: string; direction: Direction; count: number }[];
	};
	support: {
		services: ServiceDemand[];
		total: Omit<ServiceDemand, 'service' | 'reasons'>;
	};
	outcomes: { checks: CheckOutcomes[] };
	/** Children at home and stable: what their support cost against the placement weeks avoided. */
	value: {
		children: number;
		supportCost: number;
		placementWeeks: number;
		placementCost: number;
		/** The reference placement costs used, with their sources (indicative). */
		references: { id: string; label: string; weeklyCost: number; citation: string; date: string }[];
		ownFigures: number;
	};
}

const zeroStages = (): Record<Stage, number> =>
	Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;

/** Whole weeks from `from` to `to` (none when `to` is not later). */
export const weeksBetween = (from: string, to: string): number =>
	Math.max(0, Math.floor(daysBetween(from, to) / 7));

/** Which way a decision moved from the scored band, by the rules' order (least ready first). */
export function direction(
	rules: CaseloadRules | undefined,
	scored: string | null,
	decided: string | null
): Direction | null {
	if (!rules || scored === null || decided === null || scored === decided) return null;
	const order = rules.data.bands.map((b) => b.id);
	const [s, d] = [order.indexOf(scored), order.indexOf(decided)];
	if (s < 0 || d < 0) return null;
	return d > s ? 'raised' : 'lowered';
}

/** The support given for one plan item: weeks and whether it was provided at all. */
function given(
	item: { started: string | null; ended: string | null; state: string },
	today: string
): number {
	if (item.started === null || item.state === 'not-provided' || item.state === 'not-started')
		return 0;
	const end = item.ended !== null && item.ended < today ? item.ended : today;
	return weeksBetween(item.started, end);
}

/** The weeks and cost of support given so far to one episode, with each item's demand. */
export function episodeSupport(episode: Episode, today: string) {
	const plan = episode.followed?.plan ?? [];
	const states = new Map((episode.followed?.support ?? []).map((s) => [s.item, s]));
	return plan.map((item) => {
		const s = states.get(item.key);
		const weeks = s ? Math.min(given(s, today), item.weeks) : 0;
		return {
			item,
			state: s?.state ?? null,
			reason: s?.reason ?? null,
			weeks,
			cost: weeks * item.weeklyCost,
			provided:
				s !== undefined && (s.state === 'started' || s.state === 'in-place' || s.state === 'ended')
		};
	});
}

const SIGNED_STAGES = new Set<Stage>(['decided', 'at-home', 'closed']);
const FOLLOWED_STAGES = new Set<Stage>(['decided', 'at-home']);

/**
 * What is due for an episode today: the follow-up schedule (follow-up-schedule.ts) from the dates
 * its digest keeps, the rules it was decided under (with `fallback`'s follow-up block when they
 * have none) and every review and outcome recorded in the episode. Only the codes and dates the
 * schedule reads are passed: the digest holds no text.
 */
export function episodeSchedule(
	e: Episode,
	today: string,
	rulesFor: (id: string, version: string) => CaseloadRules | undefined,
	fallback: CaseloadRules
) {
	const f = e.followed;
	const rules = f ? rulesFor(f.rules.id, f.rules.version) : undefined;
	if (!f?.schedule || !rules || !FOLLOWED_STAGES.has(e.stage)) return [];
	const none = { recordedAt: '', recordedBy: '' };
	const input: FollowUpScheduleInput = {
		...f.schedule,
		reviews: rules.data.reviews,
		followUp: rules.data.followUp ?? fallback.data.followUp ?? null,
		events: {
			reviews: e.reviews.map((r, i) => ({
				id: String(i),
				date: r.date,
				due: r.due,
				supportInPlace: r.inPlace,
				newConcerns: r.newConcerns,
				concerns: '',
				childViews: '',
				parentViews: '',
				next: r.next,
				reassessment: null,
				...none
			})),
			outcomes: e.outcomes.map((o) => ({ ...o, ...none })),
			closed: e.closed ? { date: e.closed, reason: '-', ...none } : null
		}
	};
	return followUpSchedule(input, today);
}

/** Whether an episode's plan counts as support asked of services: once decided and signed. */
export const supportCounts = (e: Episode): boolean => SIGNED_STAGES.has(e.stage);

/** Every figure of the caseload view. `rulesFor` finds the rules an assessment pins; `current` gives the order of bands and the outcome checks. */
export function caseload(
	episodes: readonly Episode[],
	options: {
		today: string;
		current: CaseloadRules;
		rulesFor: (id: string, version: string) => CaseloadRules | undefined;
	}
): CaseloadFigures {
	const { today, current, rulesFor } = options;
	const stages = zeroStages();
	const bandRows = new Map<string | null, Record<Stage, number>>();
	let assessments = 0;
	const overrides = { decided: 0, agreed: 0, raised: 0, lowered: 0 };
	const pairs = new Map<
		string,
		{ from: string; to: string; direction: Direction; count: number }
	>();
	const services = new Map<string, ServiceDemand>();
	const checks = new Map<string, CheckOutcomes>();
	const emptyCounts = () =>
		Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as CheckOutcomes['counts'];
	for (const c of current.data.followUp?.outcomeChecks ?? [])
		checks.set(c.id, {
			check: c.id,
			recorded: 0,
			counts: emptyCounts(),
			rates: {} as CheckOutcomes['rates']
		});
	const value = { children: 0, supportCost: 0, placementWeeks: 0, placementCost: 0, ownFigures: 0 };
	const placementsUsed = new Map<string, string>();
	const kinds = (): Record<DueKind, number> => ({ review: 0, reassessment: 0, outcome: 0 });
	const due = { overdue: kinds(), dueSoon: kinds(), items: [] as DueCase[] };

	for (const e of episodes) {
		assessments += e.assessments.length;
		stages[e.stage] += 1;
		const band = e.decided ?? e.scored;
		const row = bandRows.get(band) ?? zeroStages();
		row[e.stage] += 1;
		bandRows.set(band, row);

		if (e.decision && e.decided !== null) {
			overrides.decided += 1;
			const dir = direction(
				rulesFor(e.decision.rules.id, e.decision.rules.version),
				e.scored,
				e.decided
			);
			if (dir === null) overrides.agreed += 1;
			else {
				overrides[dir] += 1;
				const key = `${e.scored}→${e.decided}`;
				const pair = pairs.get(key) ?? { from: e.scored!, to: e.decided, direction: dir, count: 0 };
				pair.count += 1;
				pairs.set(key, pair);
			}
		}

		for (const item of episodeSchedule(e, today, rulesFor, current)) {
			if (item.status !== 'overdue' && item.status !== 'due-soon') continue;
			due[item.status === 'overdue' ? 'overdue' : 'dueSoon'][item.kind] += 1;
			const { key, kind, label } = item;
			due.items.push({
				recordId: e.followedId!,
				key,
				kind,
				label,
				due: item.due,
				status: item.status
			});
		}

		const support = supportCounts(e) ? episodeSupport(e, today) : [];
		for (const s of support) {
			const d =
				services.get(s.item.service) ??
				({
					service: s.item.service,
					items: 0,
					plannedWeeks: 0,
					plannedCost: 0,
					provided: 0,
					notProvided: 0,
					notStarted: 0,
					providedWeeks: 0,
					providedCost: 0,
					reasons: {}
				} satisfies ServiceDemand);
			d.items += 1;
			d.plannedWeeks += s.item.weeks;
			d.plannedCost += s.item.weeks * s.item.weeklyCost;
			if (s.provided) d.provided += 1;
			else if (s.state === 'not-provided') {
				d.notProvided += 1;
				if (s.reason) d.reasons[s.reason] = (d.reasons[s.reason] ?? 0) + 1;
			} else d.notStarted += 1;
			d.providedWeeks += s.weeks;
			d.providedCost += s.cost;
			services.set(s.item.service, d);
		}

		for (const o of e.outcomes) {
			const c = checks.get(o.check) ?? {
				check: o.check,
				recorded: 0,
				counts: emptyCounts(),
				rates: {} as CheckOutcomes['rates']
			};
			c.recorded += 1;
			c.counts[o.outcome] += 1;
			checks.set(o.check, c);
		}

		// At home and stable: the latest outcome says so. Placement weeks avoided run from the
		// return to that outcome's date: only the time known to be stable is counted.
		const lastOutcome = e.outcomes.at(-1);
		if (
			e.stage === 'at-home' &&
			e.returned?.kind === 'home' &&
			lastOutcome?.outcome === 'home-stable'
		) {
			value.children += 1;
			value.supportCost += support.reduce((sum, s) => sum + s.cost, 0);
			const weeks = weeksBetween(e.returned.date, lastOutcome.date);
			const placement = e.followed?.placement ?? null;
			const rules = e.followed
				? rulesFor(e.followed.rules.id, e.followed.rules.version)
				: undefined;
			const ref = rules ?? current;
			const fallback = ref.data.referenceCosts.placements.find(
				(p) => p.id === ref.data.referenceCosts.defaultPlacement
			)!;
			const weekly = placement?.weeklyCost ?? fallback.weeklyCost;
			if (placement?.own) value.ownFigures += 1;
			else
				placementsUsed.set(
					`${ref.data.version}:${placement?.id ?? fallback.id}`,
					placement?.id ?? fallback.id
				);
			value.placementWeeks += weeks;
			value.placementCost += weeks * weekly;
		}
	}

	for (const c of checks.values())
		for (const o of OUTCOMES) c.rates[o] = rate(c.counts[o], c.recorded);

	const order = current.data.bands.map((b) => b.id);
	const bandKeys = [...bandRows.keys()].sort((a, b) => {
		const rank = (x: string | null) =>
			x === null ? 1e9 : order.includes(x) ? order.indexOf(x) : 1e6;
		return rank(a) - rank(b) || String(a).localeCompare(String(b));
	});
	const serviceOrder = current.data.support.map((s) => s.id);
	const rankService = (s: string) => (serviceOrder.includes(s) ? serviceOrder.indexOf(s) : 1e6);
	const serviceList = [...services.values()].sort(
		(a, b) => rankService(a.service) - rankService(b.service) || a.service.localeCompare(b.service)
	);
	const total = serviceList.reduce(
		(t, s) => ({
			items: t.items + s.items,
			plannedWeeks: t.plannedWeeks + s.plannedWeeks,
			plannedCost: t.plannedCost + s.plannedCost,
			provided: t.provided + s.provided,
			notProvided: t.notProvided + s.notProvided,
			notStarted: t.notStarted + s.notStarted,
			providedWeeks: t.providedWeeks + s.providedWeeks,
			providedCost: t.providedCost + s.providedCost
		}),
		{
			items: 0,
			plannedWeeks: 0,
			plannedCost: 0,
			provided: 0,
			notProvided: 0,
			notStarted: 0,
			providedWeeks: 0,
			providedCost: 0
		}
	);
	const citation = (id: string) => current.data.sources.find((s) => s.id === id)?.citation ?? id;
	const references = [...new Set(placementsUsed.values())].flatMap((id) => {
		const p = current.data.referenceCosts.placements.find((x) => x.id === id);
		return p
			? [
					{
						id,
						label: p.label,
						weeklyCost: p.weeklyCost,
						citation: citation(p.source),
						date: p.date
					}
				]
			: [];
	});
	due.items.sort((a, b) =>
		a.status !== b.status
			? a.status === 'overdue'
				? -1
				: 1
			: a.due < b.due
				? -1
				: a.due > b.due
					? 1
					: 0
	);
	return {
		today,
		due,
		episodes: episodes.length,
		assessments,
		stages,
		bands: bandKeys.map((band) => {
			const byStage = bandRows.get(band)!;
			return { band, byStage, total: STAGES.reduce((n, s) => n + byStage[s], 0) };
		}),
		overrides: {
			...overrides,
			rate: rate(overrides.raised + overrides.lowered, overrides.decided),
			pairs: [...pairs.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from))
		},
		support: { services: serviceList, total },
		outcomes: { checks: [...checks.values()] },
		value: { ...value, references }
	};
}
