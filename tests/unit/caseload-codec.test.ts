/**
 * The stored caseload digest (domain/caseload-codec.ts): every digest survives the round trip,
 * and the hand-written decoder accepts nothing the zod schema (the digest's specification) would
 * refuse: a damaged or older string decodes to null, so the digest is recomputed, never misread.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	decodeCaseloadEntry,
	encodeCaseloadEntry,
	type CaseloadEntry
} from '../../src/lib/domain/caseload-codec.ts';
import {
	CaseloadDigestSchema,
	DIGEST_VERSION,
	type CaseloadDigest
} from '../../src/lib/domain/caseload-digest.ts';
import { caseloadDigest } from '../../src/lib/domain/caseload-record.ts';
import {
	NOT_PROVIDED_REASONS,
	OTHER_PLANS,
	OUTCOMES,
	RE_ENTRY_NEED,
	RETURNED_TO,
	REVIEW_NEXT,
	SUPPORT_STATES
} from '../../src/lib/domain/follow-up.ts';
import { STATUSES } from '../../src/lib/domain/lifecycle.ts';
import { extremeAnswers } from '../../src/lib/domain/answers.ts';
import { assess } from '../../src/lib/domain/engine.ts';
import { CURRENT_RULES_FILE, loadRealRules } from '../helpers.ts';
import { fictionalRecord } from '../fixtures/records.ts';
import { digest } from '../fixtures/caseload.ts';

const rules = loadRealRules(CURRENT_RULES_FILE);

const day = fc
	.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
	.map((d) => d.toISOString().slice(0, 10));
const code = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const text = fc.string({ maxLength: 12 });
// (+0, never -0, which JSON writes as 0.)
const money = fc.oneof(fc.nat(5000), fc.double({ min: 0, max: 5000, noNaN: true }).map(Math.abs));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const digestArb: fc.Arbitrary<CaseloadDigest> = fc.record({
	rules: fc.record({ id: code, version: fc.constantFrom('1.0.0', '1.1.0', '1.2.0') }),
	status: fc.constantFrom(...STATUSES),
	created: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
	assessed: maybe(day),
	ageBand: fc.constantFrom('', 'under-1', '5-10'),
	legalStatus: fc.constantFrom('', 'care-order', 'section-20'),
	scored: maybe(code),
	decided: maybe(code),
	override: fc.boolean(),
	approvalNeeded: fc.boolean(),
	decidedOn: maybe(day),
	signedOn: maybe(day),
	placement: maybe(fc.record({ id: code, weeklyCost: money, own: fc.boolean() })),
	plan: fc.array(
		fc.record({
			key: code,
			service: fc.oneof(code, fc.constant('own')),
			phase: fc.constantFrom('before-return', 'at-return', 'after-return'),
			weeks: fc.nat(156),
			weeklyCost: money
		}),
		{ maxLength: 12 }
	),
	support: fc.array(
		fc.record({
			item: code,
			state: fc.constantFrom(...SUPPORT_STATES),
			started: maybe(day),
			ended: maybe(day),
			reason: maybe(fc.constantFrom(...NOT_PROVIDED_REASONS))
		}),
		{ maxLength: 5 }
	),
	returned: maybe(
		fc.record({
			kind: fc.constantFrom('home' as const, 'other-plan' as const),
			date: day,
			planned: maybe(fc.boolean()),
			returnedTo: maybe(fc.constantFrom(...RETURNED_TO)),
			plan: maybe(fc.constantFrom(...OTHER_PLANS))
		})
	),
	reviews: fc.array(
		fc.record({
			date: day,
			due: maybe(fc.oneof(code, fc.constant('review:post-return-review@28'))),
			inPlace: fc.constantFrom('yes' as const, 'partly' as const, 'no' as const),
			newConcerns: fc.boolean(),
			next: fc.constantFrom(...REVIEW_NEXT)
		}),
		{ maxLength: 4 }
	),
	outcomes: fc.array(
		fc.record({
			check: code,
			date: day,
			outcome: fc.constantFrom(...OUTCOMES),
			reEntry: maybe(
				fc.record({ date: day, planned: fc.boolean(), need: fc.constantFrom(...RE_ENTRY_NEED) })
			)
		}),
		{ maxLength: 3 }
	),
	closed: maybe(day),
	schedule: maybe(
		fc.record({
			assessmentDate: maybe(day),
			decisionDate: maybe(day),
			returnDate: maybe(day),
			otherPlanDate: maybe(day),
			reviewsBeforeReturn: fc.constantFrom('all' as const, 'until-return' as const)
		})
	)
});

const entryArb: fc.Arbitrary<CaseloadEntry> = fc.record({
	caseRef: text,
	reviewOf: maybe(code),
	supersedes: maybe(code),
	digest: digestArb
});

/** Some value in place of one element of the stored array, at any depth. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
	if (path.length === 0 || !Array.isArray(value) || value.length === 0) return replacement;
	const [at, ...rest] = path;
	const i = at! % value.length;
	return value.map((v, j) => (j === i ? mutate(v, rest, replacement) : v));
}

describe('the stored caseload digest', () => {
	it('gives back every entry it stores, exactly', () => {
		fc.assert(
			fc.property(entryArb, (entry) => {
				const stored = encodeCaseloadEntry(entry);
				expect(decodeCaseloadEntry(stored)).toEqual(entry);
				expect(CaseloadDigestSchema.safeParse(entry.digest).success).toBe(true);
			}),
			{ numRuns: 500 }
		);
	});

	it('gives back the digest of a stored assessment, with its plan', () => {
		const answers = extremeAnswers(rules, 'best', (_id, v) => (v.includes('no') ? 'no' : v[0]!), {
			'age-band': '5-10',
			'legal-status': 'care-order'
		});
		const band = assess(rules, answers, { today: '2026-11-23' }).band!;
		const record = fictionalRecord(rules, {
			answers,
			status: 'signed',
			band,
			decision: { kind: 'agree', computedBand: band, decidedAt: '2026-11-23T10:00:00.000Z' }
		});
		const d = caseloadDigest(record, rules);
		expect(d.plan.length).toBeGreaterThan(0);
		const entry = { caseRef: 'FICT-1', reviewOf: null, supersedes: 'FICT-older', digest: d };
		const stored = encodeCaseloadEntry(entry);
		expect(decodeCaseloadEntry(stored)).toEqual(entry);
		// Less than half the size of the same digest as an object.
		expect(stored.length).toBeLessThan(JSON.stringify(d).length / 2);
	});

	it('is a short string of codes and numbers: no field names', () => {
		const stored = encodeCaseloadEntry({
			caseRef: 'FICT-1',
			reviewOf: null,
			supersedes: null,
			digest: digest()
		});
		expect(stored.startsWith(`[${DIGEST_VERSION},`)).toBe(true);
		expect(stored).not.toContain('legalStatus');
	});

	it.each([
		['nothing', undefined],
		['a number', 2],
		['the version 1 object', { v: 1, ...digest() }],
		['a version 1 string', JSON.stringify([1, 'FICT-1'])],
		[
			'a cut-off string',
			encodeCaseloadEntry({
				caseRef: 'F',
				reviewOf: null,
				supersedes: null,
				digest: digest()
			}).slice(0, -3)
		],
		[
			'an unknown status',
			encodeCaseloadEntry({
				caseRef: 'F',
				reviewOf: null,
				supersedes: null,
				digest: digest()
			}).replace('"signed"', '"sealed"')
		],
		[
			'one field too many',
			encodeCaseloadEntry({
				caseRef: 'F',
				reviewOf: null,
				supersedes: null,
				digest: digest()
			}).replace(/]$/, ',null]')
		]
	])('reads %s as no digest', (_name, stored) => {
		expect(decodeCaseloadEntry(stored)).toBeNull();
	});

	it('accepts nothing the digest’s schema would refuse, whatever is changed in a stored one', () => {
		const replacement = fc.oneof(
			fc.constant(null),
			fc.boolean(),
			fc.integer({ min: -5, max: 5 }),
			fc.string({ maxLength: 6 }),
			day,
			fc.constantFrom(...STATUSES, ...OUTCOMES, ...SUPPORT_STATES, 'home', 'all'),
			fc.array(fc.oneof(fc.constant(null), fc.string({ maxLength: 3 }), fc.nat(3)), {
				maxLength: 5
			})
		);
		fc.assert(
			fc.property(
				entryArb,
				fc.array(fc.nat(30), { minLength: 1, maxLength: 4 }),
				replacement,
				(entry, path, value) => {
					const array = JSON.parse(encodeCaseloadEntry(entry)) as unknown[];
					// The version stays: another version is refused before anything else is read.
					const changed = [array[0], ...(mutate(array.slice(1), path, value) as unknown[])];
					const decoded = decodeCaseloadEntry(JSON.stringify(changed));
					if (decoded === null) return;
					expect(CaseloadDigestSchema.safeParse(decoded.digest).success).toBe(true);
					expect(typeof decoded.caseRef).toBe('string');
				}
			),
			{ numRuns: 2000 }
		);
	});
});
