import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vitest/config';
import { relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseRulesYaml } from './src/lib/domain/rules-yaml.ts';
import { rulesIndexEntry } from './src/lib/domain/rules-index.ts';
import { scheduleRulesOf } from './src/lib/domain/follow-up-schedule.ts';
import { caseloadRulesOf } from './src/lib/domain/caseload-rules.ts';

/**
 * Rules files are YAML for the people who edit them; the browser gets JSON. Each `rules/**\/*.yaml`
 * import is validated at build time (the build fails with FILE:LINE:COL messages if it is broken)
 * and becomes a module exporting the validated data (defaults filled in) and its content hash, so
 * the app never fetches, parses, re-validates or hashes YAML at runtime. Imported with `?index`, a
 * rules file becomes its small index instead (the first page's view of it); with `?schedule`, only
 * what is due after a decision needs (its reviews and follow-up block, for summary rows); with
 * `?caseload`, what the caseload view's figures and words need (domain/caseload-rules.ts).
 */
function rulesYaml(): Plugin {
	return {
		name: 'homeward-rules-yaml',
		transform(code, id) {
			const [path = '', query = ''] = id.split('?');
			if (!/\.ya?ml$/.test(path)) return null;
			const file = relative(process.cwd(), path);
			// Other YAML (training scenarios) becomes plain data, validated with zod where it is loaded.
			if (!file.startsWith(`rules${sep}`))
				return { code: `export default ${JSON.stringify(parseYaml(code))};`, map: null };
			const result = parseRulesYaml(code, file);
			if (!result.ok) this.error(`\n${result.errors.join('\n')}`);
			const { data, hash } = result.rules;
			// `?index`: only what the first page needs (see domain/rules-index.ts).
			if (query === 'index')
				return {
					code: `export default ${JSON.stringify(rulesIndexEntry(data, hash))};`,
					map: null
				};
			// `?schedule`: what summary rows need to say what is due (domain/follow-up-schedule.ts).
			if (query === 'schedule')
				return {
					code: `export default ${JSON.stringify({ id: data.id, version: data.version, schedule: scheduleRulesOf(data) })};`,
					map: null
				};
			// `?caseload`: the caseload view's figures and words (domain/caseload-rules.ts).
			if (query === 'caseload')
				return {
					code: `export default ${JSON.stringify(caseloadRulesOf(data))};`,
					map: null
				};
			// The content hash is computed here, once, rather than in every browser at every load.
			return {
				code: `export default ${JSON.stringify(data)};\nexport const hash = ${JSON.stringify(hash)};`,
				map: null
			};
		}
	};
}

export default defineConfig({
	plugins: [rulesYaml(), sveltekit()],
	server: { port: 5173 },
	preview: { port: 4173 },
	build: { reportCompressedSize: true, sourcemap: process.env.HW_SOURCEMAP === '1' },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node'
	}
});
