/**
 * The first page's view of the rules files this build has: titles, versions, hashes, sections
 * and band names, computed at build time (`?index` in vite.config.ts). The full rules, with every
 * question, are in `rules-registry.ts`, which the wizard loads.
 */
import { newestActive, type RulesIndexEntry } from './domain/rules-index.ts';
import { bandLabelIn } from './domain/wording.ts';

const entries = Object.values(
	import.meta.glob<RulesIndexEntry>('/rules/*/*.yaml', {
		eager: true,
		query: '?index',
		import: 'default'
	})
);

/** Every rules version shipped with the app. */
export const rulesIndex: readonly RulesIndexEntry[] = entries;

/** The rules new assessments use: the newest active version. */
export const currentRulesIndex: RulesIndexEntry = (() => {
	const newest = newestActive(entries);
	if (!newest) throw new Error('No active rules file was built into the app.');
	return newest;
})();

/** The name of a band under the given rules version; `UNKNOWN_BAND_LABEL` if it has no such band (never the raw id). */
export function bandName(rulesId: string, version: string, band: string | null): string {
	const entry = entries.find((e) => e.id === rulesId && e.version === version);
	return bandLabelIn(entry?.bands, band);
}
