import Dexie, { type DBCore, type DBCoreTable, type Middleware } from 'dexie';
import { WRITTEN_UP } from '../fixtures/records.ts';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { StorageError } from '../../src/lib/storage/errors.ts';
import { emptyCaseDetails } from '../../src/lib/domain/assessment.ts';
import { RECORD_SCHEMA_VERSION, type AssessmentRecord } from '../../src/lib/storage/record.ts';
import {
	createExport,
	encryptExport,
	importExport,
	importSizeProblem,
	parseExport,
	type ImportChoices
} from '../../src/lib/storage/transfer/index.ts';
import { currentRules, findRules } from '../../src/lib/rules-registry.ts';
import { resealed, TODAY, testId } from '../helpers.ts';
import { emptyPlanChoices } from '../../src/lib/domain/plan.ts';

const RULES = {
	id: currentRules.data.id,
	version: currentRules.data.version,
	hash: currentRules.hash
};
const FACTORS = new Set(currentRules.order);
/** A real answer to a question of the current rules (imports are checked against them). */
const valueOf = (factor: string) =>
	currentRules.factors.get(factor)?.scale.options[0]?.value ?? 'no such question';
const START = Date.parse('2026-11-23T09:00:00.000Z');
const NOW = new Date('2026-11-24T10:00:00.000Z');
const REAL = { knownRules: findRules, training: false };

/** Lets a test make the next write to a table fail, as the browser does when the disk is full. */
interface Faults {
	failWrite: { table: string; after: number; error: unknown } | null;
}

function faultInjection(faults: Faults): Middleware<DBCore> {
	return {
		stack: 'dbcore',
		name: 'transfer-faults',
		create: (down) => ({
			...down,
			table(name: string): DBCoreTable {
				const table = down.table(name);
				return {
					...table,
					mutate(req) {
						const fault = faults.failWrite;
						if (fault?.table === name) {
							if (fault.after > 0) fault.after -= 1;
							else {
								faults.failWrite = null;
								return Promise.reject(fault.error);
							}
						}
						return table.mutate(req);
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

function setup(prefix = 'assessment') {
	const db = new HomewardDb('homeward', { indexedDB: new IDBFactory(), IDBKeyRange });
	const faults: Faults = { failWrite: null };
	db.use(faultInjection(faults));
	opened.push(db);
	let seconds = 0;
	const clock = () => new Date(START + 1000 * seconds++);
	let counter = 0;
	const store = new AssessmentStore(db, clock, () => testId(prefix, ++counter));
	return { db, faults, store };
}

/** Everything stored, raw, in a stable order: what "the database did not change" compares. */
async function snapshot(db: HomewardDb) {
	const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
	return {
		assessments: (await db.assessments.toArray()).sort(byId),
		summaries: (await db.summaries.toArray()).sort(byId)
	};
}

function details(caseRef: string) {
	return { ...emptyCaseDetails(TODAY), caseRef, assessorName: 'A. Assessor' };
}

/**
 * One of everything an export may hold: a draft with answers and notes, a completed assessment,
 * a signed one with a newer version linked both ways, and a review of the signed one.
 */
async function varietyOfRecords(store: AssessmentStore): Promise<AssessmentRecord[]> {
	const [first, second] = currentRules.order;
	if (first === undefined || second === undefined) throw new Error('rules have too few factors');
	await store.create({
		rules: RULES,
		caseDetails: details('FICT-1'),
		answers: { [first]: valueOf(first) },
		notes: { [first]: 'Visited the flat on Tuesday; “clean and warm”.\nSecond line é 日本' }
	});
	const completed = await store.create({ rules: RULES, caseDetails: details('FICT-2') });
	await store.update(completed.id, {
		...WRITTEN_UP,
		status: 'completed',
		band: 'ready',
		visited: ['a', 'b']
	});
	const toSign = await store.create({
		rules: RULES,
		caseDetails: details('FICT-3'),
		answers: { [second]: valueOf(second) }
	});
	await store.update(toSign.id, { ...WRITTEN_UP, status: 'completed', band: 'ready' });
	const signed = await store.sign(toSign.id, {
		assessorName: 'A. Assessor',
		date: TODAY,
		managerName: 'M. Manager',
		declaration: true
	});
	await store.newVersion(signed.id);
	await store.startReview(signed.id, { rules: RULES, factorIds: FACTORS, today: TODAY });
	const list = await store.list();
	const records = await Promise.all(list.items.map((s) => store.get(s.id)));
	return records
		.filter((r): r is AssessmentRecord => r !== null)
		.sort((a, b) => (a.id < b.id ? -1 : 1));
}

let records: AssessmentRecord[] = [];
let exportText = '';
beforeAll(async () => {
	const { store } = setup('source');
	records = await varietyOfRecords(store);
	exportText = createExport(records, { now: NOW, training: false });
});

type Json = Record<string, any>;
/** The export changed by hand, then resealed (so the change is what gets checked). */
function edited(change: (file: Json) => void, text = exportText): string {
	const file = JSON.parse(text) as Json;
	change(file);
	return resealed(JSON.stringify(file));
}

describe('exporting and importing again', () => {
	it('writes the format id, version, export time, app name and every record with its rules', () => {
		const file = JSON.parse(exportText) as Json;
		expect(file.format).toBe('homeward-export');
		expect(file.formatVersion).toBe(1);
		expect(file.exportedAt).toBe('2026-11-24T10:00:00.000Z');
		expect(file.app).toEqual({ name: 'Homeward' });
		expect(file.training).toBe(false);
		expect(file.assessments).toEqual(records);
		for (const record of file.assessments as AssessmentRecord[])
			expect(record.rules).toEqual(RULES);
	});

	it('imports into an empty database exactly what was exported, summaries included', async () => {
		const source = setup('source');
		const originals = await varietyOfRecords(source.store);
		const text = createExport(originals, { now: NOW, training: false });
		const target = setup('target');
		const outcome = await importExport(target.store, text, {
			...REAL,
			choices: { onExisting: 'skip' }
		});
		expect(outcome).toMatchObject({
			ok: true,
			counts: { added: 5, replaced: 0, skipped: 0, keptBoth: 0 }
		});
		for (const original of originals) expect(await target.store.get(original.id)).toEqual(original);
		expect(await snapshot(target.db)).toEqual(await snapshot(source.db));
		expect(await target.store.list()).toEqual(await source.store.list());
		const signed = originals.find((r) => r.status === 'signed');
		expect((await target.store.history(signed?.id ?? '')).length).toBe(2);
	});

	it('imports a file exported before support plans could be edited, with an empty set of plan choices', async () => {
		const older = edited((file) => {
			for (const record of file.assessments as Json[]) delete record.planning;
		});
		const target = setup('target');
		const outcome = await importExport(target.store, older, {
			...REAL,
			choices: { onExisting: 'skip' }
		});
		expect(outcome).toMatchObject({ ok: true, counts: { added: records.length } });
		for (const original of records)
			expect((await target.store.get(original.id))?.planning).toEqual(emptyPlanChoices());
	});

	it('carries the support plan choices through export and import', async () => {
		const planning = {
			...emptyPlanChoices(),
			plannedReturnDate: '2027-03-01',
			removed: { [currentRules.data.support[0]?.id ?? 'none']: 'Fictional reason.' }
		};
		const withPlan = edited((file) => {
			(file.assessments as Json[])[0]!.planning = planning;
		});
		const target = setup('target');
		await importExport(target.store, withPlan, { ...REAL, choices: { onExisting: 'skip' } });
		expect((await target.store.get(records[0]!.id))?.planning).toEqual(planning);
	});

	it('carries what happened after the decision through export and import', async () => {
		const stamp = { recordedAt: '2026-11-24T09:00:00.000Z', recordedBy: 'Fictional Worker' };
		const followUp = {
			returns: [
				{ kind: 'home', date: '2026-11-20', planned: false, returnedTo: 'father', ...stamp }
			],
			support: [
				{ item: 'family-support', state: 'started', date: '2026-11-21', reason: null, ...stamp }
			],
			reviews: [],
			outcomes: [],
			closed: null
		};
		const withFollowUp = edited((file) => {
			(file.assessments as Json[])[0]!.followUp = followUp;
		});
		const target = setup('target');
		const outcome = await importExport(target.store, withFollowUp, {
			...REAL,
			choices: { onExisting: 'skip' }
		});
		expect(outcome).toMatchObject({ ok: true });
		expect((await target.store.get(records[0]!.id))?.followUp).toEqual(followUp);
	});

	it('refuses a follow-up event that is not in the stored shape (a name where a relationship goes)', async () => {
		const named = edited((file) => {
			(file.assessments as Json[])[0]!.followUp = {
				returns: [
					{
						kind: 'home',
						date: '2026-11-20',
						planned: true,
						returnedTo: 'A named person',
						recordedAt: '2026-11-24T09:00:00.000Z',
						recordedBy: ''
					}
				],
				support: [],
				reviews: [],
				outcomes: [],
				closed: null
			};
		});
		const target = setup('target');
		const outcome = await importExport(target.store, named, {
			...REAL,
			choices: { onExisting: 'skip' }
		});
		expect(outcome.ok).toBe(false);
		expect((await target.store.list()).items).toHaveLength(0);
	});

	it('accepts a file that a text editor saved with a byte-order mark and a trailing newline', () => {
		const parsed = parseExport(`\uFEFF${exportText}\n`, REAL);
		expect(parsed.ok).toBe(true);
	});

	it('keeps training mode’s cases apart: a training export imports only in training mode', () => {
		const training = createExport(records, { now: NOW, training: true });
		expect(parseExport(training, { knownRules: findRules, training: true }).ok).toBe(true);
		expect(parseExport(training, REAL).ok).toBe(false);
	});

	it('refuses to make an export that could never be imported', () => {
		expect(() => createExport([], { now: NOW, training: false })).toThrow('no assessments');
		const broken = { ...records[0], status: 'finished' } as unknown as AssessmentRecord;
		expect(() => createExport([broken], { now: NOW, training: false })).toThrow();
	});
});

interface BadFile {
	name: string;
	text: () => string | Promise<string>;
	/** A piece of the sentence the person sees. */
	says: string;
	training?: boolean;
}

function manyBrokenRecords(): string {
	return edited((file) => {
		const template = file.assessments[0];
		file.assessments = Array.from({ length: 15 }, (_, i) => ({
			...template,
			id: testId('broken', i),
			status: 'finished'
		}));
	});
}

const BAD_FILES: BadFile[] = [
	{ name: 'an empty file', text: () => '', says: 'This file is empty. Nothing was imported.' },
	{ name: 'only spaces and newlines', text: () => ' \n\t\r\n ', says: 'This file is empty.' },
	{ name: 'a byte-order mark and nothing else', text: () => '\uFEFF', says: 'This file is empty.' },
	{
		name: 'plain text',
		text: () => 'Case notes for FICT-1: visited on Tuesday.',
		says: 'not in the JSON format that Homeward exports use'
	},
	{ name: 'a PDF', text: () => '%PDF-1.7\n%âãÏÓ\n1 0 obj', says: 'not in the JSON format' },
	{
		name: 'a spreadsheet saved as CSV',
		text: () => 'id,caseRef\n1,FICT-1\n',
		says: 'not in the JSON'
	},
	{
		name: 'an export cut off half-way',
		text: () => exportText.slice(0, Math.floor(exportText.length / 2)),
		says: 'This file is incomplete: it stops part-way through'
	},
	{
		name: 'an export cut off inside a string',
		text: () => exportText.slice(0, exportText.indexOf('FICT-1') + 3),
		says: 'This file is incomplete'
	},
	{
		name: 'an export with a stray character in the middle',
		text: () => exportText.replace('"training":false', '"training":false!'),
		says: 'This file is damaged: it is not valid JSON'
	},
	{
		name: 'a JSON list',
		text: () => `[${exportText}]`,
		says: 'This file is not a Homeward export: it holds a list rather than an export.'
	},
	{
		name: 'JSON null',
		text: () => 'null',
		says: 'it holds only the value null rather than an export'
	},
	{ name: 'a JSON number', text: () => '42', says: 'it holds the number 42 rather than an export' },
	{ name: 'a JSON string', text: () => '"homeward"', says: 'it holds text ("homeward")' },
	{
		name: 'another app’s export',
		text: () => edited((f) => (f.format = 'other-app-backup')),
		says: 'its "format" is "other-app-backup" rather than "homeward-export"'
	},
	{
		name: 'no format field',
		text: () => edited((f) => delete f.format),
		says: 'This file is not a Homeward export: the field "format" is missing. Nothing was imported.'
	},
	{
		name: 'a newer format version',
		text: () => edited((f) => (f.formatVersion = 2)),
		says: 'This file was made by a newer version of Homeward (format 2); update Homeward to import it. Nothing was imported.'
	},
	{
		name: 'the format version as text',
		text: () => edited((f) => (f.formatVersion = '1')),
		says: 'its "formatVersion" is text ("1") rather than the number 1'
	},
	{
		name: 'no format version',
		text: () => edited((f) => delete f.formatVersion),
		says: 'the field "formatVersion" is missing'
	},
	{
		name: 'an export date that is not a date',
		text: () => edited((f) => (f.exportedAt = 'last Tuesday')),
		says: 'the field "exportedAt" is "last Tuesday", which is not a date and time'
	},
	{
		name: 'another app name',
		text: () => edited((f) => (f.app = { name: 'Elsewhere' })),
		says: 'the field "app.name" should be "Homeward" but is "Elsewhere"'
	},
	{
		name: 'no training flag',
		text: () => edited((f) => delete f.training),
		says: 'the field "training" is missing'
	},
	{
		name: 'no assessments field',
		text: () => edited((f) => delete f.assessments),
		says: 'the field "assessments" is missing. Nothing was imported.'
	},
	{
		name: 'assessments that are not a list',
		text: () => edited((f) => (f.assessments = { first: f.assessments[0] })),
		says: 'the field "assessments" should be a list but is a group of fields'
	},
	{
		name: 'no assessments at all',
		text: () => edited((f) => (f.assessments = [])),
		says: 'This file holds no assessments, so there is nothing to import.'
	},
	{
		name: 'an assessment that is not an assessment',
		text: () => edited((f) => f.assessments.push('FICT-9')),
		says: 'Assessment 6 is not an assessment: it is text ("FICT-9").'
	},
	{
		name: 'an assessment without case details',
		text: () => edited((f) => delete f.assessments[1].caseDetails),
		says: 'Assessment 2 is not valid: the field "caseDetails" is missing.'
	},
	{
		name: 'an assessment with a status Homeward does not have',
		text: () => edited((f) => (f.assessments[1].status = 'finished')),
		says: 'Assessment 2 (case FICT-2) is not valid: the field "status" is "finished", which is not one of the allowed values ("draft", "completed", "awaiting-approval", "signed").'
	},
	{
		name: 'an answer that is a number',
		text: () => edited((f) => (f.assessments[0].answers = { housing: 3 })),
		says: 'Assessment 1 (case FICT-1) is not valid: the field "answers.housing" should be text but is the number 3.'
	},
	{
		name: 'a negative revision',
		text: () => edited((f) => (f.assessments[0].revision = -1)),
		says: 'the field "revision" is -1, which is less than 0'
	},
	{
		name: 'an empty id',
		text: () => edited((f) => (f.assessments[2].id = '')),
		says: 'the field "id" is empty'
	},
	{
		name: 'a decision of an unknown kind',
		text: () =>
			edited(
				(f) =>
					(f.assessments[0].decision = {
						kind: 'maybe',
						computedBand: 'ready',
						decidedAt: NOW.toISOString()
					})
			),
		says: 'the field "decision.kind" is "maybe", which is not one of the allowed values ("agree", "override")'
	},
	{
		name: 'an assessment saved by a newer Homeward',
		text: () => edited((f) => (f.assessments[0].schemaVersion = RECORD_SCHEMA_VERSION + 1)),
		says: `Assessment 1 (case FICT-1) was saved by a newer version of Homeward (record version ${RECORD_SCHEMA_VERSION + 1})`
	},
	{
		name: 'a signed assessment with no sign-off',
		text: () =>
			edited((f) => {
				const signed = f.assessments.find((a: Json) => a.status === 'signed');
				signed.signOff = null;
			}),
		says: 'is marked as signed but has no sign-off'
	},
	{
		name: 'a rules version this Homeward does not have',
		text: () => edited((f) => (f.assessments[1].rules.version = '9.9.9')),
		says: `Assessment 2 (case FICT-2) was made with rules ${RULES.id} 9.9.9, which this version of Homeward does not have.`
	},
	{
		name: 'rules that do not match this Homeward’s rules of the same version',
		text: () => edited((f) => (f.assessments[0].rules.hash = 'f'.repeat(64))),
		says: `Assessment 1 (case FICT-1) was made with rules ${RULES.id} ${RULES.version}, but not the same rules`
	},
	{
		name: 'the same assessment twice',
		text: () => edited((f) => f.assessments.push(f.assessments[0])),
		says: 'Assessments 1 and 6 have the same id'
	},
	{
		name: 'a training export imported among real cases',
		text: () => createExport(records, { now: NOW, training: true }),
		says: 'This file holds training mode’s fictional cases, so it cannot be imported among real cases.'
	},
	{
		name: 'a real export imported in training mode',
		text: () => exportText,
		training: true,
		says: 'This file holds real cases, so it cannot be imported in training mode'
	},
	{
		name: 'a file over 50 MB',
		// Not resealed: the size is checked before anything else, and sealing 51 MB takes seconds.
		text: () => {
			const file = JSON.parse(exportText) as Json;
			file.assessments[0].notes.huge = 'x'.repeat(51 * 1024 * 1024);
			return JSON.stringify(file);
		},
		says: 'This file is too large to import (52 MB; Homeward imports files of up to 50 MB).'
	},
	{
		name: 'a passphrase-protected export',
		text: () => encryptExport(exportText, 'correct horse', { iterations: 1000 }),
		says: 'This file is protected with a passphrase. Enter its passphrase to import it.'
	},
	{
		name: 'more problems than can usefully be listed',
		text: manyBrokenRecords,
		says: 'There are more problems; Homeward stopped checking after these.'
	}
];

describe('a bad file imports nothing and says what is wrong', () => {
	it.each(BAD_FILES)('$name', async ({ text, says, training = false }) => {
		const { db, store } = setup('target');
		// The same ids as the file's records, with different content: a partial import would show.
		const stored = records.map((r) => ({ ...r, notes: { mine: 'Stored before the import' } }));
		await store.importRecords(stored, { onExisting: 'skip' });
		const before = await snapshot(db);

		const outcome = await importExport(store, await text(), {
			knownRules: findRules,
			training,
			choices: { onExisting: 'replace' }
		});

		expect(outcome.ok).toBe(false);
		if (outcome.ok) return;
		expect(outcome.problems.join(' ')).toContain(says);
		expect(outcome.problems.length).toBeLessThanOrEqual(11);
		for (const problem of outcome.problems) expect(problem).toMatch(/^[A-Z“"].*[.!]$/s);
		expect(await snapshot(db)).toEqual(before);
	});

	it('tries at least 20 different bad files', () => {
		expect(BAD_FILES.length).toBeGreaterThanOrEqual(20);
		expect(new Set(BAD_FILES.map((f) => f.name)).size).toBe(BAD_FILES.length);
	});

	it('lists ten problems, then stops checking', () => {
		const result = parseExport(manyBrokenRecords(), REAL);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toHaveLength(11);
		expect(result.problems[0]).toBe(
			'Assessment 1 (case FICT-1) is not valid: the field "status" is "finished", which is not one of the allowed values ("draft", "completed", "awaiting-approval", "signed").'
		);
		expect(result.problems[10]).toBe(
			'There are more problems; Homeward stopped checking after these.'
		);
	});

	it('never throws, whatever it is handed', () => {
		const odd: unknown[] = [undefined, null, 42, {}, [], Symbol('x')];
		for (const value of odd) {
			const result = parseExport(value as string, REAL);
			expect(result.ok).toBe(false);
		}
		const throwing = () => {
			throw new Error('registry broke');
		};
		const result = parseExport(exportText, { knownRules: throwing, training: false });
		expect(result).toMatchObject({
			ok: false,
			problems: [expect.stringContaining('a fault in the app')]
		});
	});

	it('says before reading a file that it is too large', () => {
		expect(importSizeProblem(50 * 1024 * 1024)).toBeNull();
		expect(importSizeProblem(50 * 1024 * 1024 + 1)).toContain(
			'This file is too large to import (51 MB'
		);
	});
});

describe('importing records that are already stored', () => {
	async function withStored(choices: ImportChoices) {
		const target = setup('target');
		await target.store.importRecords(records, { onExisting: 'skip' });
		const before = await snapshot(target.db);
		const changed = records.map((r) =>
			r.status === 'signed' ? r : { ...r, notes: { imported: 'From the file' } }
		);
		const counts = await target.store.importRecords(changed, choices);
		return { ...target, before, changed, counts };
	}

	it('finds which of a file’s ids are stored, in the file’s order, once each', async () => {
		const { store } = setup('target');
		await store.importRecords(records.slice(0, 2), { onExisting: 'skip' });
		const [a, b, c] = records.map((r) => r.id);
		expect(await store.findExisting([c ?? '', b ?? '', 'nope', b ?? '', a ?? ''])).toEqual([b, a]);
		expect(await store.findExisting([])).toEqual([]);
	});

	it('skipping leaves every stored record as it was', async () => {
		const { db, before, counts } = await withStored({ onExisting: 'skip' });
		expect(counts).toEqual({ added: 0, replaced: 0, skipped: 5, keptBoth: 0 });
		expect(await snapshot(db)).toEqual(before);
	});

	it('replacing overwrites the stored copies and moves their revision past both', async () => {
		const { store, changed, counts } = await withStored({ onExisting: 'replace' });
		// The signed record in the file is identical to the stored one: there is nothing to replace.
		expect(counts).toEqual({ added: 0, replaced: 4, skipped: 1, keptBoth: 0 });
		for (const record of changed) {
			const now = await store.get(record.id);
			if (record.status === 'signed') expect(now).toEqual(record);
			else expect(now).toEqual({ ...record, revision: record.revision + 1 });
		}
	});

	it('a tab that had the replaced record open is told it changed, not allowed to save over it', async () => {
		const { store, changed } = await withStored({ onExisting: 'replace' });
		const draft = changed.find((r) => r.status === 'draft');
		if (!draft) throw new Error('no draft');
		const stale = store.setAnswer(draft.id, 'x', 'y', { expectedRevision: draft.revision });
		await expect(stale).rejects.toMatchObject({ kind: 'conflict' });
	});

	it('keeping both stores the import under new ids, with links between them following', async () => {
		const { store, db, before, counts } = await withStored({ onExisting: 'keep-both' });
		expect(counts).toEqual({ added: 0, replaced: 0, skipped: 0, keptBoth: 5 });
		const all = await db.assessments.toArray();
		expect(all).toHaveLength(10);
		// The stored ones are untouched.
		for (const row of before.assessments) expect(await store.get(row.id)).toEqual(row);
		const copies = all.filter((r) => r.id.startsWith(testId('target', 0).slice(0, 8)));
		expect(copies).toHaveLength(5);
		const signed = copies.find((r) => r.status === 'signed');
		const newer = copies.find((r) => r.supersedes !== null);
		const review = copies.find((r) => r.reviewOf !== null);
		expect(signed?.supersededBy).toBe(newer?.id);
		expect(newer?.supersedes).toBe(signed?.id);
		expect(review?.reviewOf).toBe(signed?.id);
		expect((await store.history(signed?.id ?? '')).map((s) => s.id)).toEqual([
			signed?.id,
			newer?.id
		]);
		expect((await store.list()).items).toHaveLength(10);
	});

	it('asks per assessment when given a function, and adds what is not stored', async () => {
		const target = setup('target');
		const [a, b, c] = records;
		if (!a || !b || !c) throw new Error('too few records');
		await target.store.importRecords([a, b], { onExisting: 'skip' });
		const asked: string[] = [];
		const counts = await target.store.importRecords(
			[{ ...a, notes: { n: '1' } }, { ...b, notes: { n: '2' } }, c],
			(id) => {
				asked.push(id);
				return id === a.id ? 'replace' : 'keep-both';
			}
		);
		expect(asked).toEqual([a.id, b.id]);
		expect(counts).toEqual({ added: 1, replaced: 1, skipped: 0, keptBoth: 1 });
		expect((await target.store.get(a.id))?.notes).toEqual({ n: '1' });
		expect((await target.store.get(b.id))?.notes).toEqual(b.notes);
		expect(await target.store.get(c.id)).toEqual(c);
	});

	it('never replaces a signed assessment with a different one, and then imports nothing', async () => {
		const target = setup('target');
		await target.store.importRecords(records, { onExisting: 'skip' });
		const before = await snapshot(target.db);
		const signed = records.find((r) => r.status === 'signed');
		if (!signed) throw new Error('no signed record');
		const unsigned = { ...signed, status: 'completed' as const, signOff: null };
		const fresh = { ...signed, id: testId('new', 1), supersededBy: null };
		const attempt = target.store.importRecords([fresh, unsigned], { onExisting: 'replace' });
		await expect(attempt).rejects.toBeInstanceOf(StorageError);
		await expect(attempt).rejects.toMatchObject({
			kind: 'read-only',
			message: expect.stringContaining('choose “keep both” or “skip”')
		});
		expect(await snapshot(target.db)).toEqual(before);
	});

	it('lets a signed assessment gain the link to its newer version, but never lose it', async () => {
		const source = setup('source');
		const draft = await source.store.create({ rules: RULES, caseDetails: details('FICT-7') });
		await source.store.update(draft.id, { ...WRITTEN_UP, status: 'completed' });
		const signed = await source.store.sign(draft.id, {
			assessorName: 'A. Assessor',
			date: TODAY,
			managerName: '',
			declaration: true
		});
		const target = setup('target');
		await target.store.importRecords([signed], { onExisting: 'skip' });
		await source.store.newVersion(signed.id);
		const linked = await source.store.get(signed.id);
		if (!linked) throw new Error('gone');
		expect(await target.store.importRecords([linked], { onExisting: 'replace' })).toMatchObject({
			replaced: 1
		});
		expect((await target.store.get(signed.id))?.supersededBy).toBe(linked.supersededBy);
		const unlinking = target.store.importRecords([signed], { onExisting: 'replace' });
		await expect(unlinking).rejects.toMatchObject({ kind: 'read-only' });
	});

	it('replaces a damaged stored record from a good copy only when asked to', async () => {
		const target = setup('target');
		const [good] = records;
		if (!good) throw new Error('no record');
		await target.db.assessments.put({ id: good.id, junk: true } as unknown as AssessmentRecord);
		expect(await target.store.importRecords([good], { onExisting: 'skip' })).toMatchObject({
			skipped: 1
		});
		expect((await target.store.list()).corrupt).toHaveLength(1);
		expect(await target.store.importRecords([good], { onExisting: 'replace' })).toMatchObject({
			replaced: 1
		});
		expect(await target.store.get(good.id)).toEqual({ ...good, revision: good.revision + 1 });
		expect((await target.store.list()).corrupt).toHaveLength(0);
	});

	it('refuses records handed to it twice or malformed, writing nothing', async () => {
		const { db, store } = setup('target');
		const [a, b] = records;
		if (!a || !b) throw new Error('too few records');
		await expect(store.importRecords([a, b, a], { onExisting: 'skip' })).rejects.toMatchObject({
			kind: 'conflict'
		});
		const broken = { ...b, revision: 'one' } as unknown as AssessmentRecord;
		await expect(store.importRecords([a, broken], { onExisting: 'skip' })).rejects.toBeInstanceOf(
			StorageError
		);
		const unknownChoice = { onExisting: 'merge' } as unknown as ImportChoices;
		await store.importRecords([a], { onExisting: 'skip' });
		const before = await snapshot(db);
		await expect(store.importRecords([a, b], unknownChoice)).rejects.toBeInstanceOf(StorageError);
		expect(await snapshot(db)).toEqual(before);
		expect(before.assessments).toHaveLength(1);
	});
});

describe('a full disk part-way through an import', () => {
	for (const [table, after] of [
		['assessments', 0],
		['assessments', 3],
		['summaries', 4]
	] as const) {
		it(`leaves the database as it was (the ${table} write after ${after} fails)`, async () => {
			const { db, store, faults } = setup('target');
			const [first] = records;
			if (!first) throw new Error('no record');
			await store.importRecords([{ ...first, notes: { before: 'yes' } }], { onExisting: 'skip' });
			const before = await snapshot(db);
			const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			faults.failWrite = { table, after, error: full };
			const outcome = await importExport(store, exportText, {
				...REAL,
				choices: { onExisting: 'replace' }
			});
			expect(faults.failWrite).toBeNull();
			expect(outcome).toEqual({
				ok: false,
				problems: [
					expect.stringContaining(
						'This device ran out of storage space during the import, so nothing was imported.'
					)
				]
			});
			expect(await snapshot(db)).toEqual(before);
			// And the same import goes through once there is room.
			const again = await importExport(store, exportText, {
				...REAL,
				choices: { onExisting: 'replace' }
			});
			expect(again).toMatchObject({ ok: true, counts: { added: 4, replaced: 1 } });
		});
	}
});
