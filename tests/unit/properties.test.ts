import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assess } from '../../src/lib/domain/engine.ts';
import { effectiveAnswers, extremeAnswers, visibleFactors } from '../../src/lib/domain/answers.ts';
import type { Rules } from '../../src/lib/domain/rules.ts';
import { FACT_PREFIX } from '../../src/lib/domain/conditions.ts';
import { witness } from '../../src/lib/domain/rules.ts';
import { concerningFacts } from '../../src/lib/domain/rules.ts';
import { CURRENT_RULES_FILE, loadMini, loadRealRules, TODAY } from '../helpers.ts';
import { miniRulesWithCaps } from '../fixtures/mini-rules.ts';
import { answersFor, factsFor, partialAnswersFor } from '../arbitraries.ts';
import { parseRules } from '../../src/lib/domain/rules.ts';

const bandIndex = (rules: Rules, band: string | null) =>
	rules.data.bands.findIndex((b) => b.id === band);

const miniWithCaps = () => {
	const r = parseRules(miniRulesWithCaps());
	if (!r.ok) throw new Error('mini rules with caps are invalid');
	return r.rules;
};

const suites: [string, () => Rules][] = [
	['the mini test rules', () => loadMini()],
	['the mini test rules with 1.1.0 features', miniWithCaps],
	['rules 1.0.0 as shipped', () => loadRealRules()],
	['rules 1.1.0 as shipped', () => loadRealRules(CURRENT_RULES_FILE)]
];

describe.each(suites)('properties of the engine on %s', (_name, load) => {
	const rules = load();
	const base = { today: TODAY, plannedReturnDate: '2027-03-01' };
	const runs = { numRuns: 300 };
	// Each property runs with case facts too (none for rules that declare none).
	const withFacts = <T>(arb: fc.Arbitrary<T>) =>
		fc.tuple(arb, factsFor(rules)).map(([a, facts]) => ({ a, options: { ...base, facts } }));

	it('is deterministic: the same answers, in any key order, give the same result', () => {
		fc.assert(
			fc.property(withFacts(answersFor(rules)), ({ a: answers, options }) => {
				const first = assess(rules, answers, options);
				const reversed = Object.fromEntries(Object.entries(answers).reverse());
				expect(assess(rules, reversed, options)).toEqual(first);
				expect(assess(rules, structuredClone(answers), options)).toEqual(first);
			}),
			runs
		);
	});

	// "Improving" means moving a rated answer one option up its order. Replacing "not known" with a
	// rating is not an improvement: finding out may find a concern, and a concern found may lower
	// the band (see "not known is never reassurance" below).
	it('improving any single rated answer one step never lowers the band and never adds a hard stop', () => {
		fc.assert(
			fc.property(withFacts(answersFor(rules)), fc.nat(), ({ a: answers, options }, pick) => {
				const effective = effectiveAnswers(rules, answers, options.facts);
				const improvable = [...effective].filter(([id, value]) => {
					const scale = rules.factors.get(id)!.scale;
					const at = scale.options.findIndex((o) => o.value === value);
					return scale.ordered && at >= 0 && at < scale.options.length - 1;
				});
				fc.pre(improvable.length > 0);
				const [id, value] = improvable[pick % improvable.length]!;
				const scale = rules.factors.get(id)!.scale;
				const better = scale.options[scale.options.findIndex((o) => o.value === value) + 1]!.value;
				const before = assess(rules, answers, options);
				const after = assess(rules, { ...answers, [id]: better }, options);
				expect(bandIndex(rules, after.band)).toBeGreaterThanOrEqual(bandIndex(rules, before.band));
				const stopsBefore = new Set(before.hardStops.map((h) => h.id));
				for (const h of after.hardStops) expect(stopsBefore.has(h.id)).toBe(true);
				if (before.explanation.overallScore !== null && after.explanation.overallScore !== null) {
					expect(after.explanation.overallScore).toBeGreaterThanOrEqual(
						before.explanation.overallScore
					);
				}
			}),
			{ numRuns: 1000 }
		);
	});

	it('any hard stop forces the least-ready band', () => {
		fc.assert(
			fc.property(withFacts(answersFor(rules)), ({ a: answers, options }) => {
				const r = assess(rules, answers, options);
				if (r.hardStops.length > 0) expect(r.band).toBe(rules.data.bands[0]!.id);
			}),
			runs
		);
	});

	it('setting off each hard stop on otherwise reassuring answers forces the least-ready band', () => {
		for (const stop of rules.data.hardStops) {
			// Give the factors and case facts of answers that set it off a value they allow.
			const alternative = witness(stop.when, rules);
			if (alternative === null || alternative === 'too-complex') throw new Error(stop.id);
			const picked = [...alternative].map(([id, values]) => [id, [...values][0]!] as const);
			const facts = Object.fromEntries(
				picked
					.filter(([id]) => id.startsWith(FACT_PREFIX))
					.map(([id, v]) => [id.slice(FACT_PREFIX.length), v])
			);
			const best = extremeAnswers(rules, 'best', (_id, values) => values[0]!, facts);
			const answers = {
				...best,
				...Object.fromEntries(picked.filter(([id]) => !id.startsWith(FACT_PREFIX)))
			};
			const visible = visibleFactors(rules, answers, facts);
			const factors = [...alternative.keys()].filter((id) => !id.startsWith(FACT_PREFIX));
			expect(
				factors.every((id) => visible.has(id)),
				stop.id
			).toBe(true);
			const r = assess(rules, answers, { ...base, facts });
			expect(r.hardStops.map((h) => h.id)).toContain(stop.id);
			expect(r.band).toBe(rules.data.bands[0]!.id);
		}
	});

	it('all most-reassuring answers give the top band; all most-concerning give the bottom band', () => {
		const top = rules.data.bands[rules.data.bands.length - 1]!.id;
		const bottom = rules.data.bands[0]!.id;
		// Facts that decide which questions apply can take any value, except the concerning values
		// that a hard stop or cap tests for (a withdrawn consent is not a "most reassuring answer").
		const concerning = concerningFacts(rules);
		fc.assert(
			fc.property(fc.nat(), factsFor(rules), (seed, facts) => {
				const choose = (id: string, values: string[]) => {
					const allowed = values.filter((v) => !concerning.get(id)?.has(v));
					return allowed[(seed + id.length) % allowed.length]!;
				};
				const anyValue = (id: string, values: string[]) =>
					values[(seed + id.length) % values.length]!;
				const options = { ...base, facts };
				const best = assess(rules, extremeAnswers(rules, 'best', choose, facts), options);
				const worst = assess(rules, extremeAnswers(rules, 'worst', anyValue, facts), options);
				expect(best.complete && worst.complete).toBe(true);
				expect(best.band).toBe(top);
				expect(best.hardStops).toEqual([]);
				expect(worst.band).toBe(bottom);
			}),
			{ numRuns: 50 }
		);
	});

	it('every plan item’s rationale names answered questions that apply', () => {
		// Services with no condition come with every result in their bands (their reason is the band).
		const byBand = new Set(
			rules.data.support.filter((s) => s.recommendWhen === undefined).map((s) => s.id)
		);
		fc.assert(
			fc.property(withFacts(partialAnswersFor(rules)), ({ a: answers, options }) => {
				const r = assess(rules, answers, options);
				const effective = effectiveAnswers(rules, answers, options.facts);
				for (const item of r.plan) {
					if (!byBand.has(item.service)) expect(item.because.length).toBeGreaterThan(0);
					for (const id of item.because) expect(effective.has(id)).toBe(true);
					expect(item.evidence.map((e) => e.factor)).toEqual(item.because);
				}
			}),
			runs
		);
	});

	it('the band is null exactly while required questions that apply are unanswered', () => {
		fc.assert(
			fc.property(withFacts(partialAnswersFor(rules)), ({ a: answers, options }) => {
				const r = assess(rules, answers, options);
				expect(r.complete).toBe(r.missing.length === 0);
				expect(r.band === null).toBe(!r.complete);
				const visible = visibleFactors(rules, answers, options.facts);
				for (const id of r.missing) {
					expect(visible.has(id)).toBe(true);
					expect(answers[id]).toBeUndefined();
				}
			}),
			runs
		);
	});

	it('domain scores stay within the scale’s range', () => {
		const scores = rules.data.scales.flatMap((s) => s.options.map((o) => o.score ?? 0));
		const [lo, hi] = [Math.min(...scores), Math.max(...scores)];
		fc.assert(
			fc.property(withFacts(answersFor(rules)), ({ a: answers, options }) => {
				const r = assess(rules, answers, options);
				for (const d of r.domains)
					if (d.score !== null) expect(d.score >= lo - 1e-9 && d.score <= hi + 1e-9).toBe(true);
			}),
			runs
		);
	});
});
