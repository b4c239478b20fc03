/**
 * Conditions over answers: evaluation, the answers that made a condition true, and static analysis
 * (which factors a condition mentions, whether it can ever hold, whether it only points towards
 * concern). Pure functions; no rules file is read here.
 */
import type { Condition, Scale } from './rules-schema.ts';

/** What a condition needs to know about a factor (or, under `factKey(id)`, a case fact). */
export interface FactorLookup {
	scaleOf(factorId: string): Scale | undefined;
}

/**
 * Case facts share the answers map under a key no factor id can take (ids never contain ":"), so
 * one map and one lookup serve both and the hot path stays a single `Map.get`.
 */
export const FACT_PREFIX = 'fact:';
export const factKey = (factId: string) => FACT_PREFIX + factId;
export const isFactKey = (key: string) => key.startsWith(FACT_PREFIX);

/** The key a single-test condition reads: its factor id, or its fact's key. */
export function conditionKey(c: Condition): string | undefined {
	return c.factor ?? (c.fact === undefined ? undefined : factKey(c.fact));
}

/** Answers that count: only factors that are visible and answered. */
export type EffectiveAnswers = ReadonlyMap<string, string>;

export type ConditionForm = 'is' | 'atMost' | 'atLeast' | 'all' | 'any';

/** The single form a condition object takes, or an error sentence when it mixes or lacks forms. */
export function conditionForm(c: Condition): ConditionForm | { error: string } {
	const forms: ConditionForm[] = [];
	if (c.is !== undefined) forms.push('is');
	if (c.atMost !== undefined) forms.push('atMost');
	if (c.atLeast !== undefined) forms.push('atLeast');
	if (c.all !== undefined) forms.push('all');
	if (c.any !== undefined) forms.push('any');
	if (forms.length !== 1) {
		return {
			error:
				forms.length === 0
					? 'a condition needs one of is, atMost, atLeast, all or any'
					: `a condition must use exactly one of is, atMost, atLeast, all or any, not ${forms.join(' and ')}`
		};
	}
	const form = forms[0] as ConditionForm;
	const needsFactor = form === 'is' || form === 'atMost' || form === 'atLeast';
	if (c.factor !== undefined && c.fact !== undefined)
		return { error: 'a condition tests either a "factor" or a "fact", not both' };
	if (c.fact !== undefined && form !== 'is')
		return {
			error: `a case fact is tested with "is" only (facts are categories, not ratings), not "${form}"`
		};
	if (needsFactor && c.factor === undefined && c.fact === undefined)
		return { error: `"${form}" needs a "factor"` };
	if (!needsFactor && (c.factor !== undefined || c.fact !== undefined)) {
		return { error: `"${form}" combines other conditions and takes no "factor"` };
	}
	return form;
}

function asList(v: string | string[] | undefined): string[] {
	return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Position of a value on an ordered scale (0 = most concerning), or -1 if not an ordered option. */
export function rank(scale: Scale, value: string): number {
	return scale.ordered ? scale.options.findIndex((o) => o.value === value) : -1;
}

/** The set of values of a factor that satisfy a single-factor test. */
export function allowedValues(c: Condition, scale: Scale): Set<string> {
	const all = [...scale.options, ...scale.neutral].map((o) => o.value);
	if (c.is !== undefined) {
		const wanted = new Set(asList(c.is));
		return new Set(all.filter((v) => wanted.has(v)));
	}
	if (c.atMost !== undefined || c.atLeast !== undefined) {
		const limit = rank(scale, (c.atMost ?? c.atLeast) as string);
		if (limit < 0) return new Set();
		return new Set(
			scale.options
				.map((o, i) => ({ v: o.value, i }))
				.filter(({ i }) => (c.atMost !== undefined ? i <= limit : i >= limit))
				.map(({ v }) => v)
		);
	}
	return new Set();
}

// Conditions come from a rules file and never change, so each is compiled once into a predicate
// (scoring runs thousands of times in a benchmark or a property test): the key and the allowed
// values of every test are worked out up front, and evaluation is plain loops over closures.
type Predicate = (answers: EffectiveAnswers) => boolean;
const compiledCache = new WeakMap<Condition, Predicate>();
const never: Predicate = () => false;

function compile(c: Condition, lookup: FactorLookup): Predicate {
	if (c.all !== undefined) {
		const parts = c.all.map((x) => compile(x, lookup));
		return (answers) => {
			for (const p of parts) if (!p(answers)) return false;
			return true;
		};
	}
	if (c.any !== undefined) {
		const parts = c.any.map((x) => compile(x, lookup));
		return (answers) => {
			for (const p of parts) if (p(answers)) return true;
			return false;
		};
	}
	const key = conditionKey(c);
	const scale = key === undefined ? undefined : lookup.scaleOf(key);
	if (key === undefined || scale === undefined) return never;
	const allowed = allowedValues(c, scale);
	return (answers) => {
		const value = answers.get(key);
		return value !== undefined && allowed.has(value);
	};
}

/** Does the condition hold for these answers? A test on an unanswered or hidden factor is false. */
export function holds(c: Condition, answers: EffectiveAnswers, lookup: FactorLookup): boolean {
	let p = compiledCache.get(c);
	if (p === undefined) {
		p = compile(c, lookup);
		compiledCache.set(c, p);
	}
	return p(answers);
}

/**
 * The factors (and `factKey`s of case facts) whose answers made a condition hold, in the order the
 * condition names them. For `any`, only the branches that held; for `all`, every branch. Empty when
 * the condition fails.
 */
export function reasons(c: Condition, answers: EffectiveAnswers, lookup: FactorLookup): string[] {
	const out: string[] = [];
	holdsBecause(c, answers, lookup, out);
	return out;
}

// Like the predicates above, a compiled collector per condition: one pass both decides whether
// the condition holds and gathers the answers behind it (this runs for every service and cap).
type Collector = (answers: EffectiveAnswers, out: string[]) => boolean;
const collectorCache = new WeakMap<Condition, Collector>();

function compileCollector(c: Condition, lookup: FactorLookup): Collector {
	if (c.all !== undefined) {
		const parts = c.all.map((x) => compileCollector(x, lookup));
		return (answers, out) => {
			const before = out.length;
			for (const p of parts)
				if (!p(answers, out)) {
					out.length = before;
					return false;
				}
			return true;
		};
	}
	if (c.any !== undefined) {
		const parts = c.any.map((x) => compileCollector(x, lookup));
		return (answers, out) => {
			let held = false;
			for (const p of parts) if (p(answers, out)) held = true;
			return held;
		};
	}
	const key = conditionKey(c);
	const test = compile(c, lookup);
	return (answers, out) => {
		if (!test(answers)) return false;
		if (key !== undefined && !out.includes(key)) out.push(key);
		return true;
	};
}

/**
 * Whether the condition holds, adding the answers behind it to `out` when it does (and nothing
 * when it does not). `reasons` in one pass.
 */
export function holdsBecause(
	c: Condition,
	answers: EffectiveAnswers,
	lookup: FactorLookup,
	out: string[]
): boolean {
	let collect = collectorCache.get(c);
	if (collect === undefined) {
		collect = compileCollector(c, lookup);
		collectorCache.set(c, collect);
	}
	const before = out.length;
	const held = collect(answers, out);
	if (!held) out.length = before;
	return held;
}

/** Every factor a condition mentions (case facts are not factors and are left out). */
export function factorsIn(c: Condition): string[] {
	const out = new Set<string>();
	const walk = (x: Condition) => {
		if (x.factor !== undefined) out.add(x.factor);
		x.all?.forEach(walk);
		x.any?.forEach(walk);
	};
	walk(c);
	return [...out];
}

/** How many single tests a condition holds, and how deep its all/any nest (a test is depth 1). */
export function conditionSize(c: Condition): { tests: number; depth: number } {
	let tests = 0;
	let depth = 0;
	// Without recursion: the size limits exist to protect the code that does recurse.
	const stack: [Condition, number][] = [[c, 1]];
	while (stack.length > 0) {
		const [x, d] = stack.pop() as [Condition, number];
		depth = Math.max(depth, d);
		const parts = x.all ?? x.any;
		if (parts === undefined) tests++;
		else for (const p of parts) stack.push([p, d + 1]);
	}
	return { tests, depth };
}

/**
 * True when the condition can only become true as answers get more concerning: every ordered
 * factor it tests allows a set of values closed towards concern (`atMost`, or an `is` list that
 * includes every more concerning option). Neutral values such as "not known" sit outside the order
 * and may be named freely. Tests on unordered factors are facts, not ratings, and are allowed.
 */
export function pointsTowardsConcern(c: Condition, lookup: FactorLookup): boolean {
	if (c.all !== undefined) return c.all.every((x) => pointsTowardsConcern(x, lookup));
	if (c.any !== undefined) return c.any.every((x) => pointsTowardsConcern(x, lookup));
	const key = conditionKey(c);
	const scale = key === undefined ? undefined : lookup.scaleOf(key);
	if (scale === undefined || !scale.ordered) return true;
	if (c.atLeast !== undefined) return false;
	const allowed = allowedValues(c, scale);
	const ranks = scale.options.map((o, i) => (allowed.has(o.value) ? i : -1)).filter((i) => i >= 0);
	return ranks.every((r, i) => r === i);
}
