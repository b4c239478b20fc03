/**
 * Turning raw rules data into a checked, indexed `Rules` object. `parseRules` is the only way in:
 * structure (zod) first, then cross-references, then checks that need the engine (reachability).
 *
 * Longer than 300 lines because `checkReferences` is one pass over the whole file with a few lines
 * per kind of cross-reference (a table of checks that reads best in one place, in file order); the
 * shape is in rules-schema.ts and the conditions' own analysis in conditions.ts.
 */
import type { z } from 'zod';
import { type Condition, type RulesData, type Scale, RulesSchema } from './rules-schema.ts';
import { compileRules, type IssuePath, type Rules } from './compile.ts';
import {
	allowedValues,
	conditionForm,
	conditionKey,
	conditionSize,
	factorsIn,
	type FactorLookup,
	pointsTowardsConcern
} from './conditions.ts';
import { assess } from './engine.ts';
import { extremeAnswers } from './answers.ts';

export type { FactorInfo, IssuePath, Rules } from './compile.ts';
export { compileRules } from './compile.ts';

/** One problem in a rules file: where it is and what is wrong, as a sentence. */
export interface RulesIssue {
	path: IssuePath;
	message: string;
}

export type ParseRulesResult = { ok: true; rules: Rules } | { ok: false; issues: RulesIssue[] };

/** Validate raw data (parsed YAML or JSON) as a rules file. Never throws for bad input. */
export function parseRules(input: unknown): ParseRulesResult {
	const deep = nestingPath(input, MAX_DATA_DEPTH);
	if (deep !== null) {
		return {
			ok: false,
			issues: [
				{
					path: deep,
					message: `nests lists and fields more than ${MAX_DATA_DEPTH} deep, far more than a rules file needs`
				}
			]
		};
	}
	const parsed = RulesSchema.safeParse(input);
	if (!parsed.success) {
		return {
			ok: false,
			issues: parsed.error.issues.map((i) => ({
				path: i.path as IssuePath,
				message: zodMessage(i)
			}))
		};
	}
	const sizeIssues = checkConditionSizes(parsed.data);
	if (sizeIssues.length > 0) return { ok: false, issues: sizeIssues };
	const refIssues = checkReferences(parsed.data);
	if (refIssues.length > 0) return { ok: false, issues: refIssues };
	const rules = compileRules(parsed.data);
	const reachIssues = checkReachability(rules);
	if (reachIssues.length > 0) return { ok: false, issues: reachIssues };
	return { ok: true, rules };
}

/** Deepest nesting of raw rules data read at all (zod's checks recurse). */
export const MAX_DATA_DEPTH = 40;
/** Largest condition: the real rules' biggest has 13 tests; this leaves room and bounds the work. */
export const MAX_CONDITION_TESTS = 200;
/** Deepest nesting of all/any in a condition. */
export const MAX_CONDITION_DEPTH = 8;
/**
 * Most steps the search for answers that make one condition hold may take. A condition written
 * so that checking it would take longer is refused as too complex, rather than hanging.
 */
export const MAX_SEARCH_STEPS = 100_000;

/** The path to the first value nested deeper than `max`, walked without recursion, or null. */
function nestingPath(input: unknown, max: number): IssuePath | null {
	const stack: [unknown, IssuePath][] = [[input, []]];
	while (stack.length > 0) {
		const [value, path] = stack.pop() as [unknown, IssuePath];
		if (value === null || typeof value !== 'object') continue;
		if (path.length >= max) return path;
		if (Array.isArray(value)) value.forEach((v, i) => stack.push([v, [...path, i]]));
		else for (const [k, v] of Object.entries(value)) stack.push([v, [...path, k]]);
	}
	return null;
}

/** Every condition in the file with its path. */
function conditionsOf(data: RulesData): [Condition, IssuePath][] {
	const out: [Condition, IssuePath][] = [];
	data.domains.forEach((d, i) =>
		d.factors.forEach((f, j) => {
			if (f.showIf) out.push([f.showIf, ['domains', i, 'factors', j, 'showIf']]);
		})
	);
	data.hardStops.forEach((h, i) => out.push([h.when, ['hardStops', i, 'when']]));
	(data.conditionalCaps ?? []).forEach((c, i) =>
		out.push([c.when, ['conditionalCaps', i, 'when']])
	);
	data.support.forEach((s, i) => {
		if (s.recommendWhen) out.push([s.recommendWhen, ['support', i, 'recommendWhen']]);
	});
	return out;
}

function checkConditionSizes(data: RulesData): RulesIssue[] {
	const issues: RulesIssue[] = [];
	for (const [c, path] of conditionsOf(data)) {
		const { tests, depth } = conditionSize(c);
		if (tests > MAX_CONDITION_TESTS) {
			issues.push({
				path,
				message: `this condition has ${tests} tests, more than the ${MAX_CONDITION_TESTS} a condition may have: split it into several rules`
			});
		} else if (depth > MAX_CONDITION_DEPTH) {
			issues.push({
				path,
				message: `this condition nests "all" and "any" ${depth} deep, more than the ${MAX_CONDITION_DEPTH} a condition may: write it flatter`
			});
		}
	}
	return issues;
}

/** Turn a zod issue into a sentence a practice lead can act on. */
function zodMessage(issue: z.core.$ZodIssue): string {
	if (issue.code === 'unrecognized_keys') {
		const keys = issue.keys.map((k) => `"${k}"`).join(', ');
		return `unknown field ${keys}: check the spelling, or remove it`;
	}
	if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
		return `is required but missing (expected ${issue.expected})`;
	}
	if (issue.code === 'invalid_type')
		return `has the wrong type: ${issue.message.replace(/^Invalid input: /, '')}`;
	if (issue.code === 'invalid_value') {
		return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
	}
	return issue.message;
}

// ------------------------------------------------------------------------------------------------
// Cross-reference checks: things zod cannot see because they span the file.
// ------------------------------------------------------------------------------------------------

function checkReferences(data: RulesData): RulesIssue[] {
	const issues: RulesIssue[] = [];
	const err = (path: IssuePath, message: string) => issues.push({ path, message });

	const unique = (items: { id: string }[], path: IssuePath, what: string) => {
		const seen = new Map<string, number>();
		items.forEach((item, i) => {
			const first = seen.get(item.id);
			if (first !== undefined) {
				err(
					[...path, i, 'id'],
					`duplicate ${what} id "${item.id}" (first used at ${path.join('.')}[${first}])`
				);
			} else seen.set(item.id, i);
		});
	};

	unique(data.sources, ['sources'], 'source');
	unique(data.scales, ['scales'], 'scale');
	unique(data.domains, ['domains'], 'domain');
	unique(data.hardStops, ['hardStops'], 'hard stop');
	unique(data.judgements, ['judgements'], 'judgement');
	unique(data.bands, ['bands'], 'band');
	unique(data.support, ['support'], 'service');
	unique(data.reviews, ['reviews'], 'review');
	unique(data.referenceCosts.placements, ['referenceCosts', 'placements'], 'placement');

	const sourceIds = new Set(data.sources.map((s) => s.id));
	const checkSources = (ids: string[], path: IssuePath) =>
		ids.forEach((s, i) => {
			if (!sourceIds.has(s))
				err([...path, i], `unknown source "${s}": add it to "sources" or fix the id`);
		});

	// Scales: ordered options carry rising scores; categories carry none; values are unique.
	const scales = new Map<string, Scale>();
	data.scales.forEach((scale, s) => {
		scales.set(scale.id, scale);
		const values = new Set<string>();
		const all = [
			...scale.options.map((o, i) => ({ o, path: ['scales', s, 'options', i] as IssuePath })),
			...scale.neutral.map((o, i) => ({ o, path: ['scales', s, 'neutral', i] as IssuePath }))
		];
		for (const { o, path } of all) {
			if (values.has(o.value))
				err([...path, 'value'], `duplicate value "${o.value}" in scale "${scale.id}"`);
			values.add(o.value);
		}
		scale.neutral.forEach((o, i) => {
			if (o.score !== undefined) {
				err(
					['scales', s, 'neutral', i, 'score'],
					`neutral answer "${o.value}" must not have a score: neutral answers are never scored`
				);
			}
		});
		scale.options.forEach((o, i) => {
			const path: IssuePath = ['scales', s, 'options', i, 'score'];
			if (!scale.ordered && o.score !== undefined) {
				err(
					path,
					`option "${o.value}" has a score, but scale "${scale.id}" is not ordered: remove the score or set ordered: true`
				);
			}
			if (scale.ordered && o.score === undefined) {
				err(path, `option "${o.value}" needs a score because scale "${scale.id}" is ordered`);
			}
			const prev = scale.options[i - 1];
			if (
				scale.ordered &&
				i > 0 &&
				o.score !== undefined &&
				prev?.score !== undefined &&
				o.score <= prev.score
			) {
				err(
					path,
					`scores must rise from the most concerning option to the most reassuring, but "${o.value}" (${o.score}) is not above "${prev.value}" (${prev.score})`
				);
			}
		});
	});

	// Factors: ids unique across the whole file; scale known.
	const factorInfo = new Map<
		string,
		{ scale: Scale | undefined; index: number; path: IssuePath }
	>();
	let index = 0;
	data.domains.forEach((domain, d) => {
		domain.factors.forEach((factor, f) => {
			const path: IssuePath = ['domains', d, 'factors', f];
			const prior = factorInfo.get(factor.id);
			if (prior)
				err(
					[...path, 'id'],
					`duplicate factor id "${factor.id}" (first used at ${prior.path.join('.')}); factor ids must be unique across all domains`
				);
			const scale = scales.get(factor.scale);
			if (!scale)
				err([...path, 'scale'], `unknown scale "${factor.scale}" in factor "${factor.id}"`);
			if (!prior) factorInfo.set(factor.id, { scale, index: index, path });
			index++;
			checkSources(factor.sources, [...path, 'sources']);
		});
		const scored = domain.factors.some(
			(f) => f.weight > 0 && scales.get(f.scale)?.ordered === true
		);
		const scalesKnown = domain.factors.every((f) => scales.has(f.scale));
		if (domain.unscored) {
			domain.factors.forEach((f, k) => {
				if (f.weight > 0 && scales.get(f.scale)?.ordered)
					err(
						['domains', d, 'factors', k, 'weight'],
						`factor "${f.id}" has weight ${f.weight}, but its section "${domain.id}" is unscored: give it weight 0`
					);
			});
		} else if (!scored && scalesKnown) {
			err(
				['domains', d, 'factors'],
				`domain "${domain.id}" has no scored factor (an ordered scale with weight above 0), so it could never have a score (mark it "unscored: true" if that is meant)`
			);
		}
	});

	const lookup: FactorLookup = { scaleOf: (id) => factorInfo.get(id)?.scale };

	const facts = new Map((data.facts ?? []).map((f) => [f.id, f]));
	const checkCondition = (c: Condition, path: IssuePath) => {
		const form = conditionForm(c);
		if (typeof form !== 'string') return err(path, form.error);
		if (form === 'all' || form === 'any') {
			(c[form] ?? []).forEach((x, i) => checkCondition(x, [...path, form, i]));
			return;
		}
		if (c.fact !== undefined) {
			const fact = facts.get(c.fact);
			if (!fact)
				return err(
					[...path, 'fact'],
					`unknown case fact "${c.fact}" in condition (declare it under "facts"${facts.size > 0 ? `; facts: ${[...facts.keys()].join(', ')}` : ''})`
				);
			const known = new Set(fact.values.map((v) => v.value));
			(Array.isArray(c.is) ? c.is : [c.is as string]).forEach((v) => {
				if (!known.has(v))
					err(
						[...path, 'is'],
						`"${v}" is not a value of case fact "${fact.id}" (values: ${[...known].join(', ')})`
					);
			});
			return;
		}
		const factorId = c.factor as string;
		const info = factorInfo.get(factorId);
		if (!info) return err([...path, 'factor'], `unknown factor "${factorId}" in condition`);
		const scale = info.scale;
		if (!scale) return;
		const known = new Set([...scale.options, ...scale.neutral].map((o) => o.value));
		if (form === 'is') {
			const values = Array.isArray(c.is) ? c.is : [c.is as string];
			values.forEach((v) => {
				if (!known.has(v)) {
					err(
						[...path, 'is'],
						`"${v}" is not an answer on scale "${scale.id}" of factor "${factorId}" (answers: ${[...known].join(', ')})`
					);
				}
			});
		} else {
			const v = (c.atMost ?? c.atLeast) as string;
			if (!scale.ordered) {
				err(
					[...path, form],
					`"${form}" needs an ordered scale, but factor "${factorId}" uses the unordered scale "${scale.id}": use "is"`
				);
			} else if (!scale.options.some((o) => o.value === v)) {
				err(
					[...path, form],
					`"${v}" is not an ordered answer on scale "${scale.id}" of factor "${factorId}" (ordered answers: ${scale.options.map((o) => o.value).join(', ')})`
				);
			}
		}
	};

	// Visibility: may only depend on earlier facts (unordered factors), so that a better rating can
	// never hide an answer, and so the wizard always asks the deciding question first.
	data.domains.forEach((domain, d) =>
		domain.factors.forEach((factor, f) => {
			if (!factor.showIf) return;
			const path: IssuePath = ['domains', d, 'factors', f, 'showIf'];
			const before = issues.length;
			checkCondition(factor.showIf, path);
			if (issues.length > before) return;
			const self = factorInfo.get(factor.id);
			for (const ref of factorsIn(factor.showIf)) {
				const target = factorInfo.get(ref);
				if (!target || !self) continue;
				if (target.index >= self.index) {
					err(
						path,
						`"showIf" of factor "${factor.id}" refers to "${ref}", which is not asked before it: visibility may only depend on earlier questions`
					);
				} else if (target.scale?.ordered) {
					err(
						path,
						`"showIf" of factor "${factor.id}" refers to the rated factor "${ref}": visibility may only depend on unscored facts (an unordered scale), so that a better rating can never hide answers`
					);
				}
			}
		})
	);

	data.hardStops.forEach((h, i) => {
		const path: IssuePath = ['hardStops', i, 'when'];
		const before = issues.length;
		checkCondition(h.when, path);
		checkSources(h.sources, ['hardStops', i, 'sources']);
		if (issues.length === before && !pointsTowardsConcern(h.when, lookup)) {
			err(
				path,
				`hard stop "${h.id}" could be set off by a better answer: on rated factors use "atMost", or "is" with every more concerning answer included`
			);
		}
	});

	checkRanges(data.bands, ['bands'], 'band', err);

	const domainIds = new Set(data.domains.map((d) => d.id));
	const bandIndex = new Map(data.bands.map((b, i) => [b.id, i]));
	data.judgements.forEach((j, i) => {
		j.domains.forEach((d, k) => {
			if (!domainIds.has(d))
				err(['judgements', i, 'domains', k], `unknown domain "${d}" in judgement "${j.id}"`);
		});
		unique(j.levels, ['judgements', i, 'levels'], 'level');
		checkRanges(j.levels, ['judgements', i, 'levels'], 'level', err);
	});

	data.caps.forEach((cap, i) => {
		const path: IssuePath = ['caps', i];
		const j = data.judgements.find((x) => x.id === cap.judgement);
		if (!j) return err([...path, 'judgement'], `unknown judgement "${cap.judgement}" in cap`);
		if (!j.levels.some((l) => l.id === cap.level)) {
			err(
				[...path, 'level'],
				`judgement "${j.id}" has no level "${cap.level}" (levels: ${j.levels.map((l) => l.id).join(', ')})`
			);
		}
		if (!bandIndex.has(cap.maxBand))
			err([...path, 'maxBand'], `unknown band "${cap.maxBand}" in cap`);
		const dup = data.caps.findIndex((c) => c.judgement === cap.judgement && c.level === cap.level);
		if (dup !== i)
			err(
				path,
				`a second cap for judgement "${cap.judgement}" at level "${cap.level}" (the first is caps[${dup}])`
			);
	});
	// A better level must never allow a lower band than a worse one, or improving an answer could lower the band.
	data.judgements.forEach((j) => {
		let prev: { level: string; cap: number } | undefined;
		j.levels.forEach((level) => {
			const capIndex = data.caps.findIndex((c) => c.judgement === j.id && c.level === level.id);
			const cap =
				capIndex < 0
					? data.bands.length - 1
					: (bandIndex.get(data.caps[capIndex]?.maxBand ?? '') ?? data.bands.length - 1);
			if (prev && cap < prev.cap && capIndex >= 0) {
				err(
					['caps', capIndex, 'maxBand'],
					`cap for "${j.id}" at "${level.id}" allows a lower band than the less ready level "${prev.level}": a better level must never have a lower cap`
				);
			}
			prev = { level: level.id, cap };
		});
	});

	// Case facts: ids and values unique.
	(data.facts ?? []).forEach((f, i) => {
		const seen = new Set<string>();
		f.values.forEach((v, k) => {
			if (seen.has(v.value))
				err(
					['facts', i, 'values', k, 'value'],
					`duplicate value "${v.value}" in case fact "${f.id}"`
				);
			seen.add(v.value);
		});
	});
	if (data.facts) unique(data.facts, ['facts'], 'case fact');

	// Conditional caps, like hard stops, may only point towards concern: otherwise a better answer
	// could set one off and lower the band.
	const caps = data.conditionalCaps ?? [];
	unique(caps, ['conditionalCaps'], 'conditional cap');
	caps.forEach((cap, i) => {
		const path: IssuePath = ['conditionalCaps', i];
		const before = issues.length;
		checkCondition(cap.when, [...path, 'when']);
		checkSources(cap.sources, [...path, 'sources']);
		if (!bandIndex.has(cap.maxBand))
			err([...path, 'maxBand'], `unknown band "${cap.maxBand}" in conditional cap "${cap.id}"`);
		if (issues.length === before && !pointsTowardsConcern(cap.when, lookup)) {
			err(
				[...path, 'when'],
				`conditional cap "${cap.id}" could be set off by a better answer: on rated factors use "atMost", or "is" with every more concerning answer included (or "not known")`
			);
		}
	});
	if (data.evidence && !bandIndex.has(data.evidence.maxBand))
		err(['evidence', 'maxBand'], `unknown band "${data.evidence.maxBand}" in "evidence"`);

	const serviceIds = new Set(data.support.map((s) => s.id));
	const ageFact = facts.get('age-band');
	data.support.forEach((s, i) => {
		const path: IssuePath = ['support', i];
		if (s.recommendWhen) checkCondition(s.recommendWhen, [...path, 'recommendWhen']);
		else if (!s.bands)
			err(
				path,
				`service "${s.id}" has neither "recommendWhen" nor "bands": say when it is recommended`
			);
		checkSources(s.sources, [...path, 'sources']);
		if (s.costSource !== undefined) checkSources([s.costSource], [...path, 'costSource']);
		s.bands?.forEach((b, k) => {
			if (!bandIndex.has(b)) err([...path, 'bands', k], `unknown band "${b}" in service "${s.id}"`);
		});
		s.ages?.forEach((a, k) => {
			if (!ageFact)
				err(
					[...path, 'ages', k],
					`service "${s.id}" lists "ages", but the rules declare no case fact "age-band"`
				);
			else if (!ageFact.values.some((v) => v.value === a))
				err(
					[...path, 'ages', k],
					`"${a}" is not a value of case fact "age-band" (values: ${ageFact.values.map((v) => v.value).join(', ')})`
				);
		});
		s.replacedBy?.forEach((r, k) => {
			if (r === s.id)
				err([...path, 'replacedBy', k], `service "${s.id}" cannot be replaced by itself`);
			else if (!serviceIds.has(r))
				err([...path, 'replacedBy', k], `unknown service "${r}" in "replacedBy" of "${s.id}"`);
		});
	});

	const rc = data.referenceCosts;
	if (!rc.placements.some((p) => p.id === rc.defaultPlacement)) {
		err(
			['referenceCosts', 'defaultPlacement'],
			`unknown placement "${rc.defaultPlacement}" (placements: ${rc.placements.map((p) => p.id).join(', ')})`
		);
	}
	rc.placements.forEach((p, i) =>
		checkSources([p.source], ['referenceCosts', 'placements', i, 'source'])
	);
	if (rc.reEntry) checkSources([rc.reEntry.source], ['referenceCosts', 'reEntry', 'source']);

	const fu = data.followUp;
	if (fu) {
		unique(fu.outcomeChecks, ['followUp', 'outcomeChecks'], 'outcome check');
		checkSources(fu.sources, ['followUp', 'sources']);
		fu.outcomeChecks.forEach((c, i) => {
			const before = fu.outcomeChecks[i - 1];
			if (before && c.afterReturnDays <= before.afterReturnDays)
				err(
					['followUp', 'outcomeChecks', i, 'afterReturnDays'],
					`outcome check "${c.id}" must come after "${before.id}": list them in date order`
				);
		});
	}

	return issues;
}

interface Ranged {
	id: string;
	from?: number | undefined;
	below?: number | undefined;
}

/** Score ranges listed least ready first must meet exactly: no gaps, no overlaps, rising. */
function checkRanges(
	items: Ranged[],
	path: IssuePath,
	what: string,
	err: (p: IssuePath, m: string) => void
) {
	items.forEach((item, i) => {
		const p: IssuePath = [...path, i];
		const last = i === items.length - 1;
		if (i === 0 && item.from !== undefined) {
			err(
				[...p, 'from'],
				`the first ${what} ("${item.id}") takes every score below its "below", so it must not have "from"`
			);
		}
		if (last && item.below !== undefined) {
			err(
				[...p, 'below'],
				`the last ${what} ("${item.id}") takes every score from its "from" up, so it must not have "below"`
			);
		}
		if (!last && item.below === undefined)
			err(p, `${what} "${item.id}" needs "below" (only the last ${what} has none)`);
		if (i > 0 && item.from === undefined)
			err(p, `${what} "${item.id}" needs "from" (only the first ${what} has none)`);
		if (item.from !== undefined && item.below !== undefined && item.from >= item.below) {
			err(
				p,
				`${what} "${item.id}" runs from ${item.from} to below ${item.below}, which is empty: "from" must be lower than "below"`
			);
		}
		const prev = items[i - 1];
		if (prev?.below !== undefined && item.from !== undefined) {
			if (item.from < prev.below) {
				err(
					[...p, 'from'],
					prev.from !== undefined && item.from < prev.from
						? `${what}s must be listed least ready first with rising scores, but "${item.id}" starts at ${item.from}, below "${prev.id}" (from ${prev.from})`
						: `${what} "${item.id}" starts at ${item.from}, which overlaps "${prev.id}" (below ${prev.below}): make it start at ${prev.below}`
				);
			} else if (item.from > prev.below) {
				err(
					[...p, 'from'],
					`${what} "${item.id}" starts at ${item.from}, leaving a gap after "${prev.id}" (below ${prev.below}): make it start at ${prev.below}`
				);
			}
		}
	});
}

// ------------------------------------------------------------------------------------------------
// Reachability: conditions that can never hold, bands that no answers can reach.
// ------------------------------------------------------------------------------------------------

/**
 * Can some set of visible answers make this condition hold? Follows each factor's `showIf`.
 * 'too-complex' when deciding would take more than MAX_SEARCH_STEPS steps.
 */
export function holdability(c: Condition, rules: Rules): 'yes' | 'no' | 'too-complex' {
	const found = witness(c, rules);
	return found === 'too-complex' ? found : found === null ? 'no' : 'yes';
}

/**
 * Values for the factors and case facts (under `factKey`) that make the condition hold with each
 * factor shown: any of a key's values will do. Null when none can; 'too-complex' when deciding
 * would take more than MAX_SEARCH_STEPS steps.
 */
export function witness(
	c: Condition,
	rules: Rules
): ReadonlyMap<string, ReadonlySet<string>> | null | 'too-complex' {
	const budget = { left: MAX_SEARCH_STEPS };
	try {
		return search([c], new Map(), new Set(), rules, budget);
	} catch (e) {
		if (e instanceof TooComplex) return 'too-complex';
		throw e;
	}
}

/** Can some set of visible answers make this condition hold? (A too complex one counts as no.) */
export function canHold(c: Condition, rules: Rules): boolean {
	return holdability(c, rules) === 'yes';
}

/** Thrown to leave the search at once when its budget runs out; caught in `witness`. */
class TooComplex extends Error {}
type Allowed = ReadonlyMap<string, ReadonlySet<string>>;

// A depth-first search for answers meeting every goal, narrowing each factor's allowed values as
// it goes and giving up on a branch as soon as a factor has none left. Where expanding into
// disjunctive normal form would build every combination of every "any" (2^26 for an "all" of 26
// pairs), this stops at the first that works, and the step budget bounds the rest.
function search(
	goals: readonly Condition[],
	allowed: Allowed,
	shown: ReadonlySet<string>,
	rules: Rules,
	budget: { left: number }
): Allowed | null {
	if (--budget.left < 0) throw new TooComplex('the search ran out of steps');
	// Single tests and "all" first, choices ("any") last: a contradiction among the tests is
	// found before any branching, rather than once in every branch.
	const pick = goals.findIndex((g) => g.any === undefined);
	const at = pick === -1 ? 0 : pick;
	const first = goals[at];
	const rest = [...goals.slice(0, at), ...goals.slice(at + 1)];
	if (first === undefined) {
		// Every factor the answers use must be shown: its own showIf becomes a goal too.
		for (const key of allowed.keys()) {
			if (shown.has(key)) continue;
			const showIf = rules.factors.get(key)?.factor.showIf;
			if (showIf) return search([showIf], allowed, new Set(shown).add(key), rules, budget);
		}
		return allowed;
	}
	if (first.all !== undefined)
		return search([...first.all, ...rest], allowed, shown, rules, budget);
	if (first.any !== undefined) {
		for (const branch of first.any) {
			const found = search([branch, ...rest], allowed, shown, rules, budget);
			if (found !== null) return found;
		}
		return null;
	}
	const key = conditionKey(first);
	const scale = key === undefined ? undefined : rules.scaleOf(key);
	if (key === undefined || scale === undefined) return null;
	const values = allowedValues(first, scale);
	const before = allowed.get(key);
	const narrowed =
		before === undefined ? values : new Set([...values].filter((v) => before.has(v)));
	if (narrowed.size === 0) return null;
	return search(rest, new Map(allowed).set(key, narrowed), shown, rules, budget);
}

function checkReachability(rules: Rules): RulesIssue[] {
	const issues: RulesIssue[] = [];
	const { data } = rules;
	const check = (c: Condition, path: IssuePath, never: string) => {
		const answer = holdability(c, rules);
		if (answer === 'no') issues.push({ path, message: never });
		if (answer === 'too-complex') {
			issues.push({
				path,
				message: `this condition is too complex to check (its "any" choices combine in more than ${MAX_SEARCH_STEPS.toLocaleString('en-GB')} ways that would each need checking): simplify it, or split it into several rules`
			});
		}
	};
	data.hardStops.forEach((h, i) =>
		check(
			h.when,
			['hardStops', i, 'when'],
			`hard stop "${h.id}" can never be set off: no answers that can be given together make its condition true`
		)
	);
	(data.conditionalCaps ?? []).forEach((c, i) =>
		check(
			c.when,
			['conditionalCaps', i, 'when'],
			`conditional cap "${c.id}" can never apply: no answers that can be given together make its condition true`
		)
	);
	data.support.forEach((s, i) => {
		if (s.recommendWhen)
			check(
				s.recommendWhen,
				['support', i, 'recommendWhen'],
				`service "${s.id}" can never be recommended: no answers that can be given together make its condition true (check values and which questions are shown)`
			);
	});
	if (issues.length > 0) return issues;

	const today = data.published;
	const best = assess(rules, extremeAnswers(rules, 'best', reassuringFact(rules)), { today });
	const worst = assess(rules, extremeAnswers(rules, 'worst'), { today });
	const hi = best.explanation.overallScore ?? 0;
	const lo = worst.explanation.overallScore ?? 0;
	const top = data.bands[data.bands.length - 1];
	const bottom = data.bands[0];
	if (top && best.band !== top.id) {
		issues.push({
			path: ['bands', data.bands.length - 1],
			message: `band "${top.id}" can never be reached: with every answer at its most reassuring the overall score is ${hi.toFixed(2)} and the band is "${best.band}" (${best.explanation.steps.join(' ')})`
		});
	}
	if (bottom && worst.band !== bottom.id) {
		issues.push({
			path: ['bands', 0],
			message: `band "${bottom.id}" can never be reached by scores: with every answer at its most concerning the band is "${worst.band}" (overall score ${lo.toFixed(2)})`
		});
	}
	data.bands.forEach((b, i) => {
		const from = b.from ?? -Infinity;
		const below = b.below ?? Infinity;
		if (from > hi || below <= lo) {
			issues.push({
				path: ['bands', i],
				message: `band "${b.id}" (scores ${b.from ?? 'any'} to below ${b.below ?? 'any'}) can never be reached: overall scores run from ${lo.toFixed(2)} to ${hi.toFixed(2)}`
			});
		}
	});
	return issues;
}

/**
 * For the most reassuring answers, a fact takes a value that no hard stop or conditional cap tests
 * for (such as "no" to "the parents are unsure about the return"); its first value otherwise.
 */
export function reassuringFact(rules: Rules): (factorId: string, values: string[]) => string {
	const named = concerningFacts(rules);
	return (id, values) => values.find((v) => !named.get(id)?.has(v)) ?? (values[0] as string);
}

/** The answers of each factor that some hard stop or conditional cap tests for with "is". */
export function concerningFacts(rules: Rules): Map<string, Set<string>> {
	const named = new Map<string, Set<string>>();
	const walk = (c: Condition) => {
		if (c.factor !== undefined && c.is !== undefined) {
			const set = named.get(c.factor) ?? new Set<string>();
			for (const v of Array.isArray(c.is) ? c.is : [c.is]) set.add(v);
			named.set(c.factor, set);
		}
		c.all?.forEach(walk);
		c.any?.forEach(walk);
	};
	rules.data.hardStops.forEach((h) => walk(h.when));
	(rules.data.conditionalCaps ?? []).forEach((c) => walk(c.when));
	return named;
}
