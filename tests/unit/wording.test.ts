import { describe, expect, it } from 'vitest';
import { AGE_BANDS, LEGAL_STATUSES, STATUSES } from '../../src/lib/domain/assessment.ts';
import {
	AGE_BAND_LABELS,
	bandLabel,
	bandOf,
	whatWouldChangeHeading,
	bandRange,
	evidencePhrase,
	formatMoney,
	formatScore,
	hardStopPhrase,
	labelOf,
	LEGAL_STATUS_LABELS,
	scaleSentence,
	scoreScale,
	signedWhole,
	STATUS_LABELS
} from '../../src/lib/domain/wording.ts';
import { CURRENT_RULES_FILE, loadMini, loadRealRules } from '../helpers.ts';
import { assess } from '../../src/lib/domain/engine.ts';
import { extremeAnswers } from '../../src/lib/domain/answers.ts';

const rules = loadRealRules();

describe('every code has words', () => {
	it.each([
		['age bands', AGE_BANDS, AGE_BAND_LABELS],
		['legal statuses', LEGAL_STATUSES, LEGAL_STATUS_LABELS],
		['statuses', STATUSES, STATUS_LABELS]
	] as const)('%s', (_, codes, labels) => {
		expect(Object.keys(labels).sort()).toEqual([...codes].sort());
		for (const code of codes) expect((labels as Record<string, string>)[code]).not.toBe('');
	});

	it('an empty field has no words', () => {
		expect(labelOf(AGE_BAND_LABELS, '')).toBe('');
		expect(labelOf(AGE_BAND_LABELS, '5-10')).toBe('5 to 10');
	});
});

describe('money: whole pounds, one way of writing a negative', () => {
	it.each([
		[0, '£0'],
		[1250.5, '£1,251'],
		[42640, '£42,640'],
		[-1250.5, '−£1,251'],
		[-0.4, '£0'],
		[1_000_000, '£1,000,000']
	])('%s → %s', (n, text) => {
		expect(formatMoney(n)).toBe(text);
	});
});

describe('scores', () => {
	it.each([
		[1, '+1.0'],
		[-0.25, '−0.3'],
		[0, '0.0'],
		[-0.04, '0.0'],
		[null, 'Not rated']
	])('a score of %s reads %s', (n, text) => {
		expect(formatScore(n)).toBe(text);
	});

	it.each([
		[-3, '−3'],
		[0, '0'],
		[2, '+2']
	])('a whole score of %s reads %s', (n, text) => {
		expect(signedWhole(n)).toBe(text);
	});
});

describe('bands', () => {
	it.each([
		[{ below: -1 }, 'below −1.0'],
		[{ from: -1, below: 0.5 }, '−1.0 to below +0.5'],
		[{ from: 1 }, '+1.0 and above']
	])('the range %j reads %s', (band, text) => {
		expect(bandRange(band)).toBe(text);
	});

	it.each([
		['not-safe', rules.data.bands[0]!.label],
		['no-such-band', 'Band not recognised'],
		['<script>', 'Band not recognised'],
		[null, '']
	])('the name of band %s under the rules', (id, label) => {
		expect(bandLabel(rules, id)).toBe(label);
	});

	it('never shows a band id from a file raw, even when the rules are not in this build', () => {
		expect(bandLabel(undefined, 'ready')).toBe('Band not recognised');
	});
});

describe('the score scale comes from the rules, not the page', () => {
	it('as shipped: −3 (serious concern) to +2 (clear strength)', () => {
		expect(scoreScale(rules)).toMatchObject({ min: -3, max: 2 });
		expect(scaleSentence(rules)).toBe(
			'Scores run from −3 (serious concern) to +2 (clear strength); 0 is adequate.'
		);
	});

	it('follows a rules file with another scale', () => {
		const wider = loadMini((d) => {
			const scale = d.scales.find((s: { ordered: boolean }) => s.ordered);
			scale.options[scale.options.length - 1].score = 4;
			scale.options[scale.options.length - 1].label = 'Outstanding';
		});
		const s = scoreScale(wider);
		expect(s.max).toBe(4);
		expect(scaleSentence(wider)).toMatch(/to \+4 \(outstanding\)/);
	});
});

describe('evidence sentences', () => {
	const evidence = [
		{ label: 'Housing', valueLabel: 'Mild concern' },
		{ label: 'School', valueLabel: 'Adequate' }
	];
	it.each<[string, (e: typeof evidence) => string, typeof evidence, string]>([
		['a recommendation', evidencePhrase, evidence, 'housing (mild concern); school (adequate)'],
		['a hard stop', hardStopPhrase, evidence, 'housing: mild concern; school: adequate'],
		['nothing', evidencePhrase, [], '']
	])('the answers behind %s', (_, phrase, given, text) => {
		expect(phrase(given)).toBe(text);
	});
});

describe('the heading over what would change the band (rules 1.1.0)', () => {
	const current = loadRealRules(CURRENT_RULES_FILE);
	it.each([
		['not-yet', 'ready-with-plan', 'What must change for a return to be recommended'],
		['not-safe', 'not-yet', 'What would move the band up'],
		['ready-with-plan', 'ready', 'What would move the band up'],
		['not-yet', null, 'What would move the band up']
	])('from %s to %s: %s', (from, to, heading) => {
		expect(whatWouldChangeHeading(current, { from, to })).toBe(heading);
	});
});

describe('a band by id', () => {
	const current = loadRealRules(CURRENT_RULES_FILE);
	it.each([
		['ready', 'ready'],
		['no-such-band', undefined],
		[null, undefined],
		[undefined, undefined]
	])('%s gives %s', (id, expected) => {
		expect(bandOf(current, id)?.id).toBe(expected);
	});
});

describe('one term for a section everywhere a practitioner reads', () => {
	// Every text value of a result (keys such as "domain" are code, not words people read).
	const texts = (value: unknown): string[] =>
		typeof value === 'string'
			? [value]
			: Array.isArray(value)
				? value.flatMap(texts)
				: value !== null && typeof value === 'object'
					? Object.values(value).flatMap(texts)
					: [];
	it.each(['1.0.0', '1.1.0', '1.2.0'])(
		'rules %s: the explanation, caps, hard stops and plan never say "domain"',
		(version) => {
			const r = loadRealRules(`rules/reunification-readiness/${version}.yaml`);
			for (const mode of ['best', 'worst'] as const) {
				const result = assess(r, extremeAnswers(r, mode), {
					today: '2026-12-01',
					plannedReturnDate: '2027-03-01'
				});
				const words = texts({ ...result, rules: null, domains: null });
				expect(words.filter((w) => /\bdomains?\b/i.test(w))).toEqual([]);
				expect(result.explanation.steps[0]).toMatch(
					/^The overall score is .+ \(the weighted average of \d+ section scores\)/
				);
			}
		}
	);
});
