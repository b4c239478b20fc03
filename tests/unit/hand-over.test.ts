/**
 * The hand-over page's pure parts (app/hand-over.ts) and the domain's hand-over entry and new
 * author's name (domain/hand-over.ts). Every user and case is fictional.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	AuthorNameSchema,
	handOverChange,
	isHandOver,
	withHandOver
} from '../../src/lib/domain/hand-over.ts';
import { emptyAudit, verifyTrail } from '../../src/lib/domain/audit.ts';
import {
	authorsOf,
	casesOf,
	checkHandOver,
	handOverSummary,
	SOMEONE_ELSE,
	type HandOverCase,
	type HandOverOutcome
} from '../../src/lib/app/hand-over.ts';

const c = (over: Partial<HandOverCase> & { id: string }): HandOverCase => ({
	caseRef: `FICT-HO-${over.id}`,
	status: 'draft',
	updatedAt: '2026-07-01T13:05:00.000Z',
	author: 'pat-fictional',
	conflicted: false,
	...over
});
const CASES = [
	c({ id: '3', caseRef: 'FICT-HO-3', status: 'signed' }),
	c({ id: '1', caseRef: 'FICT-HO-1' }),
	c({ id: '2', caseRef: 'FICT-HO-2', status: 'awaiting-approval' }),
	c({ id: '4', caseRef: 'FICT-HO-4', conflicted: true }),
	c({ id: '5', caseRef: 'FICT-HO-5', author: 'sam-fictional', status: 'completed' }),
	c({ id: '6', caseRef: '', author: 'ash-fictional' })
];
const day = (iso: string) => `day of ${iso.slice(0, 10)}`;

describe('whose cases the team’s copy holds', () => {
	it('lists every author once, by name, with how many cases are theirs', () => {
		expect(authorsOf(CASES)).toEqual([
			{ name: 'ash-fictional', count: 1 },
			{ name: 'pat-fictional', count: 4 },
			{ name: 'sam-fictional', count: 1 }
		]);
		expect(authorsOf([])).toEqual([]);
	});

	it('lists one author’s cases by reference with stage and last change; awaiting or conflicted ones say why they wait', () => {
		const rows = casesOf(CASES, 'pat-fictional', day);
		expect(rows.map((r) => [r.caseRef, r.stage, r.lastChanged, r.blocked !== null])).toEqual([
			['FICT-HO-1', 'Draft', 'day of 2026-07-01', false],
			['FICT-HO-2', 'Awaiting manager approval', 'day of 2026-07-01', true],
			['FICT-HO-3', 'Signed off', 'day of 2026-07-01', false],
			['FICT-HO-4', 'Draft', 'day of 2026-07-01', true]
		]);
		expect(rows[1]?.blocked).toMatch(/approve or return it first/);
		expect(rows[3]?.blocked).toMatch(/two versions to settle/);
		expect(casesOf(CASES, 'ash-fictional', day)[0]?.caseRef).toBe('(no reference)');
	});

	it('shows last changed in the device’s time zone by default (app/moments.ts)', () => {
		expect(casesOf(CASES, 'sam-fictional')[0]?.lastChanged).toMatch(/^\d{1,2} July 2026$/);
	});
});

describe('checking the choice', () => {
	const rows = casesOf(CASES, 'pat-fictional', day);
	const form = { from: 'pat-fictional', ids: ['1', '3'], to: 'sam-fictional', other: '' };
	const fields = (f: typeof form) => {
		const r = checkHandOver(f, rows);
		return r.ok ? 'ok' : r.errors.map((e) => e.field).join(',');
	};

	it.each([
		['a known author', form, 'ok'],
		['someone else, typed', { ...form, to: SOMEONE_ELSE, other: ' kim.fictional ' }, 'ok'],
		['no one chosen', { ...form, to: '' }, 'to'],
		['someone else, left empty', { ...form, to: SOMEONE_ELSE, other: '  ' }, 'to-other'],
		['a name starting with _', { ...form, to: SOMEONE_ELSE, other: '_admin' }, 'to-other'],
		['the same practitioner', { ...form, to: SOMEONE_ELSE, other: 'pat-fictional' }, 'to-other'],
		['no case ticked', { ...form, ids: [] }, 'cases'],
		['only a case that must wait', { ...form, ids: ['2'] }, 'cases'],
		['no one’s cases', { ...form, from: '' }, 'from'],
		['nothing at all', { from: 'pat-fictional', ids: [], to: '', other: '' }, 'cases,to']
	])('%s: %s', (_what, f, expected) => {
		expect(fields(f)).toBe(expected);
	});

	it('gives the typed name trimmed, and only the cases that can go', () => {
		expect(
			checkHandOver({ ...form, ids: ['1', '2', '3'], to: SOMEONE_ELSE, other: ' kim ' }, rows)
		).toEqual({ ok: true, from: 'pat-fictional', to: 'kim', ids: ['1', '3'] });
	});
});

describe('what became of a hand-over, in words', () => {
	const ok = (id: string): HandOverOutcome => ({ id, caseRef: `FICT-HO-${id}`, ok: true });
	it('counts the cases handed over for the banner', () => {
		const s = handOverSummary([ok('1'), ok('2'), ok('3')], 'pat-fictional', 'sam-fictional');
		expect(s.heading).toBe('3 assessments handed over from pat-fictional to sam-fictional');
		expect(s.failures).toEqual([]);
		expect(handOverSummary([ok('1')], 'a', 'b').heading).toBe(
			'1 assessment handed over from a to b'
		);
	});

	it('lists each case not handed over with what happened and what to do; no banner when none went', () => {
		const failed: HandOverOutcome[] = [
			{ id: '1', caseRef: 'FICT-HO-1', ok: false, kind: 'refused', reason: 'Fictional reason.' },
			{ id: '2', caseRef: 'FICT-HO-2', ok: false, kind: 'conflict' },
			{ id: '3', caseRef: null, ok: false, kind: 'offline' },
			{ id: '4', caseRef: 'FICT-HO-4', ok: false, kind: 'unsent' },
			{ id: '5', caseRef: 'FICT-HO-5', ok: false, kind: 'moved', author: 'kim-fictional' },
			{ id: '6', caseRef: 'FICT-HO-6', ok: false, kind: 'sign-in' },
			{ id: '7', caseRef: 'FICT-HO-7', ok: false, kind: 'gone' }
		];
		const s = handOverSummary(failed, 'pat-fictional', 'sam-fictional');
		expect(s.heading).toBeNull();
		expect(s.failures.map((f) => f.caseRef)).toEqual([
			'FICT-HO-1',
			'FICT-HO-2',
			'(no reference)',
			'FICT-HO-4',
			'FICT-HO-5',
			'FICT-HO-6',
			'FICT-HO-7'
		]);
		expect(s.failures[0]?.problem).toContain('Fictional reason.');
		expect(s.failures[4]?.problem).toContain('kim-fictional');
		for (const f of s.failures) {
			expect(f.problem).toMatch(/^[A-Z].*\.$/);
			expect(f.action).toMatch(/^[A-Z].*\.$/);
		}
	});
});

describe('the hand-over’s history entry and the new author’s name', () => {
	it('says who handed it from whom to whom, and chains onto the history', () => {
		const record = withHandOver(
			{ audit: emptyAudit() },
			{
				from: 'pat-fictional',
				to: 'sam-fictional',
				by: 'mo-fictional',
				at: '2026-12-03T10:00:00.000Z'
			}
		);
		const [entry] = record.audit.trail;
		expect(entry).toMatchObject({
			field: 'hand-over',
			who: 'mo-fictional',
			old: 'pat-fictional',
			new: 'sam-fictional',
			reason: 'Handed over from pat-fictional to sam-fictional by manager mo-fictional.'
		});
		expect(verifyTrail(record.audit.trail).ok).toBe(true);
		if (!entry) throw new Error('unreachable');
		expect(isHandOver(entry, 'pat-fictional', 'sam-fictional', 'mo-fictional')).toBe(true);
		expect(isHandOver(entry, 'sam-fictional', 'pat-fictional', 'mo-fictional')).toBe(false);
		expect(isHandOver(entry, 'pat-fictional', 'sam-fictional', 'pat-fictional')).toBe(false);
	});

	it('matches only the hand-over it was written for', () => {
		const name = fc.stringMatching(/^[a-z]{1,6}$/);
		fc.assert(
			fc.property(name, name, name, name, name, name, (f, t, b, f2, t2, b2) => {
				const change = handOverChange({ from: f, to: t, by: b, at: '2026-12-03T10:00:00.000Z' });
				const entry = { ...change, seq: 1, prev: 'genesis', hash: 'x' };
				expect(isHandOver(entry, f2, t2, b2)).toBe(f === f2 && t === t2 && b === b2);
			})
		);
	});

	it.each([
		['pat.fictional', true],
		['Pat Fictional', true],
		['', false],
		[' pat', false],
		['_admin', false],
		['pat\u0007', false],
		['p'.repeat(257), false]
	])('a CouchDB user name %j is accepted: %s', (name, ok) => {
		expect(AuthorNameSchema.safeParse(name).success).toBe(ok);
	});
});
