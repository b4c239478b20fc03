/**
 * The sync bridge (storage/team/bridge.ts) on two devices, each a Dexie store on its own fake
 * IndexedDB with a PouchDB replica in memory, replicating live through pouchdb-server on the
 * loopback (started here, stopped after). Every user and case is fictional.
 *
 * Its server listens 100 above HW_TEAM_PORT (default 5991), so that it and team-server.test.ts,
 * which vitest runs at the same time, each have their own.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { AssessmentStore, stampOf } from '../../src/lib/storage/assessments.ts';
import {
	TeamBridge,
	type BridgeReport,
	type KeyValue,
	type PouchConstructor
} from '../../src/lib/storage/team/bridge.ts';
import { REFUSALS, TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';
import type { AssessmentRecord } from '../../src/lib/storage/record.ts';
import { deleteRefusal } from '../../src/lib/app/team-config.ts';
import { AUTHOR, CHANGES, MANAGER, teamDoc } from '../fixtures/team-docs.ts';
import { prepareTeam, startTeamServer, TEAM_SERVER_URL, type TeamServer } from '../team-server.ts';

// Before the imports are evaluated: tests/team-server.ts reads the port once.
const portBefore = vi.hoisted(() => {
	const before = process.env.HW_TEAM_PORT;
	process.env.HW_TEAM_PORT = String(Number(before ?? 5991) + 100);
	return before;
});

const DB = 'homeward-team-sync-test';
const password = 'fictional-password';
const OUTSIDER = 'oz-fictional';

const load = createRequire(import.meta.url);
interface PouchStatic {
	plugin(plugin: unknown): PouchStatic;
}
const Pouch = (load('pouchdb-core') as PouchStatic)
	.plugin(load('pouchdb-adapter-memory'))
	.plugin(load('pouchdb-adapter-http'))
	.plugin(load('pouchdb-replication')) as unknown as PouchConstructor;

class MemoryKeyValue implements KeyValue {
	#m = new Map<string, string>();
	getItem = (k: string) => this.#m.get(k) ?? null;
	setItem = (k: string, v: string) => void this.#m.set(k, v);
	removeItem = (k: string) => void this.#m.delete(k);
}

let counter = 0;
interface Device {
	store: AssessmentStore;
	bridge: TeamBridge;
	last: () => BridgeReport | null;
}
const devices: Device[] = [];
/** What the app asks before a deleted case is sent as a tombstone, for a user with these roles. */
const asksAs = (user: string, roles: string[]) => (record: AssessmentRecord) =>
	deleteRefusal({ server: '/couchdb/', db: DB, user, roles }, record.status)?.reason ?? null;

function device(
	user: string,
	deletionRefusal?: (record: AssessmentRecord) => string | null,
	database = DB,
	askedToDelete: (id: string) => boolean = () => true
): Device {
	counter += 1;
	const db = new HomewardDb(`team-sync-${counter}`, { indexedDB: new IDBFactory(), IDBKeyRange });
	const store = new AssessmentStore(db);
	let last: BridgeReport | null = null;
	const bridge = new TeamBridge({
		Pouch,
		store,
		replicaName: `replica-${counter}`,
		replicaOptions: { adapter: 'memory' },
		remoteUrl: `${TEAM_SERVER_URL}/${database}`,
		remoteOptions: { auth: { username: user, password } },
		user,
		askedToDelete,
		deletionRefusal,
		keyValue: new MemoryKeyValue(),
		onReport: (r) => (last = r),
		maxBackOff: 1000
	});
	bridge.start();
	const d = { store, bridge, last: () => last };
	devices.push(d);
	return d;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>) {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

const stored = async (d: Device, id: string) =>
	(await d.store.exportRecords([id])).records[0] ?? null;

/** A local write, as the store makes one: the next revision, a later time. */
async function edit(d: Device, record: AssessmentRecord, over: Partial<AssessmentRecord>) {
	const next = {
		...record,
		...over,
		revision: record.revision + 1,
		updatedAt: new Date(Date.parse(record.updatedAt) + 60_000).toISOString()
	};
	expect(await d.store.putReplicated(next, stampOf(record))).toBe(true);
	return next;
}

let server: TeamServer;
beforeAll(async () => {
	server = await startTeamServer();
	await prepareTeam(DB, [
		{ name: AUTHOR, password, roles: [TEAM_ROLES.practitioner] },
		{ name: MANAGER, password, roles: [TEAM_ROLES.manager] },
		{ name: OUTSIDER, password, roles: [] }
	]);
}, 90_000);

afterAll(async () => {
	for (const d of devices) d.bridge.stop();
	await server?.stop();
	if (portBefore === undefined) delete process.env.HW_TEAM_PORT;
	else process.env.HW_TEAM_PORT = portBefore;
});

describe('the sync bridge between Dexie and the team server', { timeout: 60_000 }, () => {
	it('an assessment written on one device appears in the other’s store, and an edit comes back', async () => {
		const laptop = device(AUTHOR);
		const managerLaptop = device(MANAGER);
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000301').record;
		await laptop.store.putReplicated(draft, null);
		const arrived = await until('the draft reaches the manager', () =>
			stored(managerLaptop, draft.id)
		);
		expect(arrived).toEqual(draft);
		const edited = await edit(managerLaptop, arrived, {
			notes: { ...arrived.notes, 'child-wishes': 'Fictional note from the manager.' }
		});
		const back = await until('the edit reaches the practitioner', async () => {
			const r = await stored(laptop, draft.id);
			return r && r.revision === edited.revision ? r : null;
		});
		expect(back).toEqual(edited);
		await until('both say up to date', () =>
			Promise.resolve([laptop, managerLaptop].every((d) => d.last()?.state.kind === 'up-to-date'))
		);
		expect(laptop.last()?.conflicts).toEqual([]);
	});

	it('a practitioner’s approval is refused by the server with its reason, and kept on the device', async () => {
		const laptop = device(AUTHOR);
		const awaiting = teamDoc('awaiting-approval', '00000000-0000-4000-8000-000000000302');
		await laptop.store.putReplicated(awaiting.record, null);
		await until('it is on the server', async () => {
			const r = await fetch(`${TEAM_SERVER_URL}/${DB}/${awaiting.record.id}`, {
				headers: { authorization: `Basic ${btoa(`${MANAGER}:${password}`)}` }
			});
			return r.ok;
		});
		const approved = CHANGES.approve(awaiting).record;
		expect(await laptop.store.putReplicated(approved, stampOf(awaiting.record))).toBe(true);
		const report = await until('the refusal is reported', () =>
			Promise.resolve((laptop.last()?.refusals.length ?? 0) > 0 ? laptop.last() : null)
		);
		// The server's reason, word for word (pouchdb-server does not say which document it was).
		expect(report.refusals).toEqual([
			expect.objectContaining({ reason: REFUSALS.managerOnlyReview })
		]);
		expect((await stored(laptop, approved.id))?.status).toBe('signed');
	});

	it('a device that lost its record of what it exchanged treats a difference as a conflict, never an overwrite', async () => {
		const laptop = device(AUTHOR);
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000303').record;
		await laptop.store.putReplicated(draft, null);
		const other = device(MANAGER);
		const there = await until('it arrives', () => stored(other, draft.id));
		other.bridge.stop();
		const edited = await edit(laptop, draft, { answers: { ...draft.answers, x: 'y' } });
		await until('the edit is on the server', async () => {
			const r = await fetch(`${TEAM_SERVER_URL}/${DB}/${draft.id}`, {
				headers: { authorization: `Basic ${btoa(`${MANAGER}:${password}`)}` }
			});
			const doc = (await r.json()) as { record?: { revision?: number } };
			return doc.record?.revision === edited.revision;
		});
		// A new bridge on the same store: what a reload or a reconnection does.
		const reopened = new TeamBridge({
			Pouch,
			store: other.store,
			replicaName: `replica-reopened-${counter}`,
			replicaOptions: { adapter: 'memory' },
			remoteUrl: `${TEAM_SERVER_URL}/${DB}`,
			remoteOptions: { auth: { username: MANAGER, password } },
			user: MANAGER,
			keyValue: new MemoryKeyValue(),
			onReport: () => {}
		});
		reopened.start();
		try {
			// A fresh replica with no base stamps sees the same record differing on both sides: it
			// is a conflict for a person, never a silent overwrite.
			expect(there.revision).toBe(draft.revision);
			const conflict = await until('the difference is found', async () => {
				await reopened.reconcile();
				return reopened.report.conflicts.find((c) => c.id === draft.id);
			});
			expect(conflict).toMatchObject({ id: draft.id, here: there, there: edited });
		} finally {
			reopened.stop();
		}
	});

	it('a non-member is told they are not a member, and their cases stay on the device', async () => {
		const stranger = device(OUTSIDER);
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000304').record;
		await stranger.store.putReplicated(draft, null);
		const report = await until('the problem is reported', () =>
			Promise.resolve(stranger.last()?.state.kind === 'problem' ? stranger.last() : null)
		);
		expect(report.state).toMatchObject({ kind: 'problem' });
		expect(await stored(stranger, draft.id)).toEqual(draft);
	});

	it('a manager’s deletion on one device is a tombstone on the server, which the other device honours', async () => {
		const laptop = device(AUTHOR, asksAs(AUTHOR, [TEAM_ROLES.practitioner]));
		const managerLaptop = device(MANAGER, asksAs(MANAGER, [TEAM_ROLES.manager]));
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000307').record;
		await laptop.store.putReplicated(draft, null);
		await until('it reaches the manager', () => stored(managerLaptop, draft.id));
		await until('the manager’s device has exchanged it', () =>
			Promise.resolve(managerLaptop.last()?.state.kind === 'up-to-date')
		);
		await managerLaptop.store.delete(draft.id);
		await until('the server holds a tombstone', async () => {
			const r = await fetch(`${TEAM_SERVER_URL}/${DB}/${draft.id}`, {
				headers: { authorization: `Basic ${btoa(`${MANAGER}:${password}`)}` }
			});
			// It was there: gone now is its tombstone (pouchdb-server says "missing", CouchDB "deleted").
			return r.status === 404;
		});
		await until('the practitioner’s device removed it', async () =>
			(await stored(laptop, draft.id)) === null ? true : null
		);
		expect(managerLaptop.last()?.refusals).toEqual([]);
		expect(laptop.last()?.conflicts.filter((c) => c.id === draft.id)).toEqual([]);
		expect(await stored(managerLaptop, draft.id)).toBeNull();
	});

	it.each([
		[
			'a practitioner deleting a draft',
			AUTHOR,
			[TEAM_ROLES.practitioner],
			'draft',
			REFUSALS.managerOnlyDelete
		],
		[
			'a manager deleting a signed case',
			MANAGER,
			[TEAM_ROLES.manager],
			'signed',
			REFUSALS.signedNoDelete
		]
	] as const)(
		'%s: nothing is sent, the case is put back on the device with the reason, and the server keeps it',
		async (_, user, roles, state, reason) => {
			const laptop = device(user, asksAs(user, [...roles]));
			const id =
				state === 'draft'
					? '00000000-0000-4000-8000-000000000308'
					: '00000000-0000-4000-8000-000000000309';
			const record = teamDoc(state, id).record;
			await laptop.store.putReplicated(record, null);
			await until('it is on the server', async () => {
				const r = await fetch(`${TEAM_SERVER_URL}/${DB}/${id}`, {
					headers: { authorization: `Basic ${btoa(`${MANAGER}:${password}`)}` }
				});
				return r.ok;
			});
			await until('the device has exchanged it', () =>
				Promise.resolve(laptop.last()?.state.kind === 'up-to-date')
			);
			await laptop.store.delete(id);
			const report = await until('the deletion is refused', () =>
				Promise.resolve((laptop.last()?.refusals.length ?? 0) > 0 ? laptop.last() : null)
			);
			expect(report.refusals).toEqual([
				{
					id,
					caseRef: record.caseDetails.caseRef,
					reason: `${reason} It was put back on this device.`
				}
			]);
			expect(await until('it is back', () => stored(laptop, id))).toEqual(record);
			const onServer = await fetch(`${TEAM_SERVER_URL}/${DB}/${id}`, {
				headers: { authorization: `Basic ${btoa(`${MANAGER}:${password}`)}` }
			});
			expect(onServer.status).toBe(200);
		}
	);

	it('cases removed from the store without a person asking (leaving the team in another tab) are never sent as deletions, even by a manager', async () => {
		const laptop = device(AUTHOR);
		const managerLaptop = device(MANAGER, asksAs(MANAGER, [TEAM_ROLES.manager]), DB, () => false);
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000311').record;
		await laptop.store.putReplicated(draft, null);
		await until('it reaches the manager', () => stored(managerLaptop, draft.id));
		await until('the manager’s device has exchanged it', () =>
			Promise.resolve(managerLaptop.last()?.state.kind === 'up-to-date')
		);
		await managerLaptop.store.deleteMany([draft.id]);
		const report = await until('it is listed for a person', () =>
			Promise.resolve(
				managerLaptop.last()?.conflicts.some((c) => c.id === draft.id) ? managerLaptop.last() : null
			)
		);
		expect(report.refusals).toEqual([]);
		const r = await fetch(`${TEAM_SERVER_URL}/${DB}/${draft.id}`, {
			headers: { authorization: `Basic ${btoa(`${MANAGER}:${password}`)}` }
		});
		expect(r.status).toBe(200);
		expect(await stored(laptop, draft.id)).toEqual(draft);
	});

	it('a team database that is not on the server is said to be missing, never “up to date”, and the cases stay', async () => {
		const laptop = device(AUTHOR, undefined, 'homeward-team-not-there');
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000310').record;
		await laptop.store.putReplicated(draft, null);
		const report = await until('the problem is reported', () =>
			Promise.resolve(laptop.last()?.state.kind === 'problem' ? laptop.last() : null)
		);
		expect(report.state).toMatchObject({
			problem: 'the team’s database was not found on the server'
		});
		// Replication keeps retrying; the line keeps saying what is wrong.
		await new Promise((r) => setTimeout(r, 1500));
		expect(laptop.last()?.state.kind).toBe('problem');
		expect(await stored(laptop, draft.id)).toEqual(draft);
	});

	it('removing the team’s cases leaves none of them in the store', async () => {
		const laptop = device(AUTHOR);
		const colleague = device(MANAGER);
		const mine = teamDoc('draft', '00000000-0000-4000-8000-000000000305').record;
		const theirs = teamDoc('draft', '00000000-0000-4000-8000-000000000306').record;
		await laptop.store.putReplicated(mine, null);
		await colleague.store.putReplicated(theirs, null);
		await until('the colleague’s case arrives', () => stored(laptop, theirs.id));
		const removed = await laptop.bridge.removeTeamCases();
		expect(removed).toBeGreaterThanOrEqual(2);
		expect((await laptop.store.exportRecords()).records).toEqual([]);
		// The server keeps them: removing is about this device only.
		expect(
			await until('it is on the colleague’s device', () => stored(colleague, mine.id))
		).toEqual(mine);
	});
});
