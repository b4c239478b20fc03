/**
 * The chosen support plan: the engine's recommended plan with the practitioner's changes on top.
 * Pure and deterministic, like the engine.
 *
 * The practitioner's choices are stored as edits, not as a copy of the plan: changes to a
 * recommended item (keyed by service id), removals with a reason, and items they added. So the
 * recommended plan and the chosen plan are both always available, the differences between them can
 * be listed, and when an answer changes the recommendation, the chosen plan follows it (a newly
 * recommended service appears; one no longer recommended goes, and its edits lie dormant).
 *
 * Longer than 300 lines because the chosen plan, its differences from the recommendation and the
 * pure edits that change it (change, add, remove, put back) are one model read together; the
 * recommendation itself is built in recommend.ts.
 */
import type { AssessmentResult, CostComparison, Evidence, PlanItem, ReviewDate } from './engine.ts';
import { addDays, daysBetween, isIsoDate } from './dates.ts';
import { phaseDates, phaseWarnings, planDatesOf } from './plan-dates.ts';
import type { Rules } from './rules.ts';
import type { Phase } from './rules-schema.ts';

export const PHASES: readonly { id: Phase; title: string }[] = [
	{ id: 'before-return', title: 'Before the child returns' },
	{ id: 'at-return', title: 'At the return' },
	{ id: 'after-return', title: 'After the child returns' }
];

// The stored choices live in plan-choices.ts, so that the stored record's schema (on the first
// page) does not pull the plan's workings in with them.
export {
	emptyPlanChoices,
	type AddedItem,
	type ItemEdit,
	type PlanChoices
} from './plan-choices.ts';
import type { AddedItem, ItemEdit, PlanChoices } from './plan-choices.ts';

export const EDITABLE_FIELDS = ['goal', 'owner', 'startDate', 'weeks', 'weeklyCost'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** The engine options the choices imply (return date, placement and its cost). */
export function assessOptionsFrom(choices: PlanChoices): {
	plannedReturnDate?: string;
	placement?: string;
	placementWeeklyCost?: number;
} {
	return {
		...(isIsoDate(choices.plannedReturnDate)
			? { plannedReturnDate: choices.plannedReturnDate }
			: {}),
		...(choices.placement !== '' ? { placement: choices.placement } : {}),
		...(choices.placementWeeklyCost !== null
			? { placementWeeklyCost: choices.placementWeeklyCost }
			: {})
	};
}

export interface ChosenItem {
	/** The service id for a recommended item, the added item's id otherwise. */
	key: string;
	origin: 'recommended' | 'added';
	name: string;
	description: string;
	phase: Phase;
	/** The answers behind a recommended item; empty for an added one. */
	evidence: Evidence[];
	goal: string;
	owner: string;
	weeks: number;
	weeklyCost: number;
	/** Indicative cost within the comparison period. */
	cost: number;
	startDate: string | null;
	endDate: string | null;
	/** The first scheduled review on or after the start (from the rules file's review schedule). */
	reviewDate: string | null;
	/** Fields changed from the recommendation. */
	changed: EditableField[];
	/** The recommendation as the engine made it, for a recommended item. */
	recommended: PlanItem | null;
	/** Why an added item was added. */
	reason: string | null;
	/** Warnings about this item, e.g. support after return shorter than the rules' minimum. */
	warnings: string[];
}

export interface PlanDifference {
	key: string;
	kind: 'added' | 'removed' | 'changed';
	name: string;
	/** A sentence for the page and the printed plan. */
	text: string;
}

export interface ChosenPlan {
	items: ChosenItem[];
	removed: { item: PlanItem; reason: string }[];
	differences: PlanDifference[];
	/** True when the chosen plan differs from the recommended one. */
	edited: boolean;
	/** The recommended plan's cost and the chosen plan's, over the same period. */
	recommendedCost: number;
	costs: CostComparison;
}

const money = (n: number) => `£${Math.round(n).toLocaleString('en-GB')}`;
const FIELD_LABEL: Record<EditableField, string> = {
	goal: 'goal',
	owner: 'owner',
	startDate: 'start date',
	weeks: 'length',
	weeklyCost: 'weekly cost'
};

/** The first review dated on or after `date`; null when none is dated yet. */
export function nextReview(reviews: readonly ReviewDate[], date: string | null): string | null {
	if (date === null) return null;
	let best: string | null = null;
	for (const r of reviews)
		if (r.date !== null && r.date >= date && (best === null || r.date < best)) best = r.date;
	return best;
}

/**
 * The recommended plan with the practitioner's choices applied. `result` must come from `assess`
 * with the options `assessOptionsFrom(choices)` and `today: assessmentDate`.
 */
export function choosePlan(
	rules: Rules,
	result: AssessmentResult,
	choices: PlanChoices,
	assessmentDate: string
): ChosenPlan {
	const weeksCap = result.costs.weeks;
	const minAfter = rules.data.afterReturnSupportWeeks;
	const returnDate = isIsoDate(choices.plannedReturnDate) ? choices.plannedReturnDate : null;
	const defaultStart = (phase: Phase) => (phase === 'before-return' ? assessmentDate : returnDate);
	const dates = planDatesOf(rules);
	// Under rules from 1.2.0, support at the return is dated back from the return date.
	const leadsUp = (phase: Phase) => phase === 'at-return' && dates.atReturn === 'until-return';

	const items: ChosenItem[] = [];
	const removed: ChosenPlan['removed'] = [];
	const differences: PlanDifference[] = [];

	for (const rec of result.plan) {
		const reason = choices.removed[rec.service];
		if (reason !== undefined) {
			removed.push({ item: rec, reason });
			differences.push({
				key: rec.service,
				kind: 'removed',
				name: rec.name,
				text: `Removed “${rec.name}”: ${reason}`
			});
			continue;
		}
		const edit = choices.changes[rec.service] ?? {};
		const changed = EDITABLE_FIELDS.filter((f) => edit[f] !== undefined && edit[f] !== rec[f]);
		const ownStart = edit.startDate !== undefined && isIsoDate(edit.startDate);
		const weeks = edit.weeks ?? rec.weeks;
		const weeklyCost = edit.weeklyCost ?? rec.weeklyCost;
		// Support that leads up to the return keeps ending on it when only its length changes.
		const usual =
			!ownStart && leadsUp(rec.phase)
				? phaseDates(dates, rec.phase, weeks, assessmentDate, returnDate)
				: null;
		const startDate = ownStart ? (edit.startDate as string) : (usual?.startDate ?? rec.startDate);
		const endDate = usual?.endDate ?? (startDate === null ? null : addDays(startDate, weeks * 7));
		const item: ChosenItem = {
			key: rec.service,
			origin: 'recommended',
			name: rec.name,
			description: rec.description,
			phase: rec.phase,
			evidence: rec.evidence,
			goal: edit.goal ?? rec.goal,
			owner: edit.owner ?? rec.owner,
			weeks,
			weeklyCost,
			cost: weeklyCost * Math.min(weeks, weeksCap),
			startDate,
			endDate,
			reviewDate: nextReview(result.reviews, startDate),
			changed,
			recommended: rec,
			reason: null,
			warnings:
				rec.phase === 'after-return' && weeks < minAfter
					? [
							`Support after a return lasting less than ${minAfter} weeks is shorter than the rules recommend: support that stops too soon is a main reason returns break down.`
						]
					: phaseWarnings(dates, { phase: rec.phase, weeks, startDate, endDate }, returnDate)
		};
		items.push(item);
		if (changed.length > 0) {
			const what = changed.map((f) => {
				const was = rec[f];
				const now = item[f];
				return f === 'weeks'
					? `length ${was} → ${now} weeks`
					: f === 'weeklyCost'
						? `weekly cost ${money(Number(was))} → ${money(Number(now))}`
						: FIELD_LABEL[f];
			});
			differences.push({
				key: rec.service,
				kind: 'changed',
				name: rec.name,
				text: `Changed “${rec.name}”: ${what.join(', ')}.`
			});
		}
	}

	for (const a of choices.added) {
		const usual = isIsoDate(a.startDate)
			? null
			: leadsUp(a.phase)
				? phaseDates(dates, a.phase, a.weeks, assessmentDate, returnDate)
				: { startDate: defaultStart(a.phase), endDate: null };
		const startDate = usual === null ? a.startDate : usual.startDate;
		const endDate = usual?.endDate ?? (startDate === null ? null : addDays(startDate, a.weeks * 7));
		items.push({
			key: a.id,
			origin: 'added',
			name: a.name,
			description: '',
			phase: a.phase,
			evidence: [],
			goal: a.goal,
			owner: a.owner,
			weeks: a.weeks,
			weeklyCost: a.weeklyCost,
			cost: a.weeklyCost * Math.min(a.weeks, weeksCap),
			startDate,
			endDate,
			reviewDate: nextReview(result.reviews, startDate),
			changed: [],
			recommended: null,
			reason: a.reason,
			warnings:
				a.phase === 'after-return' && a.weeks < minAfter
					? [
							`Support after a return lasting less than ${minAfter} weeks is shorter than the rules recommend.`
						]
					: phaseWarnings(dates, { phase: a.phase, weeks: a.weeks, startDate, endDate }, returnDate)
		});
		differences.push({
			key: a.id,
			kind: 'added',
			name: a.name,
			text: `Added “${a.name}”: ${a.reason}`
		});
	}

	// The minimum is about support after the return as a whole: a short item of one's own beside a
	// year-long caseworker is no gap. Only when nothing covers the minimum do short items warn.
	const covered = afterReturnWeeks(items, returnDate);
	if (covered >= minAfter)
		for (const item of items) if (item.phase === 'after-return') item.warnings = [];

	const order: Record<Phase, number> = { 'before-return': 0, 'at-return': 1, 'after-return': 2 };
	// Stable: within a phase, recommended items keep the rules' order, then added ones.
	const sorted = items
		.map((item, i) => ({ item, i }))
		.sort((a, b) => order[a.item.phase] - order[b.item.phase] || a.i - b.i)
		.map((x) => x.item);

	const planCost = sorted.reduce((sum, i) => sum + i.cost, 0);
	const recommendedCost = result.plan.reduce((sum, i) => sum + i.cost, 0);
	return {
		items: sorted,
		removed,
		differences,
		edited: differences.length > 0,
		recommendedCost,
		costs: { ...result.costs, planCost, difference: result.costs.placementCost - planCost }
	};
}

/**
 * How many weeks after the return the plan's after-return support reaches: the latest end among
 * its items, counted from the return date (an item without dates counts from the return).
 */
export function afterReturnWeeks(
	items: readonly Pick<ChosenItem, 'phase' | 'weeks' | 'startDate'>[],
	returnDate: string | null
): number {
	let most = 0;
	for (const i of items) {
		if (i.phase !== 'after-return') continue;
		const offset =
			returnDate !== null && i.startDate !== null ? daysBetween(returnDate, i.startDate) / 7 : 0;
		most = Math.max(most, Math.max(0, offset) + i.weeks);
	}
	return most;
}

/** Items grouped by phase, in phase order, leaving out empty phases. */
export function byPhase<T extends { phase: Phase }>(
	items: readonly T[]
): { phase: Phase; title: string; items: T[] }[] {
	return PHASES.map((p) => ({
		phase: p.id,
		title: p.title,
		items: items.filter((i) => i.phase === p.id)
	})).filter((g) => g.items.length > 0);
}

// ---- Changing the choices. Each returns new choices and leaves the ones given untouched. ----

/**
 * A recommended item changed to `wanted`. Only the fields that differ from the recommendation are
 * kept, so the plan still follows later changes to it; an empty start date means "the usual date
 * for its phase".
 */
export function withChangedItem(
	choices: PlanChoices,
	recommended: PlanItem,
	wanted: Required<ItemEdit>
): PlanChoices {
	const edit: ItemEdit = {};
	for (const f of EDITABLE_FIELDS) {
		const value = wanted[f];
		const was = f === 'startDate' ? (recommended.startDate ?? '') : recommended[f];
		if (value !== was && !(f === 'startDate' && value === ''))
			(edit as Record<string, unknown>)[f] = value;
	}
	const changes = { ...choices.changes };
	if (Object.keys(edit).length > 0) changes[recommended.service] = edit;
	else delete changes[recommended.service];
	return { ...choices, changes };
}

/** The practitioner's own item added, or replaced if one with its id is already there. */
export function withAddedItem(choices: PlanChoices, item: AddedItem): PlanChoices {
	const at = choices.added.findIndex((a) => a.id === item.id);
	const added =
		at >= 0 ? choices.added.map((a, i) => (i === at ? item : a)) : [...choices.added, item];
	return { ...choices, added };
}

/** An item taken out of the plan: an added one is deleted; a recommended one is removed with the reason. */
export function withoutItem(
	choices: PlanChoices,
	item: Pick<ChosenItem, 'key' | 'origin'>,
	reason: string
): PlanChoices {
	if (item.origin === 'added')
		return { ...choices, added: choices.added.filter((a) => a.id !== item.key) };
	return { ...choices, removed: { ...choices.removed, [item.key]: reason } };
}

/** A removed recommended item put back in the plan. */
export function withPutBack(choices: PlanChoices, service: string): PlanChoices {
	const removed = { ...choices.removed };
	delete removed[service];
	return { ...choices, removed };
}

/**
 * Why an item is in the plan, as the page and the printed plan say it. Under rules whose services
 * fire only on concerns, the answers behind an item are "not yet strengths" (never strengths, which
 * would read as penalising progress); gaps are "not known yet"; an item without answers comes with
 * every plan in its band.
 */
export function planItemReason(item: Pick<PlanItem, 'kind' | 'evidence'>): {
	lead: string;
	evidence: Evidence[];
} {
	if (item.kind === 'evidence')
		return { lead: 'Recommended because these are not known yet:', evidence: item.evidence };
	if (item.evidence.length === 0)
		return { lead: 'Recommended for every plan in this band.', evidence: [] };
	// A yes/no fact (a history, missing episodes) is not a rating, so it is never called a strength
	// that is missing: it reads as a fact of the case.
	const concerns = item.evidence.filter((e) => e.score !== null && e.score < 0).length;
	const facts = item.evidence.filter((e) => e.score === null).length;
	const all = item.evidence.length;
	if (concerns === all)
		return { lead: 'Recommended because these are not yet strengths:', evidence: item.evidence };
	if (facts === all)
		return { lead: 'Recommended because of these facts of the case:', evidence: item.evidence };
	if (concerns + facts === all)
		return {
			lead: 'Recommended because of these concerns and facts of the case:',
			evidence: item.evidence
		};
	return { lead: 'Recommended because of:', evidence: item.evidence };
}
