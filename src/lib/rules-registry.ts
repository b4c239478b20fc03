/**
 * The rules files the app was built with. Each YAML file under rules/ was validated with the zod
 * schema and every cross-check at build time (see vite.config.ts: a broken file fails the build) and
 * arrives here as validated data. Compiling it computes the same content hash as the CLI.
 */
import { compileRules, type Rules } from './domain/compile.ts';
import type { RulesData } from './domain/rules-schema.ts';

const files = import.meta.glob<RulesData>('/rules/*/*.yaml', { eager: true, import: 'default' });

function load(): Rules[] {
	return Object.values(files).map((data) => compileRules(data));
}

const semverKey = (v: string) =>
	v
		.split('.')
		.map((n) => n.padStart(6, '0'))
		.join('.');

/** Every rules version shipped with the app, oldest first. */
export const allRules: readonly Rules[] = load().sort((a, b) =>
	semverKey(a.data.version).localeCompare(semverKey(b.data.version))
);

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
