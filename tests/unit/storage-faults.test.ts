// Data safety in the store: what an export can hold, the counts the data page shows, and the
// storage faults a browser can throw at a write. All case details are fictional.
import { WRITTEN_UP } from '../fixtures/records.ts';
import 'fake-indexeddb/auto';
import type { PromiseExtended } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AssessmentSession, flushOpenSessions } from '../../src/lib/app/session.svelte.ts';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { STORAGE_ERROR_MESSAGES, StorageError } from '../../src/lib/storage/errors.ts';
import { emptyCaseDetails, type CaseDetails } from '../../src/lib/domain/assessment.ts';
import { loadRealRules, TODAY } from '../helpers.ts';

const rules = loadRealRules();
const RULES = { id: rules.data.id, version: rules.data.version, hash: rules.hash };
const lookup = (id: string, version: string) =>
	id === rules.data.id && version === rules.data.version ? rules : undefined;
const START = Date.parse('2026-11-23T09:00:00.000Z');

function caseDetails(caseRef: string): CaseDetails {
	return { ...emptyCaseDetails(TODAY), caseRef, assessorName: 'A. Fictional' };
}

const opened: HomewardDb[] = [];
afterEach(() => {
	vi.restoreAllMocks();
	for (const db of opened.splice(0)) db.close();
});

function setup() {
	const db = new HomewardDb('homeward', { indexedDB: new IDBFactory(), IDBKeyRange });
	opened.push(db);
	let seconds = 0;
	const clock = () => new Date(START + 1000 * seconds++);
	let counter = 0;
	const store = new AssessmentStore(db, clock, () => `assessment-${++counter}`);
	return { db, store };
}

/** Everything stored, both tables, as plain data. */
async function snapshot(db: HomewardDb) {
	return {
		assessments: await db.table('assessments').toArray(),
		summaries: await db.table('summaries').toArray()
	};
}

async function failure(promise: Promise<unknown>): Promise<StorageError> {
	try {
		await promise;
	} catch (e) {
		expect(e).toBeInstanceOf(StorageError);
		return e as StorageError;
	}
	throw new Error('expected the operation to fail');
}

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
// What the browser does when the disk is full: the write's promise rejects. (Typed as Dexie's
// PromiseExtended, which only adds helpers the store never uses.)
const refuse = () => Promise.reject(quotaError()) as PromiseExtended<never>;

describe('choosing what goes into an export', () => {
	it('holds every readable assessment, oldest first, and lists damaged ones apart with a reason', async () => {
		const { db, store } = setup();
		const first = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-1') });
		const second = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-2') });
		await store.setAnswer(first.id, 'protective-adult', 'adequate');
		await db.table('assessments').put({ id: 'damaged', caseDetails: { caseRef: 'FICT-9' } });

		const selection = await store.exportRecords();
		expect(selection.records.map((r) => r.id)).toEqual([first.id, second.id]);
		expect(selection.records[0]?.answers).toEqual({ 'protective-adult': 'adequate' });
		expect(selection.corrupt).toHaveLength(1);
		expect(selection.corrupt[0]).toMatchObject({ id: 'damaged', caseRef: 'FICT-9' });
		expect(selection.corrupt[0]?.message).toContain(
			'The saved assessment for case FICT-9 is damaged'
		);
		expect(selection.missing).toEqual([]);
	});

	it('holds only the assessments asked for, and names ids that are not stored', async () => {
		const { store } = setup();
		await store.create({ rules: RULES, caseDetails: caseDetails('FICT-1') });
		const second = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-2') });
		const selection = await store.exportRecords([second.id, 'gone', second.id]);
		expect(selection.records.map((r) => r.caseDetails.caseRef)).toEqual(['FICT-2']);
		expect(selection.missing).toEqual(['gone']);
	});

	it('is empty, without an error, when nothing is stored', async () => {
		const { store } = setup();
		expect(await store.exportRecords()).toEqual({ records: [], corrupt: [], missing: [] });
	});
});

describe('counting what is stored', () => {
	it('counts drafts, completed and signed assessments, and damaged records apart', async () => {
		const { db, store } = setup();
		await store.create({ rules: RULES, caseDetails: caseDetails('FICT-1') });
		const done = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-2') });
		await store.update(done.id, { ...WRITTEN_UP, status: 'completed', band: 'ready' });
		const signed = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-3') });
		await store.update(signed.id, { ...WRITTEN_UP, status: 'completed', band: 'ready' });
		await store.sign(signed.id, {
			assessorName: 'A. Fictional',
			date: TODAY,
			managerName: '',
			declaration: true
		});
		await db.table('assessments').put({ id: 'damaged', whatever: true });
		expect(await store.counts()).toEqual({
			total: 4,
			draft: 1,
			completed: 1,
			'awaiting-approval': 0,
			signed: 1,
			corrupt: 1
		});
	});
});

describe('a full disk (QuotaExceededError) on a write', () => {
	it('refuses a new assessment with a plain message and stores nothing', async () => {
		const { db, store } = setup();
		await store.create({ rules: RULES, caseDetails: caseDetails('FICT-1') });
		const before = await snapshot(db);
		vi.spyOn(db.assessments, 'add').mockImplementation(refuse);
		const error = await failure(store.create({ rules: RULES, caseDetails: caseDetails('FICT-2') }));
		expect(error.kind).toBe('quota');
		expect(error.message).toBe(STORAGE_ERROR_MESSAGES.quota);
		expect(error.message).not.toMatch(/quota|exception|indexeddb/i);
		expect(await snapshot(db)).toEqual(before);
	});

	it('refuses a change with a plain message and keeps the record and its summary as they were', async () => {
		const { db, store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-1') });
		await store.setAnswer(record.id, 'protective-adult', 'adequate');
		const before = await snapshot(db);
		vi.spyOn(db.assessments, 'put').mockImplementation(refuse);
		const error = await failure(store.setAnswer(record.id, 'protective-adult', 'serious-concern'));
		expect(error.kind).toBe('quota');
		expect(error.message).toMatch(
			/^This device has run out of storage space, so your last change was not saved\./
		);
		expect(await snapshot(db)).toEqual(before);
	});

	it('leaves no half-written record when the summary beside it cannot be written', async () => {
		const { db, store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-1') });
		const before = await snapshot(db);
		vi.spyOn(db.summaries, 'put').mockImplementation(refuse);
		expect((await failure(store.update(record.id, { band: 'ready' }))).kind).toBe('quota');
		expect(await snapshot(db)).toEqual(before);
	});

	it('in the wizard: the answer stays on the page, the message shows, and it saves once there is space', async () => {
		const { db, store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-1') });
		const session = await AssessmentSession.open(store, record.id, TODAY, lookup);
		try {
			const before = await snapshot(db);
			const put = vi.spyOn(db.assessments, 'put').mockImplementation(refuse);
			session.setAnswer('protective-adult', 'adequate');
			await session.flush();
			expect(session.saveError).toBe(STORAGE_ERROR_MESSAGES.quota);
			expect(session.answers['protective-adult']).toBe('adequate');
			expect(await snapshot(db)).toEqual(before);

			put.mockRestore();
			await session.flush();
			expect(session.saveError).toBeNull();
			expect((await store.get(record.id))?.answers['protective-adult']).toBe('adequate');
		} finally {
			session.close();
		}
	});
});

describe('a database connection closed underneath the store', () => {
	it('is reopened and the write retried once, when closed by a plain close()', async () => {
		const { db, store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-1') });
		db.close();
		expect(db.isOpen()).toBe(false);
		const saved = await store.setAnswer(record.id, 'protective-adult', 'adequate');
		expect(saved.revision).toBe(1);
		expect(db.isOpen()).toBe(true);
		expect((await store.get(record.id))?.answers).toEqual({ 'protective-adult': 'adequate' });
	});

	it('reopens for reads and new assessments too', async () => {
		const { db, store } = setup();
		await store.create({ rules: RULES, caseDetails: caseDetails('FICT-1') });
		db.close();
		expect((await store.list()).total).toBe(1);
		db.close();
		await store.create({ rules: RULES, caseDetails: caseDetails('FICT-2') });
		expect((await store.counts()).draft).toBe(2);
	});

	it('is not reopened once this tab has let go of it (another tab upgraded or deleted it)', async () => {
		const { db, store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-1') });
		db.release();
		const error = await failure(store.setAnswer(record.id, 'protective-adult', 'adequate'));
		expect(error.kind).toBe('unavailable');
		expect(db.isOpen()).toBe(false);
	});
});

describe('saving before the app reloads for an update', () => {
	it('saves every open assessment at once, without waiting for the autosave delay', async () => {
		const { store } = setup();
		const a = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-1') });
		const b = await store.create({ rules: RULES, caseDetails: caseDetails('FICT-2') });
		const first = await AssessmentSession.open(store, a.id, TODAY, lookup);
		const second = await AssessmentSession.open(store, b.id, TODAY, lookup);
		try {
			first.setAnswer('protective-adult', 'adequate');
			second.setNote('protective-adult', 'Fictional note typed just before the update.');
			expect(await flushOpenSessions()).toBe(true);
			expect((await store.get(a.id))?.answers['protective-adult']).toBe('adequate');
			expect((await store.get(b.id))?.notes['protective-adult']).toBe(
				'Fictional note typed just before the update.'
			);
		} finally {
			first.close();
			second.close();
		}
	});
});
