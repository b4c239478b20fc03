import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenCases, goldenDigest, LEGACY_FILE } from '../fixtures/golden/cases.ts';
import { ROOT } from '../helpers.ts';

// Written by tests/fixtures/golden/make-1.0.0.ts with the engine as it was before rules 1.1.0.
const golden = JSON.parse(
	readFileSync(join(ROOT, 'tests/fixtures/golden/golden-1.0.0.json'), 'utf8')
) as { name: string; band: string | null; digest: string }[];

describe('assessments pinned to rules 1.0.0 score exactly as before 1.1.0', () => {
	it('the rules 1.0.0 file is byte for byte as published', () => {
		const text = readFileSync(join(ROOT, LEGACY_FILE), 'utf8');
		// SHA-256 of the file as published; a changed 1.0.0 would move every pinned assessment.
		expect(createHash('sha256').update(text).digest('hex')).toBe(
			'618996ed7cdb1d49c7831cb4fbf698a6881a77bac86d5514f0dfd5b078bfedce'
		);
		expect(goldenCases()).toHaveLength(golden.length);
	});

	it.each(goldenCases().map((c, i) => [c.name, c, golden[i]!] as const))(
		'%s: same band and the same result, field for field',
		(_name, c, want) => {
			expect(goldenDigest(c)).toEqual(want);
		}
	);
});
