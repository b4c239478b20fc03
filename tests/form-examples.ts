/**
 * Renders the form primitives' examples (src/lib/components/form/examples.ts) to HTML with
 * Svelte's own server renderer, for the component test (vitest) and the axe check (Playwright)
 * alike. Playwright cannot load .svelte files, so each component is compiled here, into
 * test-results/ (inside the repository, so the compiled modules find svelte in node_modules).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from 'svelte/compiler';
import type { Component } from 'svelte';
import { render } from 'svelte/server';
import { FORM_EXAMPLES, type FormExample } from '../src/lib/components/form/examples.ts';
import { ROOT } from './helpers.ts';

const SOURCE = join(ROOT, 'src/lib/components/form');
const OUT = join(ROOT, 'test-results/form-examples');

let compiled: Promise<Map<string, unknown>> | null = null;

function compileAll(): Promise<Map<string, unknown>> {
	mkdirSync(OUT, { recursive: true });
	const names = readdirSync(SOURCE).filter((f) => f.endsWith('.svelte'));
	for (const file of names) {
		const source = readFileSync(join(SOURCE, file), 'utf8');
		const { js } = compile(source, { generate: 'server', filename: file, runes: true });
		// Sibling components are compiled beside this one.
		writeFileSync(
			join(OUT, file.replace(/\.svelte$/, '.js')),
			js.code.replace(/\.svelte(['"])/g, '.js$1')
		);
	}
	return Promise.all(
		names.map(async (file) => {
			const url = pathToFileURL(join(OUT, file.replace(/\.svelte$/, '.js'))).href;
			const mod = (await import(url)) as { default: unknown };
			return [file.replace(/\.svelte$/, ''), mod.default] as const;
		})
	).then((entries) => new Map(entries));
}

const noop = () => {};

/** One example's HTML, as the app renders it. */
export async function renderExample(example: FormExample): Promise<string> {
	compiled ??= compileAll();
	const component = (await compiled).get(example.component);
	if (!component) throw new Error(`No form component called ${example.component}.`);
	const props = { onchange: noop, oninput: noop, ...example.props };
	// The compiled module's props are only known at run time: the examples are its typed contract.
	const typed = component as Component<Record<string, unknown>>;
	return render(typed, { props }).body;
}

export { FORM_EXAMPLES };
