/**
 * The training scenarios built into the app: every `scenarios/*.yaml` file, turned into plain data
 * by the project's Vite plugin (see vite.config.ts) and validated here with `parseScenario`.
 * Works the same in the app and in vitest. No Svelte, DOM or Dexie imports.
 */
import { parseScenario, type FindRules, type Scenario } from './scenario.ts';

const files = import.meta.glob<unknown>('./scenarios/*.yaml', { eager: true, import: 'default' });

export interface LoadedScenarios {
	/** Valid scenarios, in case reference order (TRAIN-01, TRAIN-02, …). */
	scenarios: Scenario[];
	/** One sentence per problem, naming the file and the scenario. */
	errors: string[];
}

/** Validate every scenario file against the rules version it names. Never throws for bad files. */
export function loadScenarios(
	findRules: FindRules,
	sources: Record<string, unknown> = files
): LoadedScenarios {
	const scenarios: Scenario[] = [];
	const errors: string[] = [];
	const byCaseRef = new Map<string, string>();
	for (const [path, data] of Object.entries(sources).sort(([a], [b]) => a.localeCompare(b))) {
		const source = `src/lib/training/${path.replace(/^\.\//, '')}`;
		const result = parseScenario(data, findRules, source);
		if (!result.ok) {
			errors.push(...result.errors);
			continue;
		}
		const { scenario } = result;
		const fileId = path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
		if (scenario.id !== fileId) {
			errors.push(
				`Scenario "${scenario.id}" (${source}): the id must match the file name, "${fileId}".`
			);
			continue;
		}
		const { caseRef } = scenario.caseDetails;
		const other = byCaseRef.get(caseRef);
		if (other !== undefined) {
			errors.push(
				`Scenario "${scenario.id}" (${source}): case reference ${caseRef} is already used by "${other}".`
			);
			continue;
		}
		byCaseRef.set(caseRef, scenario.id);
		scenarios.push(scenario);
	}
	const refNumber = (s: Scenario) => Number(s.caseDetails.caseRef.replace(/^TRAIN-/, ''));
	scenarios.sort((a, b) => refNumber(a) - refNumber(b));
	return { scenarios, errors };
}
