/**
 * The caseload's direct IndexedDB read (storage/caseload-direct.ts): it gives exactly what the
 * store's caseloadRows gives from the same database, and never creates or upgrades one.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCaseDetails } from '../../src/lib/domain/assessment.ts';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { readCaseloadDirect } from '../../src/lib/storage/caseload-direct.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { TODAY } from '../helpers.ts';

const RULES = { id: 'reunification-readiness', version: '1.1.0', hash: 'hash-1' };
const opened: HomewardDb[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

describe('the caseload read straight from IndexedDB', () => {
	it('says nothing is stored on a device with no database, and creates none', async () => {
		const indexedDB = new IDBFactory();
		expect(await readCaseloadDirect('homeward', indexedDB)).toEqual({ rows: [], missing: [] });
		expect(await indexedDB.databases()).toEqual([]);
	});

	it('gives what the store gives: digests brought up to date, then some changed or deleted', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 0, max: 12 }),
				fc.array(fc.nat(11), { maxLength: 4 }),
				fc.array(fc.nat(11), { maxLength: 3 }),
				async (count, changed, deleted) => {
					const indexedDB = new IDBFactory();
					const db = new HomewardDb('homeward', { indexedDB, IDBKeyRange });
					opened.push(db);
					let n = 0;
					const store = new AssessmentStore(db, undefined, () => `fict-${++n}`);
					const ids: string[] = [];
					for (let i = 0; i < count; i++)
						ids.push(
							(
								await store.create({
									rules: RULES,
									caseDetails: { ...emptyCaseDetails(TODAY), caseRef: `FICT-${i}` }
								})
							).id
						);
					await store.refreshCaseload(ids, (r) => `digest of ${r.id}`);
					for (const i of changed) if (ids[i]) await store.setNote(ids[i], 'housing', 'Fictional.');
					for (const i of deleted) if (ids[i]) await store.delete(ids[i]);
					const direct = await readCaseloadDirect('homeward', indexedDB);
					expect(direct).toEqual(await store.caseloadRows());
					const stale = new Set(changed.flatMap((i) => (ids[i] ? [ids[i]] : [])));
					for (const i of deleted) stale.delete(ids[i]!);
					expect(new Set(direct!.missing)).toEqual(stale);
				}
			),
			{ numRuns: 20 }
		);
	});

	it('leaves a database that needs its upgrade to the store, untouched', async () => {
		const indexedDB = new IDBFactory();
		await new Promise<void>((resolve, reject) => {
			const request = indexedDB.open('homeward', 40);
			request.onupgradeneeded = () => {
				request.result.createObjectStore('assessments', { keyPath: 'id' });
				request.result.createObjectStore('summaries', { keyPath: 'id' });
			};
			request.onsuccess = () => {
				request.result.close();
				resolve();
			};
			request.onerror = () => reject(request.error);
		});
		expect(await readCaseloadDirect('homeward', indexedDB)).toBeNull();
		expect((await indexedDB.databases())[0]?.version).toBe(40);
	});
});
