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
import { AssessmentRecordSchema } from '../../src/lib/storage/record.ts';
import {
	TeamBridge,
	type BridgeReport,
	type KeyValue,
	type PouchConstructor
} from '../../src/lib/storage/team/bridge.ts';
import { REFUSALS, TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';
import { appendEntry, verifyTrail } from '../../src/lib/domain/audit.ts';
import {
	CARRIED_OVER,
	choiceKey,
	describeConflict,
	resolveConflict
} from '../../src/lib/domain/draft-conflict.ts';
import type { AssessmentRecord } from '../../src/lib/storage/record.ts';
import { deleteRefusal } from '../../src/lib/app/team-config.ts';
import type { Patience } from '../../src/lib/storage/team/watched-fetch.ts';
import { AUTHOR, CHANGES, COLLEAGUE, MANAGER, teamDoc } from '../fixtures/team-docs.ts';
import { HAND_OVER_FIELD, handOverReason } from '../../src/lib/domain/hand-over.ts';
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
/** Whether a device can reach the server: `up = false` is a laptop taken out of the office. */
interface Network {
	up: boolean;
	/** The connection is there but nothing answers (a captive portal, a firewall dropping packets). */
	hung?: boolean;
}

/** Waits for ever, as a hung connection does; only the signal (an abort) ends it, as in fetch. */
const hang = <T>(signal: AbortSignal | null | undefined) =>
	new Promise<T>((_resolve, reject) => {
		signal?.addEventListener('abort', () => reject(signal.reason));
	});

/** A reply whose body stops arriving while the network is hung (a long poll in flight, too). */
function throughNet(net: Network, response: Response, signal: AbortSignal | null | undefined) {
	const body = response.body;
	if (!body) return response;
	const reader = body.getReader();
	const stream = new ReadableStream<Uint8Array>({
		pull: async (controller) => {
			const { done, value } = await (net.hung ? hang<never>(signal) : reader.read());
			if (done) controller.close();
			else controller.enqueue(value);
		},
		cancel: (reason) => reader.cancel(reason)
	});
	const { status, statusText, headers } = response;
	return new Response(stream, { status, statusText, headers });
}
/** What the app asks before a deleted case is sent as a tombstone, for a user with these roles. */
const asksAs = (user: string, roles: string[]) => (record: AssessmentRecord) =>
	deleteRefusal({ server: '/couchdb/', db: DB, user, roles }, record.status)?.reason ?? null;

interface DeviceOptions {
	net?: Network;
	deletionRefusal?: (record: AssessmentRecord) => string | null;
	database?: string;
	askedToDelete?: (id: string) => boolean;
	patience?: Patience;
	heartbeat?: number;
}
function device(
	user: string,
	{
		net = { up: true },
		deletionRefusal,
		database = DB,
		askedToDelete = () => true,
		patience,
		heartbeat
	}: DeviceOptions = {}
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
		fetch: (url, init) =>
			net.hung
				? hang(init.signal)
				: net.up
					? fetch(url, init).then((r) => throughNet(net, r, init.signal))
					: Promise.reject(new TypeError('fetch failed (offline)')),
		user,
		askedToDelete,
		deletionRefusal,
		keyValue: new MemoryKeyValue(),
		onReport: (r) => (last = r),
		maxBackOff: 1000,
		patience,
		heartbeat
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
async function edit(
	d: Device,
	record: AssessmentRecord,
	over: Partial<AssessmentRecord>,
	minutesLater = 1
) {
	const next = {
		...record,
		...over,
		revision: record.revision + 1,
		updatedAt: new Date(Date.parse(record.updatedAt) + minutesLater * 60_000).toISOString()
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
		{ name: COLLEAGUE, password, roles: [TEAM_ROLES.practitioner] },
		{ name: OUTSIDER, password, roles: [] }
	]);
}, 90_000);

afterAll(async () => {
	for (const d of devices) d.bridge.stop();
	// Requests already sent finish first: PouchDB leaves a failed one unhandled (replicate's
	// progress `info()` has no catch), which would fail the run.
	await new Promise((r) => setTimeout(r, 500));
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

	it('a server that stops answering without closing the connection is noticed; work done meanwhile is sent once it answers', async () => {
		const net: Network = { up: true };
		// A heartbeat every 200 ms, which may be 300 ms late; anything else has 600 ms.
		const laptop = device(AUTHOR, { net, heartbeat: 200, patience: { grace: 300, other: 600 } });
		const managerLaptop = device(MANAGER);
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000330').record;
		await laptop.store.putReplicated(draft, null);
		await until('the draft reaches the manager', () => stored(managerLaptop, draft.id));
		await until('the laptop is up to date', () =>
			Promise.resolve(laptop.last()?.state.kind === 'up-to-date')
		);
		// Several heartbeats pass on a healthy long poll: still up to date, never offline.
		const seen = new Set<string>();
		const watching = setInterval(() => seen.add(laptop.last()?.state.kind ?? ''), 20);
		await new Promise((r) => setTimeout(r, 1500));
		clearInterval(watching);
		expect([...seen]).toEqual(['up-to-date']);

		net.hung = true;
		await until('the laptop says it is offline', () =>
			Promise.resolve(laptop.last()?.state.kind === 'offline')
		);
		const edited = await edit(laptop, draft, {
			notes: { ...draft.notes, 'child-wishes': 'Fictional note written while the server hung.' }
		});
		await new Promise((r) => setTimeout(r, 500));
		expect((await stored(managerLaptop, draft.id))?.revision).toBe(draft.revision);

		net.hung = false;
		const arrived = await until('the edit reaches the manager', async () => {
			const r = await stored(managerLaptop, draft.id);
			return r && r.revision === edited.revision ? r : null;
		});
		expect(arrived).toEqual(edited);
		await until('the laptop is up to date again', () =>
			Promise.resolve(laptop.last()?.state.kind === 'up-to-date')
		);
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
		const laptop = device(AUTHOR, { deletionRefusal: asksAs(AUTHOR, [TEAM_ROLES.practitioner]) });
		const managerLaptop = device(MANAGER, {
			deletionRefusal: asksAs(MANAGER, [TEAM_ROLES.manager])
		});
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
			const laptop = device(user, { deletionRefusal: asksAs(user, [...roles]) });
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
		const managerLaptop = device(MANAGER, {
			deletionRefusal: asksAs(MANAGER, [TEAM_ROLES.manager]),
			askedToDelete: () => false
		});
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
		const laptop = device(AUTHOR, { database: 'homeward-team-not-there' });
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

describe('a manager’s hand-over through the bridge', { timeout: 60_000 }, () => {
	const AT = '2026-12-03T10:00:00.000Z';
	const authorOf = async (d: Device, id: string) =>
		(await d.bridge.teamCases()).find((c) => c.record.id === id)?.author;

	it('each case goes to the new author with its history entry, on every device; a practitioner’s is refused and changes nothing', async () => {
		const laptop = device(AUTHOR);
		const managerLaptop = device(MANAGER);
		const colleague = device(COLLEAGUE);
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000381').record;
		const signed = teamDoc('signed', '00000000-0000-4000-8000-000000000382').record;
		await laptop.store.putReplicated(draft, null);
		await laptop.store.putReplicated(signed, null);
		for (const r of [draft, signed])
			await until('the manager’s device has it as the author’s', async () =>
				(await authorOf(managerLaptop, r.id)) === AUTHOR &&
				(await stored(managerLaptop, r.id))?.revision === r.revision
					? true
					: null
			);

		const change = { from: AUTHOR, to: COLLEAGUE, at: AT };
		const refused = await laptop.bridge.handOver([draft.id], { ...change, by: AUTHOR });
		expect(refused).toEqual([
			{
				id: draft.id,
				caseRef: draft.caseDetails.caseRef,
				ok: false,
				kind: 'refused',
				reason: REFUSALS.managerOnlyHandOver
			}
		]);
		expect(await stored(laptop, draft.id)).toEqual(draft);

		const outcomes = await managerLaptop.bridge.handOver([draft.id, signed.id], {
			...change,
			by: MANAGER
		});
		expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
		for (const d of [colleague, laptop, managerLaptop])
			for (const r of [draft, signed]) {
				const arrived = await until('the hand-over reaches the device', async () => {
					const here = await stored(d, r.id);
					return here && here.revision === r.revision + 1 ? here : null;
				});
				const entry = arrived.audit.trail.at(-1);
				expect(entry).toMatchObject({
					field: HAND_OVER_FIELD,
					who: MANAGER,
					old: AUTHOR,
					new: COLLEAGUE,
					reason: handOverReason(AUTHOR, COLLEAGUE, MANAGER)
				});
				expect(verifyTrail(arrived.audit.trail).ok).toBe(true);
				expect(arrived.audit.trail.slice(0, -1)).toEqual(r.audit.trail);
				expect(
					await until('its author changes', async () =>
						(await authorOf(d, r.id)) === COLLEAGUE ? COLLEAGUE : null
					)
				).toBe(COLLEAGUE);
			}
		// Handed over again from the old author: it is no longer theirs, and nothing is sent.
		expect(await managerLaptop.bridge.handOver([draft.id], { ...change, by: MANAGER })).toEqual([
			{
				id: draft.id,
				caseRef: draft.caseDetails.caseRef,
				ok: false,
				kind: 'moved',
				author: COLLEAGUE
			}
		]);
		expect(managerLaptop.last()?.refusals).toEqual([]);
	});

	it('offline, or with a change not yet exchanged, nothing is written and each case says why', async () => {
		const laptop = device(AUTHOR);
		const net = { up: true };
		const managerLaptop = device(MANAGER, { net });
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000383').record;
		const other = teamDoc('completed', '00000000-0000-4000-8000-000000000384').record;
		await laptop.store.putReplicated(draft, null);
		await laptop.store.putReplicated(other, null);
		for (const r of [draft, other])
			await until('the manager’s device has it', async () =>
				(await authorOf(managerLaptop, r.id)) === AUTHOR ? true : null
			);
		await until('the manager’s device has exchanged them', async () =>
			(await stored(managerLaptop, other.id)) !== null &&
			managerLaptop.last()?.state.kind === 'up-to-date'
				? true
				: null
		);
		net.up = false;
		// Edited on the manager’s device while offline: in its team copy, not on the server.
		const here = await stored(managerLaptop, other.id);
		if (!here) throw new Error('unreachable');
		await edit(managerLaptop, here, { answers: { ...here.answers, 'child-wishes': 'adequate' } });
		await until('the edit is in the manager’s team copy', async () =>
			(await managerLaptop.bridge.teamCases()).find((c) => c.record.id === other.id)?.record
				.revision ===
			here.revision + 1
				? true
				: null
		);
		const change = { from: AUTHOR, to: COLLEAGUE, by: MANAGER, at: AT };
		const outcomes = await managerLaptop.bridge.handOver([draft.id, other.id], change);
		expect(outcomes.map((o) => (o.ok ? 'ok' : o.kind))).toEqual(['offline', 'offline']);
		net.up = true;
		expect(await stored(managerLaptop, draft.id)).toEqual(draft);
		expect(await authorOf(managerLaptop, draft.id)).toBe(AUTHOR);
		// A change in Dexie that the bridge has not yet put in the team copy (stopped here).
		managerLaptop.bridge.stop();
		const unsent = await edit(managerLaptop, draft, {
			notes: { ...draft.notes, 'child-wishes': 'x' }
		});
		expect(await managerLaptop.bridge.handOver([draft.id], change)).toEqual([
			{ id: draft.id, caseRef: draft.caseDetails.caseRef, ok: false, kind: 'unsent' }
		]);
		expect(await stored(managerLaptop, draft.id)).toEqual(unsent);
	});
});

describe('settling a conflict between two devices', { timeout: 90_000 }, () => {
	const asManager = { authorization: `Basic ${btoa(`${MANAGER}:${password}`)}` };
	const onServer = async (path: string) =>
		(await (await fetch(`${TEAM_SERVER_URL}/${DB}/${path}`, { headers: asManager })).json()) as {
			_rev?: string;
			_conflicts?: string[];
			record?: AssessmentRecord;
		};
	/** Every leaf revision the server holds, deleted or not. */
	const leaves = async (id: string) => {
		const r = await fetch(`${TEAM_SERVER_URL}/${DB}/${id}?open_revs=all`, {
			headers: { ...asManager, accept: 'application/json' }
		});
		return ((await r.json()) as { ok: { _deleted?: boolean; record?: AssessmentRecord } }[]).map(
			(l) => l.ok
		);
	};
	/** A change made on a device after completion: the record edited and its history extended. */
	const change = (
		r: AssessmentRecord,
		over: Partial<AssessmentRecord>,
		who: string,
		what: string
	) => ({
		...over,
		audit: {
			...r.audit,
			trail: appendEntry(r.audit.trail, {
				at: r.updatedAt,
				who,
				field: what,
				old: '',
				new: 'changed',
				reason: `Fictional change on ${who}’s laptop.`
			})
		}
	});

	it('keeps both revisions until a person settles it; then one, with the chosen fields and both histories, on both devices', async () => {
		const patNet = { up: true };
		const moNet = { up: true };
		const pat = device(AUTHOR, { net: patNet });
		const mo = device(MANAGER, { net: moNet });
		const start = teamDoc('draft', '00000000-0000-4000-8000-000000000313').record;
		const draft = {
			...start,
			caseDetails: { ...start.caseDetails, caseRef: 'FICT-CONFLICT-U1' },
			answers: { 'child-wishes': 'adequate', 'protective-adult': 'mild-strength' }
		};
		await pat.store.putReplicated(draft, null);
		await until('the draft reaches the manager', () => stored(mo, draft.id));

		// Apart: each changes the same answer differently; only the practitioner writes a note.
		patNet.up = false;
		moNet.up = false;
		const patVersion = await edit(
			pat,
			draft,
			change(
				draft,
				{
					answers: { ...draft.answers, 'child-wishes': 'mild-concern' },
					notes: { 'protective-adult': 'Fictional: grandmother visits daily.' }
				},
				'P. Fictional',
				'answer:child-wishes'
			)
		);
		const moVersion = await edit(
			mo,
			draft,
			change(
				draft,
				{ answers: { ...draft.answers, 'child-wishes': 'serious-concern' } },
				'M. Fictional',
				'answer:child-wishes'
			),
			2
		);
		await pat.bridge.reconcile();
		await mo.bridge.reconcile();
		patNet.up = true;
		moNet.up = true;
		pat.bridge.retryNow();
		mo.bridge.retryNow();

		const listed = (d: Device) =>
			until('the conflict is listed', () =>
				Promise.resolve(d.last()?.conflicts.find((c) => c.id === draft.id))
			);
		await listed(pat);
		await listed(mo);
		// Unresolved, nothing is lost: each device keeps its own, the server holds both revisions.
		await until('the server holds both revisions', async () => {
			const doc = await onServer(`${draft.id}?conflicts=true`);
			return (doc._conflicts?.length ?? 0) === 1;
		});
		const held = (await leaves(draft.id)).map((l) => l.record?.answers['child-wishes']).sort();
		expect(held).toEqual(['mild-concern', 'serious-concern']);
		expect(await stored(pat, draft.id)).toEqual(patVersion);
		expect(await stored(mo, draft.id)).toEqual(moVersion);

		// The practitioner's device reads both versions, and the one both came from.
		const versions = await pat.bridge.versions(draft.id);
		if (!versions) throw new Error('no versions to settle');
		expect(versions.mine).toEqual(patVersion);
		expect(versions.mineIsHere).toBe(true);
		expect(versions.theirs.record).toEqual(moVersion);
		expect(versions.base).toEqual(draft);
		expect(versions.losing).toHaveLength(1);
		const conflict = describeConflict(versions.mine, versions.theirs.record, versions.base);
		expect(conflict.fields.map((f) => [f.path.join('.'), f.needsChoice, f.suggested])).toEqual([
			['answers.child-wishes', true, null],
			['notes.protective-adult', false, 'mine']
		]);
		const keep = versions.winner.rev === versions.theirs.rev ? 'theirs' : 'mine';
		const resolution = resolveConflict(
			versions.mine,
			versions.theirs.record,
			conflict,
			{ [choiceKey(['answers', 'child-wishes'])]: 'theirs' },
			keep
		);
		if (!resolution.ok) throw new Error('unresolved');
		const settled = AssessmentRecordSchema.parse({
			...resolution.record,
			revision: Math.max(patVersion.revision, moVersion.revision) + 1,
			updatedAt: '2026-11-25T10:00:00.000Z'
		});
		expect(await pat.bridge.settle(versions, settled)).toMatchObject({ ok: true });

		// One revision on the server, the chosen answer, the note only one side wrote, both
		// histories' entries (the other side's carried over), and no conflict left.
		const serverDoc = await until('the server has one version', async () => {
			const doc = await onServer(`${draft.id}?conflicts=true`);
			return doc._conflicts === undefined && doc.record?.revision === settled.revision ? doc : null;
		});
		expect((await leaves(draft.id)).filter((l) => !l._deleted)).toHaveLength(1);
		const record = serverDoc.record!;
		expect(record.answers['child-wishes']).toBe('serious-concern');
		expect(record.notes['protective-adult']).toBe('Fictional: grandmother visits daily.');
		const trail = record.audit.trail;
		expect(verifyTrail(trail)).toEqual({ ok: true });
		expect(trail.map((e) => e.who)).toEqual(
			expect.arrayContaining(['P. Fictional', 'M. Fictional'])
		);
		expect(trail).toHaveLength(draft.audit.trail.length + 2);
		expect(trail.at(-1)?.reason.startsWith(CARRIED_OVER)).toBe(true);

		// The manager's device converges on it; neither lists a conflict.
		const converged = await until('the manager’s device has the settled version', async () => {
			const r = await stored(mo, draft.id);
			return r?.revision === settled.revision ? r : null;
		});
		expect(converged).toEqual(settled);
		expect(await stored(pat, draft.id)).toEqual(settled);
		for (const d of [pat, mo])
			await until('no conflict is listed', async () => {
				await d.bridge.reconcile();
				return d.last()?.conflicts.every((c) => c.id !== draft.id) ?? false;
			});
		expect(await mo.bridge.versions(draft.id)).toBeNull();
	});

	it('refuses to settle, saving nothing, when this device’s version changed after it was read', async () => {
		const patNet = { up: true };
		const pat = device(AUTHOR, { net: patNet });
		const start = teamDoc('draft', '00000000-0000-4000-8000-000000000312').record;
		await pat.store.putReplicated(start, null);
		const mo = device(MANAGER);
		await until('it arrives', () => stored(mo, start.id));
		patNet.up = false;
		const mine = await edit(pat, start, { notes: { x: 'Fictional note here.' } });
		await pat.bridge.reconcile();
		await edit(mo, (await stored(mo, start.id))!, { notes: { x: 'Fictional note there.' } }, 2);
		await until('the edit is on the server', async () => {
			const doc = await onServer(start.id);
			return doc.record?.notes.x === 'Fictional note there.';
		});
		patNet.up = true;
		pat.bridge.retryNow();
		const versions = await until('both versions can be read', () => pat.bridge.versions(start.id));
		const later = await edit(pat, mine, { notes: { x: 'Fictional note, changed again.' } });
		const result = await pat.bridge.settle(versions, { ...versions.theirs.record, revision: 9 });
		expect(result).toMatchObject({ ok: false });
		expect(await stored(pat, start.id)).toEqual(later);
		expect((await onServer(`${start.id}?conflicts=true`))._conflicts).toHaveLength(1);
	});
});
