/**
 * Ten thousand damaged exports: cut short, bytes changed, keys deleted or written twice, values of
 * the wrong type or random. Whatever the damage, reading the file never throws and either accepts
 * it or says in sentences what is wrong; an accepted file imports and reads back; and an import
 * that fails (refused, or the disk filling part-way) leaves the database exactly as it was.
 */
import { WRITTEN_UP } from '../fixtures/records.ts';
import type { DBCore, DBCoreTable, Middleware } from 'dexie';
import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { StorageError } from '../../src/lib/storage/errors.ts';
import { emptyCaseDetails } from '../../src/lib/domain/assessment.ts';
import type { AssessmentRecord } from '../../src/lib/storage/record.ts';
import {
	createExport,
	parseExport,
	type ExistingChoice,
	type ImportCounts
} from '../../src/lib/storage/transfer/index.ts';
import { currentRules, findRules } from '../../src/lib/rules-registry.ts';
import { resealed, TODAY, testId } from '../helpers.ts';

const RUNS = 10_000;
const RULES = {
	id: currentRules.data.id,
	version: currentRules.data.version,
	hash: currentRules.hash
};
const NOW = new Date('2026-11-24T10:00:00.000Z');

interface Faults {
	failWrite: { after: number; error: unknown } | null;
}

// Fails the n-th write of an import, as a browser does when the disk fills part-way.
function faultInjection(faults: Faults): Middleware<DBCore> {
	return {
		stack: 'dbcore',
		name: 'fuzz-faults',
		create: (down) => ({
			...down,
			table(name: string): DBCoreTable {
				const table = down.table(name);
				return {
					...table,
					mutate(req) {
						const fault = faults.failWrite;
						if (fault !== null && req.type !== 'deleteRange') {
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

let db: HomewardDb;
let store: AssessmentStore;
const faults: Faults = { failWrite: null };
let baseText = '';
let seed: { assessments: unknown[]; summaries: unknown[] };

async function snapshot() {
	const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
	return {
		assessments: (await db.assessments.toArray()).sort(byId),
		summaries: (await db.summaries.toArray()).sort(byId)
	};
}

// Back to the seeded state between runs, in one transaction (far cheaper than a new database).
async function reset() {
	faults.failWrite = null;
	await db.transaction('rw', db.assessments, db.summaries, async () => {
		await db.assessments.clear();
		await db.summaries.clear();
		await db.assessments.bulkPut(seed.assessments as AssessmentRecord[]);
		await db.summaries.bulkPut(seed.summaries as never[]);
	});
}

const FIRST = currentRules.order[0] ?? 'no-question';
const FIRST_VALUE = currentRules.factors.get(FIRST)?.scale.options[0]?.value ?? 'no-answer';

beforeAll(async () => {
	db = new HomewardDb('fuzz', { indexedDB: new IDBFactory(), IDBKeyRange });
	db.use(faultInjection(faults));
	let counter = 0;
	store = new AssessmentStore(
		db,
		() => NOW,
		() => testId('fuzz', ++counter)
	);
	const details = (caseRef: string) => ({ ...emptyCaseDetails(TODAY), caseRef });
	const draft = await store.create({
		rules: RULES,
		caseDetails: details('FICT-1'),
		answers: { [FIRST]: FIRST_VALUE },
		notes: { [FIRST]: 'Note' }
	});
	const done = await store.create({ rules: RULES, caseDetails: details('FICT-2') });
	await store.update(done.id, { ...WRITTEN_UP, status: 'completed', band: 'ready' });
	await store.sign(done.id, {
		assessorName: 'A. Assessor',
		date: TODAY,
		managerName: '',
		declaration: true
	});
	const newer = await store.newVersion(done.id);
	const records = (
		await Promise.all([draft.id, done.id, newer.id].map((id) => store.get(id)))
	).filter((r): r is AssessmentRecord => r !== null);
	baseText = createExport(records, { now: NOW, training: false });
	// Stored before each import: the draft, changed since the export; the signed one, as exported;
	// and one other assessment. The signed one's newer version is not stored.
	await store.update(draft.id, { notes: { [FIRST]: 'Changed on this device' } });
	await store.delete(newer.id);
	await store.create({ rules: RULES, caseDetails: details('FICT-9') });
	seed = await snapshot();
});

afterAll(() => db.close());

type Path = (string | number)[];

function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
	out.push(at);
	if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
	else if (typeof value === 'object' && value !== null) {
		for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
	}
	return out;
}

/** Changes the value at a path (the root when the path is empty) and returns the new root. */
function setAt(root: unknown, path: Path, change: (v: unknown) => unknown): unknown {
	if (path.length === 0) return change(root);
	const parent = path.slice(0, -1).reduce<any>((v, k) => v?.[k], root);
	const key = path.at(-1) as string | number;
	if (typeof parent === 'object' && parent !== null) parent[key] = change(parent[key]);
	return root;
}

function otherType(v: unknown): unknown {
	if (typeof v === 'string') return v.length;
	if (typeof v === 'number') return String(v);
	if (typeof v === 'boolean') return v ? 'true' : 0;
	if (v === null) return {};
	if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
	return Object.values(v as object);
}

type Mutation =
	| { kind: 'truncate'; at: number }
	| { kind: 'flip'; at: number; char: string }
	| { kind: 'delete-key'; pick: number }
	| { kind: 'duplicate-key'; pick: number; value: unknown }
	| { kind: 'change-type'; pick: number }
	| { kind: 'random-value'; pick: number; value: unknown }
	| { kind: 'random-text'; pick: number; value: string }
	| { kind: 'copy-element'; pick: number }
	| { kind: 'drop-element'; pick: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
	fc.record({
		kind: fc.constant('flip' as const),
		at: fc.nat(),
		char: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })
	}),
	fc.record({ kind: fc.constant('delete-key' as const), pick: fc.nat() }),
	fc.record({
		kind: fc.constant('duplicate-key' as const),
		pick: fc.nat(),
		value: fc.jsonValue({ maxDepth: 2 })
	}),
	fc.record({ kind: fc.constant('change-type' as const), pick: fc.nat() }),
	fc.record({
		kind: fc.constant('random-value' as const),
		pick: fc.nat(),
		value: fc.jsonValue({ maxDepth: 2 })
	}),
	fc.record({ kind: fc.constant('random-text' as const), pick: fc.nat(), value: fc.string() }),
	fc.record({ kind: fc.constant('copy-element' as const), pick: fc.nat() }),
	fc.record({ kind: fc.constant('drop-element' as const), pick: fc.nat() })
);

function mutate(text: string, m: Mutation): string {
	if (m.kind === 'truncate') return text.slice(0, m.at % (text.length + 1));
	if (m.kind === 'flip') {
		const at = m.at % Math.max(text.length, 1);
		return text.slice(0, at) + m.char + text.slice(at + 1);
	}
	if (m.kind === 'duplicate-key') {
		// In the text, since a parsed object cannot hold a key twice: `"k":` becomes `"k":v,"k":`.
		const keys = [...text.matchAll(/"[A-Za-z]+":/g)];
		const hit = keys[m.pick % Math.max(keys.length, 1)];
		if (hit?.index === undefined) return text;
		const dup = `${hit[0]}${JSON.stringify(m.value)},`;
		return text.slice(0, hit.index) + dup + text.slice(hit.index);
	}
	let root: unknown;
	try {
		root = JSON.parse(text);
	} catch {
		return text;
	}
	const all = paths(root);
	const pick = <T>(list: T[], n: number) => list[n % list.length];
	switch (m.kind) {
		case 'delete-key': {
			const keyed = all.filter((p) => typeof p.at(-1) === 'string');
			const path = pick(keyed, m.pick);
			if (!path) return text;
			const parent = path.slice(0, -1).reduce<any>((v, k) => v?.[k], root);
			delete parent[path.at(-1) as string];
			break;
		}
		case 'change-type':
			root = setAt(root, pick(all, m.pick) ?? [], otherType);
			break;
		case 'random-value':
			root = setAt(root, pick(all, m.pick) ?? [], () => m.value);
			break;
		case 'random-text': {
			// Aimed at text fields, so that many mutated files are still valid and get imported.
			const texts = all.filter((p) => typeof p.reduce<any>((v, k) => v?.[k], root) === 'string');
			const path = pick(texts, m.pick);
			if (!path) return text;
			root = setAt(root, path, () => m.value);
			break;
		}
		case 'copy-element':
		case 'drop-element': {
			const lists = all.filter((p) => Array.isArray(p.reduce<any>((v, k) => v?.[k], root)));
			const path = pick(lists, m.pick);
			if (!path) return text;
			root = setAt(root, path, (v) => {
				const list = [...(v as unknown[])];
				if (list.length === 0) return list;
				const i = m.pick % list.length;
				if (m.kind === 'drop-element') list.splice(i, 1);
				else list.splice(i, 0, structuredClone(list[i]));
				return list;
			});
			break;
		}
	}
	// Resealed, as a file edited and exported again would be: the edit is checked, not the seal.
	return resealed(JSON.stringify(root));
}

const tally = { runs: 0, accepted: 0, imported: 0, refused: 0, diskFull: 0, problems: 0 };

describe(`${RUNS.toLocaleString('en-GB')} damaged exports`, () => {
	it('never crash, always say why in sentences, and never leave a partial import', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(mutation, { minLength: 1, maxLength: 3 }),
				fc.array(fc.constantFrom<ExistingChoice>('skip', 'replace', 'keep-both'), {
					minLength: 1,
					maxLength: 4
				}),
				fc.option(fc.nat({ max: 8 }), { freq: 3 }),
				async (mutations, choices, failAfter) => {
					tally.runs++;
					const text = mutations.reduce(mutate, baseText);
					const result = parseExport(text, { knownRules: findRules, training: false });
					if (!result.ok) {
						expect(result.problems.length).toBeGreaterThan(0);
						for (const problem of result.problems) {
							expect(typeof problem).toBe('string');
							expect(problem.trim().length).toBeGreaterThan(10);
							expect(problem).toMatch(/[.]$/);
						}
						tally.problems += result.problems.length;
						return;
					}
					tally.accepted++;
					await reset();
					const incoming = result.file.assessments;
					if (failAfter !== null) {
						faults.failWrite = {
							after: failAfter,
							error: new DOMException('The quota has been exceeded.', 'QuotaExceededError')
						};
					}
					let n = 0;
					let counts: ImportCounts;
					try {
						counts = await store.importRecords(
							incoming,
							() => choices[n++ % choices.length] ?? 'skip'
						);
					} catch (e) {
						const faultFired = failAfter !== null && faults.failWrite === null;
						faults.failWrite = null;
						expect(e).toBeInstanceOf(StorageError);
						// No partial writes: everything stored is exactly as it was.
						expect(await snapshot()).toEqual(seed);
						if (faultFired) {
							expect((e as StorageError).kind).toBe('quota');
							tally.diskFull++;
						} else {
							expect((e as StorageError).kind).toBe('read-only');
							tally.refused++;
						}
						return;
					}
					const faultFired = failAfter !== null && faults.failWrite === null;
					faults.failWrite = null;
					expect(faultFired).toBe(false);
					tally.imported++;
					const { added, replaced, skipped, keptBoth } = counts;
					expect(added + replaced + skipped + keptBoth).toBe(incoming.length);
					const list = await store.list();
					expect(list.corrupt).toEqual([]);
					expect(list.total).toBe(seed.assessments.length + added + keptBoth);
					const seeded = new Set(seed.assessments.map((r) => (r as AssessmentRecord).id));
					for (const record of incoming) {
						const stored = await store.get(record.id);
						expect(stored).not.toBeNull();
						// A new id is stored as it was in the file (links may follow a renamed copy).
						if (seeded.has(record.id)) continue;
						if (keptBoth === 0) expect(stored).toEqual(record);
						else {
							const unlinked = { supersedes: null, supersededBy: null, reviewOf: null };
							expect({ ...stored, ...unlinked }).toEqual({ ...record, ...unlinked });
						}
					}
				}
			),
			{ numRuns: RUNS }
		);
		expect(tally.runs).toBe(RUNS);
		// The fuzz is only worth something if it exercises both sides.
		expect(tally.accepted).toBeGreaterThan(RUNS / 20);
		expect(tally.imported).toBeGreaterThan(0);
		expect(tally.diskFull).toBeGreaterThan(0);
		console.info('transfer fuzz:', JSON.stringify(tally));
	}, 60_000);
});
