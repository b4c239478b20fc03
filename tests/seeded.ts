/** Seeded random answers for the benchmark and the golden results: every run draws the same cases. */
import type { Rules } from '../src/lib/domain/rules.ts';

/** A small seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * A random answer (neutral ones included) for every question; with `skip`, that share of questions is
 * left unanswered. The draw for skipping is made only when `skip` is given, so each caller's sequence
 * of cases stays as it was when it had its own copy.
 */
export function randomAnswers(
	rules: Rules,
	rand: () => number,
	skip?: number
): Record<string, string> {
	const answers: Record<string, string> = {};
	for (const id of rules.order) {
		const scale = rules.factors.get(id)!.scale;
		const values = [...scale.options, ...scale.neutral].map((o) => o.value);
		if (skip !== undefined && rand() < skip) continue;
		answers[id] = values[Math.floor(rand() * values.length)]!;
	}
	return answers;
}
