/**
 * The manager's hand-over page (`/team/hand-over`): whose cases the team's copy on this device
 * holds, the choice of cases and new author checked, the hand-over sent through the sync bridge,
 * and what became of each case in words. The pure parts are exported for the page and its tests.
 */
import { AuthorNameSchema } from '../domain/hand-over.ts';
import type { AssessmentStatus } from '../domain/assessment.ts';
import { STATUS_LABELS } from '../domain/wording.ts';
import type { HandOverOutcome, TeamCase } from '../storage/team/bridge.ts';
import type { AppContext } from './context.ts';
import { shownDay } from './moments.ts';
import { handOverRefusal, readTeamConfig } from './team-config.ts';
import { startTeamSync } from './team.ts';

export type { HandOverOutcome } from '../storage/team/bridge.ts';

/** A team case as the page lists it. */
export interface HandOverCase {
	id: string;
	caseRef: string;
	status: AssessmentStatus;
	updatedAt: string;
	author: string;
	conflicted: boolean;
}

export const toHandOverCase = ({ author, record, conflicted }: TeamCase): HandOverCase => ({
	id: record.id,
	caseRef: record.caseDetails.caseRef,
	status: record.status,
	updatedAt: record.updatedAt,
	author,
	conflicted
});

/** Every author the team's copy names, with how many cases are theirs, by name. */
export function authorsOf(cases: readonly HandOverCase[]): { name: string; count: number }[] {
	const counts = new Map<string, number>();
	for (const c of cases) counts.set(c.author, (counts.get(c.author) ?? 0) + 1);
	return [...counts]
		.map(([name, count]) => ({ name, count }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** A row of the list of `from`'s cases: `blocked` says why it cannot be handed over now. */
export interface HandOverRow {
	id: string;
	caseRef: string;
	stage: string;
	lastChanged: string;
	blocked: string | null;
}

/** `from`'s cases, by case reference, each with its stage, when it last changed, and any block. */
export function casesOf(
	cases: readonly HandOverCase[],
	from: string,
	show: (iso: string) => string = shownDay
): HandOverRow[] {
	return cases
		.filter((c) => c.author === from)
		.sort((a, b) => a.caseRef.localeCompare(b.caseRef) || a.id.localeCompare(b.id))
		.map((c) => ({
			id: c.id,
			caseRef: c.caseRef || '(no reference)',
			stage: STATUS_LABELS[c.status],
			lastChanged: show(c.updatedAt),
			blocked: c.conflicted
				? 'It has two versions to settle first: choose what to keep from the Team page, then hand it over.'
				: c.status === 'awaiting-approval'
					? 'It is awaiting a manager’s approval: approve or return it first, then hand it over.'
					: null
		}));
}

/** The radio value for "someone else" (no CouchDB user name starts with `_`). */
export const SOMEONE_ELSE = '_someone-else';

export interface HandOverForm {
	from: string;
	ids: string[];
	/** A known author's name, or SOMEONE_ELSE. */
	to: string;
	/** The name typed, with SOMEONE_ELSE. */
	other: string;
}
export type HandOverField = 'from' | 'cases' | 'to' | 'to-other';
export type HandOverCheck =
	| { ok: true; from: string; to: string; ids: string[] }
	| { ok: false; errors: { field: HandOverField; message: string }[] };

/** The choice checked: someone's cases, at least one that can go, and a valid, different new author. */
export function checkHandOver(form: HandOverForm, rows: readonly HandOverRow[]): HandOverCheck {
	const errors: { field: HandOverField; message: string }[] = [];
	if (form.from === '')
		return {
			ok: false,
			errors: [{ field: 'from', message: 'Choose whose assessments to hand over' }]
		};
	const open = new Set(rows.filter((r) => r.blocked === null).map((r) => r.id));
	const ids = form.ids.filter((id) => open.has(id));
	if (ids.length === 0)
		errors.push({ field: 'cases', message: 'Select at least one assessment to hand over' });
	let to = '';
	if (form.to === '')
		errors.push({ field: 'to', message: 'Choose who to hand the assessments to' });
	else if (form.to === SOMEONE_ELSE) {
		const typed = AuthorNameSchema.safeParse(form.other.trim());
		if (typed.success) to = typed.data;
		else
			errors.push({
				field: 'to-other',
				message: typed.error.issues[0]?.message ?? 'Enter a user name'
			});
	} else to = form.to;
	if (to !== '' && to === form.from)
		errors.push({
			field: form.to === SOMEONE_ELSE ? 'to-other' : 'to',
			message: `Choose someone other than ${form.from}: the assessments are already theirs`
		});
	return errors.length > 0 ? { ok: false, errors } : { ok: true, from: form.from, to, ids };
}

/** A case that was not handed over: what happened and what to do. */
export interface HandOverFailure {
	id: string;
	caseRef: string;
	problem: string;
	action: string;
}

const AGAIN = 'Wait until the Team page says “Up to date”, then hand it over again.';

function failureWords(o: HandOverOutcome & { ok: false }): { problem: string; action: string } {
	switch (o.kind) {
		case 'conflict':
			return {
				problem:
					'It changed since this device last exchanged it with the team server, here or on another device, or it has two versions to settle.',
				action: `${AGAIN} If the Team page lists it as changed on two devices, choose what to keep first.`
			};
		case 'unsent':
			return { problem: 'It has changes on this device not yet sent to the team.', action: AGAIN };
		case 'moved':
			return {
				problem: `It now belongs to ${o.author}.`,
				action: 'Check who should have it; hand it over from them if it still needs to move.'
			};
		case 'gone':
			return {
				problem: 'It is no longer in the team’s copy on this device: it may have been deleted.',
				action: 'Check the Team page.'
			};
		case 'sign-in':
			return {
				problem: 'Your sign-in to the team server has ended.',
				action: 'Sign in again on the Team page, then hand it over again.'
			};
		case 'offline':
			return {
				problem: 'The team server could not be reached.',
				action: 'Hand it over again when this device is online.'
			};
		case 'refused':
			return {
				problem: `The team server refused it: ${o.reason || 'it gave no reason'}`,
				action: 'If you think it should be allowed, tell your team’s administrator.'
			};
	}
}

/** What became of a hand-over, in words: the banner's heading, and each case not handed over. */
export function handOverSummary(
	outcomes: readonly HandOverOutcome[],
	from: string,
	to: string
): { done: number; heading: string | null; failures: HandOverFailure[] } {
	const done = outcomes.filter((o) => o.ok).length;
	const failures = outcomes.flatMap((o) =>
		o.ok ? [] : [{ id: o.id, caseRef: o.caseRef || '(no reference)', ...failureWords(o) }]
	);
	const heading =
		done === 0
			? null
			: `${done} ${done === 1 ? 'assessment' : 'assessments'} handed over from ${from} to ${to}`;
	return { done, heading, failures };
}

export type LoadedHandOver =
	| { kind: 'no-team' }
	| { kind: 'refused'; reason: string; action: string }
	| { kind: 'ready'; me: string; cases: HandOverCase[] };

/** The page's starting point: team mode or not, the user's role, and the team's cases here. */
export async function loadHandOver(): Promise<LoadedHandOver> {
	if (readTeamConfig() === null) return { kind: 'no-team' };
	const bridge = await startTeamSync();
	// Read again: starting the sync asks `_session` for the roles the server gives now.
	const config = readTeamConfig();
	if (bridge === null || config === null) return { kind: 'no-team' };
	const refusal = handOverRefusal(config);
	if (refusal) return { kind: 'refused', ...refusal };
	return {
		kind: 'ready',
		me: config.user,
		cases: (await bridge.teamCases()).map(toHandOverCase)
	};
}

/** Hands these cases from `from` to `to` as the signed-in manager, stamped by the app's clock. */
export async function handOverCases(
	ctx: Pick<AppContext, 'clock'>,
	choice: { from: string; to: string; ids: string[] }
): Promise<HandOverOutcome[]> {
	const bridge = await startTeamSync();
	const config = readTeamConfig();
	if (bridge === null || config === null)
		return choice.ids.map((id) => ({ id, caseRef: null, ok: false, kind: 'gone' }));
	return bridge.handOver(choice.ids, {
		from: choice.from,
		to: choice.to,
		by: config.user,
		at: ctx.clock().toISOString()
	});
}
