/**
 * `npm run bench:peer` (needs `npm run build`): Homeward beside SurveyJS on the same questionnaire.
 *
 * SurveyJS (survey-core + survey-js-ui, installed in this folder only, so the app's own install
 * does not carry it) renders a survey generated from the current rules file: one page per
 * section, one radio question per factor with its guidance as the description and a comment box
 * for evidence, as Homeward asks it — the questions Homeward shows for the same fictional case
 * (aged 5 to 10, care order) before anything is answered. Both are served from 127.0.0.1 with
 * brotli, in one Chromium, alternating runs, each in a fresh browser context: a cold first visit,
 * with an empty HTTP cache and no service worker yet.
 *
 * Per run: navigation start → the first question's radio buttons in the DOM (a MutationObserver
 * installed before any page script); the time to change page (the button's click → the next
 * section's heading and a radio button in the DOM); the JS heap after the first page. Homeward
 * is measured with its service worker allowed (as shipped) and blocked. Printed as medians and
 * ratios; never asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { chromiumLaunch } from '../../playwright.config.ts';
import { CURRENT_RULES_FILE, loadRealRules, ROOT } from '../../helpers.ts';
import { fictionalRecord } from '../../fixtures/records.ts';
import { flowVersion } from '../../../src/lib/flow/steps.ts';
import { answerContext } from '../../../src/lib/domain/answers.ts';
import { SCHEMA_VERSIONS } from '../../../src/lib/storage/schema.ts';
import { toSummary } from '../../../src/lib/storage/summaries.ts';
import type { Rules } from '../../../src/lib/domain/compile.ts';

const HERE = import.meta.dirname;
const SITE = join(HERE, 'site');
const RUNS = Number(process.env.PEER_RUNS ?? 9);
const HOMEWARD_PORT = 4391;
const PEER_PORT = 4392;
const FACTS = { 'age-band': '5-10', 'legal-status': 'care-order' };

function die(message: string): never {
	console.error(`bench:peer: ${message}`);
	process.exit(1);
}

/** The factors Homeward asks on each section for this case before anything is answered. */
function asked(rules: Rules) {
	const { visible } = answerContext(rules, {}, FACTS);
	return rules.data.domains.map((d) => ({
		domain: d,
		factors: d.factors.filter((f) => visible.has(f.id))
	}));
}

/** The SurveyJS form for these rules: the same sections, questions, options and guidance. */
function surveyJson(rules: Rules) {
	const scales = new Map(rules.data.scales.map((s) => [s.id, s]));
	return {
		title: rules.data.title,
		showQuestionNumbers: 'off',
		checkErrorsMode: 'onNextPage',
		pages: asked(rules).map(({ domain, factors }) => ({
			name: domain.id,
			title: domain.title,
			description: domain.summary,
			elements: factors.flatMap((f) => [
				{
					type: 'radiogroup',
					name: f.id,
					title: f.question,
					description: f.guidance,
					isRequired: f.required,
					choices: scales.get(f.scale)!.options.map((o) => ({ value: o.value, text: o.label }))
				},
				{ type: 'comment', name: `${f.id}-note`, title: 'Evidence and notes' }
			])
		}))
	};
}

/** A static page that renders the survey, with precompressed copies as Homeward's build has. */
function writeSite(rules: Rules) {
	mkdirSync(SITE, { recursive: true });
	const files = {
		'survey.core.min.js': 'node_modules/survey-core/survey.core.min.js',
		'survey-js-ui.min.js': 'node_modules/survey-js-ui/survey-js-ui.min.js',
		'survey-core.min.css': 'node_modules/survey-core/survey-core.min.css'
	};
	for (const [name, from] of Object.entries(files))
		copyFileSync(join(HERE, from), join(SITE, name));
	writeFileSync(join(SITE, 'survey.json'), JSON.stringify(surveyJson(rules)));
	writeFileSync(
		join(SITE, 'index.html'),
		`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>SurveyJS peer (fictional benchmark)</title>
<link rel="stylesheet" href="/survey-core.min.css">
<script src="/survey.core.min.js"></script><script src="/survey-js-ui.min.js"></script>
</head><body><div id="surveyElement"></div>
<script>
fetch('/survey.json').then((r) => r.json()).then((json) => {
	window.__model = new Survey.Model(json);
	SurveyUI.renderSurvey(window.__model, document.getElementById('surveyElement'));
});
</script></body></html>`
	);
	let bytes = 0;
	for (const name of [...Object.keys(files), 'survey.json', 'index.html']) {
		const body = readFileSync(join(SITE, name));
		const br = brotliCompressSync(body);
		if (name.endsWith('.js')) bytes += br.length;
		writeFileSync(join(SITE, `${name}.br`), br);
		writeFileSync(join(SITE, `${name}.gz`), gzipSync(body, { level: 9 }));
	}
	return bytes;
}

function serve(args: string[]): ChildProcess {
	return spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
}

async function waitFor(url: string) {
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	die(`${url} did not answer.`);
}

// Installed before any page script: the moment the first radio button enters the DOM.
const FIRST_QUESTION = `
	new MutationObserver((_, obs) => {
		if (document.querySelector('input[type=radio]')) {
			window.__firstQuestion = performance.now();
			obs.disconnect();
		}
	}).observe(document, { childList: true, subtree: true });
`;

interface Run {
	firstQuestion: number;
	pageChange: number;
	heapMB: number;
}

type Who = 'homeward' | 'homeward-no-sw' | 'surveyjs';

/** A fresh context holding a fictional draft at the first section, stored with Dexie itself from a page that loads no app code. */
async function seededHomeward(browser: Browser, rules: Rules, sw: 'allow' | 'block') {
	const base = `http://127.0.0.1:${HOMEWARD_PORT}`;
	const context = await browser.newContext({ serviceWorkers: sw });
	const page = await context.newPage();
	const record = fictionalRecord(rules, {
		id: 'peer-bench-1',
		caseDetails: {
			caseRef: 'FICT-PEER',
			ageBand: FACTS['age-band'] as '5-10',
			legalStatus: FACTS['legal-status'] as 'care-order',
			assessmentDate: '2026-12-02',
			assessorName: 'Fictional',
			assessorRole: 'Social worker',
			returningTo: 'Mother'
		},
		visited: ['case-details', 'tasks'],
		position: { step: rules.data.domains[0]!.id, flowVersion: flowVersion(rules) }
	});
	await page.goto(`${base}/robots.txt`);
	await page.addScriptTag({ path: join(ROOT, 'node_modules/dexie/dist/dexie.min.js') });
	await page.evaluate(
		async ([versions, rec, summary]) => {
			type DexieCtor = new (name: string) => {
				version(n: number): { stores(s: Record<string, string | null>): unknown };
				open(): Promise<unknown>;
				table(name: string): { put(v: unknown): Promise<unknown> };
				close(): void;
			};
			const Dexie = (window as unknown as { Dexie: DexieCtor }).Dexie;
			const db = new Dexie('homeward');
			for (const v of versions) db.version(v.version).stores(v.stores);
			await db.open();
			await db.table('assessments').put(rec);
			await db.table('summaries').put(summary);
			db.close();
		},
		[
			SCHEMA_VERSIONS.map((v) => ({ version: v.version, stores: { ...v.stores } })),
			record,
			toSummary(record)
		] as const
	);
	await page.close();
	return { context, url: `${base}/assessment/${record.id}` };
}

async function measure(browser: Browser, rules: Rules, who: Who): Promise<Run> {
	let context: BrowserContext;
	let url: string;
	if (who === 'surveyjs') {
		context = await browser.newContext();
		url = `http://127.0.0.1:${PEER_PORT}/`;
	} else {
		({ context, url } = await seededHomeward(
			browser,
			rules,
			who === 'homeward' ? 'allow' : 'block'
		));
	}
	try {
		const page = await context.newPage();
		await page.addInitScript(FIRST_QUESTION);
		// PEER_PROFILE=1: a CPU profile of Homeward's cold first visit, summed by file and function.
		const cdp =
			process.env.PEER_PROFILE && who === 'homeward-no-sw'
				? await context.newCDPSession(page)
				: null;
		if (cdp) {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
			await cdp.send('Profiler.start');
		}
		await page.goto(url);
		await page.waitForFunction(() => (window as { __firstQuestion?: number }).__firstQuestion);
		const firstQuestion = await page.evaluate(
			() => (window as unknown as { __firstQuestion: number }).__firstQuestion
		);
		if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
		const heap = await page.evaluate(
			() =>
				(performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
					?.usedJSHeapSize ?? 0
		);
		// PEER_TRACE=1: where a cold first visit's time goes (each file's fetch, from navigation).
		if (process.env.PEER_TRACE && who !== 'surveyjs') {
			const files = await page.evaluate(() =>
				performance
					.getEntriesByType('resource')
					.map((e) => e as PerformanceResourceTiming)
					.map(
						(e) => [e.name.replace(/^https?:\/\/[^/]+/, ''), e.startTime, e.responseEnd] as const
					)
			);
			console.log(
				`peer: ${who} files (start → end, ms), first question at ${firstQuestion.toFixed(0)}`
			);
			for (const [name, start, end] of files)
				console.log(`  ${start.toFixed(0).padStart(5)} → ${end.toFixed(0).padStart(5)}  ${name}`);
		}
		// Answer the first section (its first option each), then time the change of page.
		const sections = asked(rules);
		const first = sections[0]!;
		if (who === 'surveyjs') {
			await page.evaluate(
				(values) => {
					const model = (window as unknown as { __model: { setValue(k: string, v: string): void } })
						.__model;
					for (const [k, v] of values) model.setValue(k, v);
				},
				first.factors.map((f) => [f.id, rules.factors.get(f.id)!.scale.options[0]!.value] as const)
			);
		} else {
			for (const f of first.factors)
				await page.locator(`input[type=radio][name="${f.id}"]`).first().check();
		}
		const pageChange = await page.evaluate(
			([title, nextSelector]) =>
				new Promise<number>((resolve, reject) => {
					// No named functions in here: tsx would wrap them in a helper the page lacks.
					const button = [...document.querySelectorAll<HTMLElement>(nextSelector)].find((b) =>
						/^(Next|Continue)$/.test((b as HTMLInputElement).value || b.textContent.trim())
					);
					if (!button) return reject(new Error('no Next/Continue button'));
					const start = performance.now();
					new MutationObserver((_, obs) => {
						const there = [...document.querySelectorAll('h1, h2, h3, h4, .sd-page__title')].some(
							(h) => h.textContent?.includes(title)
						);
						if (there && document.querySelector('input[type=radio]')) {
							obs.disconnect();
							resolve(performance.now() - start);
						}
					}).observe(document, { childList: true, subtree: true, characterData: true });
					button.click();
				}),
			[sections[1]!.domain.title, 'button, input[type=button]'] as const
		);
		return { firstQuestion, pageChange, heapMB: heap / 2 ** 20 };
	} finally {
		await context.close();
	}
}

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time by file and by function, largest first (from the sampled CPU profile). */
function printProfile(profile: {
	nodes: ProfileNode[];
	samples?: number[];
	timeDeltas?: number[];
}) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0) / 1000));
	const byFile = new Map<string, number>();
	const byFunction = new Map<string, number>();
	for (const [id, ms] of self) {
		const frame = byId.get(id)!.callFrame;
		const file =
			frame.url.replace(/^https?:\/\/[^/]+/, '') || `(${frame.functionName || 'native'})`;
		byFile.set(file, (byFile.get(file) ?? 0) + ms);
		const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber}`;
		byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
	}
	const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
	console.log('peer: CPU self time of a cold first visit, by file (ms)');
	for (const [k, v] of top(byFile, 15)) console.log(`  ${v.toFixed(1).padStart(7)}  ${k}`);
	console.log('peer: … by function (ms)');
	for (const [k, v] of top(byFunction, 20)) console.log(`  ${v.toFixed(1).padStart(7)}  ${k}`);
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

if (!existsSync(join(ROOT, 'build/index.html'))) die('no build found. Run `npm run build` first.');
if (!existsSync(join(HERE, 'node_modules/survey-core')))
	die(
		'SurveyJS is not installed: run `npm run bench:peer`, which installs it in tests/bench/peer.'
	);

const rules = loadRealRules(CURRENT_RULES_FILE);
const peerJs = writeSite(rules);
const servers = [
	serve([
		join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
		'src/cli/serve.ts',
		'--port',
		String(HOMEWARD_PORT)
	]),
	serve([
		join(ROOT, 'node_modules/sirv-cli/bin.js'),
		SITE,
		'--brotli',
		'--gzip',
		'--port',
		String(PEER_PORT),
		'--host',
		'127.0.0.1'
	])
];
const browser = await chromium.launch(chromiumLaunch);
try {
	await waitFor(`http://127.0.0.1:${HOMEWARD_PORT}/`);
	await waitFor(`http://127.0.0.1:${PEER_PORT}/`);
	const questions = asked(rules).reduce((n, s) => n + s.factors.length, 0);
	console.log(
		`peer: rules ${rules.data.version}, ${rules.data.domains.length} sections, ${questions} questions asked of a fictional case aged 5 to 10 on a care order; SurveyJS ${JSON.parse(readFileSync(join(HERE, 'node_modules/survey-core/package.json'), 'utf8')).version as string} ships ${(peerJs / 1000).toFixed(0)} KB of JS (brotli)`
	);
	const order: Who[] = ['homeward', 'surveyjs', 'homeward-no-sw'];
	// One warm-up of each (Chromium's own caches, the servers' file lists), not counted.
	for (const who of order) await measure(browser, rules, who);
	const runs: Record<Who, Run[]> = { homeward: [], 'homeward-no-sw': [], surveyjs: [] };
	for (let i = 0; i < RUNS; i++)
		for (const who of i % 2 ? [...order].reverse() : order)
			runs[who].push(await measure(browser, rules, who));
	const m = (who: Who, k: keyof Run) => median(runs[who].map((r) => r[k]));
	for (const who of order)
		console.log(
			`peer: ${who.padEnd(15)} first question ${m(who, 'firstQuestion').toFixed(0).padStart(4)} ms, page change ${m(who, 'pageChange').toFixed(1).padStart(5)} ms, heap ${m(who, 'heapMB').toFixed(1)} MB (medians of ${RUNS})`
		);
	const ratio = (a: Who, k: keyof Run) => (m(a, k) / m('surveyjs', k)).toFixed(2);
	console.log(
		`peer: Homeward / SurveyJS — cold first question ${ratio('homeward', 'firstQuestion')}× (goal ≤ 0.7×), with its service worker blocked ${ratio('homeward-no-sw', 'firstQuestion')}×; page change ${ratio('homeward', 'pageChange')}×; heap ${ratio('homeward', 'heapMB')}×`
	);
} finally {
	await browser.close();
	for (const s of servers) s.kill();
}
