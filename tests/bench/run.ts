/**
 * `npm run bench`: performance figures, printed (never asserted in tests).
 * - scoring: 10,000 random complete assessments against rules 1.0.0 (budget: < 1 s in total)
 * - first load: the JavaScript a browser fetches to show the first page, gzip (needs `npm run build`)
 */
import { existsSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { assess } from '../../src/lib/domain/engine.ts';
import type { Rules } from '../../src/lib/domain/rules.ts';
import { chromiumLaunch } from '../playwright.config.ts';
import { loadRealRules, ROOT } from '../helpers.ts';

/** Small seeded PRNG (mulberry32), so every run scores the same assessments. */
function prng(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function randomAnswers(rules: Rules, rand: () => number): Record<string, string> {
	const answers: Record<string, string> = {};
	for (const id of rules.order) {
		const scale = rules.factors.get(id)!.scale;
		const values = [...scale.options, ...scale.neutral].map((o) => o.value);
		answers[id] = values[Math.floor(rand() * values.length)]!;
	}
	return answers;
}

function benchScoring() {
	const rules = loadRealRules();
	const rand = prng(20261123);
	const N = 10_000;
	const inputs = Array.from({ length: N }, () => randomAnswers(rules, rand));
	for (let i = 0; i < 200; i++) assess(rules, inputs[i]!, { today: '2026-11-23' }); // warm up
	const bands = new Map<string, number>();
	const start = performance.now();
	for (const answers of inputs) {
		const r = assess(rules, answers, { today: '2026-11-23', plannedReturnDate: '2027-03-01' });
		bands.set(r.band ?? 'none', (bands.get(r.band ?? 'none') ?? 0) + 1);
	}
	const ms = performance.now() - start;
	console.log(`scoring: ${N} random complete assessments in ${ms.toFixed(0)} ms (${((ms / N) * 1000).toFixed(1)} µs each; budget < 1000 ms total) ${ms < 1000 ? 'OK' : 'OVER BUDGET'}`);
	console.log(`         bands: ${[...bands].map(([b, n]) => `${b} ${n}`).join(', ')}`);
}

async function benchFirstLoad() {
	const build = join(ROOT, 'build');
	if (!existsSync(join(build, 'index.html'))) {
		console.log('first load: skipped (run `npm run build` first)');
		return;
	}
	const port = 4179;
	const server = spawn(process.execPath, [join(ROOT, 'node_modules/sirv-cli/bin.js'), 'build', '--single', '--port', String(port), '--host', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore' });
	try {
		await new Promise((r) => setTimeout(r, 800));
		const browser = await chromium.launch(chromiumLaunch);
		const page = await browser.newPage();
		const scripts = new Set<string>();
		page.on('response', (res) => {
			const url = new URL(res.url());
			if (url.pathname.endsWith('.js')) scripts.add(url.pathname);
		});
		await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'networkidle' });
		await browser.close();
		let raw = 0;
		let gz = 0;
		for (const p of scripts) {
			raw += statSync(join(build, p)).size;
			gz += existsSync(join(build, `${p}.gz`)) ? statSync(join(build, `${p}.gz`)).size : statSync(join(build, p)).size;
		}
		console.log(`first load: ${scripts.size} JS files, ${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzip`);
	} finally {
		server.kill();
	}
}

benchScoring();
await benchFirstLoad();
