import { describe, expect, it } from 'vitest';
import { assess } from '../../src/lib/domain/engine.ts';
import { checkAnswers, effectiveAnswers } from '../../src/lib/domain/answers.ts';
import { recordDecision } from '../../src/lib/domain/decision.ts';
import { addDays, daysBetween, isIsoDate } from '../../src/lib/domain/dates.ts';
import { canonicalJson, contentHash } from '../../src/lib/domain/hash.ts';
import { parseRules } from '../../src/lib/domain/rules.ts';
import { miniRules } from '../fixtures/mini-rules.ts';
import { loadMini, TODAY } from '../helpers.ts';

const rules = loadMini();

// Worked by hand (see the comments): the mini fixture has three domains, home (weight 1),
// care (weight 2) and safety (weight 1); rating scores run −3 … +2.
const base = {
	housing: 'adequate', // 0
	money: 'mild', //       −1   → home = −0.5
	parenting: 'some', //   +1 ×2
	'drugs-history': 'yes',
	'drugs-change': 'mild', // −1 ×1 → care = (2 − 1) / 3 = 1/3
	access: 'no', //         weight 0: not scored
	protect: 'clear' //      +2   → safety = 2
};

describe('worked examples', () => {
	it('scores domains as weighted means and the overall score as a weighted mean of domains', () => {
		const r = assess(rules, base, { today: TODAY });
		const score = (id: string) => r.domains.find((d) => d.id === id)?.score;
		expect(score('home')).toBeCloseTo(-0.5, 10);
		expect(score('care')).toBeCloseTo(1 / 3, 10);
		expect(score('safety')).toBeCloseTo(2, 10);
		// (1 × −0.5 + 2 × 1/3 + 1 × 2) / 4 = 0.5416…
		expect(r.explanation.overallScore).toBeCloseTo(0.541667, 5);
		expect(r.band).toBe('ready-with-plan');
		expect(r.complete).toBe(true);
		expect(r.missing).toEqual([]);
		expect(r.hardStops).toEqual([]);
	});

	it('lists strengths and concerns behind each domain score', () => {
		const r = assess(rules, base, { today: TODAY });
		const care = r.domains.find((d) => d.id === 'care');
		expect(care?.strengths.map((e) => e.factor)).toEqual(['parenting']);
		expect(care?.concerns.map((e) => [e.factor, e.value, e.score])).toEqual([
			['drugs-change', 'mild', -1]
		]);
		const safety = r.domains.find((d) => d.id === 'safety');
		// "No" on a safety check is reassuring but is neither a strength nor a concern.
		expect(safety?.strengths.map((e) => e.factor)).toEqual(['protect']);
		expect(safety?.concerns).toEqual([]);
	});

	it('ignores the answer to a question hidden by its condition', () => {
		const r = assess(rules, { ...base, 'drugs-history': 'no' }, { today: TODAY });
		expect(r.domains.find((d) => d.id === 'care')?.score).toBe(1);
		// (−0.5 + 2 × 1 + 2) / 4 = 0.875
		expect(r.explanation.overallScore).toBeCloseTo(0.875, 10);
		expect(r.plan.map((p) => p.service)).toEqual(['housing-help']);
		expect(effectiveAnswers(rules, { ...base, 'drugs-history': 'no' }).has('drugs-change')).toBe(
			false
		);
	});

	it('a hard stop forces "not safe" whatever the totals', () => {
		const r = assess(
			rules,
			{ ...base, housing: 'clear', money: 'clear', access: 'yes' },
			{ today: TODAY }
		);
		expect(r.explanation.scoreBand).toBe('ready');
		expect(r.hardStops.map((h) => h.id)).toEqual(['unmanaged-access']);
		expect(r.hardStops[0]?.because.map((e) => e.factor)).toEqual(['access']);
		expect(r.band).toBe('not-safe');
		expect(r.explanation.steps.join(' ')).toMatch(/Hard stop: Unmanaged access/);
	});

	it('a judgement cap holds the band down even when the score is higher', () => {
		// home 2, care 2, safety −3: (2 + 4 − 3) / 4 = 0.75 → ready-with-plan by score; safety −3 is unsafe → capped at not-yet.
		const answers = {
			housing: 'clear',
			money: 'clear',
			parenting: 'clear',
			'drugs-history': 'no',
			access: 'no',
			protect: 'serious'
		};
		const r = assess(rules, answers, { today: TODAY });
		expect(r.explanation.overallScore).toBeCloseTo(0.75, 10);
		expect(r.explanation.scoreBand).toBe('ready-with-plan');
		expect(r.judgements).toEqual([
			expect.objectContaining({ id: 'safety', level: 'unsafe', maxBand: 'not-yet' })
		]);
		expect(r.explanation.caps).toEqual([
			{
				judgement: 'safety',
				level: 'unsafe',
				maxBand: 'not-yet',
				reason: 'Safety is judged unsafe.'
			}
		]);
		expect(r.band).toBe('not-yet');
	});

	it('"not known" is recorded as a gap in evidence and not scored', () => {
		const r = assess(rules, { ...base, money: 'not-known' }, { today: TODAY });
		const home = r.domains.find((d) => d.id === 'home');
		expect(home?.score).toBe(0);
		expect(home?.unknowns.map((e) => e.factor)).toEqual(['money']);
		expect(r.complete).toBe(true);
	});

	it('a judgement with nothing rated takes its least ready level', () => {
		const r = assess(rules, { ...base, protect: 'not-known' }, { today: TODAY });
		expect(r.domains.find((d) => d.id === 'safety')?.score).toBeNull();
		expect(r.judgements[0]?.level).toBe('unsafe');
		expect(r.band).toBe('not-yet');
	});

	it('has no band until every required question that applies is answered', () => {
		const { protect: _p, 'drugs-change': _d, ...partial } = base;
		const r = assess(rules, partial, { today: TODAY });
		expect(r.complete).toBe(false);
		expect(r.missing).toEqual(['drugs-change', 'protect']);
		expect(r.band).toBeNull();
		expect(r.bandLabel).toBeNull();
		expect(r.domains.find((d) => d.id === 'home')?.score).toBeCloseTo(-0.5, 10);
		// A hidden question is never missing.
		const hidden = assess(rules, { ...partial, 'drugs-history': 'no' }, { today: TODAY });
		expect(hidden.missing).toEqual(['protect']);
	});

	it('an empty assessment lists every question that applies as missing', () => {
		const r = assess(rules, {}, { today: TODAY });
		expect(r.missing).toEqual([
			'housing',
			'money',
			'parenting',
			'drugs-history',
			'access',
			'protect'
		]);
		expect(r.explanation.overallScore).toBeNull();
		expect(r.plan).toEqual([]);
	});
});

describe('support plan, reviews and costs', () => {
	it('recommends services from their conditions, grouped by phase, naming the answers behind each', () => {
		const r = assess(
			rules,
			{ ...base, parenting: 'adequate' },
			{ today: TODAY, plannedReturnDate: '2027-03-01' }
		);
		expect(r.plan.map((p) => [p.service, p.phase, p.because])).toEqual([
			['drugs-service', 'before-return', ['drugs-change']],
			['housing-help', 'before-return', ['money']],
			['caseworker', 'after-return', ['parenting']]
		]);
		expect(r.plan[1]?.evidence).toEqual([
			expect.objectContaining({
				factor: 'money',
				value: 'mild',
				valueLabel: 'Mild concern',
				score: -1
			})
		]);
	});

	it('after-return support lasts at least as long as the rules file says', () => {
		const r = assess(
			rules,
			{ ...base, parenting: 'adequate' },
			{ today: TODAY, plannedReturnDate: '2027-03-01' }
		);
		const caseworker = r.plan.find((p) => p.service === 'caseworker');
		expect(caseworker?.weeks).toBe(26); // typical 12, raised to afterReturnSupportWeeks
		expect(caseworker?.startDate).toBe('2027-03-01');
		expect(caseworker?.endDate).toBe(addDays('2027-03-01', 26 * 7));
		expect(r.plan.find((p) => p.service === 'drugs-service')?.startDate).toBe(TODAY);
	});

	it('dates reviews from the assessment and from the planned return', () => {
		const r = assess(rules, base, { today: '2026-11-23', plannedReturnDate: '2027-03-01' });
		expect(r.reviews.map((x) => [x.review, x.date])).toEqual([
			['pre', '2027-01-04'],
			['post', '2027-03-29'],
			['post', '2027-05-30']
		]);
		const unplanned = assess(rules, base, { today: '2026-11-23' });
		expect(unplanned.reviews.map((x) => x.date)).toEqual(['2027-01-04', null, null]);
	});

	it('compares the plan’s cost with the placement over the same weeks', () => {
		const r = assess(rules, { ...base, parenting: 'adequate' }, { today: TODAY });
		// drugs 10 × 100 + housing 8 × 50 + caseworker 26 × 200 = 1,000 + 400 + 5,200
		expect(r.costs.planCost).toBe(6600);
		expect(r.costs.placementCost).toBe(800 * 52);
		expect(r.costs.difference).toBe(800 * 52 - 6600);
		expect(r.costs.placement).toMatchObject({
			id: 'foster',
			source: 'src-a',
			date: '2021-01-01',
			userFigure: false
		});
		const own = assess(rules, base, { today: TODAY, placement: 'home', placementWeeklyCost: 4200 });
		expect(own.costs.placement).toMatchObject({ id: 'home', weeklyCost: 4200, userFigure: true });
		expect(own.costs.placementCost).toBe(4200 * 52);
	});

	it('counts a long service only within the comparison period', () => {
		const long = loadMini((d) => (d.support[0].typicalWeeks = 80));
		const r = assess(long, base, { today: TODAY });
		expect(r.plan.find((p) => p.service === 'drugs-service')?.cost).toBe(52 * 100);
	});
});

describe('answers are checked against the rules', () => {
	it('accepts known factors with values on their scale', () => {
		expect(checkAnswers(rules, base)).toEqual({ ok: true, answers: base });
	});
	it.each([
		[{ nope: 'yes' }, /unknown factor "nope"/],
		[{ housing: 'great' }, /"great" is not an answer to factor "housing"/],
		[{ housing: 3 }, /must be a text value/],
		[['housing'], /must be an object/],
		[null, /must be an object/]
	])('rejects %j', (raw, message) => {
		const r = checkAnswers(rules, raw);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues[0]?.message).toMatch(message);
	});
});

describe('the practitioner’s decision sits beside the computed band', () => {
	const computed = { band: 'ready-with-plan', hardStops: [] };
	it('agreeing keeps the computed band', () => {
		const r = recordDecision(rules, computed, { kind: 'agree' });
		expect(r).toEqual({
			ok: true,
			recorded: expect.objectContaining({
				computedBand: 'ready-with-plan',
				finalBand: 'ready-with-plan',
				steps: 0
			})
		});
	});
	it('an override needs a written reason of the length the rules ask for', () => {
		const r = recordDecision(rules, computed, {
			kind: 'override',
			band: 'not-yet',
			reason: 'Too soon.'
		});
		expect(r).toEqual({
			ok: false,
			field: 'reason',
			message: expect.stringMatching(/at least 20 characters/)
		});
	});
	it('an override records both bands and how far it moved', () => {
		const r = recordDecision(rules, computed, {
			kind: 'override',
			band: 'not-yet',
			reason: '  Family time has deteriorated since the visit.  '
		});
		expect(r.ok && r.recorded).toMatchObject({
			computedBand: 'ready-with-plan',
			finalBand: 'not-yet',
			steps: -1,
			needsManagerApproval: false
		});
		expect(r.ok && r.recorded.decision).toEqual({
			kind: 'override',
			band: 'not-yet',
			reason: 'Family time has deteriorated since the visit.'
		});
	});
	it('moving more than the rules allow, or raising a band past a hard stop, needs a manager', () => {
		const far = recordDecision(rules, computed, {
			kind: 'override',
			band: 'not-safe',
			reason: 'A new and serious concern was reported today.'
		});
		expect(far.ok && far.recorded.needsManagerApproval).toBe(true);
		const past = recordDecision(
			rules,
			{ band: 'not-safe', hardStops: [{}] },
			{ kind: 'override', band: 'not-yet', reason: 'The person has moved abroad permanently.' }
		);
		expect(past.ok && past.recorded.approvalReasons.join(' ')).toMatch(/despite a hard stop/);
	});
	it('refuses an override to the same band, an unknown band, or before the assessment is complete', () => {
		expect(
			recordDecision(rules, computed, {
				kind: 'override',
				band: 'ready-with-plan',
				reason: 'x'.repeat(30)
			}).ok
		).toBe(false);
		expect(
			recordDecision(rules, computed, { kind: 'override', band: 'maybe', reason: 'x'.repeat(30) })
				.ok
		).toBe(false);
		expect(recordDecision(rules, { band: null, hardStops: [] }, { kind: 'agree' }).ok).toBe(false);
	});
});

describe('dates and hashes', () => {
	it('adds days across month and leap-year boundaries', () => {
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(daysBetween('2026-11-23', '2027-01-04')).toBe(42);
	});
	it('knows a real date from a malformed one', () => {
		expect(isIsoDate('2026-02-28')).toBe(true);
		expect(isIsoDate('2026-02-30')).toBe(false);
		expect(isIsoDate('23/11/2026')).toBe(false);
		expect(() => addDays('soon', 1)).toThrow(/YYYY-MM-DD/);
	});
	it('the content hash ignores key order and changes with content', () => {
		expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
		const a = miniRules();
		const reordered = Object.fromEntries(Object.entries(miniRules()).reverse());
		const pa = parseRules(a);
		const pb = parseRules(reordered);
		expect(pa.ok && pb.ok && pa.rules.hash === pb.rules.hash).toBe(true);
		const changed = miniRules();
		changed.domains[0].factors[0].weight = 2;
		const pc = parseRules(changed);
		expect(pa.ok && pc.ok && pa.rules.hash !== pc.rules.hash).toBe(true);
	});
	it('the hash is SHA-256 of the canonical JSON', () => {
		// sha256('"abc"') computed independently with `printf '"abc"' | sha256sum`.
		expect(contentHash('abc')).toBe(
			'6cc43f858fbb763301637b5af970e2a46b46f461f27e5a0f41e009c59b827b25'
		);
	});
});

describe('date arithmetic agrees with the calendar', () => {
	it('addDays and daysBetween match the platform calendar for any date and offset', async () => {
		const fc = (await import('fast-check')).default;
		fc.assert(
			fc.property(
				fc.date({
					min: new Date('1900-01-01T00:00:00Z'),
					max: new Date('2200-12-31T00:00:00Z'),
					noInvalidDate: true
				}),
				fc.integer({ min: -5000, max: 5000 }),
				(d, n) => {
					const iso = d.toISOString().slice(0, 10);
					const expected = new Date(
						Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n)
					)
						.toISOString()
						.slice(0, 10);
					expect(addDays(iso, n)).toBe(expected);
					expect(daysBetween(iso, expected)).toBe(n);
					expect(isIsoDate(iso)).toBe(true);
				}
			),
			{ numRuns: 2000 }
		);
	});
});
