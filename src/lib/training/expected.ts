/**
 * The training comparison: how a trainee's result differs from what a scenario expects. Apart from
 * scenario.ts so that the wizard, which shows it on every training result, does not load the
 * scenario file's schema (and zod with it) on a real case (issue 14).
 */
import type { AssessmentResult } from '../domain/engine.ts';
import type { Rules } from '../domain/rules.ts';
import type { Scenario } from './scenario.ts';

/**
 * How the result differs from the scenario's expected outcome, in sentences a trainee can read:
 * bands, hard stops and support by their labels in `rules`, never their ids. Empty when it matches.
 */
export function compareWithExpected(
	scenario: Pick<Scenario, 'expected'>,
	result: AssessmentResult,
	rules?: Rules
): string[] {
	const out: string[] = [];
	const { expected } = scenario;
	const band = (id: string | null) =>
		id === null
			? 'none yet (some required questions are unanswered)'
			: `“${rules?.data.bands.find((b) => b.id === id)?.label ?? id}”`;
	const stop = (id: string) => `“${rules?.data.hardStops.find((h) => h.id === id)?.label ?? id}”`;
	const service = (id: string) =>
		`“${rules?.data.support.find((x) => x.id === id)?.service ?? id}”`;
	const list = (items: string[]) => (items.length === 0 ? 'none' : items.join(', '));
	if (result.band !== expected.band) {
		out.push(`The band is ${band(result.band)}, but the scenario expects ${band(expected.band)}.`);
	}
	const got = result.hardStops.map((h) => h.id).sort();
	const want = [...expected.hardStops].sort();
	if (got.join(',') !== want.join(',')) {
		out.push(
			`The hard stops are ${list(got.map(stop))}, but the scenario expects ${list(want.map(stop))}.`
		);
	}
	const plan = new Set(result.plan.map((p) => p.service));
	for (const s of expected.planIncludes) {
		if (!plan.has(s))
			out.push(`The plan does not include ${service(s)}, which the scenario expects.`);
	}
	for (const s of expected.planExcludes) {
		if (plan.has(s))
			out.push(`The plan includes ${service(s)}, which the scenario expects it not to.`);
	}
	return out;
}
