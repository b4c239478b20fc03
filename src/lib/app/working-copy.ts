/**
 * The open assessment's working copy as plain data, and how it takes in another tab's save
 * without losing what was typed here: fields changed here and not yet saved win, everything else
 * comes from the newer record. Pure, so the merge is unit-tested without a session or a store.
 */
import type { CaseDetails } from '../domain/assessment.ts';
import type { PlanChoices } from '../domain/plan.ts';

/** What the page has changed since the last save. */
export interface Dirty {
	answers: Set<string>;
	notes: Set<string>;
	caseDetails: Set<keyof CaseDetails>;
	planning: boolean;
	/** The step, the steps visited or the decision. */
	other: boolean;
}

/** Nothing changed. */
export const clean = (): Dirty => ({
	answers: new Set(),
	notes: new Set(),
	caseDetails: new Set(),
	planning: false,
	other: false
});

/** Whether anything is waiting to be saved. */
export function isDirty(d: Dirty): boolean {
	return d.other || d.planning || d.answers.size > 0 || d.notes.size > 0 || d.caseDetails.size > 0;
}

/** `into` marked with everything `from` marks too (after a failed save, so a retry saves it). */
export function markAgain(into: Dirty, from: Dirty): void {
	for (const k of from.answers) into.answers.add(k);
	for (const k of from.notes) into.notes.add(k);
	for (const k of from.caseDetails) into.caseDetails.add(k);
	into.other ||= from.other;
	into.planning ||= from.planning;
}

export interface WorkingCopy {
	caseDetails: CaseDetails;
	answers: Record<string, string>;
	notes: Record<string, string>;
	planning: PlanChoices;
	visited: string[];
}

/** A field this tab and another changed at once, from the same starting record. */
export interface Clash {
	kind: 'answer' | 'note' | 'case' | 'plan';
	field: string;
	mine: string | undefined;
	theirs: string | undefined;
}

/** Put between this tab's text and the other's when both changed the same note. */
export const CLASH_SEPARATOR = '\n\n— Also written in another tab or window at the same time —\n';

/**
 * `latest` (another tab's save) with this tab's unsaved fields put back on top: answers, notes
 * and case details field by field, the plan whole (it is edited as one), and the steps visited
 * in either tab. Where both changed the same field since `base` (the record this tab started
 * from), a note keeps both texts, this tab's first; an answer or case detail keeps this tab's;
 * each such field is listed in `clashes` so the person can be told.
 */
export function mergeWorkingCopy(
	mine: WorkingCopy,
	latest: WorkingCopy,
	dirty: Dirty,
	base: WorkingCopy = latest
): WorkingCopy & { clashes: Clash[] } {
	const clashes: Clash[] = [];
	const theyChanged = (a: string | undefined, b: string | undefined, m: string | undefined) =>
		a !== b && b !== m;
	const answers = { ...latest.answers };
	for (const k of dirty.answers) {
		if (mine.answers[k] === undefined) continue;
		if (theyChanged(base.answers[k], latest.answers[k], mine.answers[k]))
			clashes.push({ kind: 'answer', field: k, mine: mine.answers[k], theirs: latest.answers[k] });
		answers[k] = mine.answers[k];
	}
	const notes = { ...latest.notes };
	for (const k of dirty.notes) {
		const m = mine.notes[k];
		const theirs = latest.notes[k];
		if (theyChanged(base.notes[k], theirs, m) && theirs !== undefined) {
			clashes.push({ kind: 'note', field: k, mine: m, theirs });
			notes[k] = m === undefined ? theirs : `${m}${CLASH_SEPARATOR}${theirs}`;
		} else if (m === undefined) delete notes[k];
		else notes[k] = m;
	}
	const caseDetails = { ...latest.caseDetails };
	for (const k of dirty.caseDetails) {
		if (theyChanged(base.caseDetails[k], latest.caseDetails[k], mine.caseDetails[k]))
			clashes.push({
				kind: 'case',
				field: k,
				mine: mine.caseDetails[k],
				theirs: latest.caseDetails[k]
			});
		(caseDetails as Record<string, string>)[k] = mine.caseDetails[k];
	}
	// The plan is edited as one: this tab's is kept whole, and a change in both is said.
	if (dirty.planning && JSON.stringify(latest.planning) !== JSON.stringify(base.planning))
		clashes.push({ kind: 'plan', field: 'planning', mine: undefined, theirs: undefined });
	const visited = [...latest.visited, ...mine.visited];
	return {
		caseDetails,
		answers,
		notes,
		planning: dirty.planning ? mine.planning : structuredClone(latest.planning),
		visited: visited.filter((step, i) => visited.indexOf(step) === i),
		clashes
	};
}
