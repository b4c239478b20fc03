/**
 * `npm run bench:lighthouse` (needs `npm run build`): Lighthouse 12, mobile (its default: a
 * simulated mid-range phone on slow 4G), on every page the README names, as served by `npm start`.
 * Every page is a cold first visit, except those that show an assessment: they are measured on a
 * fictional one made first through the app itself, in a browser profile Lighthouse then reuses
 * (`--disable-storage-reset`), so there the app's cache and service worker are warm. Fetches Lighthouse with
 * npx on first use, so the app's own install does not carry it. Prints the four scores and the
 * paint and blocking figures per page; never asserted (issue 14).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunch } from '../playwright.config.ts';
import { ROOT } from '../helpers.ts';

const PORT = 4393;
const BASE = `http://127.0.0.1:${PORT}`;
const profile = mkdtempSync(join(tmpdir(), 'homeward-lighthouse-'));

const server = spawn(
	process.execPath,
	[join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/serve.ts', '--port', String(PORT)],
	{ cwd: ROOT, stdio: 'ignore' }
);

async function up() {
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(BASE)).ok) return;
		} catch {
			// not yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${BASE} did not answer`);
}

/** A fictional assessment with its case details, made through the app in the reused profile. */
async function seed(): Promise<string> {
	const context = await chromium.launchPersistentContext(profile, chromiumLaunch);
	try {
		const page = await context.newPage();
		await page.goto(`${BASE}/assessment/new`);
		await page.fill('#caseRef', 'FICT-LH-1');
		await page.check('#ageBand-2');
		await page.check('#legalStatus-2');
		await page.fill('#assessorName', 'A. Fictional');
		await page.fill('#assessorRole', 'Social worker');
		await page.fill('#returningTo', 'Mother');
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.waitForURL(/\/assessment\/[0-9a-f-]{36}/);
		const id = /\/assessment\/([0-9a-f-]{36})/.exec(page.url())![1]!;
		await page.waitForTimeout(500);
		return id;
	} finally {
		await context.close();
	}
}

interface Report {
	categories: Record<string, { score: number | null }>;
	audits: Record<string, { displayValue?: string }>;
}

/**
 * A cold visit (Lighthouse's own fresh profile: no cache, no service worker, no data), or, for
 * the pages that show an assessment, a visit in the profile that holds it: the app has been used
 * there, so its service worker and cache are warm.
 */
function lighthouse(url: string, warm: boolean): Report {
	const out = join(tmpdir(), `homeward-lighthouse-${PORT}.json`);
	execFileSync(
		'npx',
		[
			'-y',
			'lighthouse@12',
			url,
			'--quiet',
			'--output=json',
			`--output-path=${out}`,
			'--only-categories=performance,accessibility,best-practices,seo',
			...(warm
				? [
						'--disable-storage-reset',
						`--chrome-flags=--headless --no-sandbox --disable-gpu --user-data-dir=${profile}`
					]
				: ['--chrome-flags=--headless --no-sandbox --disable-gpu'])
		],
		{ stdio: 'ignore', env: { ...process.env, CHROME_PATH: chromiumLaunch.executablePath } }
	);
	return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

try {
	await up();
	const id = await seed();
	const pages = [
		'/',
		'/assessment/new',
		`/assessment/${id}`,
		`/assessment/${id}/summary`,
		'/training',
		'/data',
		'/data/export',
		'/data/import'
	];
	console.log(
		'lighthouse 12, mobile: performance / accessibility / best practices / SEO; FCP, LCP, TBT, CLS'
	);
	for (const path of pages) {
		const warm = path.includes(id);
		const r = lighthouse(`${BASE}${path}`, warm);
		const score = (k: string) => {
			const s = r.categories[k]?.score;
			return s === null || s === undefined ? '–' : String(Math.round(s * 100));
		};
		const v = (k: string) => r.audits[k]?.displayValue ?? '–';
		console.log(
			`  ${(path.replace(id, 'ID') + (warm ? ' (warm)' : ' (cold)')).padEnd(33)} ${score('performance').padStart(3)} / ${score('accessibility')} / ${score('best-practices')} / ${score('seo')}   ${v('first-contentful-paint')}, ${v('largest-contentful-paint')}, ${v('total-blocking-time')}, ${v('cumulative-layout-shift')}`
		);
	}
	console.log(
		'SEO is below 100 on purpose: robots.txt keeps every search engine out of a case-work tool.'
	);
} finally {
	server.kill();
}
