import { describe, expect, it } from 'vitest';
import { appendEntry } from '../../src/lib/domain/audit.ts';
import { describeConflict } from '../../src/lib/domain/draft-conflict.ts';
import {
	SIGNED_READ_ONLY,
	settleRefusal,
	settlement
} from '../../src/lib/domain/draft-conflict-settle.ts';
import type { AssessmentRecord } from '../../src/lib/storage/record.ts';
import { teamDoc } from '../fixtures/team-docs.ts';

const AT = '2026-12-02T18:00:00.000Z';
const base: AssessmentRecord = {
	...teamDoc('draft').record,
	answers: { 'child-wishes': 'adequate' },
	revision: 3
};
const entry = (r: AssessmentRecord, who: string) =>
	appendEntry(r.audit.trail, {
		at: AT,
		who,
		field: 'answer:child-wishes',
		old: 'adequate',
		new: 'changed',
		reason: `Fictional change by ${who}.`
	});
const mine: AssessmentRecord = {
	...base,
	answers: { 'child-wishes': 'mild-concern' },
	notes: { 'child-wishes': 'Fictional note written here.' },
	audit: { ...base.audit, trail: entry(base, 'P. Fictional') },
	revision: 4
};
const theirs: AssessmentRecord = {
	...base,
	answers: { 'child-wishes': 'serious-concern' },
	audit: { ...base.audit, trail: entry(base, 'M. Fictional') },
	revision: 6
};
const conflict = describeConflict(mine, theirs, base);

describe('what a choice on the conflict page makes', () => {
	it.each([
		[
			'one version entirely: this device’s',
			{ all: 'mine' as const },
			'mild-concern',
			'Fictional note written here.'
		],
		['one version entirely: the team’s', { all: 'theirs' as const }, 'serious-concern', undefined],
		[
			'field by field: the team’s answer, the note only this device wrote (suggested)',
			{ fields: { '["answers","child-wishes"]': 'theirs' as const } },
			'serious-concern',
			'Fictional note written here.'
		]
	])('%s', (_, choice, answer, note) => {
		const made = settlement(mine, theirs, conflict, choice, 'theirs', AT);
		if (!made.ok) throw new Error('unchosen');
		const record = made.record as AssessmentRecord;
		expect(record.answers['child-wishes']).toBe(answer);
		expect(record.notes['child-wishes']).toBe(note);
		// The next revision of both, at the time given, with both histories' entries.
		expect([record.revision, record.updatedAt]).toEqual([7, AT]);
		expect(record.audit.trail.map((e) => e.who)).toEqual([
			...base.audit.trail.map((e) => e.who),
			'M. Fictional',
			'P. Fictional'
		]);
	});

	it('refuses while a field both changed has no choice, naming it', () => {
		expect(settlement(mine, theirs, conflict, { fields: {} }, 'theirs', AT)).toEqual({
			ok: false,
			unchosen: [conflict.fields.find((f) => f.path[0] === 'answers')]
		});
	});

	it.each([
		['draft', 'draft', null],
		['completed', 'draft', null],
		['draft', 'awaiting-approval', null],
		['signed', 'draft', SIGNED_READ_ONLY],
		['completed', 'signed', SIGNED_READ_ONLY]
	] as const)(
		'%s against %s: a signed version is shown, never changed by choosing',
		(a, b, why) => {
			expect(settleRefusal({ status: a }, { status: b })).toBe(why);
		}
	);
});
