/**
 * The service worker's rules, kept apart from the worker so they can be tested in Node: what is
 * cached, which requests it answers, and which caches an update removes. Plain TypeScript.
 */

/**
 * The page every navigation gets: the SPA fallback that adapter-static writes. (`/index.html` is
 * the same shell with the first page's files preloaded; offline, the fallback serves every page.)
 */
export const SHELL = '/200.html';

/** The message a page posts to the waiting worker when the person chooses to reload. */
export const SKIP_WAITING = 'SKIP_WAITING';

const PREFIX = 'homeward-app-';

/** One cache per build, named by SvelteKit's version string. */
export function cacheName(version: string): string {
	return `${PREFIX}${version}`;
}

/** Homeward's caches other than the current one (another site's caches on this origin are left alone). */
export function isOldCache(name: string, current: string): boolean {
	return name.startsWith(PREFIX) && name !== current;
}

/** Everything cached when a version installs: the built files, the static files and the shell. */
export function precacheList(build: readonly string[], files: readonly string[]): string[] {
	return [...new Set([...build, ...files, SHELL])];
}

/** How the worker answers a request: the shell, a cached file, or not at all (the browser's default). */
export type RequestKind = 'navigation' | 'asset' | 'pass';

/** The parts of a Request the rules look at. */
export interface RequestLike {
	url: string;
	method: string;
	mode: string;
}

export function requestKind(
	request: RequestLike,
	origin: string,
	precached: ReadonlySet<string>
): RequestKind {
	if (request.method !== 'GET') return 'pass';
	let url: URL;
	try {
		url = new URL(request.url);
	} catch {
		return 'pass';
	}
	// Homeward fetches nothing from elsewhere; anything that tries is not the worker's business.
	if (url.origin !== origin) return 'pass';
	if (request.mode === 'navigate') return 'navigation';
	return precached.has(url.pathname) ? 'asset' : 'pass';
}
