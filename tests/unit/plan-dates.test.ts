/**
 * Plan dates follow each item's phase (issue 13): under rules 1.2.0 work before the return starts at
 * the assessment, support at the return leads up to the return date and ends on it, support after
 * the return starts on it, and reviews of progress before the return are held only before it.
 * Rules 1.0.0 and 1.1.0 keep their published dates (their golden results prove it field for field).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../src/lib/domain/dates.ts';
import { assess } from '../../src/lib/domain/engine.ts';
import {
	assessOptionsFrom,
	choosePlan,
	emptyPlanChoices,
	type PlanChoices
} from '../../src/lib/domain/plan.ts';
import {
	phaseDates,
	phaseWarnings,
	planDatesOf,
	PUBLISHED_PLAN_DATES,
	reviewHeld
} from '../../src/lib/domain/plan-dates.ts';
import type { PlanDates } from '../../src/lib/domain/rules-schema.ts';
import { factsFor } from '../arbitraries.ts';
import { CURRENT_RULES_FILE, loadMini, loadRealRules } from '../helpers.ts';

const BY_PHASE: PlanDates = { atReturn: 'until-return', reviewsBeforeReturn: 'until-return' };
const A = '2026-12-01';

describe('an item’s usual dates for its phase', () => {
	it.each([
		// setting, phase, weeks, return date, start, end
		['1.2.0', 'before-return', 6, '2027-03-01', A, '2027-01-12'],
		['1.2.0', 'at-return', 8, '2027-03-01', '2027-01-04', '2027-03-01'],
		['1.2.0', 'at-return', 8, '2027-01-01', A, '2027-01-01'], // sooner than it takes: from the assessment
		['1.2.0', 'at-return', 4, A, A, A], // a return on the assessment day
		['1.2.0', 'at-return', 4, '2026-11-01', '2026-11-01', '2026-11-01'], // a past return: never after it
		['1.2.0', 'after-return', 26, '2027-03-01', '2027-03-01', '2027-08-30'],
		['1.2.0', 'at-return', 8, null, null, null],
		['1.2.0', 'after-return', 26, null, null, null],
		['published', 'at-return', 8, '2027-03-01', '2027-03-01', '2027-04-26'],
		['published', 'before-return', 6, '2027-03-01', A, '2027-01-12']
	] as const)('%s: %s, %i weeks, return %s → %s to %s', (which, phase, weeks, ret, start, end) => {
		const setting = which === '1.2.0' ? BY_PHASE : PUBLISHED_PLAN_DATES;
		expect(phaseDates(setting, phase, weeks, A, ret)).toEqual({ startDate: start, endDate: end });
	});

	it('a review before the return is held only before the return date, from 1.2.0', () => {
		expect(reviewHeld(BY_PHASE, 'assessment', '2027-02-28', '2027-03-01')).toBe(true);
		expect(reviewHeld(BY_PHASE, 'assessment', '2027-03-01', '2027-03-01')).toBe(false);
		expect(reviewHeld(BY_PHASE, 'assessment', '2027-04-01', undefined)).toBe(true);
		expect(reviewHeld(BY_PHASE, 'return', '2027-04-01', '2027-03-01')).toBe(true);
		expect(reviewHeld(PUBLISHED_PLAN_DATES, 'assessment', '2027-04-01', '2027-03-01')).toBe(true);
	});

	it.each([
		[
			'at the return, ending after it',
			{ phase: 'at-return', weeks: 4, startDate: '2027-02-15', endDate: '2027-03-15' },
			/ends after the planned return on 1 March 2027: support at the return leads up to the move/
		],
		[
			'before the return, ending after it',
			{ phase: 'before-return', weeks: 26, startDate: A, endDate: '2027-06-01' },
			/ends after the planned return on 1 March 2027: finish it before the move home/
		],
		[
			'at the return, cut short',
			{ phase: 'at-return', weeks: 8, startDate: '2027-02-08', endDate: '2027-03-01' },
			/leaves 3 weeks for this, which usually takes 8: consider a later return date/
		]
	] as const)('warns when dates do not fit the phase: %s', (_name, item, words) => {
		expect(phaseWarnings(BY_PHASE, item, '2027-03-01')).toEqual([expect.stringMatching(words)]);
		// Rules before 1.2.0 never said so: their plans reopen as they were.
		expect(phaseWarnings(PUBLISHED_PLAN_DATES, item, '2027-03-01')).toEqual([]);
		expect(phaseWarnings(BY_PHASE, item, null)).toEqual([]);
	});

	it('rules files without the setting keep the published dates; 1.2.0 dates by phase', () => {
		expect(planDatesOf(loadMini())).toBe(PUBLISHED_PLAN_DATES);
		expect(planDatesOf(loadRealRules('rules/reunification-readiness/1.1.0.yaml'))).toBe(
			PUBLISHED_PLAN_DATES
		);
		expect(planDatesOf(loadRealRules(CURRENT_RULES_FILE))).toEqual(BY_PHASE);
	});
});

describe('rules 1.2.0: every plan’s dates fit each item’s phase (property)', () => {
	const rules = loadRealRules(CURRENT_RULES_FILE);
	const bands = rules.data.bands.map((b) => b.id);
	const phases = ['before-return', 'at-return', 'after-return'] as const;

	// Answers leaning towards the reassuring end, so that return plans (with support at and after
	// the return) are common; any decided band; a return from the assessment day to a year later.
	const answers = fc.record(
		Object.fromEntries(
			rules.order.map((id) => {
				const scale = rules.factors.get(id)!.scale;
				const values = [...scale.options, ...scale.neutral].map((o) => o.value);
				const best = scale.ordered ? scale.options[scale.options.length - 1]!.value : 'no';
				return [
					id,
					fc.oneof(
						{ arbitrary: fc.constantFrom(...values), weight: 1 },
						{ arbitrary: fc.constant(values.includes(best) ? best : values[0]!), weight: 6 }
					)
				];
			})
		)
	);
	const added = fc.array(
		fc.record({
			phase: fc.constantFrom(...phases),
			weeks: fc.integer({ min: 1, max: 60 }),
			ownStart: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined })
		}),
		{ maxLength: 4 }
	);
	const cases = fc.record({
		answers,
		facts: factsFor(rules),
		decidedBand: fc.option(fc.constantFrom(...bands), { nil: undefined }),
		assessmentDate: fc.integer({ min: 0, max: 2000 }).map((n) => addDays('2025-01-01', n)),
		returnIn: fc.option(fc.integer({ min: 0, max: 365 }), { nil: undefined }),
		lengths: fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 30 }),
		added
	});

	it('before the return from the assessment; at the return up to the return date; after it from it; reviews on the right side of it', () => {
		// What the runs saw, so the property cannot pass by never meeting a dated return plan.
		const seen = { atReturn: 0, shortened: 0, reviewsBefore: 0, reviewsDropped: 0 };
		fc.assert(
			fc.property(cases, (c) => {
				const returnDate = c.returnIn === undefined ? '' : addDays(c.assessmentDate, c.returnIn);
				const base = { ...emptyPlanChoices(), plannedReturnDate: returnDate };
				const options = {
					today: c.assessmentDate,
					facts: c.facts,
					decidedBand: c.decidedBand,
					...assessOptionsFrom(base)
				};
				const result = assess(rules, c.answers, options);
				// The practitioner changes some lengths (never a start) and adds items at their usual dates.
				const choices: PlanChoices = {
					...base,
					changes: Object.fromEntries(
						result.plan.flatMap((p, i) =>
							c.lengths[i] === undefined ? [] : [[p.service, { weeks: c.lengths[i] }]]
						)
					),
					added: c.added.map((a, i) => ({
						id: `own-${i}`,
						name: `Own ${i}`,
						phase: a.phase,
						goal: 'A goal (fictional).',
						owner: 'Social worker',
						startDate: '',
						weeks: a.weeks,
						weeklyCost: 10,
						reason: 'Fictional.'
					}))
				};
				const plan = choosePlan(rules, result, choices, c.assessmentDate);
				const ret = returnDate === '' ? null : returnDate;
				for (const item of plan.items) {
					const { phase, startDate: start, endDate: end, weeks } = item;
					const where = `${item.name} (${phase}, ${weeks} weeks, return ${ret ?? 'none'})`;
					if (phase === 'before-return') {
						expect(start, where).toBe(c.assessmentDate);
					} else if (ret === null) {
						expect([start, end], where).toEqual([null, null]);
					} else if (phase === 'at-return') {
						expect(end, where).toBe(ret);
						expect(start! >= c.assessmentDate && start! <= ret, where).toBe(true);
						// As long as it takes, unless the return is sooner: then from the assessment, and flagged.
						const days = daysBetween(start!, ret);
						seen.atReturn++;
						if (days < weeks * 7) {
							seen.shortened++;
							expect(start, where).toBe(c.assessmentDate);
							expect(item.warnings.join(' '), where).toMatch(/leaves \d+ weeks? for this/);
						} else expect(days, where).toBe(weeks * 7);
					} else {
						expect(start, where).toBe(ret);
						expect(end, where).toBe(addDays(ret, weeks * 7));
					}
					// Work before the return that runs past it is never silent.
					if (phase === 'before-return' && ret !== null && end! > ret)
						expect(item.warnings.join(' '), where).toMatch(/ends after the planned return/);
				}
				// A plan of work before a return can be considered has no return to date reviews around.
				const forReturn = result.costs.forReturn !== false;
				for (const r of result.reviews) {
					if (ret === null || r.date === null || !forReturn) continue;
					if (r.anchor === 'assessment') expect(r.date < ret, r.label).toBe(true);
					else expect(r.date >= ret, r.label).toBe(true);
				}
				if (ret !== null && forReturn) {
					const before = result.reviews.filter((r) => r.anchor === 'assessment').length;
					seen.reviewsBefore += before;
					const scheduled = rules.data.reviews
						.filter((r) => r.anchor === 'assessment')
						.reduce((n, r) => n + r.offsetDays.length, 0);
					seen.reviewsDropped += scheduled - before;
				}
			}),
			{ numRuns: 300 }
		);
		expect(seen.atReturn).toBeGreaterThan(100);
		expect(seen.shortened).toBeGreaterThan(10);
		expect(seen.reviewsBefore).toBeGreaterThan(50);
		expect(seen.reviewsDropped).toBeGreaterThan(50);
	});

	it('a start the practitioner sets is kept, and support at the return that then runs past it is flagged', () => {
		const answersBest = Object.fromEntries(
			rules.order.map((id) => {
				const scale = rules.factors.get(id)!.scale;
				return [id, scale.ordered ? scale.options[scale.options.length - 1]!.value : 'no'];
			})
		);
		const choices = { ...emptyPlanChoices(), plannedReturnDate: '2027-03-01' };
		const result = assess(rules, answersBest, {
			today: A,
			facts: { 'age-band': '5-10', 'legal-status': 'care-order' },
			...assessOptionsFrom(choices)
		});
		const gradual = result.plan.find((p) => p.service === 'gradual-return-plan');
		expect(gradual).toMatchObject({ startDate: '2027-01-04', endDate: '2027-03-01', weeks: 8 });
		const plan = choosePlan(
			rules,
			result,
			{ ...choices, changes: { 'gradual-return-plan': { startDate: '2027-02-15' } } },
			A
		);
		const item = plan.items.find((i) => i.key === 'gradual-return-plan')!;
		expect([item.startDate, item.endDate]).toEqual(['2027-02-15', '2027-04-12']);
		expect(item.warnings).toEqual([expect.stringMatching(/ends after the planned return/)]);
	});
});
