/**
 * After the decision (issue 15): the support lifecycle as a table, the forms' checks, which events
 * may follow which state, and the use cases on a fake IndexedDB with a fake clock. Every case and
 * person here is fictional.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFollowUp, loadFollowUp, startReassessment } from '../../src/lib/app/follow-up.ts';
import { dueList } from '../../src/lib/app/due-list.ts';
import type { AppContext } from '../../src/lib/app/context.ts';
import { extremeAnswers } from '../../src/lib/domain/answers.ts';
import {
	SUPPORT_STATES,
	emptyFollowUp,
	type SupportState
} from '../../src/lib/domain/follow-up.ts';
import {
	followUpRefusal,
	parseOutcomeForm,
	parseReturnForm,
	parseReviewForm,
	parseSupportForm,
	stamped,
	withFollowUpEvent,
	type FollowUpEvent
} from '../../src/lib/domain/follow-up-events.ts';
import {
	plannedAgainstProvided,
	supportRefusal,
	supportStateOf,
	SUPPORT_TRANSITIONS
} from '../../src/lib/domain/follow-up-support.ts';
import { chosenPlanFor, viewsSentence } from '../../src/lib/domain/follow-up-view.ts';
import { currentRules } from '../../src/lib/rules-registry.ts';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { setDueOf, toSummary } from '../../src/lib/storage/summaries.ts';
import { dueFor } from '../../src/lib/storage/summary-due.ts';
import { scheduleFor } from '../../src/lib/rules-schedules.ts';
import { fictionalRecord, WRITTEN_UP } from '../fixtures/records.ts';
import { testId } from '../helpers.ts';

const by = { recordedAt: '2026-12-01T10:00:00.000Z', recordedBy: 'Fictional Worker' };
const support = (
	item: string,
	state: SupportState,
	date: string,
	reason: null | 'waiting-list' = null
) => ({
	item,
	state,
	date,
	reason,
	...by
});

describe('the support lifecycle', () => {
	// from, to, allowed
	const TABLE: [SupportState, SupportState, boolean][] = [
		['not-started', 'not-started', false],
		['not-started', 'started', true],
		['not-started', 'in-place', true],
		['not-started', 'ended', false],
		['not-started', 'not-provided', true],
		['started', 'not-started', false],
		['started', 'started', false],
		['started', 'in-place', true],
		['started', 'ended', true],
		['started', 'not-provided', false],
		['in-place', 'not-started', false],
		['in-place', 'started', false],
		['in-place', 'in-place', false],
		['in-place', 'ended', true],
		['in-place', 'not-provided', false],
		['ended', 'not-started', false],
		['ended', 'started', true],
		['ended', 'in-place', false],
		['ended', 'ended', false],
		['ended', 'not-provided', false],
		['not-provided', 'not-started', false],
		['not-provided', 'started', true],
		['not-provided', 'in-place', true],
		['not-provided', 'ended', false],
		['not-provided', 'not-provided', false]
	];

	it('covers every pair of states', () => {
		expect(TABLE).toHaveLength(SUPPORT_STATES.length ** 2);
	});

	it.each(TABLE)('%s → %s allowed: %s', (from, to, allowed) => {
		expect(SUPPORT_TRANSITIONS[from].includes(to)).toBe(allowed);
		const before =
			from === 'not-started'
				? []
				: [support('fsw', from, '2026-11-01', from === 'not-provided' ? 'waiting-list' : null)];
		const refusal = supportRefusal(
			before,
			{
				item: 'fsw',
				state: to,
				date: '2026-11-10',
				reason: to === 'not-provided' ? 'waiting-list' : null
			},
			'2026-12-01'
		);
		expect(refusal === null).toBe(allowed);
	});

	it('needs a reason only for support not provided', () => {
		expect(
			supportRefusal(
				[],
				{ item: 'a', state: 'not-provided', date: '2026-11-01', reason: null },
				'2026-12-01'
			)
		).toMatch(/why/);
		expect(
			supportRefusal(
				[],
				{ item: 'a', state: 'started', date: '2026-11-01', reason: 'waiting-list' },
				'2026-12-01'
			)
		).toMatch(/only/);
	});

	it('refuses a date in the future or before the item’s last change', () => {
		expect(
			supportRefusal(
				[],
				{ item: 'a', state: 'started', date: '2026-12-02', reason: null },
				'2026-12-01'
			)
		).toMatch(/past/);
		expect(
			supportRefusal(
				[support('a', 'started', '2026-11-10')],
				{ item: 'a', state: 'ended', date: '2026-11-09', reason: null },
				'2026-12-01'
			)
		).toMatch(/before/);
	});

	it('the last event stands, item by item', () => {
		const events = [
			support('a', 'started', '2026-11-01'),
			support('b', 'in-place', '2026-11-02'),
			support('a', 'ended', '2026-11-20')
		];
		expect(supportStateOf(events, 'a')).toBe('ended');
		expect(supportStateOf(events, 'b')).toBe('in-place');
		expect(supportStateOf(events, 'c')).toBe('not-started');
	});

	it('counts weeks provided from each run, to today while it runs', () => {
		const items = [
			{ key: 'a', name: 'A', weeks: 12, weeklyCost: 100 },
			{ key: 'b', name: 'B', weeks: 6, weeklyCost: 50 },
			{ key: 'c', name: 'C', weeks: 4, weeklyCost: 10 }
		];
		const events = [
			support('a', 'started', '2026-10-01'),
			support('a', 'in-place', '2026-10-08'),
			support('a', 'ended', '2026-10-29'), // 4 weeks
			support('a', 'started', '2026-11-12'), // 2 more weeks to today
			support('b', 'not-provided', '2026-10-01', 'waiting-list')
		];
		const [a, b, c] = plannedAgainstProvided(items, events, '2026-11-26');
		expect(a).toMatchObject({
			state: 'started',
			startedOn: '2026-10-01',
			providedWeeks: 6,
			providedCost: 600,
			plannedWeeks: 12,
			plannedCost: 1200
		});
		expect(b).toMatchObject({
			state: 'not-provided',
			reason: 'waiting-list',
			providedWeeks: 0,
			providedCost: 0
		});
		expect(c).toMatchObject({ state: 'not-started', startedOn: null, providedWeeks: 0 });
	});

	it('never provides more weeks than days elapsed allow (property)', () => {
		const state = fc.constantFrom(...SUPPORT_STATES);
		fc.assert(
			fc.property(fc.array(fc.tuple(state, fc.integer({ min: 0, max: 400 }))), (steps) => {
				const sorted = [...steps].sort((x, y) => x[1] - y[1]);
				const events = sorted.map(([s, d]) =>
					support('a', s, new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10))
				);
				const [row] = plannedAgainstProvided(
					[{ key: 'a', name: 'A', weeks: 4, weeklyCost: 1 }],
					events,
					'2027-02-05'
				);
				expect(row!.providedWeeks).toBeGreaterThanOrEqual(0);
				expect(row!.providedWeeks).toBeLessThanOrEqual(Math.floor(400 / 7) + 1);
			})
		);
	});
});

describe('the forms', () => {
	const today = '2026-12-01';
	it('a return needs what happened, a real past date and, for a return home, planned and to whom', () => {
		const empty = parseReturnForm(
			{ kind: '', date: '', planned: '', returnedTo: '', plan: '' },
			today
		);
		expect(empty.ok).toBe(false);
		if (!empty.ok) expect(empty.errors.map((e) => e.field)).toEqual(['kind', 'date']);
		const home = parseReturnForm(
			{ kind: 'home', date: '2026-12-02', planned: '', returnedTo: '', plan: '' },
			today
		);
		if (!home.ok)
			expect(home.errors.map((e) => e.field)).toEqual(['date', 'planned', 'returnedTo']);
		expect(
			parseReturnForm(
				{ kind: 'home', date: '2026-11-30', planned: 'no', returnedTo: 'father', plan: '' },
				today
			)
		).toEqual({
			ok: true,
			value: {
				type: 'return',
				value: { kind: 'home', date: '2026-11-30', planned: false, returnedTo: 'father' }
			}
		});
		expect(
			parseReturnForm(
				{ kind: 'other-plan', date: '2026-11-30', planned: '', returnedTo: '', plan: 'adoption' },
				today
			).ok
		).toBe(true);
	});

	it('support not provided needs a reason', () => {
		const r = parseSupportForm(
			{ item: 'a', state: 'not-provided', date: today, reason: '' },
			today
		);
		if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['reason']);
		expect(r.ok).toBe(false);
	});

	it('a review needs every answer, and the concerns when there are new ones', () => {
		const r = parseReviewForm(
			{
				date: today,
				due: '',
				supportInPlace: 'yes',
				newConcerns: 'yes',
				concerns: ' ',
				childViews: '',
				parentViews: 'x',
				next: ''
			},
			today,
			'r1'
		);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['concerns', 'childViews', 'next']);
	});

	it('a return to care needs its date, whether planned and the category of need', () => {
		const r = parseOutcomeForm(
			{
				check: 'six-months',
				date: today,
				outcome: 'returned-to-care',
				reEntryDate: '',
				reEntryPlanned: '',
				reEntryNeed: ''
			},
			today
		);
		if (!r.ok)
			expect(r.errors.map((e) => e.field)).toEqual([
				'reEntryDate',
				'reEntryPlanned',
				'reEntryNeed'
			]);
		const ok = parseOutcomeForm(
			{
				check: 'six-months',
				date: today,
				outcome: 'home-stable',
				reEntryDate: '2026-01-01',
				reEntryPlanned: 'no',
				reEntryNeed: 'N1'
			},
			today
		);
		expect(ok.ok && ok.value.value.reEntry).toBe(null);
	});
});

describe('which events may follow', () => {
	const today = '2026-12-01';
	const homeEvent = (planned: boolean): FollowUpEvent =>
		stamped(
			{
				type: 'return',
				value: { kind: 'home', date: '2026-11-20', planned, returnedTo: 'mother' }
			},
			by.recordedAt,
			by.recordedBy
		);

	it('allows only an unplanned return before the decision is signed', () => {
		for (const status of ['draft', 'completed', 'awaiting-approval'] as const) {
			const record = { status, followUp: emptyFollowUp(), planItems: [] };
			expect(followUpRefusal(record, homeEvent(true), today)).toMatch(/signed/);
			expect(followUpRefusal(record, homeEvent(false), today)).toBeNull();
		}
		expect(
			followUpRefusal(
				{ status: 'signed', followUp: emptyFollowUp(), planItems: [] },
				homeEvent(true),
				today
			)
		).toBeNull();
	});

	it('refuses everything once closed, and an outcome twice', () => {
		const closed = {
			...emptyFollowUp(),
			closed: { date: '2026-11-30', reason: 'Fictional.', ...by }
		};
		expect(
			followUpRefusal(
				{ status: 'signed', followUp: closed, planItems: [] },
				homeEvent(false),
				today
			)
		).toMatch(/closed/);
		const outcome: FollowUpEvent = stamped(
			{
				type: 'outcome',
				value: { check: 'six-months', date: today, outcome: 'home-stable', reEntry: null }
			},
			by.recordedAt,
			''
		);
		const withOutcome = withFollowUpEvent(
			withFollowUpEvent(emptyFollowUp(), homeEvent(true)),
			outcome
		);
		expect(
			followUpRefusal({ status: 'signed', followUp: withOutcome, planItems: [] }, outcome, today)
		).toMatch(/already/);
	});

	it('refuses support for an item not in the chosen plan', () => {
		const event = stamped(
			{ type: 'support', value: { item: 'nope', state: 'started', date: today, reason: null } },
			by.recordedAt,
			''
		);
		expect(
			followUpRefusal(
				{ status: 'signed', followUp: emptyFollowUp(), planItems: ['a'] },
				event,
				today
			)
		).toMatch(/not in the chosen plan/);
	});

	it('only appends: what was there before is unchanged (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.boolean(), { maxLength: 6 }), (plans) => {
				let f = emptyFollowUp();
				for (const p of plans) {
					const before = structuredClone(f);
					f = withFollowUpEvent(f, homeEvent(p));
					expect(f.returns.slice(0, before.returns.length)).toEqual(before.returns);
				}
				expect(f.returns).toHaveLength(plans.length);
			})
		);
	});
});

describe('the use cases', () => {
	let n = 0;
	async function signedCase(at: Date) {
		n += 1;
		const db = new HomewardDb(`follow-up-${n}`, { indexedDB: new IDBFactory(), IDBKeyRange });
		let i = 0;
		const clock = () => new Date(at);
		const newId = () => testId('fu', ++i);
		const ctx: AppContext = { store: new AssessmentStore(db, clock, newId), clock, newId };
		const answers = extremeAnswers(currentRules, 'best', (_id, values) =>
			values.includes('no') ? 'no' : values[0]!
		);
		const record = fictionalRecord(currentRules, {
			...WRITTEN_UP,
			caseDetails: {
				...fictionalRecord(currentRules).caseDetails,
				assessmentDate: '2026-11-02',
				assessorName: 'Fictional Worker'
			},
			answers,
			status: 'signed',
			decision: { kind: 'agree', computedBand: 'ready', decidedAt: '2026-11-02T10:00:00.000Z' },
			planning: { ...fictionalRecord(currentRules).planning, plannedReturnDate: '2026-11-16' },
			signOff: {
				assessorName: 'Fictional Worker',
				date: '2026-11-02',
				managerName: '',
				declaration: true,
				signedAt: '2026-11-02T10:00:00.000Z'
			}
		});
		await db.assessments.put(record);
		await db.summaries.put(toSummary(record));
		return { ctx, record };
	}

	it('records a return, support and an outcome, and shows what is due', async () => {
		const { ctx, record } = await signedCase(new Date(2026, 11, 1, 12, 0));
		const returned = await addFollowUp(
			ctx,
			record.id,
			{
				type: 'return',
				value: { kind: 'home', date: '2026-11-16', planned: true, returnedTo: 'mother' }
			},
			record.revision
		);
		expect(returned.followUp.returns).toHaveLength(1);
		expect(returned.followUp.returns[0]).toMatchObject({
			recordedBy: 'Fictional Worker',
			recordedAt: new Date(2026, 11, 1, 12, 0).toISOString()
		});
		// The signed content is untouched.
		expect({
			...returned,
			followUp: record.followUp,
			revision: 0,
			updatedAt: record.updatedAt
		}).toEqual(record);

		const item = chosenPlanFor(currentRules, record).items[0]!;
		const withSupport = await addFollowUp(
			ctx,
			record.id,
			{
				type: 'support',
				value: { item: item.key, state: 'started', date: '2026-11-17', reason: null }
			},
			returned.revision
		);
		await expect(
			addFollowUp(
				ctx,
				record.id,
				{
					type: 'support',
					value: { item: item.key, state: 'not-started', date: '2026-11-18', reason: null }
				},
				withSupport.revision
			)
		).rejects.toThrow(/cannot become/);

		const loaded = await loadFollowUp(ctx, record.id);
		expect(loaded.ok).toBe(true);
		if (!loaded.ok) return;
		expect(loaded.view.home).toBe(true);
		expect(loaded.view.provided.find((p) => p.key === item.key)).toMatchObject({
			state: 'started',
			providedWeeks: 2
		});
		expect(loaded.view.entries.map((e) => e.kind)).toEqual(['return', 'support']);
		const first = loaded.view.pending[0]!;
		expect(first.key).toBe('review:post-return-review@28');
		expect(first.status).toBe('due-soon');
	});

	it('refuses a stale revision and an outcome before any return', async () => {
		const { ctx, record } = await signedCase(new Date(2026, 11, 1, 12, 0));
		await expect(
			addFollowUp(
				ctx,
				record.id,
				{
					type: 'outcome',
					value: { check: 'six-months', date: '2026-11-30', outcome: 'home-stable', reEntry: null }
				},
				record.revision
			)
		).rejects.toThrow(/gone home/);
		await addFollowUp(
			ctx,
			record.id,
			{
				type: 'return',
				value: { kind: 'home', date: '2026-11-16', planned: true, returnedTo: 'mother' }
			},
			record.revision
		);
		await expect(
			addFollowUp(
				ctx,
				record.id,
				{
					type: 'return',
					value: { kind: 'home', date: '2026-11-17', planned: true, returnedTo: 'mother' }
				},
				record.revision
			)
		).rejects.toThrow();
	});

	it('starts a reassessment as a review assessment and records the review linked to it', async () => {
		const { ctx, record } = await signedCase(new Date(2027, 1, 5, 12, 0));
		const review = await startReassessment(
			ctx,
			record.id,
			{
				type: 'review',
				value: {
					id: 'rev-1',
					date: '2027-02-05',
					due: 'reassessment@90',
					supportInPlace: 'partly',
					newConcerns: false,
					concerns: '',
					childViews: 'Fictional: wants to stay home.',
					parentViews: 'Fictional: managing.',
					next: 'continue',
					reassessment: null
				}
			},
			record.revision
		);
		expect(review.reviewOf).toBe(record.id);
		const stored = await ctx.store.get(record.id);
		expect(stored?.followUp.reviews[0]).toMatchObject({
			reassessment: review.id,
			due: 'reassessment@90'
		});
		const loaded = await loadFollowUp(ctx, record.id);
		if (!loaded.ok) throw new Error(loaded.message);
		expect(loaded.view.schedule.find((i) => i.key === 'reassessment@90')).toMatchObject({
			status: 'done',
			doneOn: '2027-02-05'
		});
	});

	it('lists what is due soon or overdue across cases from their summary rows', async () => {
		setDueOf(dueFor(scheduleFor));
		try {
			const { ctx, record } = await signedCase(new Date(2026, 10, 20, 12, 0));
			const returned = await addFollowUp(
				ctx,
				record.id,
				{
					type: 'return',
					value: { kind: 'home', date: '2026-11-16', planned: true, returnedTo: 'mother' }
				},
				record.revision
			);
			const row = (await ctx.store.listDue()).find((s) => s.id === record.id);
			expect(row?.due[0]).toMatchObject({ key: 'review:post-return-review@28', due: '2026-12-14' });
			// On 20 November nothing is due soon yet; on 20 December the review is overdue.
			expect((await dueList(ctx)).entries).toEqual([]);
			const later: AppContext = { ...ctx, clock: () => new Date(2026, 11, 20, 12, 0) };
			const { today, entries } = await dueList(later);
			expect(today).toBe('2026-12-20');
			expect(entries[0]).toMatchObject({
				id: record.id,
				caseRef: 'FICT-1',
				status: 'overdue',
				item: { key: 'review:post-return-review@28' }
			});
			expect(returned.revision).toBe(record.revision + 1);
		} finally {
			setDueOf(() => []);
		}
	});
});

describe('a review’s views in words', () => {
	it.each([
		['', 'Child’s views: not recorded.'],
		['   ', 'Child’s views: not recorded.'],
		['Fictional: glad to be home', 'Child’s views: Fictional: glad to be home.'],
		['Fictional: glad to be home.', 'Child’s views: Fictional: glad to be home.'],
		['Fictional: is it over?', 'Child’s views: Fictional: is it over?']
	])('%j reads %j', (text, sentence) => {
		expect(viewsSentence('Child’s views', text)).toBe(sentence);
	});
});
