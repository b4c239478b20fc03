/**
 * The first page's most recent assessments, read with IndexedDB itself rather than through Dexie
 * and the store, so the first page can show its list before those have loaded (issue 14: Dexie,
 * the record schema and the store are a third of the first page's JavaScript).
 *
 * It answers only in the plain case, with the store's own fast path's check (`plainRecentPage`): the database is
 * at the version this build writes, there are as many summaries as records, every row shown is a
 * valid summary and its record exists. Anything else (an older database that needs its upgrade,
 * damaged rows, records without a summary, a browser without `indexedDB.databases()`, any error)
 * gives null, and the page asks the store, which upgrades, checks everything and reports damage.
 * It never writes, and it never creates a database: a device with no database has nothing stored.
 */
import { plainRecentPage } from './summaries.ts';
import { done, readDirect } from './idb-direct.ts';
import type { AssessmentList } from './store-types.ts';

/**
 * The `limit` most recent assessments in database `name`, or null when only the store can say
 * (see above). `factory` is the browser's indexedDB unless a test passes another.
 */
export function readFirstPage(
	name: string,
	limit: number,
	factory: IDBFactory | undefined = globalThis.indexedDB
): Promise<AssessmentList | null> {
	return readDirect(
		name,
		async (db) => {
			const tx = db.transaction(['assessments', 'summaries'], 'readonly');
			const records = tx.objectStore('assessments');
			const summaries = tx.objectStore('summaries');
			const [recordCount, summaryCount, rows] = await Promise.all([
				done(records.count()),
				done(summaries.count()),
				newest(summaries, limit)
			]);
			return plainRecentPage(recordCount, summaryCount, rows, async (ids) => {
				const keys = await Promise.all(ids.map((id) => done(records.getKey(id))));
				return keys.filter((key) => key !== undefined).length;
			});
		},
		{ items: [], corrupt: [], total: 0 },
		factory
	);
}

/** The `limit` rows with the latest `updatedAt`, newest first, through the index. */
function newest(summaries: IDBObjectStore, limit: number): Promise<unknown[]> {
	return new Promise((resolve, reject) => {
		const rows: unknown[] = [];
		const request = summaries.index('updatedAt').openCursor(null, 'prev');
		request.onerror = () => reject(request.error ?? new Error('IndexedDB cursor failed'));
		request.onsuccess = () => {
			const cursor = request.result;
			if (!cursor || rows.length >= limit) return resolve(rows);
			rows.push(cursor.value);
			cursor.continue();
		};
	});
}
