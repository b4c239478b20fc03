import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_1_0_0, FILE_1_1_0, fullCases, fullDigest } from '../fixtures/golden/full-cases.ts';
import { ROOT } from '../helpers.ts';

// SHA-256 of each file as published; a changed file would move every assessment pinned to it.
const PUBLISHED = [
	[FILE_1_0_0, '618996ed7cdb1d49c7831cb4fbf698a6881a77bac86d5514f0dfd5b078bfedce'],
	[FILE_1_1_0, '1d8630f25a478bb25a4a70007b57aa536920c4c92b7494daf02164e601f7b7b8']
] as const;

describe.each(PUBLISHED)(
	'assessments pinned to %s reopen exactly as before rules 1.2.0',
	(file, sha256) => {
		const version = /(\d+\.\d+\.\d+)\.yaml$/.exec(file)![1]!;
		// Written by tests/fixtures/golden/make-full.ts with the engine as it was when 1.2.0 was written.
		const golden = JSON.parse(
			readFileSync(join(ROOT, `tests/fixtures/golden/golden-full-${version}.json`), 'utf8')
		) as { name: string; band: string | null; digest: string }[];
		const cases = fullCases(file);

		it('the rules file is byte for byte as published', () => {
			const text = readFileSync(join(ROOT, file), 'utf8');
			expect(createHash('sha256').update(text).digest('hex')).toBe(sha256);
			expect(cases).toHaveLength(golden.length);
		});

		it.each(cases.map((c, i) => [c.name, c, golden[i]!] as const))(
			'%s: the same result and chosen plan, field for field',
			(_name, c, want) => {
				expect(fullDigest(c)).toEqual(want);
			}
		);
	}
);
