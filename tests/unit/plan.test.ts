import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/lib/domain/engine.ts';
import { addDays } from '../../src/lib/domain/dates.ts';
import {
	assessOptionsFrom,
	byPhase,
	choosePlan,
	emptyPlanChoices,
	nextReview,
	withAddedItem,
	withChangedItem,
	withoutItem,
	withPutBack,
	type PlanChoices
} from '../../src/lib/domain/plan.ts';
import { PlanChoicesSchema } from '../../src/lib/domain/assessment.ts';
import { loadMini, loadRealRules, TODAY } from '../helpers.ts';
import { extremeAnswers } from '../../src/lib/domain/answers.ts';

const rules = loadMini();
// The engine tests' worked example, with parenting lowered so the after-return caseworker is recommended:
// drugs-service (before, 10 weeks × £100), housing-help (before, 8 × £50), caseworker (after, 26 × £200).
const answers = {
	housing: 'adequate',
	money: 'mild',
	parenting: 'adequate',
	'drugs-history': 'yes',
	'drugs-change': 'mild',
	access: 'no',
	protect: 'clear'
};

function plan(choices: Partial<PlanChoices> = {}) {
	const c = { ...emptyPlanChoices(), ...choices };
	const result = assess(rules, answers, { today: TODAY, ...assessOptionsFrom(c) });
	return { result, chosen: choosePlan(rules, result, c, TODAY) };
}

describe('the chosen plan', () => {
	it('is the recommended plan, unchanged, until the practitioner edits it', () => {
		const { result, chosen } = plan();
		expect(chosen.edited).toBe(false);
		expect(chosen.differences).toEqual([]);
		expect(chosen.items.map((i) => [i.key, i.origin, i.phase, i.weeks, i.cost])).toEqual([
			['drugs-service', 'recommended', 'before-return', 10, 1000],
			['housing-help', 'recommended', 'before-return', 8, 400],
			['caseworker', 'recommended', 'after-return', 26, 5200]
		]);
		expect(chosen.items.map((i) => i.goal)).toEqual(result.plan.map((p) => p.goal));
		expect(chosen.costs).toEqual(result.costs);
		expect(chosen.recommendedCost).toBe(6600);
	});

	it('starts before-return support on the assessment date and after-return support on the planned return', () => {
		const none = plan();
		expect(none.chosen.items.find((i) => i.key === 'caseworker')).toMatchObject({
			startDate: null,
			endDate: null,
			reviewDate: null
		});
		const { chosen } = plan({ plannedReturnDate: '2027-03-01' });
		expect(chosen.items.find((i) => i.key === 'drugs-service')).toMatchObject({
			startDate: TODAY,
			endDate: addDays(TODAY, 70)
		});
		// Reviews in the mini rules: 42 days after the assessment; 28 and 90 days after return.
		expect(chosen.items.find((i) => i.key === 'drugs-service')?.reviewDate).toBe(
			addDays(TODAY, 42)
		);
		expect(chosen.items.find((i) => i.key === 'caseworker')).toMatchObject({
			startDate: '2027-03-01',
			endDate: addDays('2027-03-01', 26 * 7),
			reviewDate: addDays('2027-03-01', 28)
		});
	});

	it('applies changes and lists each one as a difference, keeping the recommendation', () => {
		const { chosen } = plan({
			plannedReturnDate: '2027-03-01',
			changes: {
				'drugs-service': {
					owner: 'Community drug and alcohol team (fictional)',
					weeks: 20,
					goal: 'Six clear tests by the review'
				}
			}
		});
		const drugs = chosen.items.find((i) => i.key === 'drugs-service');
		expect(drugs).toMatchObject({
			owner: 'Community drug and alcohol team (fictional)',
			weeks: 20,
			cost: 2000,
			changed: ['goal', 'owner', 'weeks']
		});
		expect(drugs?.recommended?.weeks).toBe(10);
		expect(chosen.edited).toBe(true);
		expect(chosen.differences).toEqual([
			{
				key: 'drugs-service',
				kind: 'changed',
				name: 'Service drugs-service',
				text: 'Changed “Service drugs-service”: goal, owner, length 10 → 20 weeks.'
			}
		]);
		expect(chosen.costs.planCost).toBe(2000 + 400 + 5200);
		expect(chosen.recommendedCost).toBe(6600);
		expect(chosen.costs.difference).toBe(chosen.costs.placementCost - 7600);
	});

	it('a change back to the recommended value is not a difference', () => {
		const { chosen } = plan({ changes: { 'drugs-service': { weeks: 10, weeklyCost: 100 } } });
		expect(chosen.edited).toBe(false);
		expect(chosen.items[0]?.changed).toEqual([]);
	});

	it('removes an item with its reason and adds the practitioner’s own items within their phase', () => {
		const { chosen } = plan({
			plannedReturnDate: '2027-03-01',
			removed: { 'housing-help': 'Family already has a housing officer (fictional).' },
			added: [
				{
					id: 'own-1',
					name: 'Grandmother’s after-school care',
					phase: 'after-return',
					goal: 'Collects the child three days a week',
					owner: 'Maternal grandmother',
					startDate: '',
					weeks: 30,
					weeklyCost: 0,
					reason: 'Family offer made at the family group conference.'
				},
				{
					id: 'own-2',
					name: 'Budgeting course',
					phase: 'before-return',
					goal: 'Completes the course',
					owner: 'Mother',
					startDate: '2026-12-07',
					weeks: 6,
					weeklyCost: 25,
					reason: 'Rent arrears.'
				}
			]
		});
		expect(chosen.items.map((i) => i.key)).toEqual([
			'drugs-service',
			'own-2',
			'caseworker',
			'own-1'
		]);
		expect(chosen.removed.map((r) => [r.item.service, r.reason])).toEqual([
			['housing-help', 'Family already has a housing officer (fictional).']
		]);
		expect(chosen.items.find((i) => i.key === 'own-1')).toMatchObject({
			origin: 'added',
			startDate: '2027-03-01',
			evidence: [],
			recommended: null
		});
		expect(chosen.items.find((i) => i.key === 'own-2')).toMatchObject({
			startDate: '2026-12-07',
			cost: 150
		});
		expect(chosen.differences.map((d) => d.kind)).toEqual(['removed', 'added', 'added']);
		expect(chosen.costs.planCost).toBe(1000 + 5200 + 0 + 150);
	});

	it('warns when support after the return is cut below the rules’ minimum', () => {
		const { chosen } = plan({ changes: { caseworker: { weeks: 12 } } });
		expect(chosen.items.find((i) => i.key === 'caseworker')?.warnings[0]).toMatch(
			/less than 26 weeks/
		);
		expect(chosen.items.find((i) => i.key === 'drugs-service')?.warnings).toEqual([]);
	});

	it('judges the minimum on after-return support as a whole, not item by item', () => {
		const own = {
			id: 'own-short',
			name: 'Fictional parenting group',
			phase: 'after-return' as const,
			reason: 'Fictional reason.',
			goal: 'Attends.',
			owner: 'Family support',
			startDate: '',
			weeks: 12,
			weeklyCost: 0
		};
		// A 12-week item of one's own beside the 26-week caseworker: no gap, no warning.
		const beside = plan({ added: [own] }).chosen;
		expect(beside.items.find((i) => i.key === 'own-short')?.warnings).toEqual([]);
		// With the caseworker cut to 12 weeks too, nothing reaches 26 weeks: both warn.
		const short = plan({ added: [own], changes: { caseworker: { weeks: 12 } } }).chosen;
		for (const key of ['own-short', 'caseworker'])
			expect(short.items.find((i) => i.key === key)?.warnings[0]).toMatch(/less than 26 weeks/);
	});

	it('follows the recommendation when answers change: edits to a service no longer recommended lie dormant', () => {
		const choices = {
			...emptyPlanChoices(),
			changes: { caseworker: { owner: 'Someone else' } },
			removed: { 'drugs-service': 'Not needed.' }
		};
		const better = { ...answers, parenting: 'clear', 'drugs-change': 'some' };
		const result = assess(rules, better, { today: TODAY });
		const chosen = choosePlan(rules, result, choices, TODAY);
		expect(chosen.items.map((i) => i.key)).toEqual(['housing-help']);
		expect(chosen.differences).toEqual([]);
	});

	it('uses the authority’s own placement figure', () => {
		const { chosen } = plan({ placement: 'home', placementWeeklyCost: 4500 });
		expect(chosen.costs.placement).toMatchObject({
			id: 'home',
			weeklyCost: 4500,
			userFigure: true
		});
		expect(chosen.costs.placementCost).toBe(4500 * 52);
	});

	it('groups by phase in phase order, leaving out empty phases', () => {
		const { chosen } = plan();
		expect(byPhase(chosen.items).map((g) => [g.phase, g.items.length])).toEqual([
			['before-return', 2],
			['after-return', 1]
		]);
	});

	it('nextReview picks the earliest dated review on or after a date', () => {
		const reviews = [
			{ review: 'a', label: 'A', anchor: 'assessment' as const, offsetDays: 1, date: '2027-01-10' },
			{ review: 'b', label: 'B', anchor: 'return' as const, offsetDays: 1, date: '2027-01-05' },
			{ review: 'c', label: 'C', anchor: 'return' as const, offsetDays: 1, date: null }
		];
		expect(nextReview(reviews, '2027-01-01')).toBe('2027-01-05');
		expect(nextReview(reviews, '2027-01-06')).toBe('2027-01-10');
		expect(nextReview(reviews, '2027-01-11')).toBeNull();
		expect(nextReview(reviews, null)).toBeNull();
	});

	it('the stored form of plan choices is validated', () => {
		expect(PlanChoicesSchema.safeParse(emptyPlanChoices()).success).toBe(true);
		expect(
			PlanChoicesSchema.safeParse({ ...emptyPlanChoices(), plannedReturnDate: '1/3/2027' }).success
		).toBe(false);
		expect(
			PlanChoicesSchema.safeParse({ ...emptyPlanChoices(), changes: { x: { weeks: -1 } } }).success
		).toBe(false);
		expect(
			PlanChoicesSchema.safeParse({
				...emptyPlanChoices(),
				added: [
					{
						id: 'a',
						name: '',
						phase: 'at-return',
						goal: '',
						owner: '',
						startDate: '',
						weeks: 1,
						weeklyCost: 0,
						reason: ''
					}
				]
			}).success
		).toBe(false);
	});
});

describe('changing the choices', () => {
	const { result } = plan({ plannedReturnDate: '2027-03-01' });
	const drugs = result.plan.find((p) => p.service === 'drugs-service')!;
	const asRecommended = {
		goal: drugs.goal,
		owner: drugs.owner,
		startDate: drugs.startDate ?? '',
		weeks: drugs.weeks,
		weeklyCost: drugs.weeklyCost
	};

	it('keeps only the fields that differ from the recommendation, and none when nothing differs', () => {
		const before = emptyPlanChoices();
		const changed = withChangedItem(before, drugs, {
			...asRecommended,
			owner: 'Another team (fictional)',
			startDate: ''
		});
		expect(changed.changes).toEqual({ 'drugs-service': { owner: 'Another team (fictional)' } });
		expect(before.changes).toEqual({});
		expect(withChangedItem(changed, drugs, asRecommended).changes).toEqual({});
	});

	it('adds, replaces and removes the practitioner’s own items, and removes and puts back recommended ones', () => {
		const own = {
			id: 'own-1',
			name: 'Own item',
			phase: 'at-return' as const,
			goal: 'G',
			owner: 'O',
			startDate: '',
			weeks: 4,
			weeklyCost: 0,
			reason: 'R'
		};
		const added = withAddedItem(emptyPlanChoices(), own);
		expect(withAddedItem(added, { ...own, weeks: 8 }).added).toEqual([{ ...own, weeks: 8 }]);
		expect(withoutItem(added, { key: 'own-1', origin: 'added' }, '').added).toEqual([]);
		const removed = withoutItem(
			added,
			{ key: 'drugs-service', origin: 'recommended' },
			'Fictional reason.'
		);
		expect(removed.removed).toEqual({ 'drugs-service': 'Fictional reason.' });
		expect(withPutBack(removed, 'drugs-service').removed).toEqual({});
		expect(added.removed).toEqual({});
	});
});

describe('plan properties (real rules)', () => {
	const real = loadRealRules();
	const factorIds = real.order;
	const answerArb = fc.record(
		Object.fromEntries(
			factorIds.map((id) => {
				const info = real.factors.get(id)!;
				return [
					id,
					fc.constantFrom(
						...info.scale.options.map((o) => o.value),
						...info.scale.neutral.map((o) => o.value)
					)
				];
			})
		)
	);

	it('with no choices, the chosen plan is the recommended plan and costs the same', () => {
		fc.assert(
			fc.property(answerArb, (a) => {
				const result = assess(real, a, { today: TODAY });
				const chosen = choosePlan(real, result, emptyPlanChoices(), TODAY);
				expect(chosen.items.map((i) => [i.key, i.weeks, i.cost, i.startDate])).toEqual(
					result.plan.map((p) => [p.service, p.weeks, p.cost, p.startDate])
				);
				expect(chosen.costs).toEqual(result.costs);
				expect(chosen.edited).toBe(false);
			}),
			{ numRuns: 200 }
		);
	});

	it('removing an item lowers the plan cost by exactly its cost, and is deterministic', () => {
		fc.assert(
			fc.property(answerArb, fc.nat(), (a, pick) => {
				const result = assess(real, a, { today: TODAY });
				if (result.plan.length === 0) return;
				const victim = result.plan[pick % result.plan.length]!;
				const choices = {
					...emptyPlanChoices(),
					removed: { [victim.service]: 'Fictional reason.' }
				};
				const chosen = choosePlan(real, result, choices, TODAY);
				expect(chosen.costs.planCost).toBeCloseTo(result.costs.planCost - victim.cost, 6);
				expect(chosen.items.some((i) => i.key === victim.service)).toBe(false);
				expect(choosePlan(real, result, choices, TODAY)).toEqual(chosen);
			}),
			{ numRuns: 200 }
		);
	});

	it('the worst answers recommend support in every phase that the rules cover', () => {
		const result = assess(real, extremeAnswers(real, 'worst'), {
			today: TODAY,
			plannedReturnDate: '2027-06-01'
		});
		const chosen = choosePlan(real, result, emptyPlanChoices(), TODAY);
		expect(chosen.items.length).toBeGreaterThan(0);
		expect(chosen.items.every((i) => i.reviewDate !== null)).toBe(true);
	});
});
