/**
 * The first page's list, as fast as the device allows: read straight from IndexedDB when the
 * database is in the plain case (storage/first-page.ts), otherwise from the store, which is then
 * loaded. Either way the same list; the store's watch keeps it live afterwards.
 */
import { readFirstPage } from '../storage/first-page.ts';
import { DEFAULT_DB_NAME } from '../storage/db-names.ts';
import type { AssessmentList } from '../storage/store-types.ts';

/** How many of the most recent assessments the first page shows before "Show more". */
export const PAGE_SIZE = 25;

/** The composition root, loaded on first use (it brings the store and Dexie). */
export const loadRoot = () => import('./root.ts');

/** The `limit` most recent assessments on this device, or null if they cannot be read now. */
export async function firstPage(limit: number): Promise<AssessmentList | null> {
	const quick = await readFirstPage(DEFAULT_DB_NAME, limit);
	// Which way the list came, for the benchmark and the browser tests to see.
	performance.mark('homeward:first-page', { detail: quick ? 'direct' : 'store' });
	if (quick) return quick;
	const { app } = await loadRoot();
	return app()
		.store.listRecent(limit)
		.catch(() => null);
}
