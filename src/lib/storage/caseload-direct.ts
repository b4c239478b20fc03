/**
 * The caseload's digests read with IndexedDB itself (idb-direct.ts), so the caseload view can show
 * its figures without loading Dexie, the record schema and the store. Which rows it gives is the
 * store's own choice (`caseloadRowsOf`, which `AssessmentStore.caseloadRows` uses too): the same
 * answer from the same snapshot. It never writes: when a digest is missing or stale the app asks
 * the store, which brings it up to date (app/caseload.ts).
 */
import { done, readDirect } from './idb-direct.ts';
import type { CaseloadRows } from './store-types.ts';

/**
 * The digests of the records that exist (`ids`, the records' keys) and the records with none,
 * from the `caseload` table's rows as stored. A digest whose record is gone is ignored.
 */
export function caseloadRowsOf(ids: readonly unknown[], rows: readonly unknown[]): CaseloadRows {
	const exists = new Set<unknown>(ids);
	const result: CaseloadRows = { rows: [], missing: [] };
	const seen = new Set<string>();
	for (const row of rows) {
		const { id, digest } = (row ?? {}) as { id?: unknown; digest?: unknown };
		if (typeof id !== 'string' || !exists.has(id)) continue;
		seen.add(id);
		result.rows.push({ id, digest });
	}
	for (const id of ids) if (typeof id === 'string' && !seen.has(id)) result.missing.push(id);
	return result;
}

/**
 * Every record's digest as stored in database `name`, or null when only the store can say (an
 * older database, no `indexedDB.databases()`, any error; see idb-direct.ts). `factory` is the
 * browser's indexedDB unless a test passes another.
 */
export function readCaseloadDirect(
	name: string,
	factory: IDBFactory | undefined = globalThis.indexedDB
): Promise<CaseloadRows | null> {
	return readDirect(
		name,
		async (db) => {
			const tx = db.transaction(['assessments', 'caseload'], 'readonly');
			const [ids, rows] = await Promise.all([
				done(tx.objectStore('assessments').getAllKeys()),
				done(tx.objectStore('caseload').getAll())
			]);
			return caseloadRowsOf(ids, rows);
		},
		{ rows: [], missing: [] },
		factory
	);
}
