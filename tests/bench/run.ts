/**
 * `npm run bench`: performance figures, printed (never asserted in tests).
 * - scoring: 10,000 random complete assessments against the current rules (1.2.0, with
 *   random case facts) and 1.0.0 (budget: < 1 s in total each)
 * - what would change the band: its cost per result (median and p95), on 1,000 of those results
 * - in Chromium (needs `npm run build`): first-load JS (brotli, as served); the home list with
 *   5,000 stored assessments (goal < 150 ms, and < 300 ms at 4× CPU throttling); the caseload
 *   view with the same 5,000 (goal < 500 ms; and its first visit, which computes every digest); step change time
 *   (goal p95 < 16 ms); autosave write p95 (goal < 10 ms)
 * - team sync (tests/bench/team-sync.ts, in Node through pouchdb-server): the first sync of 1,000
 *   assessments to a new device, and a change's time from one device's store to another's
 * `npm run bench:peer` compares a cold first visit with SurveyJS (tests/bench/peer/run.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { assess } from '../../src/lib/domain/engine.ts';
import { extremeAnswers } from '../../src/lib/domain/answers.ts';
import { toSummary } from '../../src/lib/storage/assessments.ts';
import type { AssessmentRecord } from '../../src/lib/storage/record.ts';
import type { Rules } from '../../src/lib/domain/rules.ts';
import { chromiumLaunch } from '../playwright.config.ts';
import { CURRENT_RULES_FILE, loadRealRules, REAL_RULES_FILE, ROOT } from '../helpers.ts';
import { whatWouldChange } from '../../src/lib/domain/what-would-change.ts';
import { fictionalRecord } from '../fixtures/records.ts';
import { prng, randomAnswers } from '../seeded.ts';
import { benchTeamSync } from './team-sync.ts';

function randomFacts(rules: Rules, rand: () => number): Record<string, string> {
	const facts: Record<string, string> = {};
	for (const [id, fact] of rules.facts)
		facts[id] = fact.values[Math.floor(rand() * fact.values.length)]!.value;
	return facts;
}

function benchScoring(file: string) {
	const rules = loadRealRules(file);
	const rand = prng(20261123);
	const N = 10_000;
	const inputs = Array.from({ length: N }, () => ({
		answers: randomAnswers(rules, rand),
		facts: randomFacts(rules, rand)
	}));
	for (let i = 0; i < 200; i++)
		assess(rules, inputs[i]!.answers, { today: '2026-11-23', facts: inputs[i]!.facts }); // warm up
	const bands = new Map<string, number>();
	const start = performance.now();
	for (const { answers, facts } of inputs) {
		const r = assess(rules, answers, {
			today: '2026-11-23',
			plannedReturnDate: '2027-03-01',
			facts
		});
		bands.set(r.band ?? 'none', (bands.get(r.band ?? 'none') ?? 0) + 1);
	}
	const ms = performance.now() - start;
	console.log(
		`scoring (rules ${rules.data.version}): ${N} random complete assessments in ${ms.toFixed(0)} ms (${((ms / N) * 1000).toFixed(1)} µs each; budget < 1000 ms total) ${ms < 1000 ? 'OK' : 'OVER BUDGET'}`
	);
	console.log(`         bands: ${[...bands].map(([b, n]) => `${b} ${n}`).join(', ')}`);
	return { rules, inputs };
}

function benchWhatWouldChange(
	rules: Rules,
	inputs: { answers: Record<string, string>; facts: Record<string, string> }[]
) {
	const times: number[] = [];
	let found = 0;
	let exhausted = 0;
	for (const { answers, facts } of inputs.slice(0, 1000)) {
		const start = performance.now();
		const w = whatWouldChange(rules, answers, { today: '2026-11-23', facts });
		times.push(performance.now() - start);
		if (w.steps) found++;
		if (w.exhausted) exhausted++;
	}
	console.log(
		`what would change (rules ${rules.data.version}): median ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms, max ${pct(times, 100).toFixed(1)} ms per result over ${times.length} results (${found} with a set found, ${exhausted} stopped at the search budget)`
	);
}

const pct = (xs: number[], p: number) => {
	const sorted = [...xs].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

/** A fictional stored assessment, as the app writes it. */
function fakeRecord(rules: Rules, i: number, rand: () => number): AssessmentRecord {
	const answers = randomAnswers(rules, rand);
	const band = assess(rules, answers, { today: '2026-11-23' }).band;
	const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
	return fictionalRecord(rules, {
		id: `bench-${String(i).padStart(5, '0')}`,
		caseDetails: {
			caseRef: `FICT-${String(i).padStart(5, '0')}`,
			ageBand: '5-10',
			legalStatus: 'care-order',
			assessmentDate: '2026-11-23',
			assessorName: 'Fictional',
			assessorRole: 'Social worker',
			returningTo: 'Mother'
		},
		answers,
		notes: Object.fromEntries(
			rules.order
				.slice(0, 10)
				.map((id) => [id, 'Fictional evidence note for the benchmark. '.repeat(4)])
		),
		status: band ? 'completed' : 'draft',
		band,
		revision: 1,
		createdAt: at,
		updatedAt: at,
		// A quarter signed and gone home, an eighth with a six-month outcome: the caseload view
		// then has plans to build, support and outcomes to count.
		...(band !== null && i % 4 === 0 ? followedUp(band, at, i) : {})
	});
}

function followedUp(band: string, at: string, i: number): Partial<AssessmentRecord> {
	const by = { recordedAt: at, recordedBy: 'Fictional' };
	return {
		status: 'signed',
		decision: { kind: 'agree', computedBand: band, decidedAt: at },
		planning: {
			plannedReturnDate: '2027-01-04',
			placement: '',
			placementWeeklyCost: null,
			changes: {},
			removed: {},
			added: []
		},
		signOff: {
			assessorName: 'Fictional',
			date: '2026-11-24',
			managerName: '',
			declaration: true,
			signedAt: at
		},
		followUp: {
			returns: [{ kind: 'home', date: '2027-01-04', planned: true, returnedTo: 'mother', ...by }],
			support: [
				{
					item: 'reunification-caseworker',
					state: 'in-place',
					date: '2027-01-04',
					reason: null,
					...by
				}
			],
			reviews: [],
			outcomes:
				i % 8 === 0
					? [
							{
								check: 'six-months',
								date: '2027-07-05',
								outcome: 'home-stable',
								reEntry: null,
								...by
							}
						]
					: [],
			closed: null
		}
	};
}

async function benchBrowser() {
	const build = join(ROOT, 'build');
	if (!existsSync(join(build, 'index.html'))) {
		console.log('browser figures: skipped (run `npm run build` first)');
		return;
	}
	// HW_BENCH_PORT lets a second checkout run its benchmark alongside this one.
	const port = Number(process.env.HW_BENCH_PORT ?? 4179);
	const base = `http://127.0.0.1:${port}`;
	const server = spawn(
		process.execPath,
		[join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/serve.ts', '--port', String(port)],
		{ cwd: ROOT, stdio: 'ignore' }
	);
	const browser = await chromium.launch(chromiumLaunch);
	try {
		for (let i = 0; i < 100; i++) {
			const up = await fetch(`${base}/`).then(
				(r) => r.ok,
				() => false
			);
			if (up) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		const page = await browser.newPage();

		// First load: the JavaScript fetched to show the first page.
		const scripts = new Set<string>();
		page.on('response', (res) => {
			const url = new URL(res.url());
			if (url.pathname.endsWith('.js')) scripts.add(url.pathname);
		});
		await page.goto(`${base}/`, { waitUntil: 'networkidle' });
		let raw = 0;
		let br = 0;
		for (const p of scripts) {
			raw += statSync(join(build, p)).size;
			br += existsSync(join(build, `${p}.br`))
				? statSync(join(build, `${p}.br`)).size
				: statSync(join(build, p)).size;
		}
		console.log(
			`home page, every JS file fetched by network idle: ${scripts.size} files, ${(raw / 1000).toFixed(1)} KB raw, ${(br / 1000).toFixed(1)} KB brotli (this includes the store and Dexie, which load just after the first rows for the live list and the buttons; the first-load figure the budget is about, what the first rows need, is npm run size's)`
		);

		// Home list with 5,000 stored assessments (written as the store writes them).
		await page.getByTestId('no-assessments').waitFor();
		const rules = loadRealRules(CURRENT_RULES_FILE);
		const rand = prng(5000);
		const records = Array.from({ length: 5000 }, (_, i) => fakeRecord(rules, i, rand));
		await page.evaluate(
			([recs, sums]) =>
				new Promise<void>((resolve, reject) => {
					const open = indexedDB.open('homeward');
					open.onsuccess = () => {
						const tx = open.result.transaction(['assessments', 'summaries'], 'readwrite');
						for (const r of recs) tx.objectStore('assessments').put(r);
						for (const s of sums) tx.objectStore('summaries').put(s);
						tx.oncomplete = () => {
							open.result.close();
							resolve();
						};
						tx.onerror = () => reject(tx.error);
					};
					open.onerror = () => reject(open.error);
				}),
			[records, records.map(toSummary)] as const
		);
		const listTimes: number[] = [];
		for (let i = 0; i < 3; i++) {
			await page.goto(`${base}/`);
			await page.waitForFunction(
				() => document.querySelectorAll('[data-testid=assessment-list] tbody tr').length > 0
			);
			listTimes.push(await page.evaluate(() => performance.now()));
		}
		// The same at 4× CPU throttling: closer to a typical council laptop or tablet.
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
		const throttled: number[] = [];
		for (let i = 0; i < 3; i++) {
			await page.goto(`${base}/`);
			await page.waitForFunction(
				() => document.querySelectorAll('[data-testid=assessment-list] tbody tr').length > 0
			);
			throttled.push(await page.evaluate(() => performance.now()));
		}
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
		const rows = await page.locator('[data-testid=assessment-list] tbody tr').count();

		const query = await page.evaluate(() =>
			performance.getEntriesByName('homeward:list').map((e) => e.duration)
		);
		// 'direct' when IndexedDB answered before the store and Dexie had loaded (app/first-page.ts).
		const way = await page.evaluate(
			() =>
				(performance.getEntriesByName('homeward:first-page')[0] as PerformanceMark | undefined)
					?.detail as string | undefined
		);
		console.log(
			`home list: from the page's start to its first rows took ${pct(query, 50).toFixed(0)} ms (read ${way ?? 'by the store'})`
		);
		console.log(
			`home list: 5,000 stored assessments ready to use in ${pct(listTimes, 50).toFixed(0)} ms from navigation (median of 3; ${rows} rows shown; goal < 150 ms) ${pct(listTimes, 50) < 150 ? 'OK' : 'OVER GOAL'}`
		);
		console.log(
			`home list, 4× CPU throttling: ${pct(throttled, 50).toFixed(0)} ms from navigation (median of 3; goal < 300 ms) ${pct(throttled, 50) < 300 ? 'OK' : 'OVER GOAL'}`
		);

		// The caseload view with the same 5,000 (a quarter signed and followed up). The first
		// visit finds no caseload digests (written here without the store, as they are never
		// stored before the caseload is first shown) and brings all 5,000 up to date; every later
		// visit reads the digests only, straight from IndexedDB.
		// With each visit, where its time went, from navigation: the page's script starting (its
		// JavaScript loaded), the digests read and decoded, the figures, the tables in the DOM.
		// (No named functions inside evaluate: tsx would wrap them in a helper the page lacks.)
		const caseloadReady = async () => {
			await page.goto(`${base}/caseload`);
			await page.waitForFunction(
				() => document.querySelectorAll('[data-testid=caseload-stages] tbody tr').length > 0,
				undefined,
				{ timeout: 180_000 }
			);
			return page.evaluate(() => {
				const measure = performance.getEntriesByName('homeward:caseload')[0];
				const way = performance.getEntriesByName('homeward:caseload-way')[0] as
					PerformanceMark | undefined;
				return {
					total: performance.now(),
					start: measure?.startTime,
					read: performance.getEntriesByName('homeward:caseload-read')[0]?.startTime,
					figures: performance.getEntriesByName('homeward:caseload-figures')[0]?.startTime,
					inDom: measure ? measure.startTime + measure.duration : undefined,
					way: way?.detail as string | undefined
				};
			});
		};
		const firstCaseload = (await caseloadReady()).total;
		const visits = [];
		for (let i = 0; i < 3; i++) visits.push(await caseloadReady());
		const caseloadTimes = visits.map((v) => v.total);
		const ms = (n: number | undefined) => (n === undefined ? '?' : n.toFixed(0));
		console.log(
			`caseload view: 5,000 stored assessments, navigation to tables shown in ${pct(caseloadTimes, 50).toFixed(0)} ms (median of 3; goal < 500 ms) ${pct(caseloadTimes, 50) < 500 ? 'OK' : 'OVER GOAL'}`
		);
		for (const v of visits)
			console.log(
				`             one visit, from navigation: page script started ${ms(v.start)} ms, digests read and decoded ${ms(v.read)} ms (${v.way ?? 'by the store'}), figures ${ms(v.figures)} ms, tables in the page ${ms(v.inDom)} ms, seen shown ${ms(v.total)} ms`
			);
		console.log(
			`caseload view, first visit with no digests stored (once, after an upgrade): ${(firstCaseload / 1000).toFixed(1)} s to bring 5,000 up to date and show the tables`
		);

		// Step changes and autosave while walking a whole assessment. The walk is done twice and the
		// second (a full page load later, so its own timeline) is reported: like a practitioner's
		// laptop, the browser has then cached the compiled code.
		// The walk picks the first age band and legal status (under 1, section 20), so the questions
		// those case facts bring in are answered too.
		const answers = extremeAnswers(rules, 'best', (_id, v) => (v.includes('no') ? 'no' : v[0]!), {
			'age-band': 'under-1',
			'legal-status': 'section-20'
		});
		for (let walk = 0; walk < 2; walk++) {
			await page.goto(`${base}/`);
			await page.getByRole('button', { name: 'Start a new assessment' }).click();
			await page.locator('#caseRef').waitFor();
			await page.fill('#caseRef', `FICT-BENCH-${walk}`);
			await page.check('#ageBand');
			await page.check('#legalStatus');
			await page.fill('#assessorName', 'Fictional');
			await page.fill('#assessorRole', 'Social worker');
			await page.fill('#returningTo', 'Mother');
			await page.getByRole('button', { name: 'Continue' }).click();
			await page.getByRole('button', { name: 'Continue' }).click();
			for (const domain of rules.data.domains) {
				await page.locator('#step-heading', { hasText: domain.title }).waitFor();
				for (const f of domain.factors) {
					if (answers[f.id] === undefined) continue;
					await page.locator(`input[name="${f.id}"][value="${answers[f.id]}"]`).check();
					await page.waitForTimeout(350); // one autosave per answer
				}
				await page.getByRole('button', { name: 'Continue' }).click();
			}
			await page.locator('#step-heading', { hasText: 'Check your answers' }).waitFor();
		}
		const measures = await page.evaluate(() =>
			Object.fromEntries(
				['homeward:step', 'homeward:save'].map((n) => [
					n,
					performance.getEntriesByName(n).map((e) => e.duration)
				])
			)
		);
		const steps = measures['homeward:step'] ?? [];
		const slowest = await page.evaluate(() =>
			performance
				.getEntriesByName('homeward:step')
				.map((e) => `${String((e as PerformanceMeasure).detail)} ${e.duration.toFixed(1)}`)
				.join(', ')
		);
		console.log(`             each step (to): ${slowest}`);
		const saves = measures['homeward:save'] ?? [];
		console.log(
			`step change: median ${pct(steps, 50).toFixed(1)} ms, p95 ${pct(steps, 95).toFixed(1)} ms over ${steps.length} steps (goal < 16 ms) ${pct(steps, 95) < 16 ? 'OK' : 'OVER GOAL'}`
		);
		console.log(
			`autosave write: median ${pct(saves, 50).toFixed(1)} ms, p95 ${pct(saves, 95).toFixed(1)} ms over ${saves.length} saves, with 5,000 assessments stored (goal p95 < 10 ms) ${pct(saves, 95) < 10 ? 'OK' : 'OVER GOAL'}`
		);
	} finally {
		await browser.close();
		server.kill();
	}
}

const current = benchScoring(CURRENT_RULES_FILE);
benchScoring(REAL_RULES_FILE);
benchWhatWouldChange(current.rules, current.inputs);
await benchBrowser();
await benchTeamSync();
