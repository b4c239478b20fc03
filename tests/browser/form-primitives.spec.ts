/**
 * The axe check for every example of every GOV.UK form primitive (the same examples as the
 * component test, tests/unit/form-primitives.test.ts), rendered by Svelte and styled with the
 * built app's own CSS, so colour contrast and focus styles are checked as users see them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { FORM_EXAMPLES, renderExample } from '../form-examples.ts';
import { ROOT } from '../helpers.ts';
import { checkPage } from './support.ts';

const ASSETS = join(ROOT, 'build/_app/immutable/assets');
const css = () =>
	readdirSync(ASSETS)
		.filter((f) => f.endsWith('.css'))
		.map((f) => readFileSync(join(ASSETS, f), 'utf8'))
		.join('\n');

for (const example of FORM_EXAMPLES) {
	test(`form primitive: ${example.name} has no accessibility violations`, async ({ page }) => {
		const html = await renderExample(example);
		await page.setContent(
			`<!doctype html><html lang="en" class="govuk-template"><head><meta charset="utf-8"><title>${example.name} – form examples</title></head>` +
				`<body class="govuk-template__body govuk-frontend-supported"><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">` +
				`<h1 class="govuk-heading-l">${example.name}</h1>${html}</main></div></body></html>`
		);
		await page.addStyleTag({ content: css() });
		await checkPage(page, `form primitive: ${example.name}`);
	});
}
