import { browser } from '$app/environment';
import { firstPage, PAGE_SIZE } from '$lib/app/first-page.ts';
import type { PageLoad } from './$types';

// The first page's list query starts here, while the page itself is still being set up, rather
// than after it has mounted (issue 14), and without waiting for the store and Dexie to load when
// IndexedDB can answer it directly. The page then keeps the list live with the store's watch.
export const load: PageLoad = () => ({
	startedAt: performance.now(),
	// At build time (prerendering, below) there is no device and no list: the page says it is loading.
	firstPage: browser ? firstPage(PAGE_SIZE) : Promise.resolve(null)
});

// Written out at build time as build/index.html, rendered: the header, the heading, the rules in
// use and the start button are in the HTML, so the first page is drawn as soon as its stylesheet
// arrives, before any JavaScript has run (issue 14: first and largest contentful paint), and with
// this page's own files preloaded. The list of assessments on the device fills in in the browser.
// Every other page is the empty fallback shell (the layout's `ssr = false`).
export const prerender = true;
export const ssr = true;
