import { afterAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { extremeAnswers } from '../../src/lib/domain/answers.ts';
import { CURRENT_RULES_FILE, loadRealRules, REAL_RULES_FILE, ROOT } from '../helpers.ts';
import { reassuringFact } from '../../src/lib/domain/rules.ts';
import { miniRules } from '../fixtures/mini-rules.ts';

// The CLI contract in README "Command line": other tools rely on it, so it is tested as a process.
// Every test starts one or two processes: on a loaded 2-core machine (CI shares it with the team
// server tests) that can take longer than vitest's default 5 s, so allow what spawnSync allows.
vi.setConfig({ testTimeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'homeward-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | object): string {
	const path = join(dir, name);
	writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
	return path;
}

function run(...args: string[]) {
	const r = spawnSync(
		process.execPath,
		[join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/assess.ts'), ...args],
		{
			cwd: ROOT,
			encoding: 'utf8',
			timeout: 30_000
		}
	);
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A failure is one sentence (then optional details), never a stack trace. */
function expectCleanFailure(r: ReturnType<typeof run>, message: RegExp) {
	expect(r.code).not.toBe(0);
	expect(r.stdout).toBe('');
	const first = r.stderr.split('\n')[0] ?? '';
	expect(first).toMatch(message);
	expect(first).toMatch(/[.!?]$/);
	expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

// The CLI scores with the newest rules file unless told otherwise.
const rules = loadRealRules(CURRENT_RULES_FILE);

describe('assess describe', () => {
	it('lists the rules, bands least ready first, and every factor with its values', () => {
		const r = run('describe');
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(out.rules).toMatchObject({
			id: 'reunification-readiness',
			version: '1.2.0',
			hash: rules.hash
		});
		expect(out.facts).toEqual([
			{
				id: 'age-band',
				label: "The child's age",
				values: ['under-1', '1-4', '5-10', '11-15', '16-17']
			},
			{
				id: 'legal-status',
				label: 'Legal status',
				values: ['section-20', 'interim-care-order', 'care-order', 'placement-order', 'other']
			}
		]);
		expect(out.bands.map((b: { id: string }) => b.id)).toEqual(rules.data.bands.map((b) => b.id));
		expect(out.bands[0]).toEqual({ id: 'not-safe', label: rules.data.bands[0]!.label });
		expect(out.factors).toHaveLength(rules.order.length);
		expect(out.factors.length).toBeGreaterThanOrEqual(25);
		expect(
			new Set(out.factors.map((f: { domain: string }) => f.domain)).size
		).toBeGreaterThanOrEqual(7);
		const rating = out.factors.find((f: { id: string }) => f.id === 'protective-adult');
		expect(rating).toMatchObject({
			domain: 'safety',
			required: true,
			ordered: true,
			values: [
				'serious-concern',
				'moderate-concern',
				'mild-concern',
				'adequate',
				'some-strength',
				'clear-strength'
			],
			neutral: ['not-known']
		});
		const fact = out.factors.find((f: { id: string }) => f.id === 'substance-misuse-history');
		expect(fact).toMatchObject({ ordered: false, values: ['yes', 'no'], neutral: [] });
	});

	it('reads another rules file with --rules', () => {
		const data = miniRules();
		const file = write('mini.yaml', stringify(data));
		const r = run('describe', '--rules', file);
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout).rules).toMatchObject({ id: 'mini', version: '0.1.0' });
	});
});

describe('assess score', () => {
	it('scores a complete set of answers', () => {
		const file = write('best.json', {
			answers: extremeAnswers(rules, 'best', reassuringFact(rules))
		});
		const r = run('score', '--answers', file, '--today', '2026-11-23');
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout);
		expect(out).toMatchObject({
			band: 'ready',
			complete: true,
			missing: [],
			hardStops: [],
			rules: { id: 'reunification-readiness', version: '1.2.0', hash: rules.hash }
		});
		expect(out.domains).toHaveLength(rules.data.domains.length);
		expect(out.domains.find((d: { id: string }) => d.id === 'reasons-for-care')).toMatchObject({
			score: 2
		});
		expect(Array.isArray(out.plan)).toBe(true);
	});

	it('scores the most concerning answers as the least ready band, with hard stops and a plan', () => {
		const file = write('worst.json', {
			answers: extremeAnswers(rules, 'worst'),
			assessmentDate: '2026-11-23'
		});
		const out = JSON.parse(run('score', '--answers', file).stdout);
		expect(out.band).toBe('not-safe');
		expect(out.hardStops).toContain('unmanaged-access');
		expect(out.plan.length).toBeGreaterThan(0);
		for (const item of out.plan) {
			expect(item).toMatchObject({
				service: expect.any(String),
				phase: expect.stringMatching(/^(before|at|after)-return$/)
			});
			expect(Array.isArray(item.because)).toBe(true);
		}
		// Not safe: the plan is the work before a return, with no return items or reviews after one.
		expect(out.plan.map((p: { phase: string }) => p.phase)).not.toContain('after-return');
		expect(out.costs.forReturn).toBe(false);
		expect(out.reviews[0].date).toBe('2027-01-04');
	});

	it('reports an incomplete assessment with its missing answers and no band', () => {
		const file = write('partial.json', { answers: { 'original-concerns-understood': 'adequate' } });
		const out = JSON.parse(run('score', '--answers', file, '--today', '2026-11-23').stdout);
		expect(out.band).toBeNull();
		expect(out.complete).toBe(false);
		expect(out.missing).toContain('protective-adult');
		expect(out.missing).not.toContain('original-concerns-understood');
	});

	it('ignores answers to questions hidden by conditional visibility', () => {
		const answers = {
			...extremeAnswers(rules, 'best', (_id, v) => (v.includes('no') ? 'no' : v[0]!))
		};
		const hiddenId = rules.order.find(
			(id) => rules.factors.get(id)!.factor.showIf && answers[id] === undefined
		)!;
		expect(hiddenId).toBeDefined();
		const plain = JSON.parse(
			run('score', '--answers', write('a.json', { answers }), '--today', '2026-11-23').stdout
		);
		const withHidden = JSON.parse(
			run(
				'score',
				'--answers',
				write('b.json', {
					answers: { ...answers, [hiddenId]: rules.factors.get(hiddenId)!.scale.options[0]!.value }
				}),
				'--today',
				'2026-11-23'
			).stdout
		);
		expect(withHidden).toEqual(plain);
	});

	it('is reproducible: the same input prints the same output', () => {
		const file = write('same.json', { answers: extremeAnswers(rules, 'worst') });
		expect(run('score', '--answers', file, '--today', '2026-11-23').stdout).toBe(
			run('score', '--answers', file, '--today', '2026-11-23').stdout
		);
	});
});

describe('bad input exits non-zero with one clear sentence', () => {
	it.each([
		[
			'malformed JSON',
			() => ['score', '--answers', write('bad.json', '{"answers": {')],
			/^The answers file ".*bad\.json" is not valid JSON: /
		],
		[
			'a wrong shape',
			() => ['score', '--answers', write('shape.json', { factors: {} })],
			/must be a JSON object with an "answers" object/
		],
		[
			'answers as a list',
			() => ['score', '--answers', write('list.json', { answers: ['adequate'] })],
			/answers must be an object/
		],
		[
			'an unknown factor id',
			() => [
				'score',
				'--answers',
				write('unknown.json', { answers: { 'not-a-factor': 'adequate' } })
			],
			/unknown factor "not-a-factor"/
		],
		[
			'a value outside the factor’s scale',
			() => [
				'score',
				'--answers',
				write('value.json', { answers: { 'protective-adult': 'brilliant' } })
			],
			/"brilliant" is not an answer to factor "protective-adult"/
		],
		[
			'a value that is not text',
			() => ['score', '--answers', write('num.json', { answers: { 'protective-adult': 2 } })],
			/answer to "protective-adult" must be a text value/
		],
		[
			'a missing answers file',
			() => ['score', '--answers', join(dir, 'nope.json')],
			/^The answers file ".*nope\.json" does not exist\.$/
		],
		[
			'a missing rules file',
			() => ['describe', '--rules', join(dir, 'nope.yaml')],
			/^The rules file ".*nope\.yaml" does not exist\.$/
		],
		[
			'a broken rules file',
			() => [
				'describe',
				'--rules',
				write(
					'broken.yaml',
					readFileSync(join(ROOT, REAL_RULES_FILE), 'utf8').replace('scale: rating', 'scale: ratng')
				)
			],
			/^The rules file ".*broken\.yaml" is not valid: 1 problem found\.$/
		],
		[
			'a rules file that is not YAML',
			() => ['describe', '--rules', write('notyaml.yaml', 'id: [')],
			/is not valid: \d+ problems? found\./
		],
		[
			'a bad date',
			() => ['score', '--answers', write('d.json', { answers: {} }), '--today', '23/11/2026'],
			/"23\/11\/2026" is not a date/
		],
		[
			'an unknown placement',
			() => ['score', '--answers', write('p.json', { answers: {} }), '--placement', 'hotel'],
			/Unknown placement "hotel"/
		],
		['an unknown command', () => ['explain'], /Unknown command "explain"/],
		['no command', () => [], /Say what to do/],
		['an unknown option', () => ['score', '--answer', 'x.json'], /Unknown option "--answer"/],
		['score without answers', () => ['score'], /needs --answers FILE/]
	])('%s', (_name, args, message) => {
		expectCleanFailure(run(...args()), message);
	});

	it('a broken rules file names the file, line and problem', () => {
		const file = write(
			'broken2.yaml',
			readFileSync(join(ROOT, REAL_RULES_FILE), 'utf8').replace('scale: rating', 'scale: ratng')
		);
		const r = run('describe', '--rules', file);
		expect(r.stderr.split('\n')[1]).toMatch(
			/broken2\.yaml:\d+:\d+: domains\[0\]\.factors\[0\]\.scale: unknown scale "ratng"/
		);
	});
});

// The examples, as fictional answer files (tests/fixtures/examples/), scored by the CLI.
const example = (name: string, ...flags: string[]) => {
	const r = run(
		'score',
		'--answers',
		join(ROOT, 'tests/fixtures/examples', `${name}.json`),
		...flags
	);
	expect(r.stderr).toBe('');
	return JSON.parse(r.stdout);
};
const services = (out: { plan: { service: string }[] }) => out.plan.map((p) => p.service);

describe('assess score on the worked examples under rules 1.1.0', () => {
	it('a serious concern on the child’s wishes is not averaged away by strengths elsewhere', () => {
		const out = example('child-wishes-serious');
		expect(out.explanation.scoreBand).toBe('ready');
		expect(out.band).toBe('not-yet');
		expect(out.caps).toContainEqual({
			id: 'serious-concern-on-safety-or-change',
			maxBand: 'not-yet',
			binding: true,
			because: ['child-wishes=serious-concern']
		});
		expect(services(out)).toEqual(['parallel-permanence-planning', 'direct-work-with-child']);
		expect(out.whatWouldChange.steps).toEqual([
			expect.objectContaining({ kind: 'improve', factor: 'child-wishes', to: 'moderate-concern' })
		]);
	});

	it('26 unknowns are not reassurance: not the top band, and evidence to gather in the plan', () => {
		const out = example('twenty-six-unknowns');
		expect(out.band).toBe('not-safe');
		expect(out.explanation.evidence).toMatchObject({ unknown: 23, capped: true });
		expect(services(out).filter((s: string) => s.startsWith('gather-evidence-'))).toHaveLength(8);
		expect(out.whatWouldChange.steps[0]).toMatchObject({
			kind: 'gather',
			factor: 'protective-adult'
		});
	});

	it('adequate throughout, with no threat and no gaps, is ready for a planned return at low cost', () => {
		const out = example('all-adequate');
		expect(out.band).toBe('ready');
		expect(services(out)).toEqual(['gradual-return-plan', 'reunification-support']);
		expect(out.costs.planCost).toBe(1620);
	});

	it('clear strengths throughout still get six months of support after the return', () => {
		const out = example('all-clear-strength');
		expect(out.band).toBe('ready');
		const after = out.plan.filter((p: { phase: string }) => p.phase === 'after-return');
		expect(after.map((p: { weeks: number }) => p.weeks)).toEqual([26]);
	});

	it('a baby is offered no life-story work or school support', () => {
		const out = example('baby');
		expect(services(out)).toContain('parent-infant-support');
		expect(services(out)).not.toContain('direct-work-with-child');
		expect(services(out)).not.toContain('school-support');
	});

	it('a section 20 withdrawal gets legal planning and an unplanned-return plan, not an 8-week gradual return', () => {
		const out = example('section-20-withdrawal');
		expect(out.band).toBe('ready-with-plan');
		expect(services(out)).toEqual(
			expect.arrayContaining(['legal-planning', 'unplanned-return-safety-plan'])
		);
		expect(services(out)).not.toContain('gradual-return-plan');
	});

	it('a typical plan with some mild concerns costs near the NSPCC 2024 average of £7,857', () => {
		const out = example('typical-mild-concerns');
		expect(Math.abs(out.costs.planCost - 7857)).toBeLessThan(800);
	});

	it('a "not safe" decision makes the plan the work before a return, with no cost comparison', () => {
		const out = example('all-adequate', '--decided-band', 'not-safe');
		expect(out.band).toBe('ready');
		expect(out.planBand).toBe('not-safe');
		expect(services(out)).toEqual(['parallel-permanence-planning']);
		expect(out.costs.forReturn).toBe(false);
		expect(out.reviews.every((r: { anchor: string }) => r.anchor === 'assessment')).toBe(true);
	});

	it.each([
		[
			'an unknown case fact',
			{ facts: { height: 'tall' }, answers: {} },
			[],
			/^Invalid case facts: unknown case fact "height"/
		],
		[
			'a case fact value the rules do not know',
			{ facts: { 'age-band': 'teen' }, answers: {} },
			[],
			/^Invalid case facts: "teen" is not a value of case fact "age-band"/
		],
		[
			'an unknown decided band',
			{ answers: {} },
			['--decided-band', 'maybe'],
			/^Unknown band "maybe" for --decided-band/
		]
	])('%s is one clear sentence', (_name, file, flags, message) => {
		expectCleanFailure(run('score', '--answers', write('f.json', file), ...flags), message);
	});
});
