import { describe, expect, it } from 'vitest';
import { assess } from '../../src/lib/domain/engine.ts';
import { parseRules, type Rules } from '../../src/lib/domain/rules.ts';
import { checkFacts, visibleFactors } from '../../src/lib/domain/answers.ts';
import { miniRulesWithCaps } from '../fixtures/mini-rules.ts';
import { TODAY } from '../helpers.ts';

function load(mutate?: (d: Record<string, any>) => void): Rules {
	const d = miniRulesWithCaps();
	mutate?.(d);
	const r = parseRules(d);
	if (!r.ok) throw new Error(r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
	return r.rules;
}
const rules = load();

// All clear strengths except as noted. Domains: home (1), care (2), safety (1).
const strong = {
	housing: 'clear',
	money: 'clear',
	parenting: 'clear',
	'drugs-history': 'no',
	access: 'no',
	protect: 'clear'
};
const options = { today: TODAY, plannedReturnDate: '2027-03-01' };

describe('conditional caps (worked by hand on the mini rules)', () => {
	it('a serious concern on one factor keeps an otherwise top score below the top band', () => {
		// home (−3 + 2)/2 = −0.5; care 2; safety 2 → (−0.5 + 4 + 2)/4 = 1.375: "ready" by score.
		const r = assess(rules, { ...strong, housing: 'serious' }, options);
		expect(r.explanation.overallScore).toBeCloseTo(1.375, 10);
		expect(r.explanation.scoreBand).toBe('ready');
		expect(r.band).toBe('ready-with-plan');
		const cap = r.explanation.conditionalCaps?.find((c) => c.id === 'serious-anywhere');
		expect(cap?.binding).toBe(true);
		expect(cap?.because.map((e) => [e.factor, e.value])).toEqual([['housing', 'serious']]);
		expect(r.explanation.steps.join(' ')).toMatch(
			/A serious concern is never averaged away\. Because “Label of housing” is “Serious concern”, the band can be no higher than "Ready with plan"\./
		);
	});

	it('a cap binds when it holds the band below the score; every cap that holds is listed', () => {
		// care −2; (2 − 4 + 2)/4 = 0 → "ready-with-plan" by score; the parenting cap holds it to "not-yet".
		const r = assess(rules, { ...strong, parenting: 'moderate' }, options);
		expect(r.explanation.scoreBand).toBe('ready-with-plan');
		expect(r.band).toBe('not-yet');
		expect(r.explanation.conditionalCaps?.map((c) => [c.id, c.binding])).toEqual([
			['parenting-concern', true]
		]);
		// With a serious concern too, both caps hold; the band is already "not yet" by score
		// (home −0.5, care −2, safety 2 → −0.625), so neither binds.
		const both = assess(rules, { ...strong, parenting: 'moderate', housing: 'serious' }, options);
		expect(both.explanation.conditionalCaps?.map((c) => [c.id, c.binding])).toEqual([
			['serious-anywhere', false],
			['parenting-concern', false]
		]);
	});

	it('"not known" on a factor that matters caps the band, and adds evidence to gather', () => {
		const r = assess(rules, { ...strong, protect: 'not-known' }, options);
		expect(r.band).toBe('not-yet');
		const gather = r.plan.find((p) => p.kind === 'evidence');
		expect(gather).toMatchObject({
			service: 'gather-evidence-safety',
			because: ['protect'],
			owner: 'Social worker',
			startDate: TODAY,
			endDate: '2026-12-21',
			cost: 0
		});
	});

	it('a cap on a case fact applies only to the age band it names', () => {
		const answers = { ...strong, 'drugs-history': 'yes', 'drugs-change': 'mild' };
		const baby = assess(rules, answers, { ...options, facts: { 'age-band': 'under-1' } });
		const older = assess(rules, answers, { ...options, facts: { 'age-band': '5-10' } });
		expect(baby.band).toBe('not-yet');
		expect(baby.explanation.conditionalCaps?.[0]?.because).toEqual([
			expect.objectContaining({ factor: 'age-band', value: 'under-1', fact: true }),
			expect.objectContaining({ factor: 'drugs-change', value: 'mild' })
		]);
		expect(baby.explanation.steps.join(' ')).toMatch(/the case fact “Age band” is “Under 1”/);
		expect(older.explanation.conditionalCaps).toEqual([]);
	});
});

describe('evidence that counts', () => {
	it('counts coverage per section and caps the band when over a quarter is not known', () => {
		// Scored questions that apply: housing, money, parenting, protect (4); 2 not known = 50%.
		const r = assess(rules, { ...strong, housing: 'not-known', money: 'not-known' }, options);
		expect(r.domains.find((d) => d.id === 'home')?.coverage).toEqual({ rated: 0, of: 2 });
		expect(r.domains.find((d) => d.id === 'safety')?.coverage).toEqual({ rated: 2, of: 2 });
		expect(r.explanation.evidence).toEqual({
			unknown: 2,
			scored: 2,
			share: 0.5,
			maxShare: 0.25,
			capped: true
		});
		// By score: home none; (4 + 2)/3 = 2 → ready, held to ready-with-plan.
		expect(r.explanation.scoreBand).toBe('ready');
		expect(r.band).toBe('ready-with-plan');
	});

	it('exactly a quarter not known does not cap', () => {
		const r = assess(rules, { ...strong, money: 'not-known' }, options);
		expect(r.explanation.evidence?.share).toBe(0.25);
		expect(r.band).toBe('ready');
	});
});

describe('plans follow the band and the decision', () => {
	it('a return band always has after-return support, even when every answer is a strength', () => {
		const r = assess(rules, strong, options);
		expect(r.band).toBe('ready');
		expect(r.plan.map((p) => [p.service, p.phase, p.weeks])).toEqual([
			['light-support', 'after-return', 26]
		]);
		expect(r.costs.forReturn).toBe(true);
		expect(r.reviews.map((x) => x.review)).toEqual(['pre', 'post', 'post']);
	});

	it('a more intensive service replaces the light one', () => {
		const r = assess(rules, { ...strong, parenting: 'adequate' }, options);
		expect(r.plan.map((p) => p.service)).toEqual(['caseworker']);
	});

	it('"not yet" gives only the work before a return: no return items, no post-return reviews', () => {
		const r = assess(rules, { ...strong, parenting: 'serious', housing: 'mild' }, options);
		expect(r.band).toBe('not-yet');
		expect(r.plan.map((p) => p.service)).toEqual(['housing-help', 'permanence-planning']);
		expect(r.reviews.map((x) => x.review)).toEqual(['pre']);
		expect(r.costs.forReturn).toBe(false);
	});

	it('a practitioner’s "not safe" decision turns a return plan into work before a return', () => {
		const r = assess(
			rules,
			{ ...strong, parenting: 'adequate' },
			{ ...options, decidedBand: 'not-safe' }
		);
		expect(r.band).toBe('ready');
		expect(r.planBand).toBe('not-safe');
		expect(r.plan.map((p) => p.service)).toEqual(['permanence-planning']);
	});

	it('a service for some ages is never offered for another age band', () => {
		const answers = { ...strong, parenting: 'mild' };
		const at = (age: string) =>
			assess(rules, answers, { ...options, facts: { 'age-band': age } }).plan.map((p) => p.service);
		expect(at('5-10')).toContain('school-help');
		expect(at('under-1')).not.toContain('school-help');
	});
});

describe('case facts', () => {
	it('are checked against the facts the rules declare', () => {
		expect(checkFacts(rules, { 'age-band': 'under-1' })).toEqual({
			ok: true,
			facts: { 'age-band': 'under-1' }
		});
		expect(checkFacts(rules, { 'age-band': 'teen' })).toMatchObject({
			ok: false,
			message: expect.stringMatching(/"teen" is not a value of case fact "age-band"/)
		});
		expect(checkFacts(rules, { height: 'tall' })).toMatchObject({
			ok: false,
			message: expect.stringMatching(/unknown case fact "height"/)
		});
	});

	it('can decide which questions are asked', () => {
		const r = load(
			(d) => (d.domains[1].factors[1].showIf = { fact: 'legal-status', is: 'section-20' })
		);
		expect(visibleFactors(r, {}, { 'legal-status': 'section-20' }).has('drugs-history')).toBe(true);
		expect(visibleFactors(r, {}, { 'legal-status': 'care-order' }).has('drugs-history')).toBe(
			false
		);
	});
});
