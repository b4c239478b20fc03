/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Homeward's service worker: the app works with the network off. Every file of this build is
 * cached when the worker installs; pages are always the cached app shell (the SPA fallback), and
 * the app's files come from the cache first, so a page and the files it loads are always of one
 * version.
 *
 * Updates never drop the running app: a new worker installs its own cache beside the old one and
 * then waits. The page tells the person a new version is ready; only when they choose to reload
 * does it ask the waiting worker to take over (SKIP_WAITING). The old cache is removed when the
 * new worker activates, never before. Assessments live in IndexedDB, which this worker never
 * touches. See src/lib/offline.ts for the rules, which are unit-tested.
 */
import { build, files, version } from '$service-worker';
import {
	cacheName,
	isOldCache,
	precacheList,
	requestKind,
	SHELL,
	SKIP_WAITING
} from './lib/offline.ts';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = cacheName(version);
const PRECACHE = precacheList(build, files);
const PRECACHED = new Set(PRECACHE);

sw.addEventListener('install', (event) => {
	// No skipWaiting here: an open page keeps the version it started with until the person reloads.
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (isOldCache(key, CACHE)) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if ((event.data as { type?: unknown } | null)?.type === SKIP_WAITING) void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
	const kind = requestKind(event.request, sw.location.origin, PRECACHED);
	if (kind === 'pass') return;
	event.respondWith(kind === 'navigation' ? shell(event.request) : asset(event.request));
});

/** Any page of the app: the cached shell, which routes in the browser; the network only if the cache lost it. */
async function shell(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = await cache.match(SHELL);
	if (cached) return cached;
	try {
		return await fetch(request);
	} catch {
		return (await caches.match(SHELL)) ?? offlineResponse();
	}
}

/**
 * A file of this build (its name carries a content hash, or it is a static file of this
 * version): from the cache; from the network, and kept, if the cache has somehow lost it.
 */
async function asset(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = await cache.match(request);
	if (cached) return cached;
	try {
		const response = await fetch(request);
		if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
		return response;
	} catch {
		return offlineResponse();
	}
}

function offlineResponse(): Response {
	return new Response('Homeward is offline and this file was not saved on this device.', {
		status: 503,
		headers: { 'Content-Type': 'text/plain; charset=utf-8' }
	});
}
