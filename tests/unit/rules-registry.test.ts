/**
 * The rules the app is built with: the content hash computed at build time (vite.config.ts) is
 * the one the command line computes from the file, and the first page's small index says the
 * same as the full rules it stands for.
 */
import { describe, expect, it } from 'vitest';
import { listRulesFiles, loadRulesFile } from '../../src/cli/rules-files.ts';
import { contentHash } from '../../src/lib/domain/hash.ts';
import { rulesIndexEntry } from '../../src/lib/domain/rules-index.ts';
import { allRules, currentRules } from '../../src/lib/rules-registry.ts';
import { bandName, currentRulesIndex, rulesIndex } from '../../src/lib/rules-index.ts';
import { UNKNOWN_BAND_LABEL } from '../../src/lib/domain/wording.ts';

const fromFiles = listRulesFiles().map((f) => loadRulesFile(f));

describe('the rules built into the app', () => {
	it('are every file under rules/, oldest first', () => {
		expect(allRules.map((r) => r.data.version)).toEqual(
			fromFiles.map((r) => r.data.version).sort()
		);
		expect(allRules.length).toBeGreaterThanOrEqual(2);
	});

	it.each(fromFiles.map((r) => [r.data.version, r] as const))(
		'%s carries the hash the command line computes from the file',
		(version, cli) => {
			const built = allRules.find((r) => r.data.version === version)!;
			expect(built.hash).toBe(cli.hash);
			expect(built.hash).toBe(contentHash(built.data));
			expect(built.data).toEqual(cli.data);
		}
	);
});

describe("the first page's rules index", () => {
	it('has one entry per built-in rules file, equal to the index of the full rules', () => {
		expect(rulesIndex).toHaveLength(allRules.length);
		for (const rules of allRules) {
			const entry = rulesIndex.find((e) => e.version === rules.data.version);
			expect(entry).toEqual(rulesIndexEntry(rules.data, rules.hash));
		}
	});

	it('names the same current version as the full registry', () => {
		expect(currentRulesIndex.version).toBe(currentRules.data.version);
		expect(currentRulesIndex.hash).toBe(currentRules.hash);
	});

	it('names every band of every version as the rules do', () => {
		for (const rules of allRules)
			for (const band of rules.data.bands)
				expect(bandName(rules.data.id, rules.data.version, band.id)).toBe(band.label);
	});

	it('names no band for an assessment without one, and never shows an unknown id raw', () => {
		expect(bandName(currentRules.data.id, currentRules.data.version, null)).toBe('');
		expect(bandName(currentRules.data.id, currentRules.data.version, '<b>x</b>')).toBe(
			UNKNOWN_BAND_LABEL
		);
		expect(bandName(currentRules.data.id, '0.0.0', 'ready')).toBe(UNKNOWN_BAND_LABEL);
	});
});
