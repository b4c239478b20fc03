import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factsFromCase } from '../../src/lib/domain/answers.ts';
import { assessDecided } from '../../src/lib/domain/decision.ts';
import type { Evidence } from '../../src/lib/domain/engine.ts';
import { planItemReason } from '../../src/lib/domain/plan.ts';
import { emptyCaseDetails } from '../../src/lib/domain/assessment.ts';
import { panelSummary } from '../../src/lib/domain/panel-summary.ts';
import { fictionalRecord } from '../fixtures/records.ts';
import { CURRENT_RULES_FILE, loadRealRules, ROOT } from '../helpers.ts';

// Fictional records only.
const rules = loadRealRules(CURRENT_RULES_FILE);
const example = (name: string) =>
	JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/examples', `${name}.json`), 'utf8')) as {
		answers: Record<string, string>;
		facts: Record<string, string>;
	};
const options = { today: '2026-12-01', plannedReturnDate: '2027-03-01' };

describe('the plan follows the practitioner’s decision', () => {
	const { answers, facts } = example('all-adequate');

	it.each([
		['no decision', null, 'ready', true],
		['agreeing', { kind: 'agree', computedBand: 'ready' }, 'ready', true],
		[
			'an override to "not safe"',
			{ kind: 'override', computedBand: 'ready', band: 'not-safe' },
			'not-safe',
			false
		],
		[
			'an override made for a band these answers no longer give',
			{ kind: 'override', computedBand: 'not-yet', band: 'not-safe' },
			'ready',
			true
		]
	])('%s: the plan is for "%s"', (_name, decision, planBand, forReturn) => {
		const r = assessDecided(rules, answers, { ...options, facts }, decision);
		expect(r.band).toBe('ready');
		expect(r.planBand).toBe(planBand);
		expect(r.costs.forReturn).toBe(forReturn);
		if (!forReturn) {
			expect(r.plan.map((p) => p.service)).toEqual(['parallel-permanence-planning']);
			expect(r.reviews.every((x) => x.anchor === 'assessment')).toBe(true);
		}
	});

	it('the panel summary prints the plan for the decided band, and what would change', () => {
		const record = fictionalRecord(rules, {
			caseDetails: {
				...emptyCaseDetails('2026-12-01'),
				caseRef: 'FICT-2',
				ageBand: '5-10',
				legalStatus: 'care-order'
			},
			answers: { ...answers, 'child-wishes': 'serious-concern' },
			status: 'completed',
			decision: {
				kind: 'override',
				computedBand: 'not-yet',
				band: 'not-safe',
				reason: 'Fictional: the child is frightened of going home.',
				needsManagerApproval: false,
				decidedAt: '2026-12-01T10:00:00.000Z'
			}
		});
		const s = panelSummary(rules, record);
		expect(s.scoredBand?.id).toBe('not-yet');
		expect(s.finalBand?.id).toBe('not-safe');
		expect(s.plan.items.every((i) => i.phase === 'before-return')).toBe(true);
		expect(s.plan.costs.forReturn).toBe(false);
		expect(s.change?.steps?.map((x) => [x.factor, x.to])).toEqual([
			['child-wishes', 'moderate-concern']
		]);
	});
});

describe('case facts from the case details', () => {
	it.each([
		[
			{ ageBand: 'under-1', legalStatus: 'section-20' },
			{ 'age-band': 'under-1', 'legal-status': 'section-20' }
		],
		[{ ageBand: '', legalStatus: 'care-order' }, { 'legal-status': 'care-order' }],
		[{ ageBand: '', legalStatus: '' }, {}]
	])('%o → %o (an empty field is not known yet)', (details, facts) => {
		expect(factsFromCase(details)).toEqual(facts);
	});
});

describe('reasons that read right', () => {
	const ev = (label: string, score: number | null): Evidence => ({
		factor: label,
		label,
		domain: 'd',
		value: 'v',
		valueLabel: 'V',
		score,
		weight: 1
	});
	it.each([
		[
			'concerns only',
			{ evidence: [ev('a', -1), ev('b', -3)] },
			'Recommended because these are not yet strengths:'
		],
		[
			'gaps',
			{ kind: 'evidence' as const, evidence: [ev('a', null)] },
			'Recommended because these are not known yet:'
		],
		[
			'facts of the case only (a yes/no fact is not a missing strength)',
			{ evidence: [ev('missing episodes', null)] },
			'Recommended because of these facts of the case:'
		],
		[
			'a concern and a fact',
			{ evidence: [ev('a', -1), ev('history', null)] },
			'Recommended because of these concerns and facts of the case:'
		],
		['no answers behind it', { evidence: [] }, 'Recommended for every plan in this band.'],
		[
			'a 1.0.0 item with a strength behind it',
			{ evidence: [ev('a', 1)] },
			'Recommended because of:'
		]
	])('%s', (_name, item, lead) => {
		expect(planItemReason(item).lead).toBe(lead);
	});

	it('under rules 1.1.0 no plan item is recommended because of a strength', () => {
		for (const name of ['typical-mild-concerns', 'baby', 'child-wishes-serious']) {
			const { answers, facts } = example(name);
			const r = assessDecided(rules, answers, { ...options, facts }, null);
			for (const item of r.plan)
				expect(planItemReason(item).lead).not.toBe('Recommended because of:');
		}
	});
});
