// The import boundaries between Homeward's layers, as lint rules (used by eslint.config.js and
// proved to fire by tests/unit/boundaries.test.ts). Flat config replaces a rule's options rather
// than merging them, so each layer's files get one complete list: the restrictions every file
// shares plus that layer's own. The layers' file globs do not overlap.

/** Chart.js is ~48 KiB gzip: it must load with `import('chart.js')` on the pages that draw. */
const chartJs = [
	{
		name: 'chart.js',
		allowTypeImports: true,
		message: "Load Chart.js lazily with import('chart.js') so it stays out of the first page load."
	}
];
const chartJsPatterns = [
	{
		group: ['chart.js/*'],
		allowTypeImports: true,
		message: "Load Chart.js lazily with import('chart.js') so it stays out of the first page load."
	}
];

const dexie = {
	name: 'dexie',
	message: 'Only src/lib/storage touches IndexedDB: go through a use case in $lib/app.'
};

/**
 * A layer's folders, matched against the import specifier.
 * @param {string[]} names
 * @param {string} message
 */
const layer = (names, message, allowTypeImports = false) => ({
	// `$lib/storage/…` or a relative `../storage/…`, `../../lib/storage/…`
	regex: `^(\\$lib/|(\\.\\.?/)+(lib/)?)(${names.join('|')})(/|$)`,
	message,
	allowTypeImports
});

/**
 * @param {object[]} paths
 * @param {object[]} patterns
 * @returns {import('eslint').Linter.RulesRecord}
 */
const restrict = (paths, patterns) => ({
	'@typescript-eslint/no-restricted-imports': [
		'error',
		{ paths: [...chartJs, ...paths], patterns: [...chartJsPatterns, ...patterns] }
	]
});

/**
 * Reading the clock or making an id belongs to the composition root ($lib/app/context.ts).
 * @param {string} where
 * @returns {import('eslint').Linter.RuleEntry}
 */
const clockAndIds = (where) => [
	'error',
	{
		selector: "NewExpression[callee.name='Date'][arguments.length=0]",
		message: `${where} does not read the clock: take \`today\`/\`now\` from the caller (the clock lives in $lib/app).`
	},
	{
		selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
		message: `${where} does not read the clock: take \`today\`/\`now\` from the caller (the clock lives in $lib/app).`
	},
	{
		selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
		message: `${where} does not make ids or random numbers: use \`newId\` from $lib/app.`
	},
	{
		selector: "MemberExpression[object.name='crypto'][property.name='randomUUID']",
		message: `${where} does not make ids: use \`newId\` from $lib/app.`
	}
];

const svelteRuntime = [
	{ name: 'svelte', message: 'The domain is plain TypeScript: no Svelte.' },
	{ name: 'xstate', message: 'The domain is plain TypeScript: XState machines live in $lib/flow.' },
	dexie
];
const sveltePatterns = {
	group: ['svelte/*', '$app/*', '*.svelte'],
	message: 'The domain is plain TypeScript: no Svelte or SvelteKit.'
};

/** @type {import('eslint').Linter.Config[]} */
export const boundaries = [
	{
		name: 'homeward/boundaries/domain',
		files: ['src/lib/domain/**'],
		rules: {
			...restrict(svelteRuntime, [
				sveltePatterns,
				layer(
					['flow', 'storage', 'app', 'components'],
					'The domain imports nothing outward: move the shared type or rule into src/lib/domain.'
				)
			]),
			'no-restricted-syntax': clockAndIds('The domain')
		}
	},
	{
		name: 'homeward/boundaries/flow',
		files: ['src/lib/flow/**'],
		rules: {
			...restrict(
				[dexie],
				[
					{
						group: ['svelte/*', '$app/*', '*.svelte'],
						message: 'Flow machines are pure: no Svelte or SvelteKit.'
					},
					layer(
						['storage', 'app', 'components'],
						'Flow imports only the domain: take what it needs from src/lib/domain.'
					)
				]
			),
			'no-restricted-syntax': clockAndIds('A flow machine')
		}
	},
	{
		name: 'homeward/boundaries/storage',
		files: ['src/lib/storage/**'],
		rules: restrict(
			[],
			[
				{
					group: ['svelte', 'svelte/*', '$app/*', '*.svelte'],
					message: 'Storage is plain TypeScript: no Svelte or SvelteKit.'
				},
				layer(
					['flow', 'app', 'components'],
					'Storage stores domain types and decides no business rule: it imports only the domain.'
				)
			]
		)
	},
	{
		name: 'homeward/boundaries/ui',
		files: ['src/lib/components/**', 'src/routes/**'],
		rules: {
			...restrict(
				[dexie],
				[
					layer(
						['storage'],
						'Components and routes do not reach into storage: call a use case in $lib/app (types may be imported).',
						true
					)
				]
			),
			'no-restricted-syntax': clockAndIds('A component or route'),
			'no-restricted-globals': [
				'error',
				{ name: 'indexedDB', message: 'Only src/lib/storage touches IndexedDB.' }
			]
		}
	},
	{
		name: 'homeward/boundaries/rest',
		files: ['src/**', 'tests/**'],
		ignores: [
			'src/lib/domain/**',
			'src/lib/flow/**',
			'src/lib/storage/**',
			'src/lib/components/**',
			'src/routes/**'
		],
		rules: restrict([], [])
	}
];
