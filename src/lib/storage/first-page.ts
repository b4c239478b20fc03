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
import { CURRENT_DB_VERSION } from './db-names.ts';
import type { AssessmentList } from './store-types.ts';

const done = <T>(request: IDBRequest<T>): Promise<T> =>
	new Promise((resolve, reject) => {
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
	});

/** Opens `name` at the version this build writes; null if that would need an upgrade. */
function openCurrent(factory: IDBFactory, name: string): Promise<IDBDatabase | null> {
	return new Promise((resolve, reject) => {
		const request = factory.open(name, CURRENT_DB_VERSION * 10);
		request.onupgradeneeded = () => {
			// Only Dexie may create or upgrade the database: abandon this open.
			request.transaction?.abort();
		};
		request.onsuccess = () => resolve(request.result);
		request.onerror = (event) => {
			event.preventDefault();
			if (request.error?.name === 'AbortError') resolve(null);
			else reject(request.error ?? new Error('IndexedDB open failed'));
		};
		request.onblocked = () => resolve(null);
	});
}

/**
 * The `limit` most recent assessments in database `name`, or null when only the store can say
 * (see above). `factory` is the browser's indexedDB unless a test passes another.
 */
export async function readFirstPage(
	name: string,
	limit: number,
	factory: IDBFactory | undefined = globalThis.indexedDB
): Promise<AssessmentList | null> {
	try {
		if (!factory || typeof factory.databases !== 'function') return null;
		const found = (await factory.databases()).find((d) => d.name === name);
		if (!found) return { items: [], corrupt: [], total: 0 };
		if (found.version !== CURRENT_DB_VERSION * 10) return null;
		const db = await openCurrent(factory, name);
		if (!db) return null;
		// Another tab upgrading or deleting the database must never wait for this reader.
		db.onversionchange = () => db.close();
		try {
			const tx = db.transaction(['assessments', 'summaries'], 'readonly');
			const records = tx.objectStore('assessments');
			const summaries = tx.objectStore('summaries');
			const [recordCount, summaryCount, rows] = await Promise.all([
				done(records.count()),
				done(summaries.count()),
				newest(summaries, limit)
			]);
			return await plainRecentPage(recordCount, summaryCount, rows, async (ids) => {
				const keys = await Promise.all(ids.map((id) => done(records.getKey(id))));
				return keys.filter((key) => key !== undefined).length;
			});
		} finally {
			db.close();
		}
	} catch {
		return null;
	}
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
