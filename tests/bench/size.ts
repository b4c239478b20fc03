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

const ROOT = join(import.meta.dirname, '..', '..');
const CLIENT = join(ROOT, '.svelte-kit/output/client');
const BUILD = join(ROOT, 'build');
const MANIFEST = join(CLIENT, '.vite/manifest.json');
const APP = '.svelte-kit/generated/client-optimized/app.js';
const ENTRY = 'node_modules/@sveltejs/kit/src/runtime/client/entry.js';

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

interface ManifestChunk {
	file: string;
	name?: string;
	src?: string;
	imports?: string[];
	css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

function fail(message: string): never {
	console.error(`size: ${message}`);
	process.exit(2);
}

if (!existsSync(MANIFEST)) fail('no build found. Run `npm run build` first.');
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;

/** Route → node ids, read from the app manifest SvelteKit generated for this build. */
function routeNodes(): Map<string, number[]> {
	const app = readFileSync(join(ROOT, APP), 'utf8');
	const dict = /dictionary = \{([\s\S]*?)\n\t*\};/.exec(app)?.[1];
	if (!dict) fail(`cannot find the route dictionary in ${APP}.`);
	const routes = new Map<string, number[]>();
	for (const m of dict.matchAll(/"([^"]+)":\s*\[([^\]]*)\]/g)) {
		const ids = m[2]!
			.split(',')
			.map((s) => Number(s.trim().replace(/^~/, '')))
			.filter((n) => Number.isInteger(n) && n >= 0);
		routes.set(m[1]!, ids);
	}
	return routes;
}

/** Every manifest key reached from `starts` by static imports. */
function closure(starts: string[]): Set<string> {
	const seen = new Set<string>();
	const stack = [...starts];
	while (stack.length) {
		const key = stack.pop()!;
		if (seen.has(key)) continue;
		const chunk = manifest[key];
		if (!chunk) fail(`the build manifest has no entry "${key}".`);
		seen.add(key);
		stack.push(...(chunk.imports ?? []));
	}
	return seen;
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

function firstLoad(route: string, nodes: Map<string, number[]>): Load {
	const ids = nodes.get(route);
	if (!ids) fail(`the build has no route "${route}".`);
	const nodeKeys = [0, ...ids].map((n) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`);
	const keys = closure([ENTRY, APP, ...nodeKeys]);
	const js = [...keys].map((k) => {
		const c = manifest[k]!;
		return { file: c.file, label: c.src ?? c.name ?? k, bytes: wireSize(c.file) };
	});
	const cssFiles = new Set([...keys].flatMap((k) => manifest[k]!.css ?? []));
	const css = [...cssFiles].map((file) => ({ file, bytes: wireSize(file) }));
	js.sort((a, b) => b.bytes - a.bytes);
	return { js, css };
}

const sum = (xs: { bytes: number }[]) => xs.reduce((s, x) => s + x.bytes, 0);

const nodes = routeNodes();
let over = 0;
for (const b of BUDGETS) {
	const load = firstLoad(b.route, nodes);
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
	if (!nodes.has(route)) continue;
	const load = firstLoad(route, nodes);
	console.log(
		`  ${route.padEnd(28)} JS ${kb(sum(load.js)).padStart(9)} in ${load.js.length} files, CSS ${kb(sum(load.css))}`
	);
}
if (over) {
	console.error(`\nsize: ${over} route(s) over budget.`);
	process.exit(1);
}
