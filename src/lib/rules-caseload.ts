/**
 * Each rules version as the caseload view reads it (domain/caseload-rules.ts), built at build time
 * (`?caseload` in vite.config.ts): band order and labels, service names, the schedule after the
 * decision and the reference costs, without the questions, guidance or the engine. The full rules
 * (`rules-registry.ts`) load only when a digest has to be recomputed (app/caseload.ts).
 */
import type { CaseloadRules } from './domain/caseload-rules.ts';
import { newestActive } from './domain/rules-index.ts';

const entries = Object.values(
	import.meta.glob<CaseloadRules>('/rules/*/*.yaml', {
		eager: true,
		query: '?caseload',
		import: 'default'
	})
);

/** The rules new assessments use (the newest active version), as the caseload reads them. */
export const caseloadCurrentRules: CaseloadRules = (() => {
	const newest = newestActive(entries.map((e) => ({ ...e.data, rules: e })));
	if (!newest) throw new Error('No active rules file was built into the app.');
	return newest.rules;
})();

/** The rules `id` `version`, as the caseload reads them; undefined when this build lacks them. */
export const caseloadRulesFor = (id: string, version: string): CaseloadRules | undefined =>
	entries.find((e) => e.data.id === id && e.data.version === version);
