import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	assess,
	extremeAnswers,
	type AssessmentResult,
	type DomainResult
} from '../../src/lib/domain/engine.ts';
import {
	compareDomains,
	compareResults,
	domainSummary,
	formatScore,
	isBelowZero,
	round1,
	type Direction,
	type ScoredDomain
} from '../../src/lib/domain/compare.ts';
import { loadMini, loadRealRules, TODAY } from '../helpers.ts';

const rules = loadMini();

// Worked by hand on the mini fixture (home weight 1, care weight 2, safety weight 1):
// earlier: home (−3 − 2) / 2 = −2.5; care (2 × −1 − 3) / 3 = −1.67; safety −1; overall −1.71; hard stop.
const earlierAnswers = {
	housing: 'serious',
	money: 'moderate',
	parenting: 'mild',
	'drugs-history': 'yes',
	'drugs-change': 'serious',
	access: 'yes',
	protect: 'mild'
};
// later: home (0 − 1) / 2 = −0.5; care +1; safety −1; overall (−0.5 + 2 − 1) / 4 = +0.125; no hard stop.
const laterAnswers = {
	housing: 'adequate',
	money: 'mild',
	parenting: 'some',
	'drugs-history': 'no',
	access: 'no',
	protect: 'mild'
};
const earlier = assess(rules, earlierAnswers, { today: TODAY });
const later = assess(rules, laterAnswers, { today: TODAY });

describe('formatting scores as people read them', () => {
	it.each([
		[-1.5, '−1.5'],
		[0.5, '+0.5'],
		[0, '0.0'],
		[2, '+2.0'],
		[-3, '−3.0'],
		[1 / 3, '+0.3'],
		[-5 / 3, '−1.7'],
		// Rounds half away from zero, so a score and its negative always show as mirror images.
		[0.25, '+0.3'],
		[-0.25, '−0.3'],
		// Tiny negatives show as 0.0, never "−0.0".
		[-0.04, '0.0']
	])('%s shows as %s, with a true minus sign', (n, text) => {
		expect(formatScore(n)).toBe(text);
		expect(formatScore(n)).not.toMatch(/-/);
	});

	it('counts a score as below 0 only if it shows as below 0', () => {
		expect(isBelowZero(-0.04)).toBe(false);
		expect(isBelowZero(-0.05)).toBe(true);
		expect(isBelowZero(null)).toBe(false);
		expect(Object.is(round1(-0.01), 0)).toBe(true);
	});
});

describe('comparing an assessment with a later one', () => {
	it("works out each section's change from the scores as shown", () => {
		const c = compareResults(earlier, later);
		expect(
			c.domains.map((d) => [
				d.id,
				d.before !== null && round1(d.before),
				d.after !== null && round1(d.after),
				d.change,
				d.direction
			])
		).toEqual([
			['home', -2.5, -0.5, 2, 'better'],
			['care', -1.7, 1, 2.7, 'better'],
			['safety', -1, -1, 0, 'same']
		]);
		expect(c.domains.every((d) => d.presentIn === 'both')).toBe(true);
	});

	it('reports the overall score, the band and the hard stops that no longer apply', () => {
		const c = compareResults(earlier, later);
		expect(c.overall).toEqual({
			before: earlier.explanation.overallScore,
			after: later.explanation.overallScore,
			change: 1.8,
			direction: 'better'
		});
		expect(c.band).toEqual({
			before: 'not-safe',
			beforeLabel: 'Not safe',
			after: 'ready-with-plan',
			afterLabel: 'Ready with plan',
			changed: true
		});
		expect(c.hardStops).toEqual({
			added: [],
			removed: [{ id: 'unmanaged-access', label: 'Unmanaged access' }]
		});
		expect(c.rulesChanged).toBe(false);
	});

	it('summarises the change in plain English, most important first', () => {
		expect(compareResults(earlier, later).sentences).toEqual([
			'The overall score improved from −1.7 to +0.1.',
			'The band changed from "Not safe" to "Ready with plan".',
			'A hard stop no longer applies: Unmanaged access.',
			'Home improved from −2.5 to −0.5.',
			'Care improved from −1.7 to +1.0.',
			'1 section did not change: Safety.'
		]);
	});

	it('reads the other way round when the situation got worse, with new hard stops', () => {
		const c = compareResults(later, earlier);
		expect(c.hardStops.added).toEqual([{ id: 'unmanaged-access', label: 'Unmanaged access' }]);
		expect(c.sentences).toEqual([
			'The overall score worsened from +0.1 to −1.7.',
			'The band changed from "Ready with plan" to "Not safe".',
			'A new hard stop applies: Unmanaged access.',
			'Home worsened from −0.5 to −2.5.',
			'Care worsened from +1.0 to −1.7.',
			'1 section did not change: Safety.'
		]);
	});

	it('says when nothing changed', () => {
		expect(compareResults(later, later).sentences).toEqual([
			'The overall score did not change: +0.1.',
			'The band stayed at "Ready with plan".',
			'None of the 3 sections changed: Home, Care and Safety.'
		]);
	});

	it('treats a section not rated in one assessment as not comparable', () => {
		const unrated = assess(rules, { ...laterAnswers, protect: 'not-known' }, { today: TODAY });
		const c = compareResults(earlier, unrated);
		expect(c.domains.find((d) => d.id === 'safety')).toMatchObject({
			before: -1,
			after: null,
			change: null,
			direction: 'not comparable'
		});
		expect(c.sentences).toContain('Safety cannot be compared: it is not rated in this assessment.');
		expect(compareResults(unrated, earlier).sentences).toContain(
			'Safety cannot be compared: it is not rated in the earlier assessment.'
		);
	});

	it('matches sections by id, so a section in only one rules version is not comparable', () => {
		const renamed = loadMini((d) => {
			d.version = '0.2.0';
			d.domains[0].id = 'home-and-money';
			d.domains[0].title = 'Home and money';
		});
		const c = compareResults(earlier, assess(renamed, laterAnswers, { today: TODAY }));
		expect(c.rulesChanged).toBe(true);
		expect(c.domains.map((d) => [d.id, d.presentIn, d.direction])).toEqual([
			['home-and-money', 'later only', 'not comparable'],
			['care', 'both', 'better'],
			['safety', 'both', 'same'],
			['home', 'earlier only', 'not comparable']
		]);
		expect(c.sentences).toEqual([
			'The assessments used different rules (version 0.1.0 and version 0.2.0), so some sections may not be comparable.',
			'The overall score improved from −1.7 to +0.1.',
			'The band changed from "Not safe" to "Ready with plan".',
			'A hard stop no longer applies: Unmanaged access.',
			"Home and money cannot be compared: it is not in the earlier assessment's rules.",
			'Care improved from −1.7 to +1.0.',
			"Home cannot be compared: it is not in this assessment's rules.",
			'1 section did not change: Safety.'
		]);
	});

	it('describes an incomplete assessment as having no band yet', () => {
		const draft = assess(rules, { housing: 'adequate' }, { today: TODAY });
		expect(draft.band).toBeNull();
		expect(compareResults(draft, later).sentences).toContain(
			'The band changed from no band yet (the assessment was incomplete) to "Ready with plan".'
		);
		expect(compareResults(draft, draft).sentences).toContain(
			'Neither assessment has a band yet: both are incomplete.'
		);
	});
});

describe('describing a domain-score chart in words', () => {
	const d = (title: string, score: number | null): ScoredDomain => ({
		id: title.toLowerCase(),
		title,
		score
	});

	it.each<[string, ScoredDomain[], string]>([
		[
			'range, sections below 0 from the most concerning, and those not rated',
			[d('Home', -1), d('Safety', -2), d('Support network', 1.5), d('Care', 0), d('History', null)],
			'Scores range from −2.0 (Safety) to +1.5 (Support network). 2 of 5 sections score below 0: Safety (−2.0) and Home (−1.0). Not rated: History.'
		],
		[
			'ties at either end',
			[d('A', -2), d('B', 1), d('C', -2)],
			'Scores range from −2.0 (A and C) to +1.0 (B). 2 of 3 sections score below 0: A (−2.0) and C (−2.0).'
		],
		[
			'nothing below 0',
			[d('A', 0.5), d('B', 1)],
			'Scores range from +0.5 (A) to +1.0 (B). No section scores below 0.'
		],
		[
			'one section below 0',
			[d('A', -0.5), d('B', 1)],
			'Scores range from −0.5 (A) to +1.0 (B). 1 of 2 sections scores below 0: A (−0.5).'
		],
		[
			'all the same',
			[d('A', 1), d('B', 1)],
			'All 2 rated sections score +1.0. No section scores below 0.'
		],
		[
			'one rated',
			[d('A', -1), d('B', null)],
			'A scores −1.0. 1 of 2 sections scores below 0: A (−1.0). Not rated: B.'
		],
		['nothing rated', [d('A', null), d('B', null)], 'No section is rated yet (2 sections).'],
		['no sections', [], 'There are no sections to show.'],
		[
			'a tiny negative shows as 0.0 and is not below 0',
			[d('A', -0.04), d('B', 1)],
			'Scores range from 0.0 (A) to +1.0 (B). No section scores below 0.'
		]
	])('%s', (_name, domains, text) => {
		expect(domainSummary({ domains })).toBe(text);
	});

	it('takes a whole result, naming every section of the shipped rules when all are at their worst', () => {
		const real = loadRealRules();
		const worst = assess(real, extremeAnswers(real, 'worst'), { today: TODAY });
		const text = domainSummary(worst);
		const rated = worst.domains.filter((x) => x.score !== null);
		expect(text).toContain(
			`${rated.filter((x) => isBelowZero(x.score)).length} of ${worst.domains.length} sections score below 0`
		);
		for (const domain of rated) expect(text).toContain(domain.title);
	});
});

/** A result with arbitrary domains, scores, band and hard stops (the rest is taken from a real result). */
function arbitraryResult(): fc.Arbitrary<AssessmentResult> {
	const template = later.domains[0] as DomainResult;
	const score = fc.option(fc.double({ min: -3, max: 2, noNaN: true }), { nil: null });
	const domains = fc.uniqueArray(
		fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), score }),
		{ selector: (x) => x.id, maxLength: 6 }
	);
	const stops = fc.subarray(['s1', 's2', 's3']);
	return fc
		.record({
			domains,
			overall: score,
			band: fc.constantFrom('not-safe', 'ready', null),
			stops,
			version: fc.constantFrom('1.0.0', '1.1.0')
		})
		.map(({ domains: ds, overall, band, stops: ss, version }) => ({
			...later,
			rules: { ...later.rules, version },
			band,
			bandLabel: band === null ? null : band.toUpperCase(),
			hardStops: ss.map((id) => ({ id, label: `Stop ${id}`, explanation: '', because: [] })),
			domains: ds.map((x) => ({ ...template, id: x.id, title: `Section ${x.id}`, score: x.score })),
			explanation: { ...later.explanation, overallScore: overall }
		}));
}

const MIRROR: Record<Direction, Direction> = {
	better: 'worse',
	worse: 'better',
	same: 'same',
	'not comparable': 'not comparable'
};

describe('properties of comparison', () => {
	it('comparing a result with itself shows no change anywhere', () => {
		fc.assert(
			fc.property(arbitraryResult(), (r) => {
				const c = compareResults(r, r);
				for (const x of c.domains) {
					expect(x.presentIn).toBe('both');
					expect(x.direction).toBe(x.after === null ? 'not comparable' : 'same');
					expect(x.change).toBe(x.after === null ? null : 0);
				}
				expect(c.overall.direction).toBe(
					r.explanation.overallScore === null ? 'not comparable' : 'same'
				);
				expect(c.band.changed).toBe(false);
				expect(c.hardStops).toEqual({ added: [], removed: [] });
				expect(c.sentences.join(' ')).not.toMatch(/improved|worsened|hard stop/);
			}),
			{ numRuns: 300 }
		);
	});

	it('swapping the two results negates every change and swaps better with worse', () => {
		fc.assert(
			fc.property(arbitraryResult(), arbitraryResult(), (a, b) => {
				const ab = compareResults(a, b);
				const ba = new Map(compareResults(b, a).domains.map((x) => [x.id, x]));
				expect(ba.size).toBe(ab.domains.length);
				for (const x of ab.domains) {
					const y = ba.get(x.id);
					expect(y?.change).toBe(x.change === null ? null : x.change === 0 ? 0 : -x.change);
					expect(y?.direction).toBe(MIRROR[x.direction]);
					expect([y?.before, y?.after]).toEqual([x.after, x.before]);
				}
				const back = compareResults(b, a);
				expect(back.overall.change).toBe(
					ab.overall.change === null ? null : ab.overall.change === 0 ? 0 : -ab.overall.change
				);
				expect(back.overall.direction).toBe(MIRROR[ab.overall.direction]);
				expect(back.hardStops).toEqual({
					added: ab.hardStops.removed,
					removed: ab.hardStops.added
				});
			}),
			{ numRuns: 300 }
		);
	});

	it('agrees with the figures as shown: the change is the difference of the rounded scores', () => {
		fc.assert(
			fc.property(
				fc.array(fc.option(fc.double({ min: -3, max: 2, noNaN: true }), { nil: null }), {
					minLength: 2,
					maxLength: 2
				}),
				([x, y]) => {
					const [c] = compareDomains(
						[{ id: 'a', title: 'A', score: x ?? null }],
						[{ id: 'a', title: 'A', score: y ?? null }]
					);
					if (x == null || y == null) {
						expect(c?.direction).toBe('not comparable');
						return;
					}
					expect(c?.change).toBeCloseTo(round1(y) - round1(x), 10);
					expect(c?.direction).toBe(
						formatScore(x) === formatScore(y) ? 'same' : round1(y) > round1(x) ? 'better' : 'worse'
					);
				}
			),
			{ numRuns: 500 }
		);
	});

	it('never writes a hyphen for a minus sign', () => {
		fc.assert(
			fc.property(arbitraryResult(), arbitraryResult(), (a, b) => {
				const text = [...compareResults(a, b).sentences, domainSummary(a)].join(' ');
				expect(text).not.toMatch(/-\d/);
			}),
			{ numRuns: 200 }
		);
	});
});
