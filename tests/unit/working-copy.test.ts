import { describe, expect, it } from 'vitest';
import {
	clean,
	isDirty,
	markAgain,
	mergeWorkingCopy,
	type Dirty,
	type WorkingCopy
} from '../../src/lib/app/working-copy.ts';
import { emptyCaseDetails } from '../../src/lib/domain/assessment.ts';
import { emptyPlanChoices } from '../../src/lib/domain/plan.ts';

// Fictional working copies: this tab's, and the one another tab saved meanwhile.
const base = (over: Partial<WorkingCopy>): WorkingCopy => ({
	caseDetails: { ...emptyCaseDetails('2026-12-01'), caseRef: 'FICT-9' },
	answers: {},
	notes: {},
	planning: emptyPlanChoices(),
	visited: [],
	...over
});
const dirty = (over: Partial<Dirty>): Dirty => ({ ...clean(), ...over });

describe('taking in another tab’s save without losing what was typed here', () => {
	it.each<[string, WorkingCopy, WorkingCopy, Dirty, Partial<WorkingCopy>]>([
		[
			'an answer changed here wins; one changed there is kept',
			base({ answers: { a: 'mine', b: 'old' } }),
			base({ answers: { a: 'theirs', b: 'theirs' } }),
			dirty({ answers: new Set(['a']) }),
			{ answers: { a: 'mine', b: 'theirs' } }
		],
		[
			'a note cleared here stays cleared',
			base({ notes: {} }),
			base({ notes: { a: 'Their note.' } }),
			dirty({ notes: new Set(['a']) }),
			{ notes: {} }
		],
		[
			'a case detail typed here wins, the others come from there',
			base({ caseDetails: { ...base({}).caseDetails, assessorName: 'Mine', returningTo: 'x' } }),
			base({
				caseDetails: { ...base({}).caseDetails, assessorName: 'Theirs', returningTo: 'Father' }
			}),
			dirty({ caseDetails: new Set(['assessorName']) }),
			{
				caseDetails: { ...base({}).caseDetails, assessorName: 'Mine', returningTo: 'Father' }
			}
		],
		[
			'an unchanged plan comes from there',
			base({}),
			base({ planning: { ...emptyPlanChoices(), plannedReturnDate: '2027-01-04' } }),
			clean(),
			{ planning: { ...emptyPlanChoices(), plannedReturnDate: '2027-01-04' } }
		],
		[
			'a plan changed here wins whole',
			base({ planning: { ...emptyPlanChoices(), placement: 'mine' } }),
			base({ planning: { ...emptyPlanChoices(), plannedReturnDate: '2027-01-04' } }),
			dirty({ planning: true }),
			{ planning: { ...emptyPlanChoices(), placement: 'mine' } }
		],
		[
			'steps visited in either tab, each once, theirs first',
			base({ visited: ['tasks', 'safety'] }),
			base({ visited: ['case-details', 'tasks'] }),
			clean(),
			{ visited: ['case-details', 'tasks', 'safety'] }
		]
	])('%s', (_, mine, latest, changed, expected) => {
		expect(mergeWorkingCopy(mine, latest, changed)).toMatchObject(expected);
	});

	it('does not change either copy it is given', () => {
		const mine = base({ answers: { a: 'mine' } });
		const latest = base({ answers: { a: 'theirs' } });
		mergeWorkingCopy(mine, latest, dirty({ answers: new Set(['a']) }));
		expect(mine.answers).toEqual({ a: 'mine' });
		expect(latest.answers).toEqual({ a: 'theirs' });
	});
});

describe('what is waiting to be saved', () => {
	it.each<[string, Dirty, boolean]>([
		['nothing', clean(), false],
		['an answer', dirty({ answers: new Set(['a']) }), true],
		['the plan', dirty({ planning: true }), true],
		['the step', dirty({ other: true }), true]
	])('%s → %s', (_, d, expected) => {
		expect(isDirty(d)).toBe(expected);
	});

	it('a failed save marks its fields again, so a retry saves them', () => {
		const now = dirty({ notes: new Set(['n']) });
		markAgain(now, dirty({ answers: new Set(['a']), planning: true }));
		expect([...now.answers, ...now.notes, now.planning]).toEqual(['a', 'n', true]);
	});
});
