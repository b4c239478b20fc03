/**
 * The first page's direct IndexedDB read (storage/first-page.ts): in the plain case it gives
 * exactly what the store's listRecent gives; in every other case it gives null (so the store
 * answers), and it never creates, upgrades or changes a database.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCaseDetails } from '../../src/lib/domain/assessment.ts';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { DEFAULT_DB_NAME, HomewardDb, TRAINING_DB_NAME } from '../../src/lib/storage/db.ts';
import * as names from '../../src/lib/storage/db-names.ts';
import { readFirstPage } from '../../src/lib/storage/first-page.ts';
import { SCHEMA_VERSIONS } from '../../src/lib/storage/schema.ts';
import { TODAY } from '../helpers.ts';

const RULES = { id: 'reunification-readiness', version: '1.1.0', hash: 'hash-1' };
const opened: HomewardDb[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

function setup() {
	const indexedDB = new IDBFactory();
	const db = new HomewardDb('homeward', { indexedDB, IDBKeyRange });
	opened.push(db);
	let tick = Date.parse('2026-11-23T09:00:00.000Z');
	let n = 0;
	const store = new AssessmentStore(
		db,
		() => new Date((tick += 1000)),
		() => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
	);
	return { indexedDB, db, store };
}

async function fill(store: AssessmentStore, count: number, touch: number[] = []) {
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const r = await store.create({
			rules: RULES,
			caseDetails: { ...emptyCaseDetails(TODAY), caseRef: `FICT-${i}` }
		});
		ids.push(r.id);
	}
	// Changing some later moves them to the top of the list.
	for (const i of touch) if (ids[i]) await store.setNote(ids[i], 'housing', `Note ${i}`);
	return ids;
}

const version = async (indexedDB: IDBFactory) =>
	(await indexedDB.databases()).find((d) => d.name === 'homeward')?.version;

describe('the first page read straight from IndexedDB', () => {
	it('uses the names and schema version the store uses', () => {
		expect(names.DEFAULT_DB_NAME).toBe(DEFAULT_DB_NAME);
		expect(names.TRAINING_DB_NAME).toBe(TRAINING_DB_NAME);
		expect(names.CURRENT_DB_VERSION).toBe(SCHEMA_VERSIONS.at(-1)?.version);
	});

	it('says nothing is stored on a device with no database, and creates none', async () => {
		const indexedDB = new IDBFactory();
		expect(await readFirstPage('homeward', 25, indexedDB)).toEqual({
			items: [],
			corrupt: [],
			total: 0
		});
		expect(await indexedDB.databases()).toEqual([]);
	});

	it('gives exactly what the store gives, for any number stored and any changed later', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 0, max: 40 }),
				fc.array(fc.nat(39), { maxLength: 6 }),
				fc.integer({ min: 1, max: 30 }),
				async (count, touch, limit) => {
					const { indexedDB, store } = setup();
					await fill(store, count, touch);
					const direct = await readFirstPage('homeward', limit, indexedDB);
					expect(direct).toEqual(await store.listRecent(limit));
				}
			),
			{ numRuns: 25 }
		);
	});

	it('leaves a database that needs its upgrade to the store, untouched', async () => {
		const indexedDB = new IDBFactory();
		await new Promise<void>((resolve, reject) => {
			const request = indexedDB.open('homeward', 20);
			request.onupgradeneeded = () => {
				request.result.createObjectStore('assessments', { keyPath: 'id' });
				request.result
					.createObjectStore('summaries', { keyPath: 'id' })
					.createIndex('updatedAt', 'updatedAt');
			};
			request.onsuccess = () => {
				request.result.close();
				resolve();
			};
			request.onerror = () => reject(request.error);
		});
		expect(await readFirstPage('homeward', 25, indexedDB)).toBeNull();
		expect(await version(indexedDB)).toBe(20);
	});

	it('leaves damaged or unmatched rows to the store, which reports them', async () => {
		const cases: [string, (db: HomewardDb, ids: string[]) => Promise<unknown>][] = [
			['a record with no summary', (db, ids) => db.summaries.delete(ids[0]!)],
			[
				'an unreadable summary',
				(db, ids) => db.summaries.update(ids[1]!, { status: 'lost' } as never)
			],
			[
				'a summary whose record is gone, balanced by a record without one',
				async (db, ids) => {
					await db.assessments.delete(ids[2]!);
					await db.summaries.delete(ids[0]!);
				}
			]
		];
		for (const [, damage] of cases) {
			const { indexedDB, db, store } = setup();
			const ids = await fill(store, 5);
			await damage(db, ids);
			expect(await readFirstPage('homeward', 25, indexedDB)).toBeNull();
			db.close();
		}
	});

	it('gives null, not an error, where IndexedDB cannot list databases', async () => {
		const bare = {
			open: () => {
				throw new Error('no');
			}
		} as unknown as IDBFactory;
		expect(await readFirstPage('homeward', 25, bare)).toBeNull();
		expect(await readFirstPage('homeward', 25, undefined)).toBeNull();
	});

	it('never keeps another tab waiting to upgrade or delete the database', async () => {
		const { indexedDB, store, db } = setup();
		await fill(store, 3);
		db.close();
		await readFirstPage('homeward', 25, indexedDB);
		await new Promise<void>((resolve, reject) => {
			const request = indexedDB.deleteDatabase('homeward');
			request.onsuccess = () => resolve();
			request.onerror = () => reject(request.error);
			request.onblocked = () => reject(new Error('blocked'));
		});
	});
});
