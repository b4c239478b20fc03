// The service worker's rules: what it caches, what it answers, and what an update removes.
import { describe, expect, it } from 'vitest';
import { cacheName, isOldCache, precacheList, requestKind, SHELL } from '../../src/lib/offline.ts';

const ORIGIN = 'http://127.0.0.1:4173';
const precached = new Set(precacheList(['/_app/immutable/entry/start.abc.js'], ['/favicon.svg']));
const get = (url: string, mode = 'cors') => ({ url, method: 'GET', mode });

describe('the offline app shell', () => {
	it('caches every built file, every static file and the shell page, once each', () => {
		expect(precacheList(['/a.js', '/b.css'], ['/favicon.svg', '/a.js'])).toEqual([
			'/a.js',
			'/b.css',
			'/favicon.svg',
			SHELL
		]);
	});

	const cases: [string, ReturnType<typeof get>, string][] = [
		['any page of the app is the shell', get(`${ORIGIN}/assessment/123`, 'navigate'), 'navigation'],
		['the first page is the shell', get(`${ORIGIN}/`, 'navigate'), 'navigation'],
		[
			'a built file comes from the cache',
			get(`${ORIGIN}/_app/immutable/entry/start.abc.js`),
			'asset'
		],
		['a static file comes from the cache', get(`${ORIGIN}/favicon.svg`), 'asset'],
		['a file of no version is left to the browser', get(`${ORIGIN}/_app/version.json`), 'pass'],
		['another origin is never touched', get('https://example.org/x.js'), 'pass'],
		['another origin’s page is never touched', get('https://example.org/', 'navigate'), 'pass'],
		['a write is never touched', { url: `${ORIGIN}/`, method: 'POST', mode: 'navigate' }, 'pass'],
		['a malformed address is left alone', get('not a url'), 'pass']
	];
	it.each(cases)('%s', (_, request, kind) => {
		expect(requestKind(request, ORIGIN, precached)).toBe(kind);
	});
});

describe('updating', () => {
	it('names a cache by the build version', () => {
		expect(cacheName('1732550000000')).toBe('homeward-app-1732550000000');
	});

	it('removes only Homeward’s older caches, once the new version is active', () => {
		const current = cacheName('2');
		expect(isOldCache(cacheName('1'), current)).toBe(true);
		expect(isOldCache(current, current)).toBe(false);
		expect(isOldCache('someone-elses-cache', current)).toBe(false);
	});
});
