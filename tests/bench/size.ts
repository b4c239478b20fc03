/**
 * The size check (`npm run size`, part of `npm test`; needs `npm run build` first).
 *
 * For each route it works out the JavaScript and CSS a first visit fetches before the page can
 * render: SvelteKit's client entry, the app manifest, the root layout's node and the route's
 * own node, and everything they import statically (dynamic `import()`s are loaded later and are
 * not counted). Sizes are of the brotli files the adapter writes beside each asset, which is what
 * `npm start` (sirv --brotli) sends over the wire. It prints a per-chunk report and exits 1 when
 * a route is over its budget. Budgets are from issue 14; the goal is printed beside each.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { BUILD, BuildFiles } from '../../src/cli/build-files.ts';

interface Budget {
	route: string;
	jsBudget: number;
	jsGoal: number;
	cssBudget: number;
}

const KB = 1000;
/** Issue 14: home page JS ≤ 100 KB over the wire (goal 75 KB); first-load CSS ≤ 12 KB. */
const BUDGETS: Budget[] = [{ route: '/', jsBudget: 100 * KB, jsGoal: 75 * KB, cssBudget: 12 * KB }];
/** Reported, not budgeted: the routes a practitioner opens next. */
const REPORTED = ['/assessment/[id]', '/assessment/[id]/summary', '/data/import', '/training'];

function fail(message: string): never {
	console.error(`size: ${message}`);
	process.exit(2);
}

let files: BuildFiles;
try {
	files = new BuildFiles();
} catch (e) {
	fail((e as Error).message);
}

/** Bytes over the wire: the precompressed .br beside the file, or brotli it here. */
function wireSize(file: string): number {
	const path = join(BUILD, file);
	if (existsSync(`${path}.br`)) return statSync(`${path}.br`).size;
	return brotliCompressSync(readFileSync(path), {
		params: { [constants.BROTLI_PARAM_QUALITY]: 11 }
	}).length;
}

const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;

interface Load {
	js: { file: string; label: string; bytes: number }[];
	css: { file: string; bytes: number }[];
}

function firstLoad(route: string): Load {
	const { js, css } = files.firstLoad(route);
	const sized = js.map((c) => ({ ...c, bytes: wireSize(c.file) }));
	sized.sort((x, y) => y.bytes - x.bytes);
	return { js: sized, css: css.map((file) => ({ file, bytes: wireSize(file) })) };
}

const sum = (xs: { bytes: number }[]) => xs.reduce((s, x) => s + x.bytes, 0);

let over = 0;
for (const b of BUDGETS) {
	const load = firstLoad(b.route);
	const js = sum(load.js);
	const css = sum(load.css);
	console.log(`\nFirst load of ${b.route} (brotli, as served): ${load.js.length} JS files`);
	for (const c of load.js) console.log(`  ${kb(c.bytes).padStart(9)}  ${c.file}  (${c.label})`);
	for (const c of load.css) console.log(`  ${kb(c.bytes).padStart(9)}  ${c.file}`);
	const jsOk = js <= b.jsBudget;
	const cssOk = css <= b.cssBudget;
	console.log(
		`  JS  ${kb(js)}: budget ${kb(b.jsBudget)} ${jsOk ? 'met' : 'EXCEEDED'}; goal ${kb(b.jsGoal)} ${js <= b.jsGoal ? 'met' : 'not yet'}`
	);
	console.log(`  CSS ${kb(css)}: budget ${kb(b.cssBudget)} ${cssOk ? 'met' : 'EXCEEDED'}`);
	if (!jsOk || !cssOk) over++;
}
console.log('\nReported (no budget):');
for (const route of REPORTED) {
	if (!files.hasRoute(route)) continue;
	const load = firstLoad(route);
	console.log(
		`  ${route.padEnd(28)} JS ${kb(sum(load.js)).padStart(9)} in ${load.js.length} files, CSS ${kb(sum(load.css))}`
	);
	// `npm run size -- --detail` lists these routes' files too.
	if (process.argv.includes('--detail'))
		for (const c of load.js) console.log(`    ${kb(c.bytes).padStart(9)}  ${c.file}  (${c.label})`);
}
if (over) {
	console.error(`\nsize: ${over} route(s) over budget.`);
	process.exit(1);
}
