// Dexie's liveQuery checks for a global indexedDB once, when Dexie is first loaded, and stays silent
// without one; the database itself still uses the fresh factory each test passes in.
import { WRITTEN_UP } from '../fixtures/records.ts';
import { emptyPracticeRecord } from '../../src/lib/domain/governance.ts';
import { emptyFollowUp } from '../../src/lib/domain/follow-up.ts';
import { SCHEMA_VERSIONS } from '../../src/lib/storage/schema.ts';
import 'fake-indexeddb/auto';
import Dexie, { type DBCore, type DBCoreTable, type Middleware } from 'dexie';
import { forceCloseDatabase, IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import {
	AssessmentStore,
	toSummary,
	type AssessmentList
} from '../../src/lib/storage/assessments.ts';
import {
	HomewardDb,
	requestPersistentStorage,
	type PersistableStorage,
	type VersionChange
} from '../../src/lib/storage/db.ts';
import {
	STORAGE_ERROR_MESSAGES,
	StorageError,
	toStorageError,
	type StorageErrorKind
} from '../../src/lib/storage/errors.ts';
import { emptyCaseDetails, type CaseDetails } from '../../src/lib/domain/assessment.ts';
import type { AssessmentRecord } from '../../src/lib/storage/record.ts';
import { TODAY } from '../helpers.ts';
import { emptyPlanChoices } from '../../src/lib/domain/plan.ts';

const RULES = { id: 'reunification-readiness', version: '1.0.0', hash: 'hash-1' };
const NEWER_RULES = { id: 'reunification-readiness', version: '1.1.0', hash: 'hash-2' };
const START = Date.parse('2026-11-23T09:00:00.000Z');

function caseDetails(caseRef = 'CASE-1'): CaseDetails {
	return { ...emptyCaseDetails(TODAY), caseRef, assessorName: 'A. Assessor' };
}

/** What the tests can do to the database underneath the store. */
interface Faults {
	/** Makes a write to this table fail with this error, once, after letting `skip` through. */
	failNextWrite: { table: string; error: unknown; skip?: number } | null;
	/** Counts record values read from `assessments` (not keys). */
	recordReads: number;
}

// A DBCore middleware sits where IndexedDB requests are made, inside Dexie's transactions, so a
// failure injected here behaves like the browser refusing the write.
function faultInjection(faults: Faults): Middleware<DBCore> {
	return {
		stack: 'dbcore',
		name: 'test-faults',
		create: (down) => ({
			...down,
			table(name: string): DBCoreTable {
				const table = down.table(name);
				if (name !== 'assessments' && name !== 'summaries') return table;
				return {
					...table,
					mutate(req) {
						const fault = faults.failNextWrite;
						if (fault?.table === name && req.type !== 'delete') {
							if (fault.skip) fault.skip -= 1;
							else {
								faults.failNextWrite = null;
								return Promise.reject(fault.error);
							}
						}
						return table.mutate(req);
					},
					get(req) {
						if (name === 'assessments') faults.recordReads += 1;
						return table.get(req);
					},
					getMany(req) {
						if (name === 'assessments') faults.recordReads += req.keys.length;
						return table.getMany(req);
					},
					query(req) {
						if (name === 'assessments' && req.values) faults.recordReads += 1;
						return table.query(req);
					},
					openCursor(req) {
						if (name === 'assessments' && req.values !== false) faults.recordReads += 1;
						return table.openCursor(req);
					}
				};
			}
		})
	};
}

const opened: Dexie[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

function setup(
	options: { newId?: () => string; onVersionChange?: (c: VersionChange) => void } = {}
) {
	const indexedDB = new IDBFactory();
	const db = new HomewardDb('homeward', {
		indexedDB,
		IDBKeyRange,
		onVersionChange: options.onVersionChange
	});
	const faults: Faults = { failNextWrite: null, recordReads: 0 };
	db.use(faultInjection(faults));
	opened.push(db);
	// Every reading of the clock is a second later, so each write has its own time.
	let seconds = 0;
	const clock = () => new Date(START + 1000 * seconds++);
	let counter = 0;
	const newId = options.newId ?? (() => `assessment-${++counter}`);
	return { db, indexedDB, faults, store: new AssessmentStore(db, clock, newId) };
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

async function signed(
	store: AssessmentStore,
	content: { answers?: Record<string, string>; notes?: Record<string, string> } = {}
): Promise<AssessmentRecord> {
	const draft = await store.create({ rules: RULES, caseDetails: caseDetails(), ...content });
	await store.update(draft.id, { ...WRITTEN_UP, status: 'completed', band: 'ready' });
	return store.sign(draft.id, {
		assessorName: 'A. Assessor',
		date: TODAY,
		managerName: 'M. Manager',
		declaration: true
	});
}

describe('creating and reading assessments', () => {
	it('starts a new assessment as a draft at revision 0 with nothing decided', async () => {
		const { store } = setup();
		const record = await store.create({
			rules: RULES,
			caseDetails: caseDetails(),
			answers: { housing: 'adequate' },
			notes: { housing: 'Visited the flat.' }
		});
		expect(record).toEqual({
			id: 'assessment-1',
			schemaVersion: 3,
			rules: RULES,
			caseDetails: caseDetails(),
			answers: { housing: 'adequate' },
			notes: { housing: 'Visited the flat.' },
			visited: [],
			position: null,
			status: 'draft',
			band: null,
			decision: null,
			planning: emptyPlanChoices(),
			signOff: null,
			practice: emptyPracticeRecord(),
			managerReviews: [],
			audit: { baseline: null, trail: [] },
			reviewCopy: null,
			followUp: emptyFollowUp(),
			reviewOf: null,
			supersedes: null,
			supersededBy: null,
			revision: 0,
			createdAt: '2026-11-23T09:00:00.000Z',
			updatedAt: '2026-11-23T09:00:00.000Z'
		});
	});

	it('reads an assessment back exactly as it was saved', async () => {
		const { store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		expect(await store.get(record.id)).toEqual(record);
	});

	it('gives null for an assessment that was never saved', async () => {
		const { store } = setup();
		expect(await store.get('no-such-id')).toBeNull();
	});

	it('keeps two assessments for the same case apart: ids are never case references', async () => {
		const { store } = setup({ newId: () => crypto.randomUUID() });
		const first = await store.create({
			rules: RULES,
			caseDetails: caseDetails('SAME'),
			answers: { a: '1' }
		});
		const second = await store.create({
			rules: RULES,
			caseDetails: caseDetails('SAME'),
			answers: { a: '2' }
		});
		expect(first.id).not.toBe(second.id);
		expect(first.id).not.toContain('SAME');
		expect((await store.get(first.id))?.answers).toEqual({ a: '1' });
		expect((await store.get(second.id))?.answers).toEqual({ a: '2' });
		expect((await store.list()).items.map((s) => s.caseRef)).toEqual(['SAME', 'SAME']);
	});
});

describe('the list of assessments', () => {
	it('shows the most recently changed assessment first', async () => {
		const { store } = setup();
		const a = await store.create({ rules: RULES, caseDetails: caseDetails('A') });
		await store.create({ rules: RULES, caseDetails: caseDetails('B') });
		await store.create({ rules: RULES, caseDetails: caseDetails('C') });
		await store.setAnswer(a.id, 'housing', 'adequate');
		const { items } = await store.list();
		expect(items.map((s) => s.caseRef)).toEqual(['A', 'C', 'B']);
	});

	it('carries what the home page shows, and no answers or notes', async () => {
		const { store } = setup();
		const record = await store.create({
			rules: RULES,
			caseDetails: caseDetails('CASE-7'),
			answers: { a: '1' },
			notes: { a: 'private' }
		});
		const updated = await store.update(record.id, { band: 'ready-with-plan' });
		expect(await store.list()).toEqual({
			items: [
				{
					id: record.id,
					caseRef: 'CASE-7',
					status: 'draft',
					band: 'ready-with-plan',
					rulesVersion: '1.0.0',
					updatedAt: updated.updatedAt,
					reviewOf: null,
					supersedes: null,
					supersededBy: null,
					// A draft has nothing due after a decision.
					due: []
				}
			],
			corrupt: [],
			total: 1
		} satisfies AssessmentList);
	});

	it('lists 5,000 assessments from their summaries without loading any record in full', async () => {
		const { db, store, faults } = setup();
		const template = await store.create({
			rules: RULES,
			caseDetails: caseDetails(),
			answers: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, 'value'])),
			notes: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, 'x'.repeat(400)]))
		});
		const records = Array.from({ length: 5000 }, (_, i) => ({
			...template,
			id: `bulk-${String(i).padStart(4, '0')}`,
			caseDetails: caseDetails(`CASE-${i}`),
			updatedAt: new Date(START + 60_000 * (i + 1)).toISOString()
		}));
		await db.assessments.bulkPut(records);
		await db.summaries.bulkPut(records.map(toSummary));
		faults.recordReads = 0;
		const { items, corrupt } = await store.list();
		expect(faults.recordReads).toBe(0);
		expect(corrupt).toEqual([]);
		expect(items).toHaveLength(5001);
		expect(items[0]?.caseRef).toBe('CASE-4999');
		expect(items[4999]?.caseRef).toBe('CASE-0');
		expect(items[5000]?.id).toBe(template.id);
	});

	it('still lists a record saved without its summary (by an older or other writer)', async () => {
		const { db, store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails('CASE-3') });
		await db.summaries.clear();
		expect((await store.list()).items.map((s) => s.id)).toEqual([record.id]);
	});
});

describe('damaged records', () => {
	async function withDamage() {
		const context = setup();
		const good = await context.store.create({ rules: RULES, caseDetails: caseDetails('GOOD') });
		const garbage = { id: 'damaged', caseDetails: { caseRef: 'CASE-9' }, answers: 42 };
		await context.db.table('assessments').put(garbage);
		return { ...context, good, garbage };
	}

	it('reports a damaged record beside the list and still lists the others', async () => {
		const { store, good } = await withDamage();
		const { items, corrupt } = await store.list();
		expect(items.map((s) => s.id)).toEqual([good.id]);
		expect(corrupt).toHaveLength(1);
		expect(corrupt[0]).toMatchObject({ id: 'damaged', caseRef: 'CASE-9' });
		expect(corrupt[0]?.message).toContain('case CASE-9');
	});

	it('refuses to open a damaged record with an error naming the case, and keeps it', async () => {
		const { db, store, garbage } = await withDamage();
		const error = await failure(store.get('damaged'));
		expect(error.kind).toBe('corrupt');
		expect(error.message).toContain('CASE-9');
		expect(error.recordId).toBe('damaged');
		await store.list();
		expect(await db.table('assessments').get('damaged')).toEqual(garbage);
	});

	it('refuses to change a damaged record rather than overwrite what is left of it', async () => {
		const { db, store, garbage } = await withDamage();
		expect((await failure(store.setAnswer('damaged', 'a', '1'))).kind).toBe('corrupt');
		expect((await failure(store.update('damaged', { band: null }))).kind).toBe('corrupt');
		expect(await db.table('assessments').get('damaged')).toEqual(garbage);
	});

	it('reports a damaged record whose case cannot be read without naming one', async () => {
		const { db, store } = setup();
		await db.table('assessments').put({ id: 'unreadable', whatever: true });
		const { corrupt } = await store.list();
		expect(corrupt).toEqual([
			{ id: 'unreadable', caseRef: null, message: STORAGE_ERROR_MESSAGES.corrupt }
		]);
	});

	it('lists a record damaged after it was saved from its summary, and refuses to open it', async () => {
		// The summary is trusted so that the list never loads every record; the damage shows when
		// the record is opened.
		const { db, store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails('CASE-4') });
		await db.table('assessments').put({ id: record.id, caseDetails: { caseRef: 'CASE-4' } });
		expect((await store.list()).items.map((s) => s.id)).toEqual([record.id]);
		expect((await failure(store.get(record.id))).kind).toBe('corrupt');
	});
});

describe('changing an assessment', () => {
	it('increases the revision by one and stamps the time on every saved change', async () => {
		const { store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		const once = await store.setAnswer(record.id, 'housing', 'adequate');
		const twice = await store.setNote(record.id, 'housing', 'Seen.');
		expect([record.revision, once.revision, twice.revision]).toEqual([0, 1, 2]);
		expect(once.updatedAt > record.updatedAt).toBe(true);
		expect(twice.updatedAt > once.updatedAt).toBe(true);
		expect(twice.createdAt).toBe(record.createdAt);
		expect(await store.get(record.id)).toEqual(twice);
	});

	it('refuses a change made from an out-of-date copy, keeping the newer one', async () => {
		const { store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		// Two tabs both opened the assessment at revision 0.
		const tabA = await store.setAnswer(record.id, 'housing', 'adequate', { expectedRevision: 0 });
		const error = await failure(
			store.setAnswer(record.id, 'housing', 'serious', { expectedRevision: 0 })
		);
		expect(error.kind).toBe('conflict');
		expect(error.message).toContain('another tab');
		expect(await store.get(record.id)).toEqual(tabA);
	});

	it('accepts a change made from the latest revision', async () => {
		const { store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		const saved = await store.update(record.id, { band: 'ready' }, { expectedRevision: 0 });
		expect(saved.band).toBe('ready');
	});

	it('saves answers given at the same moment without losing either', async () => {
		const { store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		await Promise.all([
			store.setAnswer(record.id, 'housing', 'adequate'),
			store.setAnswer(record.id, 'money', 'mild')
		]);
		const saved = await store.get(record.id);
		expect(saved?.answers).toEqual({ housing: 'adequate', money: 'mild' });
		expect(saved?.revision).toBe(2);
	});

	it('merges case details field by field and replaces answers, notes and visited steps', async () => {
		const { store } = setup();
		const record = await store.create({
			rules: RULES,
			caseDetails: caseDetails('OLD'),
			answers: { a: '1', b: '2' }
		});
		const saved = await store.update(record.id, {
			caseDetails: { caseRef: 'NEW', assessorRole: undefined },
			answers: { c: '3' },
			notes: { c: 'why' },
			visited: ['case-details'],
			position: { step: 'home', flowVersion: 'flow-1' },
			status: 'completed',
			band: 'not-safe',
			decision: { kind: 'agree', computedBand: 'not-safe', decidedAt: '2026-11-23T10:00:00.000Z' }
		});
		expect(saved.caseDetails).toEqual({ ...caseDetails('NEW') });
		expect(saved).toMatchObject({
			answers: { c: '3' },
			notes: { c: 'why' },
			visited: ['case-details'],
			position: { step: 'home', flowVersion: 'flow-1' },
			status: 'completed',
			band: 'not-safe',
			decision: { kind: 'agree', computedBand: 'not-safe' }
		});
	});

	it('removes an answer set to null or empty, and a note set to empty', async () => {
		const { store } = setup();
		const record = await store.create({
			rules: RULES,
			caseDetails: caseDetails(),
			answers: { a: '1', b: '2', c: '3' },
			notes: { a: 'note', b: 'kept' }
		});
		await store.setAnswer(record.id, 'a', null);
		await store.setAnswer(record.id, 'b', '');
		await store.setAnswer(record.id, 'c', '4');
		const saved = await store.setNote(record.id, 'a', '');
		expect(saved.answers).toEqual({ c: '4' });
		expect(saved.notes).toEqual({ b: 'kept' });
	});

	it('refuses a patch that would sign the assessment without a sign-off', async () => {
		const { store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		const error = await failure(store.update(record.id, { status: 'signed' as never }));
		expect(error.kind).toBe('conflict');
		expect((await store.get(record.id))?.status).toBe('draft');
	});

	it('refuses a change that is not a valid record and leaves the saved one as it was', async () => {
		const { store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		const error = await failure(store.update(record.id, { answers: { a: 5 as never } }));
		expect(error.kind).toBe('unknown');
		expect(await store.get(record.id)).toEqual(record);
	});

	it('says an assessment that is not there was not found', async () => {
		const { store } = setup();
		expect((await failure(store.update('missing', { band: null }))).kind).toBe('not-found');
		expect((await failure(store.setAnswer('missing', 'a', '1'))).kind).toBe('not-found');
	});
});

describe('signing', () => {
	it('records who signed and when, and marks the assessment signed', async () => {
		const { store } = setup();
		const record = await signed(store);
		expect(record.status).toBe('signed');
		expect(record.signOff).toEqual({
			assessorName: 'A. Assessor',
			date: TODAY,
			managerName: 'M. Manager',
			declaration: true,
			signedAt: record.updatedAt
		});
		expect(record.revision).toBe(2);
	});

	it('signs only a completed assessment', async () => {
		const { store } = setup();
		const draft = await store.create({ rules: RULES, caseDetails: caseDetails('CASE-2') });
		const signOff = {
			assessorName: 'A. Assessor',
			date: TODAY,
			managerName: '',
			declaration: true
		};
		const error = await failure(store.sign(draft.id, signOff));
		expect(error.kind).toBe('conflict');
		expect(error.message).toBe(
			'The assessment for case CASE-2 cannot be signed yet because it is not marked as complete. Complete the assessment, then sign it.'
		);
		expect(await store.get(draft.id)).toEqual(draft);
	});

	it('does not sign an assessment twice', async () => {
		const { store } = setup();
		const record = await signed(store);
		const signOff = {
			assessorName: 'Someone Else',
			date: TODAY,
			managerName: '',
			declaration: true
		};
		expect((await failure(store.sign(record.id, signOff))).kind).toBe('conflict');
		expect(await store.get(record.id)).toEqual(record);
	});

	const changes: [string, (store: AssessmentStore, id: string) => Promise<unknown>][] = [
		['update', (store, id) => store.update(id, { band: 'not-safe' })],
		['update of the status', (store, id) => store.update(id, { status: 'draft' })],
		['setAnswer', (store, id) => store.setAnswer(id, 'a', '2')],
		['setNote', (store, id) => store.setNote(id, 'a', 'afterthought')]
	];
	it.each(changes)('a signed assessment cannot be changed (%s)', async (_, change) => {
		const { store } = setup();
		const record = await signed(store);
		const error = await failure(change(store, record.id));
		expect(error.kind).toBe('read-only');
		expect(error.message).toContain('start a new version');
		expect(await store.get(record.id)).toEqual(record);
	});

	it('reports a signed assessment as read-only even when the caller’s copy is out of date', async () => {
		const { store } = setup();
		const record = await signed(store);
		const error = await failure(store.update(record.id, { band: null }, { expectedRevision: 0 }));
		expect(error.kind).toBe('read-only');
	});
});

describe('new versions of a signed assessment', () => {
	it('starts a draft copying the signed one, linked both ways', async () => {
		const { store } = setup();
		const original = await store.create({
			rules: RULES,
			caseDetails: caseDetails('CASE-5'),
			answers: { a: '1' },
			notes: { a: 'seen' }
		});
		await store.update(original.id, {
			...WRITTEN_UP,
			status: 'completed',
			band: 'ready',
			visited: ['case-details'],
			decision: { kind: 'agree', computedBand: 'ready', decidedAt: '2026-11-23T10:00:00.000Z' }
		});
		const old = await store.sign(original.id, {
			assessorName: 'A. Assessor',
			date: TODAY,
			managerName: '',
			declaration: true
		});
		const draft = await store.newVersion(old.id);
		expect(draft).toMatchObject({
			status: 'draft',
			rules: RULES,
			caseDetails: caseDetails('CASE-5'),
			answers: { a: '1' },
			notes: { a: 'seen' },
			visited: ['case-details'],
			band: 'ready',
			decision: null,
			signOff: null,
			supersedes: old.id,
			supersededBy: null,
			revision: 0
		});
		expect(draft.id).not.toBe(old.id);
		const after = await store.get(old.id);
		expect(after).toEqual({
			...old,
			supersededBy: draft.id,
			revision: old.revision + 1,
			updatedAt: after?.updatedAt
		});
	});

	it('is refused for an assessment that is not signed', async () => {
		const { store } = setup();
		const draft = await store.create({ rules: RULES, caseDetails: caseDetails() });
		expect((await failure(store.newVersion(draft.id))).kind).toBe('conflict');
		expect((await store.list()).items).toHaveLength(1);
	});

	it('is refused a second time: a signed assessment has one newer version', async () => {
		const { store } = setup();
		const old = await signed(store);
		await store.newVersion(old.id);
		const error = await failure(store.newVersion(old.id));
		expect(error.kind).toBe('conflict');
		expect(error.message).toContain('newer version');
		expect((await store.list()).items).toHaveLength(2);
	});

	it('leaves no new version behind when linking the old one fails', async () => {
		const { store, faults } = setup();
		const old = await signed(store);
		// The new draft is written first; the failure comes on the second write, to the old record.
		faults.failNextWrite = {
			table: 'assessments',
			skip: 1,
			error: new DOMException('Quota exceeded', 'QuotaExceededError')
		};
		const error = await failure(store.newVersion(old.id));
		expect(error.kind).toBe('quota');
		expect(faults.failNextWrite).toBeNull();
		expect(await store.get(old.id)).toEqual(old);
		expect((await store.list()).items.map((s) => s.id)).toEqual([old.id]);
	});

	it('lists the whole chain of versions, oldest first, from any version in it', async () => {
		const { store } = setup();
		const v1 = await signed(store);
		const v2 = await store.newVersion(v1.id);
		await store.update(v2.id, { ...WRITTEN_UP, status: 'completed' });
		await store.sign(v2.id, {
			assessorName: 'A. Assessor',
			date: TODAY,
			managerName: '',
			declaration: true
		});
		const v3 = await store.newVersion(v2.id);
		const ids = [v1.id, v2.id, v3.id];
		for (const id of ids) {
			expect((await store.history(id)).map((s) => s.id)).toEqual(ids);
		}
		const history = await store.history(v3.id);
		expect(history.map((s) => [s.status, s.supersedes, s.supersededBy])).toEqual([
			['signed', null, v2.id],
			['signed', v1.id, v3.id],
			['draft', v2.id, null]
		]);
	});

	it('gives a history of one for an assessment that was never re-versioned', async () => {
		const { store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		expect(await store.history(record.id)).toEqual([toSummary(record)]);
	});
});

describe('reviews', () => {
	async function reviewed(status: 'draft' | 'signed') {
		const { store } = setup();
		const content = {
			answers: { kept: 'yes', dropped: 'no' },
			notes: { kept: 'still relevant', dropped: 'no longer asked' }
		};
		const source =
			status === 'signed'
				? await signed(store, content)
				: await store.create({ rules: RULES, caseDetails: caseDetails(), ...content });
		const review = await store.startReview(source.id, {
			rules: NEWER_RULES,
			factorIds: new Set(['kept', 'added-in-1.1']),
			today: '2027-05-01'
		});
		return { store, source, review };
	}

	it('keeps answers and notes only for factors the current rules still ask about', async () => {
		const { review } = await reviewed('draft');
		expect(review.answers).toEqual({ kept: 'yes' });
		expect(review.notes).toEqual({ kept: 'still relevant' });
	});

	it('is a new draft under the new rules, dated today, pointing back at its source', async () => {
		const { review, source } = await reviewed('draft');
		expect(review).toMatchObject({
			status: 'draft',
			rules: NEWER_RULES,
			caseDetails: { ...caseDetails(), assessmentDate: '2027-05-01' },
			reviewOf: source.id,
			supersedes: null,
			band: null,
			decision: null,
			signOff: null,
			revision: 0
		});
		expect(review.id).not.toBe(source.id);
	});

	it('can be started from a signed assessment, which stays as it was', async () => {
		const { store, source, review } = await reviewed('signed');
		expect(source.status).toBe('signed');
		expect(review.reviewOf).toBe(source.id);
		expect(review.answers).toEqual({ kept: 'yes' });
		expect(await store.get(source.id)).toEqual(source);
	});

	it('says an assessment to review that is not there was not found', async () => {
		const { store } = setup();
		const options = { rules: NEWER_RULES, factorIds: new Set<string>(), today: TODAY };
		expect((await failure(store.startReview('missing', options))).kind).toBe('not-found');
	});
});

describe('deleting', () => {
	it('removes the assessment from reading and from the list', async () => {
		const { store } = setup();
		const gone = await store.create({ rules: RULES, caseDetails: caseDetails('GONE') });
		const kept = await store.create({ rules: RULES, caseDetails: caseDetails('KEPT') });
		await store.delete(gone.id);
		expect(await store.get(gone.id)).toBeNull();
		expect((await store.list()).items.map((s) => s.id)).toEqual([kept.id]);
	});

	it('does nothing, without an error, for an assessment that is not there', async () => {
		const { store } = setup();
		await expect(store.delete('missing')).resolves.toBeUndefined();
	});
});

/** Resolves with the first value `predicate` accepts, from a watcher fed by `start`. */
function next<T>(
	start: (push: (value: T) => void) => () => void,
	predicate: (value: T) => boolean
) {
	return new Promise<T>((resolve) => {
		let stop: (() => void) | null = null;
		let done = false;
		stop = start((value) => {
			if (done || !predicate(value)) return;
			done = true;
			resolve(value);
			stop?.();
		});
		if (done) stop();
	});
}

describe('watching', () => {
	it('reports the assessment now, after each change, and null once it is deleted', async () => {
		const { store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		const seen: (number | null)[] = [];
		const stop = store.watch(record.id, (r) => seen.push(r === null ? null : r.revision));
		const watchFor = (expected: number | null) =>
			next<AssessmentRecord | null>(
				(push) => store.watch(record.id, push),
				(r) => (r === null ? null : r.revision) === expected
			);
		await watchFor(0);
		const changed = watchFor(1);
		await store.setAnswer(record.id, 'a', '1');
		await changed;
		const deleted = watchFor(null);
		await store.delete(record.id);
		await deleted;
		stop();
		expect(seen).toEqual([0, 1, null]);
	});

	it('stops reporting once unsubscribed', async () => {
		const { store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		const seen: number[] = [];
		let stop = () => {};
		await new Promise<void>((resolve) => {
			stop = store.watch(record.id, (r) => {
				seen.push(r?.revision ?? -1);
				resolve();
			});
		});
		stop();
		// A later watcher proves the change was announced; watchers hear of a change in the order
		// they subscribed, so the first one would have heard it by then.
		const announced = next<AssessmentRecord | null>(
			(push) => store.watch(record.id, push),
			(r) => r?.revision === 1
		);
		await store.setAnswer(record.id, 'a', '1');
		await announced;
		expect(seen).toEqual([0]);
	});

	it('reports a damaged record to the error callback', async () => {
		const { db, store } = setup();
		await db.table('assessments').put({ id: 'damaged', caseDetails: { caseRef: 'CASE-9' } });
		const error = await new Promise<StorageError>((resolve) => {
			const stop = store.watch(
				'damaged',
				() => undefined,
				(e) => {
					stop();
					resolve(e);
				}
			);
		});
		expect(error.kind).toBe('corrupt');
	});

	it('reports the list again when an assessment is added', async () => {
		const { store } = setup();
		await store.create({ rules: RULES, caseDetails: caseDetails('FIRST') });
		const withSecond = next<AssessmentList>(
			(push) => store.watchList(push),
			(list) => list.items.length === 2
		);
		await store.create({ rules: RULES, caseDetails: caseDetails('SECOND') });
		expect((await withSecond).items.map((s) => s.caseRef)).toEqual(['SECOND', 'FIRST']);
	});
});

describe('running out of space', () => {
	it('refuses the change with the out-of-space message and keeps the last saved record', async () => {
		const { store, faults } = setup();
		const record = await store.create({
			rules: RULES,
			caseDetails: caseDetails(),
			answers: { a: '1' }
		});
		const saved = await store.setAnswer(record.id, 'b', '2');
		const listed = await store.list();
		faults.failNextWrite = {
			table: 'assessments',
			error: new DOMException('The quota has been exceeded.', 'QuotaExceededError')
		};
		const error = await failure(store.setAnswer(record.id, 'c', '3'));
		expect(error.kind).toBe('quota');
		expect(error.message).toBe(
			'This device has run out of storage space, so your last change was not saved. Everything saved before it is safe. Free up space or export your assessments, then try again.'
		);
		expect(await store.get(record.id)).toEqual(saved);
		expect(await store.list()).toEqual(listed);
	});

	it('keeps the record and its summary in step when only the summary cannot be written', async () => {
		const { store, faults } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		const listed = await store.list();
		faults.failNextWrite = {
			table: 'summaries',
			error: new DOMException('The quota has been exceeded.', 'QuotaExceededError')
		};
		expect((await failure(store.update(record.id, { band: 'ready' }))).kind).toBe('quota');
		expect(await store.get(record.id)).toEqual(record);
		expect(await store.list()).toEqual(listed);
	});

	it('creates nothing when a new assessment cannot be written', async () => {
		const { store, faults } = setup();
		faults.failNextWrite = {
			table: 'summaries',
			error: new DOMException('The quota has been exceeded.', 'QuotaExceededError')
		};
		const error = await failure(store.create({ rules: RULES, caseDetails: caseDetails() }));
		expect(error.kind).toBe('quota');
		expect(await store.list()).toEqual({ items: [], corrupt: [], total: 0 });
	});
});

describe('turning browser errors into messages for people', () => {
	const quota = new DOMException('Quota exceeded', 'QuotaExceededError');
	const cases: [string, unknown, StorageErrorKind][] = [
		['a quota error', quota, 'quota'],
		[
			'a quota error inside an aborted transaction',
			new Dexie.AbortError('Aborted', quota),
			'quota'
		],
		['a quota error that stopped the database opening', new Dexie.OpenFailedError(quota), 'quota'],
		["Firefox's old quota error", { name: 'NS_ERROR_DOM_QUOTA_REACHED' }, 'quota'],
		['a quota error known only by its legacy code', { name: 'Error', code: 22 }, 'quota'],
		['a closed database', new Dexie.DatabaseClosedError(), 'unavailable'],
		['no IndexedDB at all (some private windows)', new Dexie.MissingAPIError(), 'unavailable'],
		['a database that failed to open', new Dexie.OpenFailedError(new Error('disk')), 'unavailable'],
		['an invalid state', new DOMException('closing', 'InvalidStateError'), 'unavailable'],
		['a version clash', new Dexie.VersionError(), 'unavailable'],
		['a plain error', new Error('boom'), 'unknown'],
		['something that is not an error', 'boom', 'unknown'],
		['nothing at all', undefined, 'unknown']
	];
	it.each(cases)('maps %s', (_, error, kind) => {
		const mapped = toStorageError(error);
		expect(mapped.kind).toBe(kind);
		expect(mapped.message).toBe(STORAGE_ERROR_MESSAGES[kind]);
		expect(mapped.cause).toBe(error);
	});

	it('passes a StorageError through, even wrapped in an aborted transaction', () => {
		const ours = new StorageError('read-only');
		expect(toStorageError(ours)).toBe(ours);
		expect(toStorageError(new Dexie.AbortError('Aborted', ours))).toBe(ours);
	});

	it.each(Object.entries(STORAGE_ERROR_MESSAGES))(
		'the %s message is plain sentences without technical terms',
		(_, message) => {
			expect(message).toMatch(/^[A-Z].*\.$/);
			expect(message.split('. ').length).toBeGreaterThanOrEqual(2);
			expect(message).not.toMatch(/indexeddb|dexie|transaction|quota|exception|error|null/i);
		}
	);
});

describe('another tab upgrading the database', () => {
	function openRaw(indexedDB: IDBFactory, version: number): Promise<IDBDatabase> {
		return new Promise((resolve, reject) => {
			const request = indexedDB.open('homeward', version);
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
	}

	it('lets go of the database, tells the page, and refuses further work until reload', async () => {
		const changes: VersionChange[] = [];
		const { store, indexedDB } = setup({ onVersionChange: (c) => changes.push(c) });
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		// Dexie's version N is IndexedDB's version 10N; the other tab opens a later one. If this
		// tab kept its connection, the open below would be blocked and never succeed.
		const later = (SCHEMA_VERSIONS.at(-1)!.version + 1) * 10;
		const other = await openRaw(indexedDB, later);
		other.close();
		expect(changes).toEqual([{ newVersion: later }]);
		expect((await failure(store.get(record.id))).kind).toBe('unavailable');
	});

	it('tells the page when another tab deletes the database', async () => {
		const changes: VersionChange[] = [];
		const { store, indexedDB } = setup({ onVersionChange: (c) => changes.push(c) });
		await store.list();
		await new Promise<void>((resolve, reject) => {
			const request = indexedDB.deleteDatabase('homeward');
			request.onsuccess = () => resolve();
			request.onerror = () => reject(request.error);
		});
		expect(changes).toEqual([{ newVersion: null }]);
	});
});

describe('the browser closing the connection by itself', () => {
	it('reopens the database before the next change (as Safari needs under memory pressure)', async () => {
		const { db, store } = setup();
		const record = await store.create({ rules: RULES, caseDetails: caseDetails() });
		const closed = db.backendDB();
		forceCloseDatabase(closed as never);
		const saved = await store.setAnswer(record.id, 'a', '1');
		expect(db.backendDB()).not.toBe(closed);
		expect(saved.revision).toBe(1);
		expect((await store.get(record.id))?.answers).toEqual({ a: '1' });
	});
});

describe('asking for persistent storage', () => {
	const storage = (overrides: Partial<PersistableStorage>): PersistableStorage => ({
		persist: () => Promise.resolve(false),
		persisted: () => Promise.resolve(false),
		...overrides
	});
	const cases: [string, PersistableStorage | undefined, boolean][] = [
		['no storage manager', undefined, false],
		['no persist function', { persisted: () => Promise.resolve(false) } as never, false],
		['already persisted', storage({ persisted: () => Promise.resolve(true) }), true],
		['granted', storage({ persist: () => Promise.resolve(true) }), true],
		['refused', storage({}), false],
		['a rejected request', storage({ persist: () => Promise.reject(new Error('no')) }), false],
		[
			'a request that throws',
			storage({
				persist: () => {
					throw new Error('no');
				}
			}),
			false
		]
	];
	it.each(cases)('resolves to whether data is persisted: %s', async (_, manager, expected) => {
		await expect(requestPersistentStorage(manager)).resolves.toBe(expected);
	});

	it('does not ask again when storage is already persisted', async () => {
		let asked = 0;
		const manager = storage({
			persisted: () => Promise.resolve(true),
			persist: () => Promise.resolve(++asked > 0)
		});
		await requestPersistentStorage(manager);
		expect(asked).toBe(0);
	});
});

describe('the most recent page of the list', () => {
	it('holds the most recently changed first, counts them all, and still reports damaged records', async () => {
		const { IDBFactory: Factory, IDBKeyRange: KeyRange } = await import('fake-indexeddb');
		const { HomewardDb: Db } = await import('../../src/lib/storage/db.ts');
		const { AssessmentStore: Store } = await import('../../src/lib/storage/assessments.ts');
		let tick = Date.UTC(2026, 10, 23);
		const db = new Db(`recent-${Math.random()}`, {
			indexedDB: new Factory(),
			IDBKeyRange: KeyRange
		});
		const store = new Store(db, () => new Date((tick += 1000)));
		const pin = { id: 'reunification-readiness', version: '1.0.0', hash: 'h' };
		const details = {
			caseRef: '',
			ageBand: '' as const,
			legalStatus: '' as const,
			assessmentDate: '2026-11-23',
			assessorName: '',
			assessorRole: '',
			returningTo: ''
		};
		for (let i = 0; i < 8; i++)
			await store.create({ rules: pin, caseDetails: { ...details, caseRef: `FICT-${i}` } });
		await db.assessments.put({ id: 'broken', junk: true } as never);
		const page = await store.listRecent(3);
		expect(page.items.map((s) => s.caseRef)).toEqual(['FICT-7', 'FICT-6', 'FICT-5']);
		expect(page.total).toBe(9);
		expect(page.corrupt.map((c) => c.id)).toEqual(['broken']);
		const all = await store.list();
		expect(all.items).toHaveLength(8);
		expect(all.total).toBe(9);
	});

	// listRecent takes a short cut (two counts, no key scans) when the summaries agree with the
	// records; in every state it must give the same page as the full list.
	it.each([
		['every record with its summary', () => Promise.resolve()],
		[
			'a damaged record among them',
			(db: HomewardDb) => db.assessments.put({ id: 'broken' } as never)
		],
		['a summary whose record is gone', (db: HomewardDb) => db.assessments.delete('rec-6')],
		['a record whose summary is gone', (db: HomewardDb) => db.summaries.delete('rec-6')],
		[
			'an unreadable summary on the first page',
			(db: HomewardDb) => db.summaries.put({ id: 'rec-7', updatedAt: '9999' } as never)
		],
		[
			'a missing summary balanced by a stray one',
			async (db: HomewardDb) => {
				await db.summaries.delete('rec-7');
				await db.summaries.put({ ...(await db.summaries.get('rec-3'))!, id: 'stray' });
			}
		]
	])('gives the same page as the full list with %s', async (_state, damage) => {
		let tick = Date.UTC(2026, 10, 23);
		let n = 0;
		const db = new HomewardDb(`recent-same-${Math.random()}`, {
			indexedDB: new IDBFactory(),
			IDBKeyRange
		});
		const store = new AssessmentStore(
			db,
			() => new Date((tick += 1000)),
			() => `rec-${n++}`
		);
		const pin = { id: 'reunification-readiness', version: '1.0.0', hash: 'h' };
		for (let i = 0; i < 8; i++)
			await store.create({
				rules: pin,
				caseDetails: { ...emptyCaseDetails('2026-11-23'), caseRef: `FICT-${i}` }
			});
		await damage(db);
		const recent = await store.listRecent(4);
		const all = await store.list();
		// The start of the full list, in order (a page may come up one short where a summary has
		// lost its record, which the full list then leaves out).
		expect(recent.items).toEqual(all.items.slice(0, recent.items.length));
		expect(recent.items.length).toBeGreaterThanOrEqual(3);
		expect(recent.total).toBe(all.total);
		expect(recent.corrupt).toEqual(all.corrupt);
	});
});
