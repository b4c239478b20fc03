/**
 * The evaluation export (evaluation.ts, csv.ts): rows from fixtures, RFC 4180 and formula
 * injection, the data dictionary, and properties that no exported cell ever holds a case
 * reference, a note or other free text, or a full date.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, toCsv } from '../../src/lib/domain/csv.ts';
import {
	dataDictionary,
	evaluationCsv,
	evaluationExport,
	LEFT_OUT,
	monthOf
} from '../../src/lib/domain/evaluation.ts';
import { caseloadDigest } from '../../src/lib/domain/caseload-record.ts';
import { episodesOf } from '../../src/lib/domain/episodes.ts';
import { extremeAnswers } from '../../src/lib/domain/answers.ts';
import { assess } from '../../src/lib/domain/engine.ts';
import { OUTCOMES, RETURNED_TO, SUPPORT_STATES } from '../../src/lib/domain/follow-up.ts';
import { CURRENT_RULES_FILE, loadRealRules } from '../helpers.ts';
import { fictionalRecord } from '../fixtures/records.ts';
import { digest } from '../fixtures/caseload.ts';

const rules = loadRealRules(CURRENT_RULES_FILE);
const ctx = { today: '2027-06-01', current: rules, rulesFor: () => rules };

describe('CSV (RFC 4180) with formula injection guarded', () => {
	it.each([
		['plain', 'plain'],
		['a,b', '"a,b"'],
		['say "hi"', '"say ""hi"""'],
		['two\nlines', '"two\nlines"'],
		['=SUM(A1:A9)', `"'=SUM(A1:A9)"`],
		['+1', `"'+1"`],
		['-1', `"'-1"`],
		['@cmd', `"'@cmd"`],
		['\tx', `"'\tx"`],
		['', ''],
		[-3, '-3'],
		[12.5, '12.5'],
		[true, 'yes'],
		[false, 'no'],
		[null, '']
	] as const)('%j is written %s', (value, written) => {
		expect(csvCell(value)).toBe(written);
	});

	it('ends every record with CRLF and reads back what it wrote', () => {
		const text = toCsv(
			['a', 'b'],
			[
				['x,y', 'q"'],
				[1, null]
			]
		);
		expect(text).toBe('a,b\r\n"x,y","q"""\r\n1,\r\n');
		expect(parseCsv(text)).toEqual([
			['a', 'b'],
			['x,y', 'q"'],
			['1', '']
		]);
	});

	it('reads back any text cell exactly, apart from the guard’s quote', () => {
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), {
					minLength: 1,
					maxLength: 5
				}),
				(rows) => {
					const width = rows[0]!.length;
					const even = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
					const header = even[0]!.map((_, i) => `c${i}`);
					const back = parseCsv(toCsv(header, even)).slice(1);
					const unguard = (s: string) => s;
					expect(back).toEqual(
						even.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : unguard(c))))
					);
				}
			)
		);
	});
});

describe('evaluation rows from fixtures', () => {
	const episodes = episodesOf([
		{
			id: 'x1',
			reviewOf: null,
			supersedes: null,
			digest: digest({
				created: '2026-01-01T00:00:00Z',
				scored: 'not-yet',
				decided: 'ready-with-plan',
				override: true,
				approvalNeeded: false,
				decidedOn: '2026-11-23',
				plan: [
					{
						key: 'a',
						service: 'family-support-worker',
						phase: 'after-return',
						weeks: 26,
						weeklyCost: 100
					}
				],
				support: [
					{ item: 'a', state: 'ended', started: '2027-01-04', ended: '2027-03-01', reason: null }
				],
				returned: {
					kind: 'home',
					date: '2027-01-04',
					planned: false,
					returnedTo: 'father',
					plan: null
				},
				outcomes: [
					{
						check: 'six-months',
						date: '2027-05-05',
						outcome: 'returned-to-care',
						reEntry: { date: '2027-05-01', planned: false, need: 'N4' }
					}
				]
			})
		},
		{
			id: 'x2',
			reviewOf: null,
			supersedes: null,
			digest: digest({
				created: '2026-02-01T00:00:00Z',
				status: 'draft',
				scored: null,
				decided: null,
				decidedOn: null
			})
		}
	]);
	const x = evaluationExport(episodes, ctx);
	const row = (i: number) => Object.fromEntries(x.header.map((h, j) => [h, x.rows[i]![j]]));

	it('has one row per episode, numbered in order', () => {
		expect(x.rows.map((r) => r[0])).toEqual([1, 2]);
	});

	it('gives codes, counts and months', () => {
		expect(row(0)).toMatchObject({
			age_band: '5-10',
			legal_status: 'care-order',
			first_assessed_month: '2026-11',
			stage: 'closed',
			scored_band: 'not-yet',
			decided_band: 'ready-with-plan',
			band_change: 'raised',
			approval_needed: false,
			decided_month: '2026-11',
			return: 'home',
			return_month: '2027-01',
			return_planned: false,
			returned_to: 'father',
			support_items: 1,
			support_services: 'family-support-worker',
			support_weeks_planned: 26,
			support_cost_planned: 2600,
			support_items_provided: 1,
			support_weeks_given: 8,
			support_cost_given: 800,
			outcome_six_months: 'returned-to-care',
			outcome_six_months_month: '2027-05',
			outcome_twelve_months: null,
			re_entry: true,
			re_entry_month: '2027-05',
			re_entry_planned: false,
			re_entry_need: 'N4'
		});
		expect(row(1)).toMatchObject({
			stage: 'assessing',
			scored_band: null,
			band_change: null,
			support_items: null,
			re_entry: null
		});
	});

	it('has a dictionary entry for every column, with its codes, source and national match', () => {
		const dict = dataDictionary(x, ctx);
		for (const h of x.header) expect(dict).toContain(`| \`${h}\` |`);
		expect(dict).toContain('SSDA903 legal status (LS)');
		expect(dict).toContain('E4A');
		expect(dict).toContain('Children in need census');
		for (const l of LEFT_OUT) expect(dict).toContain(l);
	});

	it('reduces a date to its month', () => {
		expect(monthOf('2027-01-04')).toBe('2027-01');
		expect(monthOf(null)).toBeNull();
		expect(monthOf('soon')).toBeNull();
	});
});

describe('no exported cell ever holds a case reference, free text or a full date', () => {
	const answers = extremeAnswers(rules, 'best', (_id, v) => (v.includes('no') ? 'no' : v[0]!), {
		'age-band': '11-15',
		'legal-status': 'section-20'
	});
	const band = assess(rules, answers, { today: '2026-11-23' }).band!;
	const date = fc
		.record({
			y: fc.integer({ min: 2025, max: 2028 }),
			m: fc.integer({ min: 1, max: 12 }),
			d: fc.integer({ min: 1, max: 28 })
		})
		.map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
	// Distinctive text: a marker no code, band or number could contain by chance.
	const secret = fc.string({ minLength: 3, maxLength: 20 }).map((s) => `ZQX${s}`);
	const by = { recordedAt: '2027-01-01T00:00:00.000Z', recordedBy: 'Fictional Worker' };
	const recordArb = fc.record({
		caseRef: secret,
		note: secret,
		concern: secret,
		reason: secret,
		assessor: secret,
		returnDate: date,
		outcomeDate: date,
		outcome: fc.constantFrom(...OUTCOMES),
		to: fc.constantFrom(...RETURNED_TO),
		state: fc.constantFrom(...SUPPORT_STATES),
		decided: fc.boolean(),
		addedName: secret
	});

	it('for random fictional records with follow-up', () => {
		fc.assert(
			fc.property(fc.array(recordArb, { minLength: 1, maxLength: 4 }), (specs) => {
				const records = specs.map((s, i) =>
					fictionalRecord(rules, {
						id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
						caseDetails: {
							caseRef: s.caseRef,
							ageBand: '11-15',
							legalStatus: 'section-20',
							assessmentDate: '2026-11-23',
							assessorName: s.assessor,
							assessorRole: 'Social worker',
							returningTo: s.note
						},
						answers,
						notes: { [rules.order[0]!]: s.note },
						status: s.decided ? 'signed' : 'completed',
						band,
						decision: s.decided
							? {
									kind: 'override',
									computedBand: band,
									band: 'not-yet',
									reason: s.reason,
									needsManagerApproval: true,
									approvalReasons: [s.reason],
									decidedAt: '2026-11-23T10:00:00.000Z'
								}
							: null,
						planning: {
							plannedReturnDate: s.returnDate,
							placement: '',
							placementWeeklyCost: null,
							changes: {},
							removed: {},
							added: [
								{
									id: 'added-1',
									name: s.addedName,
									phase: 'after-return',
									goal: s.addedName,
									owner: s.addedName,
									weeks: 4,
									weeklyCost: 10,
									reason: s.reason,
									startDate: ''
								}
							]
						},
						followUp: {
							returns: [
								{ kind: 'home', date: s.returnDate, planned: true, returnedTo: s.to, ...by }
							],
							support: [
								{
									item: 'added-1',
									state: s.state,
									date: s.returnDate,
									reason: s.state === 'not-provided' ? 'other' : null,
									...by
								}
							],
							reviews: [
								{
									id: 'rv1',
									date: s.returnDate,
									due: null,
									supportInPlace: 'partly',
									newConcerns: true,
									concerns: s.concern,
									childViews: s.concern,
									parentViews: s.concern,
									next: 'continue',
									reassessment: null,
									...by
								}
							],
							outcomes: [
								{
									check: 'six-months',
									date: s.outcomeDate,
									outcome: s.outcome,
									reEntry:
										s.outcome === 'returned-to-care'
											? { date: s.outcomeDate, planned: false, need: 'N1' }
											: null,
									...by
								}
							],
							closed: { date: s.outcomeDate, reason: s.reason, ...by }
						}
					})
				);
				const episodes = episodesOf(
					records.map((r) => ({
						id: r.id,
						reviewOf: null,
						supersedes: null,
						digest: caseloadDigest(r, rules)
					}))
				);
				const csv = evaluationCsv(evaluationExport(episodes, ctx));
				const cells = parseCsv(csv).flat();
				const secrets = specs.flatMap((s) => [
					s.caseRef,
					s.note,
					s.concern,
					s.reason,
					s.assessor,
					s.addedName
				]);
				for (const cell of cells) {
					for (const text of secrets) expect(cell).not.toContain(text);
					expect(cell).not.toMatch(/\d{4}-\d{2}-\d{2}/);
					expect(cell).not.toContain('Fictional Worker');
				}
				for (const r of records) expect(csv).not.toContain(r.id);
			}),
			{ numRuns: 60 }
		);
	});
});
