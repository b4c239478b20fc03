/**
 * Faults that used to lose work (issue 17): a page closed before its save finished, a save the
 * disk had no room for, and two tabs changing the same field. All case data is fictional.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AssessmentSession, QUOTA_RETRY_MS } from '../../src/lib/app/session.svelte.ts';
import {
	clearAllJournals,
	SaveJournal,
	type JournalStorage
} from '../../src/lib/app/autosave-journal.ts';
import { CLASH_SEPARATOR } from '../../src/lib/app/working-copy.ts';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { StorageError } from '../../src/lib/storage/errors.ts';
import type { CaseDetails } from '../../src/lib/domain/assessment.ts';
import { loadRealRules, TODAY, testId } from '../helpers.ts';

const rules = loadRealRules();
const lookup = (id: string, version: string) =>
	id === rules.data.id && version === rules.data.version ? rules : undefined;
const pin = { id: rules.data.id, version: rules.data.version, hash: rules.hash };
const details: CaseDetails = {
	caseRef: 'FICT-1717',
	ageBand: '5-10',
	legalStatus: 'care-order',
	assessmentDate: TODAY,
	assessorName: 'A. Fictional',
	assessorRole: 'Social worker',
	returningTo: 'Mother'
};
const stamp = { clock: () => new Date('2026-11-23T10:00:00.000Z'), newId: () => testId('s', 1) };

/** `localStorage` as a Map: synchronous, and it outlives the "page" (the session). */
function memoryStorage(): JournalStorage & { map: Map<string, string> } {
	const map = new Map<string, string>();
	return {
		map,
		getItem: (k) => map.get(k) ?? null,
		setItem: (k, v) => void map.set(k, v),
		removeItem: (k) => void map.delete(k),
		key: (i) => [...map.keys()][i] ?? null,
		get length() {
			return map.size;
		}
	};
}

let store: AssessmentStore;
let storage: ReturnType<typeof memoryStorage>;
let journal: SaveJournal;
beforeEach(() => {
	store = new AssessmentStore(
		new HomewardDb(`hostile-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange })
	);
	storage = memoryStorage();
	journal = new SaveJournal(storage, store.name);
});
afterEach(() => vi.useRealTimers());

const open = (id: string) => AssessmentSession.open(store, id, TODAY, lookup, stamp, journal);

describe('a page closed before its save finished loses nothing', () => {
	it.each([
		['an answer', (s: AssessmentSession) => s.setAnswer('housing', 'mild-concern')],
		['a note', (s: AssessmentSession) => s.setNote('housing', 'Fictional: visited on Tuesday.')],
		['a removed note', (s: AssessmentSession) => s.setNote('income-debt', '')],
		['a case detail', (s: AssessmentSession) => s.setCaseDetail('returningTo', 'Grandmother')]
	])(
		'%s made just before the page closed is replayed when the assessment next opens',
		async (_, change) => {
			const record = await store.create({
				rules: pin,
				caseDetails: details,
				notes: { 'income-debt': 'Fictional: an old note.' }
			});
			const first = await open(record.id);
			change(first);
			// The page goes away: no save ran (the debounce never fired, IndexedDB never answered).
			first.close();
			expect(await store.get(record.id)).toMatchObject({ revision: record.revision });
			expect(storage.map.size).toBe(1);

			const second = await open(record.id);
			expect(second.restored).toBe(true);
			const saved = await store.get(record.id);
			const expected = { answers: second.answers, notes: second.notes };
			expect(saved).toMatchObject(expected);
			expect(saved?.caseDetails).toEqual(second.caseDetails);
			expect(storage.map.size).toBe(0);
			second.close();
		}
	);

	it('the journal is cleared once a change is in the database, and holds only what is unsaved', async () => {
		const record = await store.create({ rules: pin, caseDetails: details });
		const s = await open(record.id);
		s.setAnswer('housing', 'adequate');
		const kept = JSON.parse([...storage.map.values()][0] ?? '{}');
		expect(kept.answers).toEqual({ housing: 'adequate' });
		await s.flush();
		expect(storage.map.size).toBe(0);
		s.close();
	});

	it('a journal entry that is unreadable is ignored, not trusted', async () => {
		const record = await store.create({ rules: pin, caseDetails: details });
		storage.setItem(`homeward-unsaved:${store.name}:${record.id}`, '{"v":1,"answers":7}');
		const s = await open(record.id);
		expect(s.restored).toBe(false);
		expect((await store.get(record.id))?.revision).toBe(record.revision);
		s.close();
	});

	it('"Remove all data" removes every journal entry, and only Homeward’s', () => {
		storage.setItem('homeward-unsaved:homeward:x', '{}');
		storage.setItem('homeward-unsaved:homeward-training:y', '{}');
		storage.setItem('something-else', 'kept');
		clearAllJournals('homeward-training', storage);
		expect([...storage.map.keys()]).toEqual(['homeward-unsaved:homeward:x', 'something-else']);
		clearAllJournals(null, storage);
		expect([...storage.map.keys()]).toEqual(['something-else']);
	});
});

describe('a save the disk had no room for', () => {
	it('is tried again until there is space, and is kept meanwhile', async () => {
		const record = await store.create({ rules: pin, caseDetails: details });
		const s = await open(record.id);
		const update = store.update.bind(store);
		let full = true;
		store.update = (...args) =>
			full ? Promise.reject(new StorageError('quota')) : update(...args);
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		s.setNote('housing', 'Fictional: written while the disk was full.');
		await s.flush();
		expect(s.saveError).not.toBeNull();
		expect(storage.map.size).toBe(1);
		await vi.advanceTimersByTimeAsync(QUOTA_RETRY_MS);
		expect(s.saveError).not.toBeNull();
		full = false;
		await vi.advanceTimersByTimeAsync(QUOTA_RETRY_MS);
		vi.useRealTimers();
		await s.flush();
		expect(s.saveError).toBeNull();
		expect((await store.get(record.id))?.notes['housing']).toBe(
			'Fictional: written while the disk was full.'
		);
		expect(storage.map.size).toBe(0);
		s.close();
	});
});

describe('two tabs changing the same field at once', () => {
	it('keeps both texts of a note and says so', async () => {
		const record = await store.create({ rules: pin, caseDetails: details });
		const a = await open(record.id);
		const b = await open(record.id);
		a.setNote('housing', 'Fictional: text from tab A.');
		b.setNote('housing', 'Fictional: text from tab B.');
		await a.flush();
		await b.flush();
		const saved = await store.get(record.id);
		expect(saved?.notes['housing']).toBe(
			`Fictional: text from tab B.${CLASH_SEPARATOR}Fictional: text from tab A.`
		);
		expect(b.clashes).toHaveLength(1);
		expect(b.clashes[0]).toContain('Both texts are kept');
		a.close();
		b.close();
	});

	it('keeps this tab’s answer and names the other', async () => {
		const record = await store.create({ rules: pin, caseDetails: details });
		const a = await open(record.id);
		const b = await open(record.id);
		a.setAnswer('housing', 'serious-concern');
		b.setAnswer('housing', 'adequate');
		await a.flush();
		await b.flush();
		expect((await store.get(record.id))?.answers['housing']).toBe('adequate');
		expect(b.clashes[0]).toMatch(/This tab’s answer .* is kept; the other was/);
		a.close();
		b.close();
	});

	it('different fields merge without a clash', async () => {
		const record = await store.create({ rules: pin, caseDetails: details });
		const a = await open(record.id);
		const b = await open(record.id);
		a.setNote('housing', 'Fictional: A.');
		b.setNote('income-debt', 'Fictional: B.');
		await a.flush();
		await b.flush();
		expect((await store.get(record.id))?.notes).toEqual({
			housing: 'Fictional: A.',
			'income-debt': 'Fictional: B.'
		});
		expect(b.clashes).toEqual([]);
		a.close();
		b.close();
	});
});
