import { firstPage } from '$lib/app/first-page.ts';
import type { PageLoad } from './$types';

/** How many of the most recent assessments the first page shows before "Show more". */
export const PAGE_SIZE = 25;

// The first page's list query starts here, while the page itself is still being set up, rather
// than after it has mounted (issue 14), and without waiting for the store and Dexie to load when
// IndexedDB can answer it directly. The page then keeps the list live with the store's watch.
export const load: PageLoad = () => ({
	startedAt: performance.now(),
	firstPage: firstPage(PAGE_SIZE)
});

// Written out at build time as build/index.html: the same empty shell as every other page (no
// server rendering), but with this page's own files preloaded, so a visit to the first page
// fetches them at once instead of after the app has started.
export const prerender = true;
