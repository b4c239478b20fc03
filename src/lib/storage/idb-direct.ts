/**
 * Reading Homeward's database with IndexedDB itself, without Dexie or the store, for the pages
 * that must show something before those have loaded (first-page.ts, caseload-direct.ts). It only
 * ever reads a database already at the version this build writes: it never creates or upgrades
 * one (only Dexie may), and it lets go at once when another tab wants to.
 */
import { CURRENT_DB_VERSION } from './db-names.ts';

/** A request's result, as a promise. */
export const done = <T>(request: IDBRequest<T>): Promise<T> =>
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
 * `read` run on database `name` at the version this build writes, then the database closed.
 * `empty` when there is no such database (nothing is stored, and none is created); null when only
 * the store can say: an older database that needs its upgrade, a browser without
 * `indexedDB.databases()`, or any error. `factory` is the browser's indexedDB unless a test
 * passes another.
 */
export async function readDirect<T>(
	name: string,
	read: (db: IDBDatabase) => Promise<T | null>,
	empty: T,
	factory: IDBFactory | undefined = globalThis.indexedDB
): Promise<T | null> {
	try {
		if (!factory || typeof factory.databases !== 'function') return null;
		const found = (await factory.databases()).find((d) => d.name === name);
		if (!found) return empty;
		if (found.version !== CURRENT_DB_VERSION * 10) return null;
		const db = await openCurrent(factory, name);
		if (!db) return null;
		// Another tab upgrading or deleting the database must never wait for this reader.
		db.onversionchange = () => db.close();
		try {
			return await read(db);
		} finally {
			db.close();
		}
	} catch {
		return null;
	}
}
