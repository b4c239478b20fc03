import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT } from '../helpers.ts';
import { completeAssessment } from './support.ts';
import { ROUTE_ANNOUNCER_STYLE } from '../../svelte.config.js';

// All case details here are fictional.

test('a full assessment makes no request to any other origin and breaks no rule of the CSP', async ({
	page,
	baseURL
}) => {
	test.setTimeout(120_000);
	const origin = new URL(baseURL!).origin;
	const requests: string[] = [];
	page.on('request', (request) => requests.push(request.url()));
	const problems: string[] = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
	});
	page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
	// Every violation of the policy, reported by the page itself (before any of its scripts run).
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
		document.addEventListener('securitypolicyviolation', (e) =>
			seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`)
		);
	});

	await page.goto('/');
	const policy =
		(await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')) ??
		'';
	for (const directive of [
		"default-src 'self'",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'"
	]) {
		expect(policy).toContain(directive);
	}
	// Styles: this origin, and on the prerendered first page its one inline stylesheet, by the hash
	// of exactly that text (svelte.config.js, inlineStyleThreshold).
	const styleSrc = /style-src 'self'((?: 'sha256-[A-Za-z0-9+/=]+')*);/.exec(policy);
	expect(styleSrc, policy).not.toBeNull();
	const inline = await page.locator('head style').allTextContents();
	expect(inline).toHaveLength(1);
	expect([...styleSrc![1]!.matchAll(/'sha256-([^']+)'/g)].map((m) => m[1])).toEqual(
		inline.map((css) => createHash('sha256').update(css).digest('base64'))
	);
	// Only this origin and SvelteKit's own start-up script (by its hash): no inline script, no eval.
	expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+';/);
	expect(policy).not.toContain('unsafe-inline');
	expect(policy).not.toContain('unsafe-eval');
	await completeAssessment(page, 'FICT-CSP-1');
	// The panel summary: the chart (Chart.js, loaded on demand) and the printed page footer.
	await page.getByTestId('summary-link').click();
	await expect(page.locator('[data-testid="domain-chart"][data-drawn="true"]')).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	await page.emulateMedia({ media: 'screen' });
	expect(
		await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)
	).toEqual([]);
	await page.goto('/');
	await page.getByRole('link', { name: 'Export FICT-CSP-1' }).click();
	await page.check('#protect-2');
	await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export' }).click()
	]);
	await page.goto('/data');
	await expect(page.getByTestId('assessment-count')).toHaveText('1 assessment: 1 signed off');

	const violations = await page.evaluate(
		() => (window as unknown as { __cspViolations: string[] }).__cspViolations
	);
	expect(violations).toEqual([]);
	expect(problems).toEqual([]);
	expect(requests.length).toBeGreaterThan(0);
	expect(
		requests.filter(
			(url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:')
		)
	).toEqual([]);
});

test('the built pages hold no inline event handlers and no style attributes', async () => {
	const html: string[] = [];
	async function walk(dir: string) {
		for (const entry of await readdir(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) await walk(path);
			else if (entry.name.endsWith('.html')) html.push(await readFile(path, 'utf8'));
		}
	}
	await walk(join(ROOT, 'build'));
	expect(html.length).toBeGreaterThan(0);
	for (const page of html) {
		expect(page).not.toMatch(/\son[a-z]+\s*=/i);
		expect(page).not.toMatch(/\sstyle\s*=/i);
		expect(page).toContain('http-equiv="content-security-policy"');
	}
});

test('the one inline style allowed is exactly the one on SvelteKit’s route announcer', async () => {
	const source = await readFile(
		join(ROOT, 'node_modules/@sveltejs/kit/src/core/sync/write_root.js'),
		'utf8'
	);
	const style = /id="svelte-announcer"[^>]*\sstyle="([^"]+)"/.exec(source)?.[1];
	expect(style).toBeDefined();
	expect(`sha256-${createHash('sha256').update(style!).digest('base64')}`).toBe(
		ROUTE_ANNOUNCER_STYLE
	);
});
