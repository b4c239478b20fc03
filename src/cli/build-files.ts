/**
 * What a build holds, read from Vite's manifest and SvelteKit's generated route dictionary: which
 * files a first visit to a route fetches before the page can render (the client entry, the app,
 * the root layout's node, the route's own nodes, and everything they import statically). Shared
 * by the size check (tests/bench/size.ts) and the fallback page's preloads (preload-fallback.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BUILD = join(ROOT, 'build');
const CLIENT = join(ROOT, '.svelte-kit/output/client');
const MANIFEST = join(CLIENT, '.vite/manifest.json');
const APP = '.svelte-kit/generated/client-optimized/app.js';
const ENTRY = 'node_modules/@sveltejs/kit/src/runtime/client/entry.js';

interface ManifestChunk {
	file: string;
	name?: string;
	src?: string;
	imports?: string[];
	css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export class BuildFiles {
	readonly #manifest: Manifest;
	readonly #routes: Map<string, number[]>;

	/** Throws with a sentence when there is no build to read. */
	constructor() {
		if (!existsSync(MANIFEST)) throw new Error('no build found. Run `npm run build` first.');
		this.#manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
		this.#routes = routeNodes();
	}

	hasRoute(route: string): boolean {
		return this.#routes.has(route);
	}

	/**
	 * The JS (with a label: its source or chunk name) and CSS files, as paths under build/, that
	 * a first visit to `route` fetches before it renders. `extraNodes` adds nodes the client
	 * always loads at start (1: the root error page).
	 */
	firstLoad(
		route: string,
		extraNodes: number[] = []
	): { js: { file: string; label: string }[]; css: string[] } {
		const ids = this.#routes.get(route);
		if (!ids) throw new Error(`the build has no route "${route}".`);
		const nodeKeys = [0, ...extraNodes, ...ids].map(
			(n) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`
		);
		const keys = this.#closure([ENTRY, APP, ...nodeKeys]);
		const js = [...keys].map((k) => {
			const c = this.#manifest[k]!;
			return { file: c.file, label: c.src ?? c.name ?? k };
		});
		const css = [...new Set([...keys].flatMap((k) => this.#manifest[k]!.css ?? []))];
		return { js, css };
	}

	/** Every manifest key reached from `starts` by static imports. */
	#closure(starts: string[]): Set<string> {
		const seen = new Set<string>();
		const stack = [...starts];
		while (stack.length) {
			const key = stack.pop()!;
			if (seen.has(key)) continue;
			const chunk = this.#manifest[key];
			if (!chunk) throw new Error(`the build manifest has no entry "${key}".`);
			seen.add(key);
			stack.push(...(chunk.imports ?? []));
		}
		return seen;
	}
}

/** Route → node ids, read from the app manifest SvelteKit generated for this build. */
function routeNodes(): Map<string, number[]> {
	const app = readFileSync(join(ROOT, APP), 'utf8');
	const dict = /dictionary = \{([\s\S]*?)\n\t*\};/.exec(app)?.[1];
	if (!dict) throw new Error(`cannot find the route dictionary in ${APP}.`);
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
