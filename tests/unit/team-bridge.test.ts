/**
 * The sync bridge's reconcile machinery (storage/team/bridge.ts) without HTTP: each "server" is a
 * PouchDB database in memory that two devices' bridges replicate with live, as they would with
 * CouchDB, and a third party (another device, a manager deleting) writes to directly. No design
 * document judges the writes here: tests/unit/team-sync.test.ts runs the bridge against
 * pouchdb-server with the team's rules. Every user and case is fictional.
 *
 * What is proved here: after the first full pass only the cases that changed are read; a change
 * made while a run is comparing is compared in the next; deletions arrive through the changes
 * feed; the conflicts listed are carried across runs; and, as a property, random interleavings of
 * local edits, edits elsewhere and deletions converge with no change lost and every case changed
 * on both sides listed as a conflict.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { AssessmentStore, stampOf } from '../../src/lib/storage/assessments.ts';
import {
	TeamBridge,
	type KeyValue,
	type PouchConstructor,
	type PouchDb,
	type PouchDoc
} from '../../src/lib/storage/team/bridge.ts';
import { TEAM_DOC_TYPE } from '../../src/lib/storage/team/team-document.ts';
import type { AssessmentRecord } from '../../src/lib/storage/record.ts';
import { AUTHOR, MANAGER, teamDoc } from '../fixtures/team-docs.ts';

const load = createRequire(import.meta.url);
interface PouchStatic {
	plugin(plugin: unknown): PouchStatic;
}
const Pouch = (load('pouchdb-core') as PouchStatic)
	.plugin(load('pouchdb-adapter-memory'))
	.plugin(load('pouchdb-replication')) as unknown as PouchConstructor;
const memory = { adapter: 'memory' };

class MemoryKeyValue implements KeyValue {
	#m = new Map<string, string>();
	getItem = (k: string) => this.#m.get(k) ?? null;
	setItem = (k: string, v: string) => void this.#m.set(k, v);
	removeItem = (k: string) => void this.#m.delete(k);
}

/** A store that records what the bridge reads, and can hold a run just after it has read. */
class WatchedStore extends AssessmentStore {
	reads: (readonly string[] | 'all')[] = [];
	hold: (() => Promise<void>) | null = null;
	override async exportRecords(ids?: readonly string[]) {
		this.reads.push(ids === undefined ? 'all' : [...ids]);
		const read = await super.exportRecords(ids);
		if (this.hold) await this.hold();
		return read;
	}
}

let n = 0;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const bridges: TeamBridge[] = [];
afterEach(async () => {
	for (const b of bridges.splice(0)) b.stop();
	await sleep(20);
});

interface Device {
	name: string;
	/** What the bridge is given. */
	store: WatchedStore;
	/** The same database through another connection: the test's own reads and writes ("another tab"). */
	tab: AssessmentStore;
	bridge: TeamBridge;
	keyValue: MemoryKeyValue;
	replicaName: string;
	/** A new bridge on the same store, replica and stamps: what a reload does. */
	reopen(): TeamBridge;
}

function device(server: string, user: string): Device {
	n += 1;
	const name = `team-bridge-${n}`;
	const indexedDB = new IDBFactory();
	const store = new WatchedStore(new HomewardDb(name, { indexedDB, IDBKeyRange }));
	const tab = new AssessmentStore(new HomewardDb(name, { indexedDB, IDBKeyRange }));
	const keyValue = new MemoryKeyValue();
	const replicaName = `team-bridge-replica-${n}`;
	const make = () => {
		const bridge = new TeamBridge({
			Pouch,
			store,
			replicaName,
			replicaOptions: memory,
			remoteUrl: server,
			remoteOptions: memory,
			user,
			keyValue,
			onReport: () => {},
			maxBackOff: 200
		});
		bridge.start();
		bridges.push(bridge);
		return bridge;
	};
	const d: Device = {
		name,
		store,
		tab,
		keyValue,
		replicaName,
		bridge: make(),
		reopen: () => (d.bridge = make())
	};
	return d;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>) {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
		await sleep(10);
	}
}

const stored = async (d: Device, id: string) =>
	(await d.tab.exportRecords([id])).records[0] ?? null;
const id = (i: number) => `00000000-0000-4000-8000-${String(900 + i).padStart(12, '0')}`;
let clock = Date.parse('2026-11-25T10:00:00.000Z');
/** A later time for every edit, so no two edits share a stamp. */
const tick = () => new Date((clock += 1000)).toISOString();

/** A fictional case, marked so its notes say which edits it holds. */
function fictional(i: number): AssessmentRecord {
	const { record } = teamDoc('draft', id(i));
	return {
		...record,
		caseDetails: { ...record.caseDetails, caseRef: `FICT-BRIDGE-${i}` },
		notes: { 'fictional-start': 'Fictional case.' }
	};
}

/** An edit as the store makes one: the next revision, a later time, and a note naming the edit. */
function edited(record: AssessmentRecord, mark: string): AssessmentRecord {
	return {
		...record,
		notes: { ...record.notes, [`edit-${mark}`]: `Fictional edit ${mark}.` },
		revision: record.revision + 1,
		updatedAt: tick()
	};
}

async function editOn(d: Device, i: number, mark: string): Promise<AssessmentRecord | null> {
	const current = await stored(d, id(i));
	if (!current) return null;
	const next = edited(current, mark);
	// Another edit may land first (the bridge taking one in): then this one is not made.
	return (await d.tab.putReplicated(next, stampOf(current))) ? next : null;
}

/** Another device's write straight to the server, on top of its winning revision. */
async function editOnServer(server: PouchDb, i: number, mark: string) {
	const doc = await server.get(id(i)).catch(() => null);
	if (!doc || !doc.record) return null;
	const record = edited(doc.record as AssessmentRecord, mark);
	// A device's write may land first (409): then this one is not made.
	return (await server.put({ ...doc, record }).catch(() => null)) ? record : null;
}

const marks = (r: unknown): string[] =>
	Object.keys((r as AssessmentRecord | null)?.notes ?? {})
		.filter((k) => k.startsWith('edit-'))
		.map((k) => k.slice('edit-'.length));

describe('what the store says changed', () => {
	it('names the ids written or deleted, in any connection, and null for a write over a range', async () => {
		const indexedDB = new IDBFactory();
		const db = new HomewardDb(`team-bridge-${++n}`, { indexedDB, IDBKeyRange });
		const store = new AssessmentStore(db);
		const other = new AssessmentStore(new HomewardDb(db.name, { indexedDB, IDBKeyRange }));
		const seen: (string[] | null)[] = [];
		const stop = store.watchChanges((ids) => seen.push(ids && [...ids].sort()));
		await store.putReplicated(fictional(0), null);
		await other.putReplicated(fictional(1), null);
		await other.deleteMany([id(0), id(1)]);
		await store.putReplicated(fictional(2), null);
		// Many in one transaction, each only over the stamp it expects.
		const moved = edited(fictional(2), 'x');
		expect(
			await store.putManyReplicated([
				{ record: moved, expected: 'not-its-stamp' },
				{ record: fictional(4), expected: null }
			])
		).toEqual([false, true]);
		expect((await store.exportRecords([id(2), id(4)])).records).toEqual([
			fictional(2),
			fictional(4)
		]);
		expect(await store.deleteReplicated(id(2), 'not-its-stamp')).toBe(false);
		expect(await store.deleteReplicated(id(2), stampOf(fictional(2)))).toBe(true);
		await db.assessments.clear();
		await sleep(20);
		stop();
		await store.putReplicated(fictional(3), null);
		// The database's creation, then each write; the clear and creation are ranges: null.
		expect(seen).toEqual([null, [id(0)], [id(1)], [id(0), id(1)], [id(2)], [id(4)], [id(2)], null]);
	});
});

describe('the bridge compares only what changed', { timeout: 30_000 }, () => {
	it('after the first full pass, a change on one device reads only that case, and reaches the other', async () => {
		const server = `team-bridge-server-${++n}`;
		const a = device(server, AUTHOR);
		const b = device(server, MANAGER);
		for (let i = 0; i < 5; i++) await a.tab.putReplicated(fictional(i), null);
		await until('all five reach the other device', async () =>
			(await b.tab.exportRecords()).records.length === 5 ? true : null
		);
		const before = { a: a.store.reads.length, b: b.store.reads.length };
		const next = await editOn(a, 2, 'a1');
		await until(
			'the edit arrives',
			async () => (await stored(b, id(2)))?.updatedAt === next?.updatedAt
		);
		const after = { a: a.store.reads.slice(before.a), b: b.store.reads.slice(before.b) };
		// Written through another connection to the database, like another tab: still sent.
		expect(after.a.length).toBeGreaterThan(0);
		expect(after.b.length).toBeGreaterThan(0);
		// Every read since names the one case; none is of every case.
		for (const read of [...after.a, ...after.b]) expect(read).toEqual([id(2)]);
		expect(await stored(b, id(2))).toEqual(next);
	});

	it('a record written while a run is comparing is compared in the next run', async () => {
		const server = `team-bridge-server-${++n}`;
		const a = device(server, AUTHOR);
		const b = device(server, MANAGER);
		await a.tab.putReplicated(fictional(0), null);
		await until('the first case arrives', () => stored(b, id(0)));
		// Hold a's next run just after it has read Dexie, and write another case meanwhile.
		let release = () => {};
		let held = false;
		a.store.hold = () => {
			a.store.hold = null;
			held = true;
			return new Promise<void>((r) => (release = r));
		};
		const first = await editOn(a, 0, 'during-1');
		await until('the run is held', () => Promise.resolve(held));
		await a.tab.putReplicated(fictional(1), null);
		const second = await editOn(a, 0, 'during-2');
		release();
		await until('both reach the other device', async () => {
			const [x, y] = [await stored(b, id(0)), await stored(b, id(1))];
			return x?.updatedAt === second?.updatedAt && y !== null;
		});
		expect(marks(await stored(b, id(0)))).toEqual(['during-1', 'during-2']);
		expect(first).not.toBeNull();
	});

	it('a document arriving in the replica while a run is comparing is taken in by the next run', async () => {
		const server = `team-bridge-server-${++n}`;
		const serverDb = new Pouch(server, memory);
		const a = device(server, AUTHOR);
		await a.tab.putReplicated(fictional(0), null);
		await until('it is on the server', () => serverDb.get(id(0)).catch(() => null));
		let release = () => {};
		let held = false;
		a.store.hold = () => {
			a.store.hold = null;
			held = true;
			return new Promise<void>((r) => (release = r));
		};
		const mine = await editOn(a, 0, 'here');
		await until('the run is held', () => Promise.resolve(held));
		// Meanwhile another device's new case reaches a's replica.
		await serverDb.put({
			_id: id(1),
			type: TEAM_DOC_TYPE,
			team: { author: MANAGER },
			record: fictional(1)
		});
		await until('it is in a’s replica', () =>
			new Pouch(a.replicaName, memory).get(id(1)).catch(() => null)
		);
		release();
		expect(await until('it is in a’s store', () => stored(a, id(1)))).toEqual(fictional(1));
		await until('a’s own edit is on the server', async () =>
			marks((await serverDb.get(id(0))).record).includes('here')
		);
		expect(mine).not.toBeNull();
	});

	it('a deletion on the server removes the case from both devices, through the changes feed', async () => {
		const server = `team-bridge-server-${++n}`;
		const serverDb = new Pouch(server, memory);
		const a = device(server, AUTHOR);
		const b = device(server, MANAGER);
		await a.tab.putReplicated(fictional(0), null);
		await a.tab.putReplicated(fictional(1), null);
		await until('both reach b', async () => (await b.tab.exportRecords()).records.length === 2);
		const reads = b.store.reads.length;
		const doc = await serverDb.get(id(0));
		await serverDb.put({ ...doc, _deleted: true });
		await until('it is gone from both', async () =>
			(await stored(a, id(0))) === null && (await stored(b, id(0))) === null ? true : null
		);
		expect(await stored(b, id(1))).toEqual(fictional(1));
		expect(b.store.reads.slice(reads).every((r) => r !== 'all')).toBe(true);
	});

	it('a conflict stays listed while other cases change, and goes once the server has one version', async () => {
		const server = `team-bridge-server-${++n}`;
		const serverDb = new Pouch(server, memory);
		const a = device(server, AUTHOR);
		const b = device(server, MANAGER);
		await a.tab.putReplicated(fictional(0), null);
		await a.tab.putReplicated(fictional(1), null);
		await until('both reach b', async () => (await b.tab.exportRecords()).records.length === 2);
		// b offline: its bridge had put its edit into its replica, which could not send it.
		b.bridge.stop();
		await sleep(50);
		const there = await editOn(a, 0, 'a');
		await until('a’s edit is on the server', async () =>
			marks((await serverDb.get(id(0))).record).includes('a')
		);
		const here = await editOn(b, 0, 'b');
		const bReplica = new Pouch(b.replicaName, memory);
		await bReplica.put({ ...(await bReplica.get(id(0))), record: here });
		b.reopen();
		const conflict = await until('b lists the conflict', () =>
			Promise.resolve(b.bridge.report.conflicts.find((c) => c.id === id(0)))
		);
		// Both versions kept: b's in its store, a's in the replica (and on the server).
		expect(conflict.here).toEqual(here);
		expect(await stored(b, id(0))).toEqual(here);
		await until('a lists it too', () =>
			Promise.resolve(a.bridge.report.conflicts.some((c) => c.id === id(0)))
		);
		expect(await stored(a, id(0))).toEqual(there);
		// Another case changes: the runs that compare it keep case 0's conflict listed.
		const reads = b.store.reads.length;
		const other = await editOn(a, 1, 'other');
		await until(
			'the other edit arrives',
			async () => (await stored(b, id(1)))?.updatedAt === other?.updatedAt
		);
		expect(b.store.reads.slice(reads).every((r) => r !== 'all')).toBe(true);
		expect(b.bridge.report.conflicts.map((c) => c.id)).toEqual([id(0)]);
		expect(a.bridge.report.conflicts.map((c) => c.id)).toEqual([id(0)]);
		// Settled on the server by hand (the losing revision deleted): one version, on both devices.
		const top = await serverDb.get(id(0), { conflicts: true });
		const losing = top._conflicts ?? [];
		expect(losing).toHaveLength(1);
		for (const rev of losing) await serverDb.put({ _id: id(0), _rev: rev, _deleted: true });
		const winner = (await serverDb.get(id(0))).record as AssessmentRecord;
		expect([here, there]).toContainEqual(winner);
		await until('neither lists it any more', () =>
			Promise.resolve(
				a.bridge.report.conflicts.length === 0 && b.bridge.report.conflicts.length === 0
			)
		);
		expect(await stored(a, id(0))).toEqual(winner);
		expect(await stored(b, id(0))).toEqual(winner);
	});
});

/** Stable view of everything, to see when the devices and the server have stopped moving. */
async function snapshot(devices: Device[], server: PouchDb, ids: string[]) {
	const docs = async (db: PouchDb) =>
		(await db.allDocs({ keys: ids, include_docs: true, conflicts: true })).rows.map((r) => [
			r.value?.rev ?? null,
			r.doc?._conflicts ?? []
		]);
	return JSON.stringify([
		await docs(server),
		...(await Promise.all(
			devices.map(async (d) => [
				(await d.tab.exportRecords(ids)).records.map(stampOf),
				await docs(new Pouch(d.replicaName, memory)),
				d.bridge.report.conflicts.map((c) => c.id)
			])
		))
	]);
}

async function settled(devices: Device[], server: PouchDb, ids: string[]) {
	let last = '';
	let same = 0;
	const deadline = Date.now() + 20_000;
	while (same < 6) {
		if (Date.now() > deadline) throw new Error('The devices did not settle');
		await sleep(30);
		const now = await snapshot(devices, server, ids);
		same = now === last ? same + 1 : 0;
		last = now;
	}
}

type Command =
	| { kind: 'edit'; device: 0 | 1; case: number }
	| { kind: 'edit-elsewhere'; case: number }
	| { kind: 'delete-elsewhere'; case: number }
	| { kind: 'offline'; device: 0 | 1 }
	| { kind: 'wait'; ms: number };

const CASES = 3;
const command: fc.Arbitrary<Command> = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({
			kind: fc.constant('edit' as const),
			device: fc.constantFrom(0 as const, 1 as const),
			case: fc.nat(CASES - 1)
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({ kind: fc.constant('edit-elsewhere' as const), case: fc.nat(CASES - 1) })
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('delete-elsewhere' as const),
			case: fc.nat(CASES - 1)
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('offline' as const),
			device: fc.constantFrom(0 as const, 1 as const)
		})
	},
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.nat(30) }) }
);

describe('random interleavings converge with nothing lost', () => {
	it(
		'local edits, edits elsewhere, deletions and a device going offline and back',
		{ timeout: 240_000 },
		async () => {
			await fc.assert(
				fc.asyncProperty(
					fc.array(command, { minLength: 4, maxLength: 14 }),
					fc.array(fc.nat(6), { minLength: 8, maxLength: 8 }),
					async (commands, delays) => {
						const server = `team-bridge-prop-${++n}`;
						const serverDb = new Pouch(server, memory);
						const devices = [device(server, AUTHOR), device(server, MANAGER)] as const;
						// Runs that take a little while, so writes land in the middle of them.
						let turn = 0;
						for (const d of devices)
							d.store.hold = () => sleep(delays[turn++ % delays.length] ?? 0);
						const ids = Array.from({ length: CASES }, (_, i) => id(i));
						for (let i = 0; i < CASES; i++) await devices[0].tab.putReplicated(fictional(i), null);
						await settled([...devices], serverDb, ids);
						/** Every edit made, by its mark; and the marks a deletion removed knowingly. */
						const made = new Map<string, string>();
						const deleted = new Set<string>();
						const offline = new Set<number>();
						let k = 0;
						for (const c of commands) {
							k += 1;
							if (c.kind === 'edit') {
								const mark = `d${c.device}-${k}`;
								if (await editOn(devices[c.device], c.case, mark)) made.set(mark, id(c.case));
							} else if (c.kind === 'edit-elsewhere') {
								const mark = `elsewhere-${k}`;
								if (await editOnServer(serverDb, c.case, mark)) made.set(mark, id(c.case));
							} else if (c.kind === 'delete-elsewhere') {
								const doc = await serverDb.get(id(c.case)).catch(() => null);
								const gone =
									doc &&
									(await serverDb
										.put({ _id: doc._id, _rev: doc._rev, _deleted: true })
										.catch(() => null));
								if (gone) for (const m of marks(doc.record)) deleted.add(m);
							} else if (c.kind === 'offline') {
								const d = devices[c.device];
								if (offline.has(c.device)) {
									offline.delete(c.device);
									d.reopen();
								} else {
									offline.add(c.device);
									d.bridge.stop();
								}
							} else await sleep(c.ms);
						}
						for (const i of offline) devices[i as 0 | 1].reopen();
						await settled([...devices], serverDb, ids);

						for (const caseId of ids) {
							const top = await serverDb.get(caseId, { conflicts: true }).catch(() => null);
							const leaves: PouchDoc[] = top
								? [
										top,
										...(await Promise.all(
											(top._conflicts ?? []).map((rev) => serverDb.get(caseId, { rev }))
										))
									]
								: [];
							const local = await Promise.all(devices.map((d) => stored(d, caseId)));
							const listed = devices.map((d) =>
								d.bridge.report.conflicts.some((c) => c.id === caseId)
							);
							// Nothing lost: every edit is on the server (any version it keeps), on a device,
							// or was in the version a deletion removed.
							const seen = new Set([
								...leaves.flatMap((l) => marks(l.record)),
								...local.flatMap((r) => marks(r))
							]);
							for (const [mark, of] of made)
								if (of === caseId && !deleted.has(mark))
									expect(seen, `edit ${mark}`).toContain(mark);
							// Versions the server keeps side by side: both devices list the conflict.
							if (leaves.length > 1) expect(listed).toEqual([true, true]);
							// A device that lists none agrees with the server's version.
							const winner = top ? stampOf(top.record as AssessmentRecord) : null;
							devices.forEach((_, i) => {
								if (!listed[i]) expect(local[i] ? stampOf(local[i]) : null).toBe(winner);
							});
							// A device listing one holds a version the server does not have as its winner.
							devices.forEach((_, i) => {
								if (listed[i] && leaves.length <= 1)
									expect(local[i] ? stampOf(local[i]) : null).not.toBe(winner);
							});
						}
						for (const d of devices) d.bridge.stop();
					}
				),
				{ numRuns: 25 }
			);
		}
	);
});
