/**
 * The layer boundaries in eslint.boundaries.js, proved to fire (and not to fire) on small samples,
 * so a rule that silently stops matching — a renamed folder, a changed glob — fails here.
 */
import { Linter } from 'eslint';
import svelteParser from 'svelte-eslint-parser';
import ts from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { boundaries } from '../../eslint.boundaries.js';

const linter = new Linter({ configType: 'flat', cwd: process.cwd() });
const config: Linter.Config[] = [
	{
		files: ['**/*.ts'],
		languageOptions: { parser: ts.parser },
		plugins: { '@typescript-eslint': ts.plugin }
	},
	{
		files: ['**/*.svelte'],
		languageOptions: {
			parser: svelteParser,
			parserOptions: { parser: ts.parser }
		},
		plugins: { '@typescript-eslint': ts.plugin }
	},
	...boundaries
];

/** The rule ids that fire on `code` as if it were the file `filename`. */
function fired(filename: string, code: string): string[] {
	const messages = linter.verify(code, config, { filename });
	const fatal = messages.find((m) => m.fatal);
	if (fatal) throw new Error(`${filename}: ${fatal.message}`);
	return [...new Set(messages.map((m) => m.ruleId ?? ''))];
}

const IMPORTS = '@typescript-eslint/no-restricted-imports';
const SYNTAX = 'no-restricted-syntax';

describe('the import boundaries between layers', () => {
	it.each([
		['the domain importing Svelte', 'src/lib/domain/x.ts', "import { tick } from 'svelte';"],
		[
			'the domain importing SvelteKit',
			'src/lib/domain/x.ts',
			"import { goto } from '$app/navigation';"
		],
		['the domain importing Dexie', 'src/lib/domain/x.ts', "import Dexie from 'dexie';"],
		['the domain importing XState', 'src/lib/domain/x.ts', "import { setup } from 'xstate';"],
		[
			'the domain importing storage',
			'src/lib/domain/x.ts',
			"import { a } from '../storage/record.ts';"
		],
		[
			'the domain importing a storage type',
			'src/lib/domain/x.ts',
			"import type { A } from '$lib/storage/record.ts';"
		],
		[
			'the domain importing the flow',
			'src/lib/domain/x.ts',
			"import { a } from '../flow/wizard.ts';"
		],
		[
			'the domain importing a use case',
			'src/lib/domain/x.ts',
			"import { a } from '$lib/app/index.ts';"
		],
		[
			'the flow importing storage',
			'src/lib/flow/x.ts',
			"import { a } from '../storage/record.ts';"
		],
		['the flow importing Dexie', 'src/lib/flow/x.ts', "import Dexie from 'dexie';"],
		[
			'storage importing a use case',
			'src/lib/storage/x.ts',
			"import { a } from '../app/context.ts';"
		],
		['a route importing Dexie', 'src/routes/x/+page.ts', "import Dexie from 'dexie';"],
		[
			'a route importing storage',
			'src/routes/x/+page.ts',
			"import { a } from '$lib/storage/db.ts';"
		],
		[
			'a component importing storage',
			'src/lib/components/x/X.svelte',
			'<script lang="ts">import { AssessmentStore } from \'$lib/storage/assessments.ts\';</script>'
		],
		[
			'a static Chart.js import',
			'src/lib/components/x/chart.ts',
			"import { Chart } from 'chart.js';"
		],
		['Chart.js/auto', 'src/lib/components/x/chart.ts', "import Chart from 'chart.js/auto';"],
		['a static Chart.js import outside the UI', 'src/lib/x.ts', "import { Chart } from 'chart.js';"]
	])('forbids %s', (_, file, code) => {
		expect(fired(file, code)).toContain(IMPORTS);
	});

	it.each([
		['the domain importing the domain', 'src/lib/domain/x.ts', "import { a } from './engine.ts';"],
		[
			'the flow importing the domain',
			'src/lib/flow/x.ts',
			"import { a } from '../domain/engine.ts';"
		],
		[
			'storage importing the domain',
			'src/lib/storage/x.ts',
			"import { a } from '../domain/assessment.ts';"
		],
		[
			'a use case importing storage',
			'src/lib/app/x.ts',
			"import { a } from '../storage/assessments.ts';"
		],
		[
			'a route importing a use case',
			'src/routes/x/+page.ts',
			"import { a } from '$lib/app/index.ts';"
		],
		[
			'a component importing a storage type',
			'src/lib/components/x/x.ts',
			"import type { A } from '$lib/storage/record.ts';"
		],
		[
			'a type-only Chart.js import',
			'src/lib/components/x/chart.ts',
			"import type { Chart } from 'chart.js';"
		],
		[
			'Chart.js loaded lazily',
			'src/lib/components/x/chart.ts',
			"export const load = () => import('chart.js');"
		]
	])('allows %s', (_, file, code) => {
		expect(fired(file, code)).toEqual([]);
	});
});

describe('the clock and ids stay out of the domain, the flow and the UI', () => {
	it.each([
		['src/lib/domain/x.ts', 'export const t = new Date();'],
		['src/lib/flow/x.ts', 'export const t = Date.now();'],
		['src/routes/x/+page.ts', 'export const id = Math.random();'],
		['src/lib/components/x/x.ts', 'export const id = crypto.randomUUID();'],
		['src/lib/components/x/X.svelte', '<script lang="ts">const t = new Date();</script>']
	])('%s may not read the clock or make an id', (file, code) => {
		expect(fired(file, code)).toContain(SYNTAX);
	});

	it.each([
		['src/lib/domain/x.ts', "export const d = new Date('2026-01-01T00:00:00Z');"],
		['src/lib/app/x.ts', 'export const now = () => new Date();'],
		['src/lib/app/x.ts', 'export const id = () => crypto.randomUUID();']
	])('%s may parse a date or own the clock', (file, code) => {
		expect(fired(file, code)).toEqual([]);
	});
});
