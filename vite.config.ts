import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vitest/config';
import { relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseRulesYaml } from './src/lib/domain/rules-yaml.ts';

/**
 * Rules files are YAML for the people who edit them; the browser gets JSON. Each `rules/**\/*.yaml`
 * import is validated at build time (the build fails with FILE:LINE:COL messages if it is broken)
 * and becomes a module exporting the validated data (defaults filled in), so the app never fetches,
 * parses or re-validates YAML at runtime, and zod stays out of the first page's bundle.
 */
function rulesYaml(): Plugin {
	return {
		name: 'homeward-rules-yaml',
		transform(code, id) {
			if (!/\.ya?ml$/.test(id)) return null;
			const file = relative(process.cwd(), id);
			// Other YAML (training scenarios) becomes plain data, validated with zod where it is loaded.
			if (!file.startsWith(`rules${sep}`))
				return { code: `export default ${JSON.stringify(parseYaml(code))};`, map: null };
			const result = parseRulesYaml(code, file);
			if (!result.ok) this.error(`\n${result.errors.join('\n')}`);
			return { code: `export default ${JSON.stringify(result.rules.data)};`, map: null };
		}
	};
}

export default defineConfig({
	plugins: [rulesYaml(), sveltekit()],
	server: { port: 5173 },
	preview: { port: 4173 },
	build: { reportCompressedSize: true },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node'
	}
});
