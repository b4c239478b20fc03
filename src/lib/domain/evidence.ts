/**
 * Answers and case facts as the result explains them (`Evidence`), made once and shared: scoring
 * runs thousands of times in a benchmark or a property test, and the same answer always reads the same.
 */
import { FACT_PREFIX } from './conditions.ts';
import type { FactorInfo, Rules } from './rules.ts';
import type { Evidence } from './result.ts';

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
export function evidenceFor(info: FactorInfo, value: string): Evidence {
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

/** A case fact (age band, legal status…) as evidence, or null when the rules do not declare it. */
export function factEvidence(
	rules: Rules,
	key: string,
	value: string | undefined
): Evidence | null {
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
export function lowerFirst(text: string): string {
	let out = lowered.get(text);
	if (out === undefined) {
		out = text.charAt(0).toLowerCase() + text.slice(1);
		lowered.set(text, out);
	}
	return out;
}

/** `label is "answer"`, for explanation steps. */
export function describeEvidence(e: Evidence): string {
	return `${e.fact ? 'the case fact ' : ''}“${e.label}” is “${e.valueLabel}”`;
}
