import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assess } from '../../src/lib/domain/engine.ts';
import { effectiveAnswers, extremeAnswers, visibleFactors } from '../../src/lib/domain/answers.ts';
import type { Rules } from '../../src/lib/domain/rules.ts';
import { toDnf } from '../../src/lib/domain/conditions.ts';
import { loadMini, loadRealRules, TODAY } from '../helpers.ts';

/** Any answer to every question (hidden ones too: they must be ignored), neutral answers included. */
function answersFor(rules: Rules) {
	const shape: Record<string, fc.Arbitrary<string>> = {};
	for (const id of rules.order) {
		const scale = rules.factors.get(id)!.scale;
		shape[id] = fc.constantFrom(...[...scale.options, ...scale.neutral].map((o) => o.value));
	}
	return fc.record(shape);
}

/** Like `answersFor`, but some questions left unanswered. */
function partialAnswersFor(rules: Rules) {
	return fc
		.tuple(
			answersFor(rules),
			fc.array(fc.boolean(), { minLength: rules.order.length, maxLength: rules.order.length })
		)
		.map(([answers, keep]) =>
			Object.fromEntries(Object.entries(answers).filter((_, i) => keep[i]))
		);
}

const bandIndex = (rules: Rules, band: string | null) =>
	rules.data.bands.findIndex((b) => b.id === band);

const suites: [string, () => Rules][] = [
	['the mini test rules', () => loadMini()],
	['rules 1.0.0 as shipped', () => loadRealRules()]
];

describe.each(suites)('properties of the engine on %s', (_name, load) => {
	const rules = load();
	const options = { today: TODAY, plannedReturnDate: '2027-03-01' };
	const runs = { numRuns: 300 };

	it('is deterministic: the same answers, in any key order, give the same result', () => {
		fc.assert(
			fc.property(answersFor(rules), (answers) => {
				const first = assess(rules, answers, options);
				const reversed = Object.fromEntries(Object.entries(answers).reverse());
				expect(assess(rules, reversed, options)).toEqual(first);
				expect(assess(rules, structuredClone(answers), options)).toEqual(first);
			}),
			runs
		);
	});

	it('improving any single rated answer one step never lowers the band and never adds a hard stop', () => {
		fc.assert(
			fc.property(answersFor(rules), fc.nat(), (answers, pick) => {
				const effective = effectiveAnswers(rules, answers);
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
			fc.property(answersFor(rules), (answers) => {
				const r = assess(rules, answers, options);
				if (r.hardStops.length > 0) expect(r.band).toBe(rules.data.bands[0]!.id);
			}),
			runs
		);
	});

	it('setting off each hard stop on otherwise reassuring answers forces the least-ready band', () => {
		for (const stop of rules.data.hardStops) {
			const best = extremeAnswers(rules, 'best', (_id, values) => values[0]!);
			// Give the factors of the condition's first alternative an answer it allows.
			const alternative = toDnf(stop.when, rules)[0]!;
			const answers = {
				...best,
				...Object.fromEntries([...alternative].map(([id, values]) => [id, [...values][0]!]))
			};
			const visible = visibleFactors(rules, answers);
			if (![...alternative.keys()].every((id) => visible.has(id))) continue;
			const r = assess(rules, answers, options);
			expect(r.hardStops.map((h) => h.id)).toContain(stop.id);
			expect(r.band).toBe(rules.data.bands[0]!.id);
		}
	});

	it('all most-reassuring answers give the top band; all most-concerning give the bottom band', () => {
		const top = rules.data.bands[rules.data.bands.length - 1]!.id;
		const bottom = rules.data.bands[0]!.id;
		fc.assert(
			fc.property(fc.nat(), (seed) => {
				// Facts that decide which questions apply can take any value.
				const choose = (id: string, values: string[]) =>
					values[(seed + id.length) % values.length]!;
				const best = assess(rules, extremeAnswers(rules, 'best', choose), options);
				const worst = assess(rules, extremeAnswers(rules, 'worst', choose), options);
				expect(best.complete && worst.complete).toBe(true);
				expect(best.band).toBe(top);
				expect(best.hardStops).toEqual([]);
				expect(worst.band).toBe(bottom);
			}),
			{ numRuns: 50 }
		);
	});

	it('every plan item’s rationale names answered questions that apply', () => {
		fc.assert(
			fc.property(partialAnswersFor(rules), (answers) => {
				const r = assess(rules, answers, options);
				const effective = effectiveAnswers(rules, answers);
				for (const item of r.plan) {
					expect(item.because.length).toBeGreaterThan(0);
					for (const id of item.because) expect(effective.has(id)).toBe(true);
					expect(item.evidence.map((e) => e.factor)).toEqual(item.because);
				}
			}),
			runs
		);
	});

	it('the band is null exactly while required questions that apply are unanswered', () => {
		fc.assert(
			fc.property(partialAnswersFor(rules), (answers) => {
				const r = assess(rules, answers, options);
				expect(r.complete).toBe(r.missing.length === 0);
				expect(r.band === null).toBe(!r.complete);
				const visible = visibleFactors(rules, answers);
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
			fc.property(answersFor(rules), (answers) => {
				const r = assess(rules, answers, options);
				for (const d of r.domains)
					if (d.score !== null) expect(d.score >= lo - 1e-9 && d.score <= hi + 1e-9).toBe(true);
			}),
			runs
		);
	});
});
