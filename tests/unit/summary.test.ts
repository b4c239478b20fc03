import { describe, expect, it } from 'vitest';
import { assess } from '../../src/lib/domain/engine.ts';
import { emptyPlanChoices } from '../../src/lib/domain/plan.ts';
import { fictionalRecord } from '../fixtures/records.ts';
import { emptyCaseDetails } from '../../src/lib/domain/assessment.ts';
import type { AssessmentRecord } from '../../src/lib/storage/record.ts';
import { panelSummary } from '../../src/lib/domain/panel-summary.ts';
import { loadMini, TODAY } from '../helpers.ts';

// Fictional records only.
const rules = loadMini();
const answers = {
	housing: 'adequate',
	money: 'mild',
	parenting: 'adequate',
	'drugs-history': 'no',
	access: 'no',
	protect: 'clear'
};

function record(over: Partial<AssessmentRecord> = {}): AssessmentRecord {
	return fictionalRecord(rules, {
		id: 'r-1',
		caseDetails: { ...emptyCaseDetails(TODAY), caseRef: 'FICT-1' },
		answers,
		notes: {
			money: 'Rent arrears of about £400 (fictional).',
			'drugs-change': 'A note left from before the answer changed.'
		},
		status: 'completed',
		revision: 1,
		...over
	});
}

describe('panel summary', () => {
	it('prints only the questions that applied, with answer labels and notes', () => {
		const s = panelSummary(rules, record());
		const ids = s.applied.flatMap((d) => d.answers.map((a) => a.factor));
		expect(ids).not.toContain('drugs-change'); // hidden: no drug use in the history
		expect(ids).toContain('drugs-history');
		const money = s.applied.flatMap((d) => d.answers).find((a) => a.factor === 'money');
		expect(money).toMatchObject({
			answer: 'Mild concern',
			note: 'Rent arrears of about £400 (fictional).'
		});
	});

	it('shows the decision beside the scored band, and the override as final', () => {
		const band = assess(rules, answers, { today: TODAY }).band!;
		const agreed = panelSummary(
			rules,
			record({ decision: { kind: 'agree', computedBand: band, decidedAt: 'x' } })
		);
		expect(agreed.scoredBand?.id).toBe(band);
		expect(agreed.finalBand?.id).toBe(band);
		const over = panelSummary(
			rules,
			record({
				decision: {
					kind: 'override',
					computedBand: band,
					band: 'not-yet',
					reason: 'Fictional reason long enough to count.',
					needsManagerApproval: false,
					decidedAt: 'x'
				}
			})
		);
		expect(over.scoredBand?.id).toBe(band);
		expect(over.finalBand?.id).toBe('not-yet');
	});

	it('does not show a decision made about a band the answers no longer give', () => {
		const s = panelSummary(
			rules,
			record({ decision: { kind: 'agree', computedBand: 'not-safe', decidedAt: 'x' } })
		);
		expect(s.result.band).not.toBe('not-safe');
		expect(s.decision).toBeNull();
	});

	it('builds the chosen plan from the stored choices, with the planned return', () => {
		const s = panelSummary(
			rules,
			record({
				planning: {
					...emptyPlanChoices(),
					plannedReturnDate: '2027-03-01',
					removed: { 'housing-help': 'Fictional: already in place.' }
				}
			})
		);
		expect(s.plan.removed.map((r) => r.item.service)).toEqual(['housing-help']);
		expect(s.result.reviews.some((r) => r.date === '2027-03-29')).toBe(true);
		expect(s.signed).toBe(false);
		expect(panelSummary(rules, record({ status: 'signed' })).signed).toBe(true);
	});
});
