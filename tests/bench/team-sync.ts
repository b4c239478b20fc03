/**
 * Team sync figures (part of `npm run bench`; alone: `npm run bench:team`): the first sync of
 * 1,000 assessments from the server to a new device, and the time for a change on one device to
 * appear in the other's store (median, p95 and max over 20 changes, one after another).
 * In Node: Dexie on fake-indexeddb and PouchDB replicas in memory, through pouchdb-server on the
 * loopback (HW_TEAM_PORT), so the figures are this code's and the protocol's, not a browser's
 * IndexedDB. Every case is fictional.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createRequire } from 'node:module';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { AssessmentStore, stampOf } from '../../src/lib/storage/assessments.ts';
import {
	TeamBridge,
	type KeyValue,
	type PouchConstructor
} from '../../src/lib/storage/team/bridge.ts';
import { TEAM_DOC_TYPE } from '../../src/lib/storage/team/team-document.ts';
import { TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';
import { AUTHOR, MANAGER, teamDoc } from '../fixtures/team-docs.ts';
import { couch, prepareTeam, startTeamServer, TEAM_SERVER_URL } from '../team-server.ts';

const DB = 'homeward-team-bench';
const password = 'fictional-password';
const N = 1000;
const load = createRequire(import.meta.url);
interface PouchStatic {
	plugin(plugin: unknown): PouchStatic;
}
const Pouch = (load('pouchdb-core') as PouchStatic)
	.plugin(load('pouchdb-adapter-memory'))
	.plugin(load('pouchdb-adapter-http'))
	.plugin(load('pouchdb-replication')) as unknown as PouchConstructor;

const memory = (): KeyValue => {
	const m = new Map<string, string>();
	return {
		getItem: (k) => m.get(k) ?? null,
		setItem: (k, v) => void m.set(k, v),
		removeItem: (k) => void m.delete(k)
	};
};

let n = 0;
function device(user: string) {
	n += 1;
	const store = new AssessmentStore(
		new HomewardDb(`bench-${n}`, { indexedDB: new IDBFactory(), IDBKeyRange })
	);
	const bridge = new TeamBridge({
		Pouch,
		store,
		replicaName: `bench-replica-${n}`,
		replicaOptions: { adapter: 'memory' },
		remoteUrl: `${TEAM_SERVER_URL}/${DB}`,
		remoteOptions: { auth: { username: user, password } },
		user,
		keyValue: memory(),
		onReport: () => {}
	});
	return { store, bridge };
}

async function until(probe: () => Promise<boolean>, limitMs = 600_000) {
	const deadline = Date.now() + limitMs;
	while (!(await probe())) {
		if (Date.now() > deadline) throw new Error('team bench: timed out');
		await new Promise((r) => setTimeout(r, 5));
	}
}

/** The value below which a share `q` of them fall (nearest rank). */
const quantile = (xs: number[], q: number) =>
	[...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(q * xs.length) - 1)] ?? NaN;
const CHANGES = 20;

export async function benchTeamSync(): Promise<void> {
	const server = await startTeamServer();
	try {
		await prepareTeam(DB, [
			{ name: AUTHOR, password, roles: [TEAM_ROLES.practitioner] },
			{ name: MANAGER, password, roles: [TEAM_ROLES.manager] }
		]);
		const docs = Array.from({ length: N }, (_, i) => {
			const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
			const { author, record } = teamDoc('draft', id);
			return {
				_id: id,
				type: TEAM_DOC_TYPE,
				team: { author },
				record: { ...record, caseDetails: { ...record.caseDetails, caseRef: `FICT-B${i + 1}` } }
			};
		});
		for (let i = 0; i < N; i += 200) {
			const r = await couch('POST', `/${DB}/_bulk_docs`, {
				as: { name: AUTHOR, password },
				body: { docs: docs.slice(i, i + 200) }
			});
			if (r.status !== 201) throw new Error(`team bench: seeding failed (${r.status})`);
		}

		const fresh = device(MANAGER);
		const t0 = performance.now();
		fresh.bridge.start();
		// Counted, not read: reading 1,000 records every few ms would slow what is measured.
		const count = async (store: AssessmentStore) => (await store.listRecent(1)).total;
		await until(async () => (await count(fresh.store)) === N);
		const first = performance.now() - t0;
		console.log(
			`team sync: first sync of ${N} assessments to a new device ${(first / 1000).toFixed(1)} s (Node: fake-indexeddb, PouchDB in memory, pouchdb-server)`
		);

		const other = device(AUTHOR);
		other.bridge.start();
		await until(async () => (await count(other.store)) === N);
		const times: number[] = [];
		for (let i = 0; i < CHANGES; i++) {
			const id = docs[i]!._id;
			const [current] = (await other.store.exportRecords([id])).records;
			if (!current) throw new Error('team bench: a record is missing');
			const next = {
				...current,
				notes: { ...current.notes, 'child-wishes': `Fictional note ${i}.` },
				revision: current.revision + 1,
				updatedAt: new Date(Date.parse(current.updatedAt) + 60_000).toISOString()
			};
			const start = performance.now();
			await other.store.putReplicated(next, stampOf(current));
			await until(async () => {
				const [seen] = (await fresh.store.exportRecords([id])).records;
				return seen?.revision === next.revision;
			});
			times.push(performance.now() - start);
		}
		console.log(
			`team sync: a change on one device in the other's store: median ${quantile(times, 0.5).toFixed(0)} ms, p95 ${quantile(times, 0.95).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${times.length} changes, ${N} assessments on each`
		);
		fresh.bridge.stop();
		other.bridge.stop();
		// Requests already sent finish first: PouchDB leaves a failed one unhandled.
		await new Promise((r) => setTimeout(r, 500));
	} finally {
		await server.stop();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTeamSync();
