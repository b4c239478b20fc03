/**
 * What is due after the decision (issue 15): the plan's reviews, reassessments and outcome checks,
 * counted from the assessment, the decision or the actual return, with "due soon" windows and items
 * answered by what was recorded. The cases and dates are fictional.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/lib/domain/dates.ts';
import {
	dueStatus,
	followUpSchedule,
	scheduleInputOf,
	scheduleRulesOf,
	summaryDue,
	type FollowUpScheduleInput,
	type ScheduleRecord
} from '../../src/lib/domain/follow-up-schedule.ts';
import { emptyFollowUp, type FollowUp } from '../../src/lib/domain/follow-up.ts';
import { scheduleRulesIn } from '../../src/lib/domain/rules-index.ts';
import { CURRENT_RULES_FILE, loadRealRules, REAL_RULES_FILE } from '../helpers.ts';

const rules120 = loadRealRules(CURRENT_RULES_FILE);
const rules100 = loadRealRules(REAL_RULES_FILE);
const A = '2026-12-01'; // assessment date
const D = '2026-12-03'; // signed
const by = { recordedAt: '2026-12-03T10:00:00.000Z', recordedBy: 'Fictional Worker' };

function record(followUp: Partial<FollowUp> = {}): ScheduleRecord {
	return {
		caseDetails: { assessmentDate: A },
		decision: { decidedAt: '2026-12-02T09:00:00.000Z' },
		signOff: { date: D },
		followUp: { ...emptyFollowUp(), ...followUp }
	};
}
const home = (date: string, planned = true) =>
	({ kind: 'home', date, planned, returnedTo: 'mother', ...by }) as const;
const review = (due: string | null, date: string) => ({
	id: `r-${date}`,
	date,
	due,
	supportInPlace: 'yes' as const,
	newConcerns: false,
	concerns: '',
	childViews: '',
	parentViews: '',
	next: 'continue' as const,
	reassessment: null,
	...by
});
const at = (items: ReturnType<typeof followUpSchedule>, key: string) => {
	const item = items.find((i) => i.key === key);
	if (!item) throw new Error(`no ${key} in ${items.map((i) => i.key).join(', ')}`);
	return item;
};

describe('the schedule of a decided case', () => {
	it('counts the plan’s reviews before the return from the assessment date', () => {
		const items = followUpSchedule(scheduleInputOf(record(), rules120), A);
		const first = at(items, 'review:pre-return-review@42');
		expect(first).toMatchObject({
			kind: 'review',
			anchor: 'decision',
			due: addDays(A, 42),
			dueSoonFrom: addDays(A, 28),
			status: 'upcoming',
			doneOn: null
		});
		expect(first.label).toBe('Review of progress against the reunification plan');
	});

	it('has no return-anchored items until the child is home', () => {
		const items = followUpSchedule(scheduleInputOf(record(), rules120), A);
		expect(items.some((i) => i.anchor === 'return')).toBe(false);
	});

	it('counts reviews after the return and outcomes from the actual return date', () => {
		const R = '2027-02-01';
		const items = followUpSchedule(scheduleInputOf(record({ returns: [home(R)] }), rules120), R);
		expect(at(items, 'review:post-return-review@28').due).toBe(addDays(R, 28));
		expect(at(items, 'outcome:six-months')).toMatchObject({
			kind: 'outcome',
			anchor: 'return',
			due: addDays(R, 182),
			label: 'Outcome six months after the return'
		});
		expect(at(items, 'outcome:twelve-months').due).toBe(addDays(R, 365));
	});

	it('under 1.2.0 holds reviews before the return only before it', () => {
		const R = addDays(A, 60); // between the 42- and 84-day reviews
		const items = followUpSchedule(scheduleInputOf(record({ returns: [home(R)] }), rules120), R);
		expect(items.map((i) => i.key)).toContain('review:pre-return-review@42');
		expect(items.map((i) => i.key)).not.toContain('review:pre-return-review@84');
	});

	it('schedules reassessments every 90 days from the decision until 182 days after the return', () => {
		const R = '2027-01-15';
		const items = followUpSchedule(scheduleInputOf(record({ returns: [home(R)] }), rules120), R);
		const re = items.filter((i) => i.kind === 'reassessment');
		const until = addDays(R, 182);
		expect(re.map((i) => i.key)).toEqual(['reassessment@90', 'reassessment@180']);
		expect(re.every((i) => i.due <= until && i.anchor === 'decision')).toBe(true);
		expect(re[0]!.due).toBe(addDays(D, 90));
	});

	it('lists reassessments up to the first one after today while the child is not home', () => {
		const today = addDays(D, 200);
		const re = followUpSchedule(scheduleInputOf(record(), rules120), today).filter(
			(i) => i.kind === 'reassessment'
		);
		expect(re.map((i) => i.key)).toEqual([
			'reassessment@90',
			'reassessment@180',
			'reassessment@270'
		]);
		expect(re.map((i) => i.status)).toEqual(['overdue', 'overdue', 'upcoming']);
	});

	it('stops at another plan made instead of a return', () => {
		const O = addDays(D, 100);
		const other = { kind: 'other-plan', date: O, plan: 'kinship-care', ...by } as const;
		const items = followUpSchedule(
			scheduleInputOf(record({ returns: [other] }), rules120),
			addDays(D, 400)
		);
		expect(items.filter((i) => i.kind === 'reassessment').map((i) => i.key)).toEqual([
			'reassessment@90'
		]);
		expect(items.some((i) => i.anchor === 'return')).toBe(false);
	});

	it('takes a later return event as correcting an earlier one', () => {
		const first = '2027-02-01';
		const corrected = '2027-02-08';
		const items = followUpSchedule(
			scheduleInputOf(record({ returns: [home(first), home(corrected, false)] }), rules120),
			corrected
		);
		expect(at(items, 'outcome:six-months').due).toBe(addDays(corrected, 182));
		expect(at(items, 'review:post-return-review@28').due).toBe(addDays(corrected, 28));
	});

	it('marks items answered by a review or an outcome as done, on that date', () => {
		const R = '2027-02-01';
		const outcome = {
			check: 'six-months',
			date: addDays(R, 190),
			outcome: 'home-stable' as const,
			reEntry: null,
			...by
		};
		const items = followUpSchedule(
			scheduleInputOf(
				record({
					returns: [home(R)],
					reviews: [
						review('review:post-return-review@28', '2027-03-02'),
						review('reassessment@90', '2027-03-01')
					],
					outcomes: [outcome]
				}),
				rules120
			),
			addDays(R, 400)
		);
		expect(at(items, 'review:post-return-review@28')).toMatchObject({
			status: 'done',
			doneOn: '2027-03-02'
		});
		expect(at(items, 'reassessment@90')).toMatchObject({ status: 'done', doneOn: '2027-03-01' });
		expect(at(items, 'outcome:six-months')).toMatchObject({
			status: 'done',
			doneOn: addDays(R, 190)
		});
		expect(at(items, 'outcome:twelve-months').status).toBe('overdue');
	});

	it('accepts a review that names its schedule entry without the "review:" prefix', () => {
		const items = followUpSchedule(
			scheduleInputOf(
				record({ reviews: [review('pre-return-review@42', addDays(A, 40))] }),
				rules120
			),
			addDays(A, 100)
		);
		expect(at(items, 'review:pre-return-review@42').status).toBe('done');
	});

	it('drops what was not done and falls after the follow-up was closed', () => {
		const C = addDays(A, 50);
		const items = followUpSchedule(
			scheduleInputOf(
				record({
					reviews: [review('review:pre-return-review@42', addDays(A, 42))],
					closed: { date: C, reason: 'Fictional: case closed.', ...by }
				}),
				rules120
			),
			addDays(A, 400)
		);
		expect(items.map((i) => i.key)).toEqual(['review:pre-return-review@42']);
	});

	it('has only the plan’s reviews under rules without a follow-up block', () => {
		const R = '2027-02-01';
		const items = followUpSchedule(scheduleInputOf(record({ returns: [home(R)] }), rules100), R);
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((i) => i.kind === 'review')).toBe(true);
		// With the newest rules' block as the fallback, the same schedule as 1.2.0's.
		const withFallback = followUpSchedule(
			scheduleInputOf(record({ returns: [home(R)] }), rules100, rules120.data.followUp ?? null),
			R
		);
		expect(withFallback.some((i) => i.kind === 'outcome')).toBe(true);
		expect(withFallback.some((i) => i.kind === 'reassessment')).toBe(true);
	});

	it('is empty when there is no anchor yet', () => {
		const input: FollowUpScheduleInput = {
			...scheduleInputOf(record(), rules120),
			assessmentDate: null,
			decisionDate: null
		};
		expect(followUpSchedule(input, A)).toEqual([]);
	});

	it('lists items oldest due first', () => {
		const items = followUpSchedule(
			scheduleInputOf(record({ returns: [home('2027-01-10')] }), rules120),
			A
		);
		const dues = items.map((i) => i.due);
		expect(dues).toEqual([...dues].sort());
	});
});

describe('the due-soon window', () => {
	const item = { due: '2027-03-15', dueSoonFrom: '2027-03-01', doneOn: null };
	it.each([
		['2027-02-28', 'upcoming'],
		['2027-03-01', 'due-soon'],
		['2027-03-15', 'due-soon'],
		['2027-03-16', 'overdue']
	] as const)('on %s it is %s', (today, status) => {
		expect(dueStatus(item, today)).toBe(status);
	});
	it('is done whatever the date once answered', () => {
		expect(dueStatus({ ...item, doneOn: '2027-03-20' }, '2027-02-01')).toBe('done');
	});
	it('starts dueSoonDays before the date', () => {
		const items = followUpSchedule(scheduleInputOf(record(), rules120), A);
		for (const i of items) expect(i.dueSoonFrom).toBe(addDays(i.due, -14));
	});
});

describe('properties', () => {
	const day = fc.integer({ min: 0, max: 900 }).map((n) => addDays(A, n));
	const returnDay = fc.option(fc.integer({ min: 0, max: 300 }).map((n) => addDays(A, n)));
	const RANK = { upcoming: 0, 'due-soon': 1, overdue: 2, done: 3 } as const;

	it('an item’s status never goes back as today moves on', () => {
		fc.assert(
			fc.property(returnDay, day, day, (R, t1, t2) => {
				const [early, late] = t1 <= t2 ? [t1, t2] : [t2, t1];
				const input = scheduleInputOf(record({ returns: R ? [home(R)] : [] }), rules120);
				const before = followUpSchedule(input, early);
				const after = new Map(followUpSchedule(input, late).map((i) => [i.key, i]));
				for (const i of before) {
					const later = after.get(i.key);
					expect(later).toBeDefined();
					expect(later!.due).toBe(i.due);
					expect(RANK[later!.status]).toBeGreaterThanOrEqual(RANK[i.status]);
				}
			})
		);
	});

	it('nothing is due before its anchor, and due soon never starts after the date', () => {
		fc.assert(
			fc.property(returnDay, day, (R, today) => {
				const input = scheduleInputOf(record({ returns: R ? [home(R)] : [] }), rules120);
				for (const i of followUpSchedule(input, today)) {
					const anchor = i.anchor === 'return' ? R! : i.kind === 'reassessment' ? D : A;
					expect(i.due >= anchor).toBe(true);
					expect(i.dueSoonFrom <= i.due).toBe(true);
				}
			})
		);
	});

	it('keys are unique', () => {
		fc.assert(
			fc.property(returnDay, day, (R, today) => {
				const keys = followUpSchedule(
					scheduleInputOf(record({ returns: R ? [home(R)] : [] }), rules120),
					today
				).map((i) => i.key);
				expect(new Set(keys).size).toBe(keys.length);
			})
		);
	});
});

describe('what a summary row keeps', () => {
	it('keeps the next three pending items, without status', () => {
		const R = '2027-02-01';
		const input = scheduleInputOf(
			record({
				returns: [home(R)],
				reviews: [review('review:pre-return-review@42', '2027-01-12')]
			}),
			rules120
		);
		const due = summaryDue(input, R);
		expect(due).toHaveLength(3);
		expect(due.map((d) => d.key)).not.toContain('review:pre-return-review@42');
		expect(due[0]).not.toHaveProperty('status');
		const pending = followUpSchedule(input, R).filter((i) => i.status !== 'done');
		expect(due.map((d) => d.key)).toEqual(pending.slice(0, 3).map((i) => i.key));
	});

	it('gives rules without a follow-up block the newest block of the same rules', () => {
		const entries = [rules100, rules120].map((r) => ({
			id: r.data.id,
			version: r.data.version,
			schedule: scheduleRulesOf(r.data)
		}));
		const s = scheduleRulesIn(entries, rules100.data.id, '1.0.0');
		expect(s?.followUp).toEqual(rules120.data.followUp);
		expect(s?.reviews).toEqual(scheduleRulesOf(rules100.data).reviews);
		expect(scheduleRulesIn(entries, rules100.data.id, '9.9.9')).toBeNull();
		expect(scheduleRulesIn(entries.slice(0, 1), rules100.data.id, '1.0.0')?.followUp).toBeNull();
	});
});

describe('the schedules built into the app', () => {
	it('are each rules version’s own, with the newest follow-up block for versions without one', async () => {
		const { scheduleFor } = await import('../../src/lib/rules-schedules.ts');
		expect(scheduleFor(rules120.data.id, '1.2.0')).toEqual(scheduleRulesOf(rules120.data));
		expect(scheduleFor(rules100.data.id, '1.0.0')).toEqual({
			...scheduleRulesOf(rules100.data),
			followUp: rules120.data.followUp
		});
		expect(scheduleFor(rules100.data.id, '0.0.1')).toBeNull();
	});
});
