import { describe, expect, it, vi } from 'vitest';
import { rowNames } from '../../src/lib/components/layout/row-names.ts';

// A device in England, whatever the zone of the machine running the tests.
vi.mock('../../src/lib/app/context.ts', () => ({ deviceTimeZone: () => 'Europe/London' }));

// Fictional references.
const row = (id: string, caseRef: string, updatedAt = '2026-11-30T10:15:00.000Z') => ({
	id,
	caseRef,
	status: 'draft' as const,
	updatedAt
});

describe('the names of rows in a list of assessments', () => {
	it('is the case reference where it is unique', () => {
		expect([...rowNames([row('a', 'FICT-1'), row('b', 'FICT-2')]).values()]).toEqual([
			'FICT-1',
			'FICT-2'
		]);
	});

	it.each([
		['no reference', [row('a', ''), row('b', '  ', '2026-12-01T09:00:00.000Z')]],
		['the same reference (an import kept as a copy)', [row('a', 'FICT-3'), row('b', 'FICT-3')]],
		[
			'the same reference, changed at the same minute',
			[row('a', 'X'), row('b', 'X'), row('c', 'X')]
		]
	])('is different on every row even with %s', (_what, rows) => {
		const names = [...rowNames(rows).values()];
		expect(new Set(names).size).toBe(rows.length);
		for (const n of names) expect(n.trim()).not.toBe('');
	});

	it('names an assessment with no reference by when it last changed', () => {
		const names = rowNames([row('a', ''), row('b', '', '2026-12-01T09:00:00.000Z')]);
		expect(names.get('b')).toBe(
			'the assessment with no reference (draft, last changed 1 December 2026 at 09:00 GMT)'
		);
	});
});

describe('the names of rows, near midnight in summer time', () => {
	it('give the date and time in the device’s zone, not the stored UTC date', () => {
		const names = rowNames([row('a', 'FICT-9'), row('b', 'FICT-9', '2026-06-30T23:30:00.000Z')]);
		expect(names.get('b')).toBe('FICT-9 (draft, last changed 1 July 2026 at 00:30 BST)');
	});
});
