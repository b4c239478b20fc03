/** fast-check arbitraries for answers and case facts, shared by the property tests. */
import fc from 'fast-check';
import type { Rules } from '../src/lib/domain/rules.ts';

/** Any case facts the rules declare (each may also be left out: not known yet). */
export function factsFor(rules: Rules) {
	const shape: Record<string, fc.Arbitrary<string | undefined>> = {};
	for (const [id, fact] of rules.facts)
		shape[id] = fc.option(fc.constantFrom(...fact.values.map((v) => v.value)), {
			nil: undefined,
			freq: 5
		});
	return fc
		.record(shape)
		.map(
			(r) =>
				Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Record<
					string,
					string
				>
		);
}

/** Any answer to every question (hidden ones too: they must be ignored), neutral answers included. */
export function answersFor(rules: Rules) {
	const shape: Record<string, fc.Arbitrary<string>> = {};
	for (const id of rules.order) {
		const scale = rules.factors.get(id)!.scale;
		shape[id] = fc.constantFrom(...[...scale.options, ...scale.neutral].map((o) => o.value));
	}
	return fc.record(shape);
}

/** Like `answersFor`, but some questions left unanswered. */
export function partialAnswersFor(rules: Rules) {
	return fc
		.tuple(
			answersFor(rules),
			fc.array(fc.boolean(), { minLength: rules.order.length, maxLength: rules.order.length })
		)
		.map(([answers, keep]) =>
			Object.fromEntries(Object.entries(answers).filter((_, i) => keep[i]))
		);
}
