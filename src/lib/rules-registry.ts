/**
 * The rules files the app was built with. Each YAML file under rules/ was validated with the zod
 * schema and every cross-check at build time (see vite.config.ts: a broken file fails the build) and
 * arrives here as validated data with its content hash, computed at build time by the same code as
 * the CLI's (a unit test checks they agree).
 */
import { indexRules, type Rules } from './domain/compile.ts';
import { byVersion } from './domain/rules-index.ts';
import type { RulesData } from './domain/rules-schema.ts';

const files = import.meta.glob<{ default: RulesData; hash: string }>('/rules/*/*.yaml', {
	eager: true
});

/** Every rules version shipped with the app, oldest first. */
export const allRules: readonly Rules[] = Object.values(files)
	.map((m) => indexRules(m.default, m.hash))
	.sort((a, b) => byVersion(a.data, b.data));

/** The version new assessments use: the newest active version. */
export const currentRules: Rules = (() => {
	const active = allRules.filter((r) => r.data.status === 'active');
	const newest = active[active.length - 1];
	if (!newest) throw new Error('No active rules file was built into the app.');
	return newest;
})();

/** Find the exact rules an assessment was started with. */
export function findRules(id: string, version: string): Rules | undefined {
	return allRules.find((r) => r.data.id === id && r.data.version === version);
}

/**
 * The exact rules a stored assessment pins: same id, version and content hash. Undefined when this
 * build does not have them, in which case the assessment must not be scored under other rules.
 */
export function pinnedRules(
	pin: { id: string; version: string; hash: string },
	lookup: (id: string, version: string) => Rules | undefined = findRules
): Rules | undefined {
	const rules = lookup(pin.id, pin.version);
	return rules && rules.hash === pin.hash ? rules : undefined;
}
