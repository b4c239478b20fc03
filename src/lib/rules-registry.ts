/**
 * The rules files the app was built with. Each YAML file under rules/ was validated at build time
 * (see vite.config.ts) and arrives here as data; it is parsed again so that types, defaults and the
 * content hash are exactly what the CLI computes for the same file.
 */
import { parseRules, type Rules } from './domain/rules.ts';

const files = import.meta.glob<unknown>('/rules/*/*.yaml', { eager: true, import: 'default' });

function load(): Rules[] {
	return Object.entries(files).map(([path, data]) => {
		const result = parseRules(data);
		if (!result.ok) {
			// Unreachable in a built app (the build fails first); kept so a bad file can never load quietly.
			throw new Error(`${path}: ${result.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
		}
		return result.rules;
	});
}

const semverKey = (v: string) => v.split('.').map((n) => n.padStart(6, '0')).join('.');

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
