/**
 * The GOV.UK form primitives, rendered from their examples (the same ones the axe check uses):
 * every label belongs to its input, every aria-describedby points at something on the page, and
 * an error is shown, announced ("Error:") and styled the GOV.UK way.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORM_EXAMPLES, renderExample } from '../form-examples.ts';
import { ROOT } from '../helpers.ts';

const ids = (html: string) => new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
const attr = (html: string, name: string) =>
	[...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1] ?? '');

describe.each(FORM_EXAMPLES.map((e) => [e.name, e] as const))('%s', (_, example) => {
	it('describes itself only with elements that exist', async () => {
		const html = await renderExample(example);
		const present = ids(html);
		for (const list of attr(html, 'aria-describedby'))
			for (const id of list.split(' ')) expect(present).toContain(id);
	});

	it('labels every input it has', async () => {
		const html = await renderExample(example);
		const present = ids(html);
		for (const target of attr(html, 'for')) expect(present).toContain(target);
		const inputs = [...html.matchAll(/<(?:input|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
		const labelled = new Set(attr(html, 'for'));
		for (const id of inputs) expect(labelled).toContain(id);
	});

	const error = (example.props.error ?? example.props.message) as string | undefined;
	if (example.component !== 'ErrorSummary')
		it(error ? 'shows and announces its error' : 'shows no error', async () => {
			const html = await renderExample(example);
			if (error) {
				expect(html).toContain('govuk-error-message');
				expect(html).toContain('<span class="govuk-visually-hidden">Error:</span>');
				expect(html).toContain(error);
			} else expect(html).not.toContain('govuk-error-message');
		});
});

describe('the error summary', () => {
	it.each([
		['error summary with two errors', 2],
		['error summary with no errors', 0]
	])('%s links to each field', async (name, count) => {
		const example = FORM_EXAMPLES.find((e) => e.name === name)!;
		const html = await renderExample(example);
		expect(attr(html, 'href').filter((h) => h.startsWith('#'))).toHaveLength(count);
		if (count > 0) expect(html).toContain('There is a problem');
	});

	it('has an example for every primitive', () => {
		const primitives = readdirSync(join(ROOT, 'src/lib/components/form'))
			.filter((f) => f.endsWith('.svelte'))
			.map((f) => f.replace(/\.svelte$/, ''));
		expect(new Set(FORM_EXAMPLES.map((e) => e.component))).toEqual(new Set(primitives));
	});
});

describe('variants a page chooses', () => {
	it.each([
		['password field for a new passphrase', ['type="password"', 'autocomplete="new-password"']],
		['password field with an error', ['type="password"', 'autocomplete="current-password"']],
		['text field', ['type="text"', 'class="govuk-label govuk-label--s"']],
		['textarea with a hint, rows and a value', ['rows="3"', 'Fictional: the parent asked']],
		['textarea with an error', ['govuk-textarea--error', 'rows="5"']],
		['textarea, read-only', ['readonly']],
		[
			'radios with an "or" divider before a neutral answer',
			['<h2 class="govuk-fieldset__heading">', '<div class="govuk-radios__divider">or</div>']
		],
		[
			'radios with a hint on each option',
			['aria-describedby="keep-0-hint"', 'id="keep-1-hint"', 'govuk-visually-hidden']
		],
		[
			'radios with a conditional reveal, closed',
			[
				'aria-controls="protect-conditional"',
				'id="protect-conditional"',
				'govuk-radios__conditional--hidden'
			]
		],
		[
			'radios with a conditional reveal, open',
			[
				'aria-controls="protect-open-conditional"',
				'id="protect-words"',
				'<h1 class="govuk-fieldset__heading">'
			]
		],
		[
			'textarea whose label is the page heading',
			['<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l"']
		]
	])('%s renders %j', async (name, expected) => {
		const html = await renderExample(FORM_EXAMPLES.find((e) => e.name === name)!);
		for (const text of expected) expect(html).toContain(text);
	});

	it('reveals nothing of a conditional block while its option is not chosen', async () => {
		const html = await renderExample(
			FORM_EXAMPLES.find((e) => e.name === 'radios with a conditional reveal, closed')!
		);
		expect(html).not.toContain('protect-words');
	});
});
