/**
 * The caseload (episodes.ts, caseload.ts, caseload-record.ts): fixtures with known answers, the
 * small-number rule, and the digest of a real record (fictional).
 */
import { describe, expect, it } from 'vitest';
import type { CaseloadDigest } from '../../src/lib/domain/caseload-digest.ts';
import { digest } from '../fixtures/caseload.ts';
import { caseloadDigest, supportStates } from '../../src/lib/domain/caseload-record.ts';
import {
	caseload,
	direction,
	MIN_DENOMINATOR,
	rate,
	TOO_FEW,
	weeksBetween
} from '../../src/lib/domain/caseload.ts';
import { episodesOf, stageOf, type EpisodeInput } from '../../src/lib/domain/episodes.ts';
import { extremeAnswers } from '../../src/lib/domain/answers.ts';
import { assess } from '../../src/lib/domain/engine.ts';
import { CURRENT_RULES_FILE, loadRealRules } from '../helpers.ts';
import { fictionalRecord } from '../fixtures/records.ts';

const rules = loadRealRules(CURRENT_RULES_FILE);
const rulesFor = (id: string, version: string) =>
	id === rules.data.id && version === rules.data.version ? rules : undefined;
const TODAY = '2027-06-01';
const options = { today: TODAY, current: rules, rulesFor };

let n = 0;
const input = (d: Partial<CaseloadDigest>, links: Partial<EpisodeInput> = {}): EpisodeInput => ({
	id: `r${++n}`,
	reviewOf: null,
	supersedes: null,
	digest: digest(d),
	...links
});
const home = (date: string): CaseloadDigest['returned'] => ({
	kind: 'home',
	date,
	planned: true,
	returnedTo: 'mother',
	plan: null
});
const outcome = (
	check: string,
	date: string,
	o: CaseloadDigest['outcomes'][number]['outcome'] = 'home-stable'
): CaseloadDigest['outcomes'][number] => ({
	check,
	date,
	outcome: o,
	reEntry: o === 'returned-to-care' ? { date, planned: false, need: 'N1' } : null
});

describe('episodes', () => {
	it('a review and a new version belong to the episode of the assessment they came from', () => {
		const a = input({ status: 'signed', created: '2026-01-01T00:00:00Z' });
		const b = input(
			{ status: 'draft', created: '2026-04-01T00:00:00Z', decided: null },
			{ reviewOf: a.id }
		);
		const c = input({ status: 'draft', created: '2026-05-01T00:00:00Z' }, { supersedes: b.id });
		const other = input({ status: 'draft', created: '2026-02-01T00:00:00Z' });
		const gone = input({ created: '2026-03-01T00:00:00Z' }, { reviewOf: 'deleted-id' });
		const episodes = episodesOf([c, other, b, gone, a]);
		expect(episodes.map((e) => e.ids)).toEqual([[a.id, b.id, c.id], [other.id], [gone.id]]);
		// The signed assessment's decision stands while its review is a draft.
		expect(episodes[0]!.decision).toBe(a.digest);
		expect(episodes[0]!.stage).toBe('decided');
	});

	it.each([
		['a draft', { status: 'draft', decided: null }, 'assessing'],
		['completed, not signed', { status: 'completed' }, 'assessing'],
		['awaiting approval', { status: 'awaiting-approval' }, 'awaiting-approval'],
		['signed', { status: 'signed' }, 'decided'],
		['gone home', { returned: home('2027-01-04') }, 'at-home'],
		[
			'an unplanned return before any decision',
			{ status: 'draft', returned: { ...home('2027-01-04'), planned: false } },
			'at-home'
		],
		[
			'at home, stable at six months',
			{ returned: home('2027-01-04'), outcomes: [outcome('six-months', '2027-07-05')] },
			'at-home'
		],
		[
			'returned to care',
			{
				returned: home('2027-01-04'),
				outcomes: [outcome('six-months', '2027-05-05', 'returned-to-care')]
			},
			'closed'
		],
		[
			'another plan made',
			{
				returned: {
					kind: 'other-plan',
					date: '2027-01-04',
					planned: null,
					returnedTo: null,
					plan: 'kinship-care'
				}
			},
			'closed'
		],
		['follow-up closed', { returned: home('2027-01-04'), closed: '2028-01-10' }, 'closed']
	] as const)('%s is at stage %s', (_name, over, stage) => {
		const [e] = episodesOf([input(over as Partial<CaseloadDigest>)]);
		expect(e!.stage).toBe(stage);
		expect(stageOf(e!)).toBe(stage);
	});
});

describe('the small-number rule', () => {
	it.each([
		[0, 0, null, 'none yet'],
		[3, 9, null, TOO_FEW],
		[9, 9, null, TOO_FEW],
		[3, 10, 0.3, null],
		[0, 12, 0, null]
	])('%i of %i gives %s', (num, den, value, note) => {
		expect(rate(num, den)).toEqual({ numerator: num, denominator: den, value, note });
	});
	it('starts at ten cases', () => expect(MIN_DENOMINATOR).toBe(10));
});

describe('override direction uses the rules’ order of bands (least ready first)', () => {
	it.each([
		['ready', 'ready', null],
		['not-yet', 'ready-with-plan', 'raised'],
		['ready', 'not-safe', 'lowered'],
		['ready', 'no-such-band', null],
		[null, 'ready', null]
	] as const)('%s → %s is %s', (scored, decided, dir) => {
		expect(direction(rules, scored, decided)).toBe(dir);
	});
});

describe('caseload figures from fixtures with known answers', () => {
	const plan = [
		{
			key: 'a',
			service: 'family-support-worker',
			phase: 'after-return',
			weeks: 26,
			weeklyCost: 100
		},
		{ key: 'b', service: 'caseworker', phase: 'after-return', weeks: 52, weeklyCost: 50 },
		{ key: 'c', service: 'own', phase: 'before-return', weeks: 4, weeklyCost: 10 }
	];
	const inputs = [
		input({ status: 'draft', scored: null, decided: null, decidedOn: null }),
		input({ status: 'completed', scored: 'not-yet', decided: 'ready-with-plan', override: true }),
		input({
			status: 'awaiting-approval',
			scored: 'not-safe',
			decided: 'ready-with-plan',
			override: true,
			approvalNeeded: true
		}),
		input({ status: 'signed', scored: 'ready', decided: 'not-yet', override: true }),
		input({
			status: 'signed',
			plan,
			returned: home('2027-01-04'),
			support: [
				// 10 weeks so far of 26.
				{ item: 'a', state: 'in-place', started: '2027-03-23', ended: null, reason: null },
				// Ended after 8 weeks.
				{ item: 'b', state: 'ended', started: '2027-01-04', ended: '2027-03-01', reason: null },
				{ item: 'c', state: 'not-provided', started: null, ended: null, reason: 'waiting-list' }
			],
			outcomes: [outcome('six-months', '2027-05-10')]
		})
	];
	const figures = caseload(episodesOf(inputs), options);

	it('counts cases by stage and band', () => {
		expect(figures.episodes).toBe(5);
		expect(figures.stages).toEqual({
			assessing: 2,
			'awaiting-approval': 1,
			decided: 1,
			'at-home': 1,
			closed: 0
		});
		expect(figures.bands.map((b) => [b.band, b.total])).toEqual([
			['not-yet', 2],
			['ready-with-plan', 1],
			['ready', 1],
			[null, 1]
		]);
	});

	it('counts overrides and their direction, with no rate under ten decisions', () => {
		expect(figures.overrides).toMatchObject({ decided: 3, agreed: 1, raised: 1, lowered: 1 });
		expect(figures.overrides.rate).toMatchObject({ value: null, note: TOO_FEW });
		expect(figures.overrides.pairs).toContainEqual({
			from: 'ready',
			to: 'not-yet',
			direction: 'lowered',
			count: 1
		});
	});

	it('sets support planned against provided by service, weeks and cost', () => {
		const byService = Object.fromEntries(figures.support.services.map((s) => [s.service, s]));
		expect(byService['family-support-worker']).toMatchObject({
			items: 1,
			plannedWeeks: 26,
			plannedCost: 2600,
			provided: 1,
			providedWeeks: 10,
			providedCost: 1000
		});
		expect(byService['caseworker']).toMatchObject({
			provided: 1,
			providedWeeks: 8,
			providedCost: 400
		});
		expect(byService['own']).toMatchObject({
			notProvided: 1,
			providedWeeks: 0,
			reasons: { 'waiting-list': 1 }
		});
		expect(figures.support.total).toMatchObject({ items: 3, plannedWeeks: 82, providedCost: 1400 });
	});

	it('sets the support given against placement weeks avoided for a child at home and stable', () => {
		// 2027-01-04 to 2027-05-10 is 18 weeks; the reference placement is £820 a week.
		expect(figures.value).toMatchObject({
			children: 1,
			supportCost: 1400,
			placementWeeks: 18,
			placementCost: 18 * 820
		});
		expect(figures.value.references).toEqual([
			expect.objectContaining({ id: 'independent-fostering', weeklyCost: 820, date: '2021-10-22' })
		]);
	});

	it('gives outcome rates only from ten outcomes at a check', () => {
		const nine = Array.from({ length: 9 }, (_, i) =>
			input({
				returned: home('2026-06-01'),
				outcomes: [outcome('six-months', '2026-12-01', i < 2 ? 'returned-to-care' : 'home-stable')]
			})
		);
		const few = caseload(episodesOf(nine), options).outcomes.checks[0]!;
		expect(few).toMatchObject({ check: 'six-months', recorded: 9 });
		expect(few.counts['returned-to-care']).toBe(2);
		expect(few.rates['returned-to-care']).toMatchObject({ value: null, note: TOO_FEW });
		const ten = [
			...nine,
			input({ returned: home('2026-06-01'), outcomes: [outcome('six-months', '2026-12-01')] })
		];
		const enough = caseload(episodesOf(ten), options).outcomes.checks[0]!;
		expect(enough.rates['returned-to-care'].value).toBeCloseTo(0.2);
		expect(enough.rates['home-stable'].value).toBeCloseTo(0.8);
		// The twelve-month check is listed with nothing recorded yet.
		expect(caseload(episodesOf(ten), options).outcomes.checks[1]).toMatchObject({
			check: 'twelve-months',
			recorded: 0
		});
	});

	it('counts whole weeks', () => {
		expect(weeksBetween('2027-01-04', '2027-01-10')).toBe(0);
		expect(weeksBetween('2027-01-04', '2027-01-11')).toBe(1);
		expect(weeksBetween('2027-01-11', '2027-01-04')).toBe(0);
	});
});

describe('the digest of a stored assessment', () => {
	const answers = extremeAnswers(rules, 'best', (_id, v) => (v.includes('no') ? 'no' : v[0]!), {
		'age-band': '5-10',
		'legal-status': 'care-order'
	});
	const band = assess(rules, answers, { today: '2026-11-23' }).band!;
	const record = fictionalRecord(rules, {
		caseDetails: {
			caseRef: 'FICT-SECRET-77',
			ageBand: '5-10',
			legalStatus: 'care-order',
			assessmentDate: '2026-11-23',
			assessorName: 'Fictional Assessor',
			assessorRole: 'Social worker',
			returningTo: 'Mother'
		},
		answers,
		notes: { [rules.order[0]!]: 'A fictional note that must never leave the device.' },
		status: 'signed',
		band,
		decision: { kind: 'agree', computedBand: band, decidedAt: '2026-11-23T10:00:00.000Z' },
		planning: {
			plannedReturnDate: '2027-01-04',
			placement: '',
			placementWeeklyCost: null,
			changes: {},
			removed: {},
			added: []
		},
		signOff: {
			assessorName: 'Fictional Assessor',
			date: '2026-11-24',
			managerName: '',
			declaration: true,
			signedAt: '2026-11-24T09:00:00.000Z'
		}
	});

	it('holds the chosen plan’s services, weeks and costs, and no text from the record', () => {
		const d = caseloadDigest(record, rules);
		expect(d.plan.length).toBeGreaterThan(0);
		expect(d).toMatchObject({
			scored: band,
			decided: band,
			decidedOn: '2026-11-23',
			signedOn: '2026-11-24'
		});
		expect(d.placement).toEqual({ id: 'independent-fostering', weeklyCost: 820, own: false });
		const text = JSON.stringify(d);
		for (const secret of ['FICT-SECRET-77', 'Fictional Assessor', 'never leave', 'Mother'])
			expect(text).not.toContain(secret);
	});

	it('leaves the plan empty without the pinned rules, or before a decision', () => {
		expect(caseloadDigest(record, undefined).plan).toEqual([]);
		expect(caseloadDigest({ ...record, decision: null }, rules).plan).toEqual([]);
	});

	it('keeps each plan item’s latest support state with when it began and ended', () => {
		const at = (state: 'started' | 'in-place' | 'ended' | 'not-provided', date: string) => ({
			item: 'x',
			state,
			date,
			reason: state === 'not-provided' ? ('family-declined' as const) : null,
			recordedAt: `${date}T12:00:00Z`,
			recordedBy: 'Fictional'
		});
		expect(
			supportStates([
				at('started', '2027-01-04'),
				at('in-place', '2027-02-01'),
				at('ended', '2027-06-01')
			])
		).toEqual([
			{ item: 'x', state: 'ended', started: '2027-01-04', ended: '2027-06-01', reason: null }
		]);
		expect(supportStates([at('not-provided', '2027-01-04')])).toEqual([
			{ item: 'x', state: 'not-provided', started: null, ended: null, reason: 'family-declined' }
		]);
	});
});

describe('reviews, reassessments and outcomes overdue or due soon', () => {
	const schedule = {
		assessmentDate: '2026-11-23',
		decisionDate: '2026-11-24',
		returnDate: '2027-01-04',
		otherPlanDate: null,
		reviewsBeforeReturn: 'until-return' as const
	};
	const atHome = input({
		returned: home('2027-01-04'),
		schedule,
		reviews: [
			{
				date: '2027-02-01',
				due: 'review:post-return-review@28',
				inPlace: 'yes',
				newConcerns: false,
				next: 'continue'
			}
		]
	});
	const closed = input({ returned: home('2027-01-04'), schedule, closed: '2027-03-01' });

	it('counts them for cases decided or at home, from the schedule and what was recorded', () => {
		const { due } = caseload(episodesOf([atHome, closed]), { ...options, today: '2027-06-25' });
		// Review after 90 days (4 April) and the reassessments of 22 February and 23 May are late;
		// the review after 180 days (3 July) and the six-month outcome (5 July) are due within 14 days.
		expect(due.overdue).toEqual({ review: 1, reassessment: 2, outcome: 0 });
		expect(due.dueSoon).toEqual({ review: 1, reassessment: 0, outcome: 1 });
		expect(due.items.map((i) => [i.key, i.status, i.due])).toEqual([
			['reassessment@90', 'overdue', '2027-02-22'],
			['review:post-return-review@90', 'overdue', '2027-04-04'],
			['reassessment@180', 'overdue', '2027-05-23'],
			['review:post-return-review@180', 'due-soon', '2027-07-03'],
			['outcome:six-months', 'due-soon', '2027-07-05']
		]);
		expect(due.items.every((i) => i.recordId === atHome.id)).toBe(true);
	});

	it('counts nothing for a closed case or one without the dates', () => {
		const { due } = caseload(
			episodesOf([closed, input({ returned: home('2027-01-04') })]),
			options
		);
		expect(due.items).toEqual([]);
	});
});
