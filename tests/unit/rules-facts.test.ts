import { describe, expect, it } from 'vitest';
import { AGE_BANDS, LEGAL_STATUSES } from '../../src/lib/domain/assessment.ts';
import { CURRENT_RULES_FILE, loadRealRules } from '../helpers.ts';

describe('rules 1.1.0 case facts use the app’s own codes', () => {
	const rules = loadRealRules(CURRENT_RULES_FILE);
	it.each([
		['age-band', AGE_BANDS],
		['legal-status', LEGAL_STATUSES]
	])('%s lists exactly the codes the case details store', (id, codes) => {
		expect(rules.facts.get(id)?.values.map((v) => v.value)).toEqual([...codes]);
	});

	it('every source is dated, and every service cost has a dated source', () => {
		const sources = new Set(rules.data.sources.map((s) => s.id));
		for (const s of rules.data.sources) expect(s.date, s.id).toMatch(/^\d{4}/);
		for (const s of rules.data.support) {
			expect(sources.has(s.costSource ?? ''), s.id).toBe(true);
			expect(s.costDate, s.id).toMatch(/^\d{4}/);
		}
	});
});
