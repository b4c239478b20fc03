/** What the printed panel summary says about governance, from a fictional record. */
import { describe, expect, it } from 'vitest';
import { appendEntries } from '../../src/lib/domain/audit.ts';
import { emptyCaseDetails } from '../../src/lib/domain/assessment.ts';
import { DECLARATION, emptyPracticeRecord } from '../../src/lib/domain/governance.ts';
import { emptyPlanChoices } from '../../src/lib/domain/plan.ts';
import { fieldLabel, panelSummary, valueLabel } from '../../src/lib/domain/panel-summary.ts';
import { fictionalRecord } from '../fixtures/records.ts';
import { loadMini, TODAY } from '../helpers.ts';

const rules = loadMini();
const bands = rules.data.bands.map((b) => b.id);
const answers = {
	housing: 'adequate',
	money: 'mild',
	parenting: 'adequate',
	'drugs-history': 'no',
	access: 'no',
	protect: 'clear'
};
const computed = panelSummary(
	rules,
	fictionalRecord(rules, { answers, caseDetails: emptyCaseDetails(TODAY) })
).result.band!;
const override = {
	kind: 'override' as const,
	computedBand: computed,
	band: bands.find((b) => b !== computed)!,
	reason: 'Fictional reason for the override.',
	needsManagerApproval: true,
	approvalReasons: ['The override moves 3 bands; more than 1 needs a manager’s approval.'],
	decidedAt: `${TODAY}T10:00:00.000Z`
};
const approval = {
	outcome: 'approved' as const,
	name: 'M. Fictional',
	role: 'Team manager',
	date: TODAY,
	comment: 'Agreed.',
	recordedAt: `${TODAY}T12:00:00.000Z`
};

function record(over: Parameters<typeof fictionalRecord>[1] = {}) {
	return fictionalRecord(rules, {
		caseDetails: { ...emptyCaseDetails(TODAY), caseRef: 'FICT-1' },
		answers,
		decision: override,
		status: 'signed',
		signOff: {
			assessorName: 'A. Fictional',
			date: TODAY,
			managerName: 'M. Fictional',
			declaration: true,
			signedAt: `${TODAY}T11:00:00.000Z`
		},
		practice: {
			...emptyPracticeRecord(),
			analysis: 'Fictional analysis.',
			cameIntoCare: '2025-08-23',
			childViews: { text: 'Fictional words.', how: 'at school', when: TODAY }
		},
		managerReviews: [approval],
		...over
	});
}

describe('the panel summary’s governance part', () => {
	it('says why approval was needed, who approved and when, with the practitioner’s record', () => {
		const g = panelSummary(rules, record()).governance;
		expect(g.approval).toEqual({ kind: 'approved', by: approval });
		expect(g.practice.analysis).toBe('Fictional analysis.');
		expect(g.timeInCare).toBe('1 year and 3 months');
		expect(g.declaration).toBe(DECLARATION);
		expect(panelSummary(rules, record()).approvalReasons).toEqual(override.approvalReasons);
	});

	it.each([
		['awaiting-approval', [], 'awaiting'],
		['draft', [{ ...approval, outcome: 'returned' as const }], 'returned']
	] as const)('is never "approved" while %s', (status, reviews, kind) => {
		const s = panelSummary(rules, record({ status, managerReviews: [...reviews] }));
		expect(s.signed).toBe(false);
		expect(s.governance.approval.kind).toBe(kind);
	});

	it('prints the history of changes in words, and whether the chain holds', () => {
		const trail = appendEntries(
			[],
			[
				{
					at: `${TODAY}T10:00:00.000Z`,
					who: 'A. Fictional',
					field: 'answer:housing',
					old: 'mild',
					new: 'adequate',
					reason: 'Fictional visit.'
				}
			]
		);
		const g = panelSummary(rules, record({ audit: { baseline: {}, trail } })).governance;
		expect(g.trail).toEqual({ ok: true });
		expect(g.changes).toEqual([
			expect.objectContaining({
				label: fieldLabel(rules, 'answer:housing'),
				old: valueLabel(rules, 'answer:housing', 'mild'),
				new: valueLabel(rules, 'answer:housing', 'adequate'),
				reason: 'Fictional visit.'
			})
		]);
		const broken = panelSummary(
			rules,
			record({ audit: { baseline: {}, trail: [{ ...trail[0]!, reason: 'Edited.' }] } })
		).governance;
		expect(broken.trail.ok).toBe(false);
	});

	it('marks a copied note with the date it was written', () => {
		const s = panelSummary(
			rules,
			record({
				notes: { money: 'Rent arrears (fictional).' },
				reviewCopy: {
					fromDate: '2026-06-01',
					confirmed: [],
					notesFrom: { money: '2026-06-01' },
					earlierPlan: emptyPlanChoices(),
					planChoice: null
				}
			})
		);
		const money = s.applied.flatMap((d) => d.answers).find((a) => a.factor === 'money');
		expect(money?.copiedFrom).toBe('2026-06-01');
	});

	it.each([
		['case:cameIntoCare', 'Date the child came into care'],
		['plan:plannedReturnDate', 'Planned return date'],
		['decision', 'Decision'],
		['approval', 'Manager’s review'],
		['hand-over', 'Author (handed over)']
	])('names the field %s as “%s”', (field, label) => {
		expect(fieldLabel(rules, field)).toBe(label);
	});

	it('words a decision with its band labels and an empty value as "Not set"', () => {
		const band = rules.data.bands[0]!;
		expect(valueLabel(rules, 'decision', `Override to ${band.id}: Fictional.`)).toBe(
			`Override to ${band.label}: Fictional.`
		);
		expect(valueLabel(rules, 'note:money', '')).toBe('Not set');
		expect(valueLabel(rules, 'status', 'awaiting-approval')).toBe('Awaiting manager approval');
	});
});
