// Lint is a gate, not advice: `npm run lint` allows zero warnings, and `npm test` runs it.
// Besides the usual checks, the import rules below keep Homeward's arrows pointing one way
// (see CONTRIBUTING.md): UI → app use cases / flow → domain; storage stores domain types;
// nothing in the domain imports outward. A wrong arrow fails CI rather than waiting for review.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import { boundaries } from './eslint.boundaries.js';

export default defineConfig(
	globalIgnores([
		'build/',
		'.svelte-kit/',
		'**/node_modules/',
		'test-results/',
		'static/',
		'tests/bench/peer/site/'
	]),
	js.configs.recommended,
	ts.configs.recommendedTypeChecked,
	svelte.configs.recommended,
	svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: true,
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte']
			}
		},
		linterOptions: { reportUnusedDisableDirectives: 'error' },
		rules: {
			// A promise nobody awaits loses its error: a failed save would go unreported.
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
			],
			// Homeward is a static app served from the origin's root (no kit.paths.base), and every
			// link is a literal path: resolve() would wrap each of them and change nothing.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: { parser: ts.parser, svelteConfig }
		}
	},
	{
		// Plain config files are not in the TypeScript project, and SvelteKit's generated tsconfig
		// leaves the service worker out (it is typed against its own `webworker` lib).
		files: ['**/*.js', 'src/service-worker.ts'],
		extends: [ts.configs.disableTypeChecked]
	},
	{
		// Tests build deliberately broken rules files and exports, and read the CLI's JSON output:
		// untyped data is what they are about. The promise rules above still apply to them.
		files: ['tests/**'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
			// They also reproduce IndexedDB's own rejections, whose reason is `DOMException | null`.
			'@typescript-eslint/prefer-promise-reject-errors': 'off'
		}
	},
	...boundaries
);
