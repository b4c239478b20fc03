/** Answers: checking raw input against a rules file, and working out which answers count. */
import { factKey, holds } from './conditions.ts';
import type { Rules } from './rules.ts';
import type { Condition } from './rules-schema.ts';

/** Answers as given: factor id → option value. */
export type Answers = Readonly<Record<string, string>>;

/** Case facts as given (case fact id → value, e.g. {"age-band": "under-1"}); a fact not known is left out. */
export type CaseFacts = Readonly<Record<string, string>>;

export interface AnswerIssue {
	factor: string;
	message: string;
}

export type CheckAnswersResult =
	{ ok: true; answers: Answers } | { ok: false; issues: AnswerIssue[] };

/**
 * Check raw answers against the rules: an object of factor id → answer value, every factor known,
 * every value on the factor's scale. Answers to questions hidden by `showIf` are allowed here (and
 * ignored when scoring), because visibility depends on the other answers.
 */
export function checkAnswers(rules: Rules, raw: unknown): CheckAnswersResult {
	const shape = textMap(raw);
	if (!shape.ok) {
		if (shape.key === undefined) {
			return {
				ok: false,
				issues: [{ factor: '', message: 'answers must be an object of factor id to answer value' }]
			};
		}
		return {
			ok: false,
			issues: [
				{
					factor: shape.key,
					message: `the answer to "${shape.key}" must be a text value such as "adequate", not ${shortValue(shape.value)}`
				}
			]
		};
	}
	const issues: AnswerIssue[] = [];
	const { id, version } = rules.data;
	// Own keys only, looked up in Maps: "__proto__" or "constructor" is an unknown id like any other.
	for (const [factor, value] of Object.entries(shape.map)) {
		const info = rules.factors.get(factor);
		if (!info) {
			issues.push({
				factor,
				message: `unknown factor "${factor}": it is not in rules ${id} ${version}`
			});
			continue;
		}
		const values = [...info.scale.options, ...info.scale.neutral].map((o) => o.value);
		if (!values.includes(value)) {
			issues.push({
				factor,
				message: `"${value}" is not an answer to factor "${factor}" (allowed: ${values.join(', ')})`
			});
		}
	}
	return issues.length > 0 ? { ok: false, issues } : { ok: true, answers: shape.map };
}

// A value from a file, named briefly: a nested list could be huge or too deep to print.
function shortValue(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value !== null && typeof value === 'object') return 'a group of fields';
	return String(JSON.stringify(value) ?? 'undefined');
}

/**
 * A plain object of text values, copied key by key with `Object.fromEntries` (which defines a
 * "__proto__" key as data, where assignment would change the object's prototype).
 */
function textMap(
	raw: unknown
): { ok: true; map: Record<string, string> } | { ok: false; key?: string; value?: unknown } {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false };
	const entries: [string, string][] = [];
	for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
		if (typeof value !== 'string') return { ok: false, key, value };
		entries.push([key, value]);
	}
	return { ok: true, map: Object.fromEntries(entries) };
}

/**
 * Check case facts against the facts the rules declare. Facts the rules do not declare are an
 * error; a declared fact may be left out (not known yet).
 */
export function checkFacts(
	rules: Rules,
	raw: unknown
): { ok: true; facts: CaseFacts } | { ok: false; message: string } {
	if (raw === undefined) return { ok: true, facts: {} };
	const shape = textMap(raw);
	if (!shape.ok) return { ok: false, message: 'case facts must be an object of fact id to value' };
	for (const [id, value] of Object.entries(shape.map)) {
		const fact = rules.facts.get(id);
		const declared = [...rules.facts.keys()];
		if (!fact)
			return {
				ok: false,
				message: `unknown case fact "${id}": rules ${rules.data.id} ${rules.data.version} declare ${declared.length > 0 ? declared.map((f) => `"${f}"`).join(', ') : 'none'}`
			};
		if (!fact.values.some((v) => v.value === value))
			return {
				ok: false,
				message: `"${value}" is not a value of case fact "${id}" (allowed: ${fact.values.map((v) => v.value).join(', ')})`
			};
	}
	return { ok: true, facts: shape.map };
}

/**
 * The case facts in a record's case details: the age band and legal status under the ids rules
 * files declare them with (an empty field is a fact not known yet, and is left out).
 */
export function factsFromCase(details: { ageBand: string; legalStatus: string }): CaseFacts {
	const facts: Record<string, string> = {};
	if (details.ageBand !== '') facts['age-band'] = details.ageBand;
	if (details.legalStatus !== '') facts['legal-status'] = details.legalStatus;
	return facts;
}

/** Case facts the rules do not declare, or with values they do not know, are dropped. */
function knownFacts(rules: Rules, facts: CaseFacts | undefined): [string, string][] {
	if (!facts || rules.facts.size === 0) return [];
	const out: [string, string][] = [];
	for (const [id, fact] of rules.facts) {
		const value = facts[id];
		if (value !== undefined && fact.values.some((v) => v.value === value))
			out.push([factKey(id), value]);
	}
	return out;
}

/**
 * Which questions are shown, and the answers that count (visible and answered, in file order).
 * Visibility depends only on case facts and earlier answers, so one pass in file order settles
 * both. `context` holds the effective answers plus the case facts (under `factKey`): what
 * conditions are evaluated against.
 */
export function answerState(
	rules: Rules,
	answers: Answers,
	facts?: CaseFacts
): { visible: Set<string>; effective: Map<string, string>; context: Map<string, string> } {
	const visible = new Set<string>();
	const effective = new Map<string, string>();
	const extra = knownFacts(rules, facts);
	const context = extra.length > 0 ? new Map(extra) : effective;
	for (const id of rules.order) {
		const info = rules.factors.get(id);
		if (!info) continue;
		if (info.factor.showIf && !holds(info.factor.showIf, context, rules)) continue;
		visible.add(id);
		const value = answers[id];
		if (value !== undefined) {
			effective.set(id, value);
			if (context !== effective) context.set(id, value);
		}
	}
	return { visible, effective, context };
}

/**
 * Like `answerState`, with one map only: the case facts (under `factKey`) and the answers that
 * count. What the engine needs; factor ids and fact keys never collide.
 */
export function answerContext(
	rules: Rules,
	answers: Answers,
	facts?: CaseFacts
): { visible: Set<string>; context: Map<string, string> } {
	const visible = new Set<string>();
	const context = new Map(knownFacts(rules, facts));
	// The hot loop of scoring: ids and visibility conditions in file order, looked up once per rules.
	for (const { id, showIf } of questionList(rules)) {
		if (showIf && !holds(showIf, context, rules)) continue;
		visible.add(id);
		const value = answers[id];
		if (value !== undefined) context.set(id, value);
	}
	return { visible, context };
}

const questionLists = new WeakMap<Rules, { id: string; showIf: Condition | undefined }[]>();
function questionList(rules: Rules) {
	let list = questionLists.get(rules);
	if (!list) {
		list = rules.order.map((id) => ({ id, showIf: rules.factors.get(id)?.factor.showIf }));
		questionLists.set(rules, list);
	}
	return list;
}

/** The questions shown, given the answers (and case facts). */
export function visibleFactors(rules: Rules, answers: Answers, facts?: CaseFacts): Set<string> {
	return answerState(rules, answers, facts).visible;
}

/** The answers that count: visible and answered, in file order. Answers to hidden questions are dropped. */
export function effectiveAnswers(
	rules: Rules,
	answers: Answers,
	facts?: CaseFacts
): Map<string, string> {
	return answerState(rules, answers, facts).effective;
}

/**
 * A complete set of answers with every rated question at its most reassuring ('best') or most
 * concerning ('worst') answer. Facts that decide visibility take `choose(factorId)` if given,
 * otherwise their first option.
 */
export function extremeAnswers(
	rules: Rules,
	mode: 'best' | 'worst',
	choose?: (factorId: string, values: string[]) => string,
	facts?: CaseFacts
): Record<string, string> {
	const answers: Record<string, string> = {};
	const effective = new Map<string, string>(knownFacts(rules, facts));
	for (const id of rules.order) {
		const info = rules.factors.get(id);
		if (!info) continue;
		if (info.factor.showIf && !holds(info.factor.showIf, effective, rules)) continue;
		const values = info.scale.options.map((o) => o.value);
		const value = info.scale.ordered
			? mode === 'best'
				? values[values.length - 1]
				: values[0]
			: choose
				? choose(id, values)
				: values[0];
		if (value === undefined) continue;
		answers[id] = value;
		effective.set(id, value);
	}
	return answers;
}
