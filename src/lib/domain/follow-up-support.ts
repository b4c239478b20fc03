/**
 * Support actually provided: where each item of the chosen plan stands, from its support events
 * (domain/follow-up.ts), and what was provided against what was planned (weeks and cost). Pure:
 * `today` is passed in.
 *
 * The lifecycle is one table (`SUPPORT_TRANSITIONS`): an item with no event yet is "not started";
 * it can start, be in place (started and running as planned), end, or not be provided (with a
 * reason). An item that ended or was not provided can start again (support resumed, or a place
 * came up). Nothing goes back to "not started": that would rewrite what happened.
 */
import { daysBetween } from './dates.ts';
import type { SupportEvent, SupportState } from './follow-up.ts';

export const SUPPORT_TRANSITIONS: Readonly<Record<SupportState, readonly SupportState[]>> = {
	'not-started': ['started', 'in-place', 'not-provided'],
	started: ['in-place', 'ended'],
	'in-place': ['ended'],
	ended: ['started'],
	'not-provided': ['started', 'in-place']
};

/** The state of an item from its events (the last stands); "not started" with none. */
export function supportStateOf(events: readonly SupportEvent[], item: string): SupportState {
	let state: SupportState = 'not-started';
	for (const e of events) if (e.item === item) state = e.state;
	return state;
}

/** The states an item may move to next. */
export const nextSupportStates = (from: SupportState): readonly SupportState[] =>
	SUPPORT_TRANSITIONS[from];

/** Why a support event cannot follow the item's events, or null when it can. */
export function supportRefusal(
	events: readonly SupportEvent[],
	event: Pick<SupportEvent, 'item' | 'state' | 'date' | 'reason'>,
	today: string
): string | null {
	const from = supportStateOf(events, event.item);
	if (!SUPPORT_TRANSITIONS[from].includes(event.state))
		return `Support that is ${SUPPORT_STATE_LABELS[from].toLowerCase()} cannot become ${SUPPORT_STATE_LABELS[event.state].toLowerCase()}`;
	if (event.state === 'not-provided' && event.reason === null)
		return 'Select why the support was not provided';
	if (event.state !== 'not-provided' && event.reason !== null)
		return 'A reason is only given for support that was not provided';
	if (event.date > today) return 'The date must be today or in the past';
	const last = events.filter((e) => e.item === event.item).at(-1);
	if (last && event.date < last.date) return 'The date cannot be before the item’s last change';
	return null;
}

export const SUPPORT_STATE_LABELS: Readonly<Record<SupportState, string>> = {
	'not-started': 'Not started',
	started: 'Started',
	'in-place': 'In place',
	ended: 'Ended',
	'not-provided': 'Not provided'
};

/** One item of the chosen plan, as planned. */
export interface PlannedItem {
	key: string;
	name: string;
	weeks: number;
	weeklyCost: number;
}

/** An item planned against provided. */
export interface ProvidedItem {
	key: string;
	name: string;
	state: SupportState;
	/** The date it first started or was in place; null when it never did. */
	startedOn: string | null;
	/** The date it last ended; null while it runs or never started. */
	endedOn: string | null;
	reason: SupportEvent['reason'];
	plannedWeeks: number;
	plannedCost: number;
	/** Whole weeks provided so far (running to today while it runs). */
	providedWeeks: number;
	/** Indicative: the weeks provided at the item's weekly cost. */
	providedCost: number;
}

const running = (s: SupportState) => s === 'started' || s === 'in-place';

/** Days of support given, counting each run from its start to its end (or to today). */
function providedDays(events: readonly SupportEvent[], today: string): number {
	let days = 0;
	let from: string | null = null;
	for (const e of events) {
		if (running(e.state)) from ??= e.date;
		else if (from !== null) {
			days += Math.max(0, daysBetween(from, e.date));
			from = null;
		}
	}
	if (from !== null) days += Math.max(0, daysBetween(from, today));
	return days;
}

/** Every item of the chosen plan, planned against provided, in the plan's order. */
export function plannedAgainstProvided(
	items: readonly PlannedItem[],
	events: readonly SupportEvent[],
	today: string
): ProvidedItem[] {
	return items.map((item) => {
		const own = events.filter((e) => e.item === item.key);
		const state = supportStateOf(own, item.key);
		const weeks = Math.floor(providedDays(own, today) / 7);
		return {
			key: item.key,
			name: item.name,
			state,
			startedOn: own.find((e) => running(e.state))?.date ?? null,
			endedOn: state === 'ended' ? (own.at(-1)?.date ?? null) : null,
			reason: state === 'not-provided' ? (own.at(-1)?.reason ?? null) : null,
			plannedWeeks: item.weeks,
			plannedCost: item.weeks * item.weeklyCost,
			providedWeeks: weeks,
			providedCost: weeks * item.weeklyCost
		};
	});
}
