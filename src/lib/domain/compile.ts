/**
 * Indexes over rules data that has already been validated (by `parseRules`, or at build time).
 * Kept apart from the zod schema so that the app's first page can load rules without zod.
 */
import { type FactorLookup, FACT_PREFIX } from './conditions.ts';
import { contentHash } from './hash.ts';
import type { Domain, Factor, Fact, RulesData, Scale } from './rules-schema.ts';

/** Where something is inside a rules file, e.g. ['domains', 2, 'factors', 0]. */
export type IssuePath = (string | number)[];

export interface FactorInfo {
	factor: Factor;
	domain: Domain;
	scale: Scale;
	/** Position in the file, counting across domains. */
	index: number;
	/** Path of the factor inside the rules data, for error messages. */
	path: IssuePath;
}

/** A validated rules file, with indexes the engine needs. */
export interface Rules extends FactorLookup {
	data: RulesData;
	/** SHA-256 of the canonical JSON of `data`: pins the exact content a result was computed with. */
	hash: string;
	factors: ReadonlyMap<string, FactorInfo>;
	/** Factor ids in file order. */
	order: readonly string[];
	/** Case facts the rules declare, by id. */
	facts: ReadonlyMap<string, Fact>;
}

/** A case fact seen as an unordered scale, so conditions on facts work like conditions on answers. */
export function factScale(fact: Fact): Scale {
	return {
		id: `fact-${fact.id}`,
		label: fact.label,
		ordered: false,
		options: fact.values.map((v) => ({ value: v.value, label: v.label })),
		neutral: []
	};
}

/** Build indexes over data that has already passed the schema and reference checks. */
export function compileRules(data: RulesData): Rules {
	return indexRules(data, contentHash(data));
}

/**
 * `compileRules` for data whose content hash was computed already (at build time): the browser
 * then neither loads the hash code nor spends the time at every start.
 */
export function indexRules(data: RulesData, hash: string): Rules {
	const factors = new Map<string, FactorInfo>();
	const scales = new Map(data.scales.map((s) => [s.id, s]));
	let index = 0;
	data.domains.forEach((domain, d) =>
		domain.factors.forEach((factor, f) => {
			const scale = scales.get(factor.scale);
			if (!scale) throw new Error(`factor ${factor.id} has unknown scale ${factor.scale}`);
			factors.set(factor.id, {
				factor,
				domain,
				scale,
				index: index++,
				path: ['domains', d, 'factors', f]
			});
		})
	);
	const facts = new Map((data.facts ?? []).map((f) => [f.id, f]));
	const factScales = new Map((data.facts ?? []).map((f) => [FACT_PREFIX + f.id, factScale(f)]));
	return {
		data,
		hash,
		factors,
		order: [...factors.keys()],
		facts,
		scaleOf: (id) => factors.get(id)?.scale ?? factScales.get(id)
	};
}
