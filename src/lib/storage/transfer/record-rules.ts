/**
 * An imported record checked against the rules it pins: the schema (`record.ts`) says only that a
 * field is text, so without this a file could carry answers no scale has, a band the rules do not
 * have, a date that is not a date or an id that is a path. The answers go through `checkAnswers`,
 * the same check the command line and the app's own answers pass, so an import can never hold an
 * answer that the app could not have written.
 *
 * Each problem is the end of a sentence naming the field ("the answer to "x" …"); the caller
 * names the assessment.
 */
import { checkAnswers, factsFromCase } from '../../domain/answers.ts';
import { recordDecision } from '../../domain/decision.ts';
import { assess } from '../../domain/engine.ts';
import type { Rules } from '../../domain/compile.ts';
import { isIsoDate } from '../../domain/dates.ts';
import type { AssessmentRecord } from '../record.ts';
import { quote } from './describe.ts';

/** The form of every id Homeward makes (`crypto.randomUUID`): lower-case hex UUID. */
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Support the practitioner adds gets "own-" and a new id (`session.svelte.ts`). */
const ADDED_ITEM_ID = /^own-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A moment as `Date.toISOString` writes it, the only way Homeward writes one. */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;

/** Whether an id has the form Homeward gives assessments. */
export const isRecordId = (id: string): boolean => RECORD_ID.test(id);

/** Whether text is a real moment written as Homeward writes one ("2026-11-23T09:00:00.000Z"). */
export function isTimestamp(text: string): boolean {
	const m = TIMESTAMP.exec(text);
	if (!m) return false;
	return isIsoDate(m[1] as string) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60;
}

/**
 * What is wrong with a schema-valid record under the rules it pins, as sentence ends (at most
 * `limit`, since one bad record can have a problem in every field). Empty when nothing is.
 */
export function recordRuleProblems(
	record: AssessmentRecord,
	rules: Rules,
	limit = 10,
	raw: unknown = record
): string[] {
	const out: string[] = [];
	const add = (problem: string) => {
		if (out.length < limit) out.push(problem);
	};
	const { data } = rules;
	const named = `rules ${data.id} ${data.version}`;

	if (!isRecordId(record.id)) add(`its id ${quote(record.id)} is not in the form Homeward makes`);
	for (const link of ['reviewOf', 'supersedes', 'supersededBy'] as const) {
		const value = record[link];
		if (value !== null && !isRecordId(value)) {
			add(`the field "${link}" is ${quote(value)}, which is not in the form of Homeward’s ids`);
		}
	}

	// The file's own keys, before the schema copied them: a "__proto__" key is dropped by that copy,
	// and must be refused like any other unknown id rather than vanish.
	const rawAnswers = ownField(raw, 'answers') ?? record.answers;
	const answers = checkAnswers(rules, rawAnswers);
	if (!answers.ok)
		for (const issue of answers.issues) add(answerProblem(issue.factor, rawAnswers, rules));
	for (const factor of Object.keys(ownField(raw, 'notes') ?? record.notes)) {
		if (!rules.factors.has(factor)) {
			add(`it has notes for ${quote(factor)}, which is not a question in ${named}`);
		}
	}

	const bands = new Set(data.bands.map((b) => b.id));
	const band = (field: string, value: string | null) => {
		if (value !== null && !bands.has(value))
			add(`the field "${field}" is ${quote(value)}, which is not a band in ${named}`);
	};
	band('band', record.band);
	if (record.decision) {
		band('decision.computedBand', record.decision.computedBand);
		if (record.decision.kind === 'override') band('decision.band', record.decision.band);
	}

	const services = new Set(data.support.map((s) => s.id));
	const { planning } = record;
	for (const group of ['changes', 'removed'] as const) {
		for (const service of Object.keys(planning[group])) {
			if (!services.has(service))
				add(
					`the field "planning.${group}" names ${quote(service)}, which is not a service in ${named}`
				);
		}
	}
	planning.added.forEach((item, i) => {
		if (!ADDED_ITEM_ID.test(item.id))
			add(
				`the field "planning.added[${i}].id" is ${quote(item.id)}, which is not in the form Homeward makes`
			);
	});
	const placements = new Set(data.referenceCosts.placements.map((p) => p.id));
	if (planning.placement !== '' && !placements.has(planning.placement))
		add(
			`the field "planning.placement" is ${quote(planning.placement)}, which is not a placement in ${named}`
		);

	const date = (field: string, value: string | undefined, empty: boolean) => {
		if (value === undefined || (empty && value === '')) return;
		if (!isIsoDate(value)) add(`the field "${field}" is ${quote(value)}, which is not a real date`);
	};
	date('caseDetails.assessmentDate', record.caseDetails.assessmentDate, true);
	date('planning.plannedReturnDate', planning.plannedReturnDate, true);
	for (const [service, edit] of Object.entries(planning.changes))
		date(`planning.changes.${service}.startDate`, edit.startDate, true);
	planning.added.forEach((item, i) => date(`planning.added[${i}].startDate`, item.startDate, true));
	if (record.signOff) date('signOff.date', record.signOff.date, false);

	const moment = (field: string, value: string) => {
		if (!isTimestamp(value))
			add(
				`the field "${field}" is ${quote(value)}, which is not a real date and time such as "2026-11-23T09:00:00.000Z"`
			);
	};
	moment('createdAt', record.createdAt);
	moment('updatedAt', record.updatedAt);
	if (record.decision) moment('decision.decidedAt', record.decision.decidedAt);
	if (record.signOff) moment('signOff.signedAt', record.signOff.signedAt);

	// The practitioner's record and managers' reviews (record version 2).
	const practice = record.practice;
	date('practice.cameIntoCare', practice.cameIntoCare, true);
	date('practice.childViews.when', practice.childViews.when, true);
	date('practice.parentViews.when', practice.parentViews.when, true);
	record.managerReviews.forEach((r, i) => {
		date(`managerReviews[${i}].date`, r.date, false);
		moment(`managerReviews[${i}].recordedAt`, r.recordedAt);
	});
	record.audit.trail.forEach((e, i) => moment(`audit.trail[${i}].at`, e.at));

	if (out.length === 0) for (const problem of decisionProblems(record, rules)) add(problem);
	return out;
}

/**
 * A decision recorded for the band these answers give, and, for a finished assessment whose
 * decision needs a manager, the manager's approval: a file cannot carry a signed override that
 * skipped approval, nor a decision about a band its own answers do not reach. The need for
 * approval is worked out again from the rules, never taken from the file.
 */
function decisionProblems(record: AssessmentRecord, rules: Rules): string[] {
	const stored = record.decision;
	if (stored === null) return [];
	const result = assess(rules, record.answers, {
		today: record.caseDetails.assessmentDate,
		facts: factsFromCase(record.caseDetails)
	});
	if (result.band !== stored.computedBand)
		return [
			`its decision was made about the band ${quote(stored.computedBand)}, but its answers give ${result.band === null ? 'no band yet' : quote(result.band)}`
		];
	const again = recordDecision(
		rules,
		result,
		stored.kind === 'agree'
			? { kind: 'agree' }
			: { kind: 'override', band: stored.band, reason: stored.reason }
	);
	if (!again.ok) return [`its decision does not hold under these rules: ${again.message}`];
	const approved = record.managerReviews.at(-1)?.outcome === 'approved';
	if (again.recorded.needsManagerApproval && record.status === 'signed' && !approved)
		return [
			`it is marked as signed off, but its decision needed a manager's approval (${again.recorded.approvalReasons.join(' ')}) and none is recorded`
		];
	return [];
}

function ownField(raw: unknown, key: string): Record<string, unknown> | undefined {
	if (typeof raw !== 'object' || raw === null || !Object.hasOwn(raw, key)) return undefined;
	const value = (raw as Record<string, unknown>)[key];
	return typeof value === 'object' && value !== null
		? (value as Record<string, unknown>)
		: undefined;
}

function answerProblem(factor: string, answers: Record<string, unknown>, rules: Rules): string {
	const named = `rules ${rules.data.id} ${rules.data.version}`;
	if (!rules.factors.has(factor))
		return `it answers ${quote(factor)}, which is not a question in ${named}`;
	const value = Object.hasOwn(answers, factor) ? answers[factor] : undefined;
	return `the answer to ${quote(factor)} is ${quote(value)}, which is not one of that question’s answers in ${named}`;
}
