import { describe, expect, it } from 'vitest';
import { pageTitle } from '../../src/lib/components/layout/page-title.ts';

describe('page titles', () => {
	it.each([
		['Support plan', false, 'Support plan – Homeward'],
		['Support plan', true, 'Error: Support plan – Homeward'],
		[
			'Change “Family support worker” – Support plan',
			true,
			'Error: Change “Family support worker” – Support plan – Homeward'
		]
	])('"%s" with errors %s is titled "%s"', (title, errors, want) => {
		expect(pageTitle(title, errors)).toBe(want);
	});
});
