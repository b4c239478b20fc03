import { describe, expect, it } from 'vitest';
import { listRulesFiles, loadRulesFile } from '../../src/cli/rules-files.ts';
import type { Rules } from '../../src/lib/domain/rules.ts';
import { findRules as findBuiltRules } from '../../src/lib/rules-registry.ts';
import {
	assessScenario,
	compareWithExpected,
	parseScenario,
	trainerSteps,
	type FindRules
} from '../../src/lib/training/scenario.ts';
import { loadScenarios } from '../../src/lib/training/scenarios.ts';

// Every rules file on disk, looked up by id and version, so that a scenario written for an older
// version is checked against that version.
const allRules: Rules[] = listRulesFiles().map((file) => loadRulesFile(file));
const findRules: FindRules = (id, version) =>
	allRules.find((r) => r.data.id === id && r.data.version === version);

const { scenarios, errors } = loadScenarios(findRules);

function rulesOf(id: string, version: string): Rules {
	const rules = findRules(id, version);
	if (!rules) throw new Error(`no rules ${id} ${version}`);
	return rules;
}

describe('training scenarios', () => {
	it('all parse against the rules version they were written for', () => {
		expect(errors).toEqual([]);
		expect(scenarios.length).toBeGreaterThanOrEqual(6);
	});

	it('also load against the rules built into the app', () => {
		expect(loadScenarios(findBuiltRules).errors).toEqual([]);
	});

	it('are all marked fictional, with training case references and no assessor name', () => {
		for (const s of scenarios) {
			expect(s.fictional).toBe(true);
			expect(`${s.title} ${s.summary}`).toMatch(/fictional/i);
			expect(s.caseDetails.caseRef).toMatch(/^TRAIN-\d{2,}$/);
			expect(s.caseDetails.assessorName).toBe('Training assessor');
		}
		const refs = scenarios.map((s) => s.caseDetails.caseRef);
		expect(new Set(refs).size).toBe(refs.length);
	});

	it('each carry evidence notes and four to eight trainer notes', () => {
		for (const s of scenarios) {
			expect(Object.keys(s.notes).length, s.id).toBeGreaterThanOrEqual(5);
			const steps = Object.keys(s.trainerNotes).length;
			expect(steps, s.id).toBeGreaterThanOrEqual(4);
			expect(steps, s.id).toBeLessThanOrEqual(8);
		}
	});

	describe.each(scenarios.map((s) => [s.id, s] as const))('%s (golden)', (_id, scenario) => {
		const rules = rulesOf(scenario.rules.id, scenario.rules.version);
		const result = assessScenario(scenario, rules);

		it('is complete', () => {
			expect(result.complete).toBe(true);
			expect(result.missing).toEqual([]);
		});

		it('reaches exactly the expected band and hard stops', () => {
			expect(result.band).toBe(scenario.expected.band);
			expect(result.hardStops.map((h) => h.id).sort()).toEqual(
				[...scenario.expected.hardStops].sort()
			);
		});

		it('recommends the expected plan items and none of the excluded ones', () => {
			const plan = result.plan.map((p) => p.service);
			for (const s of scenario.expected.planIncludes)
				expect(plan, `plan includes ${s}`).toContain(s);
			for (const s of scenario.expected.planExcludes)
				expect(plan, `plan excludes ${s}`).not.toContain(s);
			expect(compareWithExpected(scenario, result)).toEqual([]);
		});
	});

	it('together reach every band of their rules and at least one hard stop', () => {
		const byRules = new Map<string, Set<string>>();
		for (const s of scenarios) {
			const key = `${s.rules.id}@${s.rules.version}`;
			const bands = byRules.get(key) ?? new Set<string>();
			bands.add(s.expected.band);
			byRules.set(key, bands);
		}
		for (const [key, reached] of byRules) {
			const [id = '', version = ''] = key.split('@');
			const all = rulesOf(id, version).data.bands.map((b) => b.id);
			expect([...reached].sort(), key).toEqual([...all].sort());
		}
		const hardStops = new Set(scenarios.flatMap((s) => s.expected.hardStops));
		expect(hardStops.size).toBeGreaterThanOrEqual(1);
	});
});

describe('parseScenario', () => {
	const good = scenarios[0];
	if (!good) throw new Error('no scenarios to mutate');

	/** A deep copy of a valid scenario, as raw data, changed by `mutate`. */
	function broken(mutate: (data: Record<string, any>) => void): unknown {
		const data = structuredClone(good) as Record<string, any>;
		mutate(data);
		return data;
	}

	function errorsFor(data: unknown): string[] {
		const result = parseScenario(data, findRules);
		if (result.ok) throw new Error('expected the scenario to be rejected');
		for (const e of result.errors) expect(e).toMatch(/[.!?]$/);
		return result.errors;
	}

	it('accepts a valid scenario unchanged', () => {
		const result = parseScenario(structuredClone(good), findRules);
		expect(result.ok).toBe(true);
	});

	it.each([
		[
			'an unknown factor',
			(d: Record<string, any>) => (d.answers['favourite-colour'] = 'adequate'),
			/Scenario "[a-z-]+": answers\.favourite-colour: unknown factor "favourite-colour"/
		],
		[
			'a value outside the scale',
			(d: Record<string, any>) => (d.answers['housing'] = 'brilliant'),
			/answers\.housing: "brilliant" is not an answer to factor "housing" \(allowed: serious-concern/
		],
		[
			'an unknown rules version',
			(d: Record<string, any>) => (d.rules = { id: 'reunification-readiness', version: '9.9.9' }),
			/rules: .*"reunification-readiness" version 9\.9\.9, which is not built into Homeward/
		],
		[
			'a note for an unknown factor',
			(d: Record<string, any>) => (d.notes['shoe-size'] = 'Size 4.'),
			/notes\.shoe-size: a note for unknown factor "shoe-size"/
		],
		[
			'a trainer note for an unknown step',
			(d: Record<string, any>) => (d.trainerNotes['coffee-break'] = 'Ten minutes.'),
			/trainerNotes\.coffee-break: unknown step "coffee-break" \(steps in rules reunification-readiness 1\.1\.0: case-details, about-this-return, reasons-for-care/
		],
		[
			'a missing `fictional`',
			(d: Record<string, any>) => delete d.fictional,
			/fictional: is required: every training scenario must say "fictional: true"/
		],
		[
			'`fictional: false`',
			(d: Record<string, any>) => (d.fictional = false),
			/fictional: must be true: every training scenario is a fictional case/
		],
		[
			'an unanswered required question',
			(d: Record<string, any>) => delete d.answers['housing'],
			/answers: every question that applies must be answered; missing "housing"/
		],
		[
			'an answer to a question that is not asked',
			(d: Record<string, any>) => (d.answers['domestic-abuse-change'] = 'no-longer-affects-care'),
			/answers\.domestic-abuse-change: this question is not asked/
		],
		[
			'an unknown expected band',
			(d: Record<string, any>) => (d.expected.band = 'maybe'),
			/expected\.band: unknown band "maybe"/
		],
		[
			'an unknown hard stop',
			(d: Record<string, any>) => (d.expected.hardStops = ['bad-vibes']),
			/expected\.hardStops\[0\]: unknown hard stop "bad-vibes"/
		],
		[
			'an unknown plan service',
			(d: Record<string, any>) => d.expected.planIncludes.push('pony-rides'),
			/expected\.planIncludes\[\d+\]: unknown service "pony-rides"/
		],
		[
			'a real-looking case reference',
			(d: Record<string, any>) => (d.caseDetails.caseRef = 'CASE-1234'),
			/caseDetails\.caseRef: must be a training reference such as "TRAIN-01"/
		],
		[
			'an assessor name',
			(d: Record<string, any>) => (d.caseDetails.assessorName = 'A. Person'),
			/caseDetails\.assessorName: must be "Training assessor"/
		],
		[
			'an id that is not lower-case and hyphenated',
			(d: Record<string, any>) => (d.id = 'Alcohol Recovery'),
			/id: must be lower-case words joined by hyphens/
		],
		[
			'a summary of more than one line',
			(d: Record<string, any>) => (d.summary = 'Fictional case.\nSecond line.'),
			/summary: must be a single line/
		],
		[
			'no word "fictional" in the title or summary',
			(d: Record<string, any>) => {
				d.title = 'A case';
				d.summary = 'A case.';
			},
			/title: the title or the summary must say that the case is fictional/
		],
		[
			'a misspelt field',
			(d: Record<string, any>) => (d.expected.planInclude = []),
			/expected: unknown field "planInclude"/
		],
		[
			'an answer that is not text',
			(d: Record<string, any>) => (d.answers['substance-misuse-history'] = true),
			/answers\.substance-misuse-history: must be a text value/
		]
	])('rejects %s with a specific message', (_what, mutate, message) => {
		const errs = errorsFor(broken(mutate));
		expect(
			errs.some((e) => message.test(e)),
			errs.join('\n')
		).toBe(true);
	});

	it('names the scenario and the file when given', () => {
		const errs = errorsFor(broken((d) => (d.answers['housing'] = 'brilliant')));
		expect(errs[0]).toMatch(new RegExp(`^Scenario "${good.id}": `));
		const result = parseScenario(
			broken((d) => (d.answers['housing'] = 'x')),
			findRules,
			'scenarios/x.yaml'
		);
		expect(result.ok ? [] : result.errors).toEqual([
			expect.stringMatching(
				new RegExp(`^Scenario "${good.id}" \\(scenarios/x\\.yaml\\): answers\\.housing`)
			)
		]);
	});

	it('rejects data that is not a mapping', () => {
		expect(errorsFor(['a', 'list'])).toEqual([
			expect.stringMatching(/^A scenario without an id: the file must hold a mapping/)
		]);
		expect(errorsFor(null)).toHaveLength(1);
	});

	it('loadScenarios reports a file whose name does not match its id, and keeps the others', () => {
		const other = broken((d) => (d.caseDetails.caseRef = 'TRAIN-99'));
		const loaded = loadScenarios(findRules, {
			[`./scenarios/${good.id}.yaml`]: structuredClone(good),
			'./scenarios/wrong-name.yaml': other
		});
		expect(loaded.scenarios.map((s) => s.id)).toEqual([good.id]);
		expect(loaded.errors).toEqual([
			`Scenario "${good.id}" (src/lib/training/scenarios/wrong-name.yaml): the id must match the file name, "wrong-name".`
		]);
	});

	it('lists the trainer steps in wizard order', () => {
		const rules = rulesOf(good.rules.id, good.rules.version);
		const steps = trainerSteps(rules);
		expect(steps[0]).toBe('case-details');
		expect(steps.slice(-3)).toEqual(['check-answers', 'result', 'plan']);
		expect(steps.slice(1, -3)).toEqual(rules.data.domains.map((d) => d.id));
	});

	it('compareWithExpected explains a mismatch in sentences', () => {
		const rules = rulesOf(good.rules.id, good.rules.version);
		const result = assessScenario(good, rules);
		const wrong = {
			...good,
			expected: {
				band: 'not-safe',
				hardStops: ['unmanaged-access'],
				planIncludes: ['short-breaks'],
				planExcludes: [result.plan[0]?.service ?? '']
			}
		};
		const diffs = compareWithExpected(wrong, result, rules);
		expect(diffs).toHaveLength(4);
		for (const d of diffs) expect(d).toMatch(/\.$/);
		// Labels from the rules, never ids: a trainee reads the band as the result page shows it.
		const label = rules.data.bands.find((b) => b.id === 'not-safe')!.label;
		expect(diffs[0]).toContain(`“${label}”`);
		for (const d of diffs) expect(d).not.toMatch(/not-safe|unmanaged-access|short-breaks|\[/);
	});
});
