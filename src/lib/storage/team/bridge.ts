/**
 * The bridge between the device's Dexie store (the source of truth, the only thing pages read)
 * and a PouchDB replica of the team's CouchDB database (the outbox and the inbox). CouchDB's
 * replication protocol, through PouchDB, does the rest; this module never speaks HTTP itself.
 *
 * One step, `reconcile`, compares every record in Dexie with the replica's document of the same
 * id and what this device last exchanged for it (its "base" stamp, `revision@updatedAt`, kept in
 * `localStorage`):
 * - the same on both: nothing to do;
 * - only Dexie changed since the base: the record is written into the replica (out);
 * - only the replica changed: its document is read with `readTeamDocument` (the check the server
 *   runs) and written into Dexie, unless Dexie moved on meanwhile (in);
 * - both changed, or CouchDB holds conflicting revisions: nothing is overwritten; the conflict is
 *   listed for a person to settle (both versions stay: Dexie's here, the other in the replica);
 * - a document that fails the check is kept aside with the reason, never written to Dexie;
 * - deleted from Dexie by a person (`askedToDelete`) since the base, unchanged in the replica: a
 *   tombstone goes out if this user may delete it (the server's rule, asked first:
 *   `deletionRefusal`); otherwise the case is put back from the replica and the reason listed with
 *   the refusals. Any other disappearance is a conflict, as before: never a tombstone.
 * It runs after every Dexie change (any tab) and every change to the replica, one at a time.
 *
 * Training mode's database is never given to a bridge (see app/team.ts).
 */
import { readTeamDocument, TEAM_DOC_TYPE } from './team-document.ts';
import { stampOf, type AssessmentStore } from '../assessments.ts';
import type { AssessmentRecord } from '../record.ts';
import type { TeamDocument } from '../../domain/team-rules.ts';

/** The little of PouchDB the bridge uses (PouchDB 9 ships no types). */
export interface PouchDoc {
	_id: string;
	_rev: string;
	_deleted?: boolean;
	_conflicts?: string[];
	[key: string]: unknown;
}
interface Emitter<T> {
	// Each event passes its own value; the listeners below name what they read.
	on(event: string, listener: (value: never) => void): T;
	cancel(): void;
}
export type PouchChanges = Emitter<PouchChanges>;
export type PouchSync = Emitter<PouchSync>;
export interface PouchDb {
	get(id: string, options?: object): Promise<PouchDoc>;
	put(doc: object): Promise<{ rev: string }>;
	allDocs(options: object): Promise<{
		rows: { id: string; value: { rev: string; deleted?: boolean }; doc?: PouchDoc | null }[];
	}>;
	changes(options: object): PouchChanges;
	sync(remote: PouchDb, options: object): PouchSync;
	destroy(): Promise<unknown>;
}
export type PouchConstructor = new (name: string, options?: object) => PouchDb;

/** Where this device keeps its base stamps (localStorage in the browser). */
export interface KeyValue {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

export type SyncState =
	| { kind: 'starting' }
	| { kind: 'syncing'; received: number }
	| { kind: 'up-to-date' }
	| { kind: 'offline' }
	/** `signIn`: the session has ended; signing in again (`retryNow` after) carries on. */
	| { kind: 'problem'; problem: string; action: string; signIn?: true };

/** A write the server refused: the reason as it gave it; the change stays on this device. */
export interface Refusal {
	id: string | null;
	caseRef: string | null;
	reason: string;
}

/** A case changed both here and elsewhere: both versions are kept until a person chooses. */
export interface Conflict {
	id: string;
	caseRef: string;
	here: AssessmentRecord | null;
	there: AssessmentRecord | null;
}

export interface BridgeReport {
	state: SyncState;
	refusals: Refusal[];
	conflicts: Conflict[];
	/** Documents from the server that are not valid Homeward records, with the reason. */
	aside: { id: string; reason: string }[];
}

export interface BridgeOptions {
	Pouch: PouchConstructor;
	store: AssessmentStore;
	/** The replica's local name (e.g. `homeward-team-<db>`). */
	replicaName: string;
	/** Options for the replica (the adapter in tests). */
	replicaOptions?: object;
	/** The team database's URL (a same-origin path such as `/couchdb/homeward-team-a`). */
	remoteUrl: string;
	remoteOptions?: object;
	/** How requests to the server are made (the page's `fetch` with its cookie session). */
	fetch?: (url: string, init: RequestInit) => Promise<Response>;
	/** The signed-in CouchDB user: the author of new documents. */
	user: string;
	/**
	 * Whether a person asked to delete this case on this device (the delete page), consuming the
	 * request. Only then is a case gone from Dexie a deletion to send: cases removed wholesale
	 * (leaving the team or removing all data in another tab) never become tombstones. Without it,
	 * nothing is ever sent as a deletion.
	 */
	askedToDelete?: (id: string) => boolean;
	/**
	 * Why this user may not delete this team case (the server's rule, asked first), or null when
	 * they may. A case a person deleted is then sent as a tombstone; otherwise it is put back from
	 * the replica, with the reason shown. Without it, every deletion is put back.
	 */
	deletionRefusal?: (record: AssessmentRecord) => string | null;
	keyValue: KeyValue;
	onReport: (report: BridgeReport) => void;
	/** The longest wait between retries, in ms (60 s by default). */
	maxBackOff?: number;
}

interface Denied {
	id?: string;
	name?: string;
	message?: string;
	reason?: string;
}

const SERVER_WORDS: Record<string, string> = {
	unauthorized: 'your sign-in to the team server has ended',
	forbidden: 'the team server refused this device'
};

export class TeamBridge {
	readonly #o: BridgeOptions;
	readonly #replica: PouchDb;
	readonly #remote: PouchDb;
	#base: Record<string, string>;
	#stops: (() => void)[] = [];
	#sync: PouchSync | null = null;
	#running: Promise<void> = Promise.resolve();
	#again = false;
	#busy = false;
	#stopped = false;
	#report: BridgeReport = { state: { kind: 'starting' }, refusals: [], conflicts: [], aside: [] };
	#received = 0;
	/** Whether the last request to the server got an answer (a refusal is an answer). */
	#reachable = true;
	/** Whether the server last said the team's database is not there (replication retries 404s). */
	#missing = false;

	constructor(options: BridgeOptions) {
		this.#o = options;
		this.#replica = new options.Pouch(options.replicaName, options.replicaOptions);
		const send = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
		this.#remote = new options.Pouch(options.remoteUrl, {
			skip_setup: true,
			...options.remoteOptions,
			// Every request's fate says whether the server can be reached: PouchDB's own events do
			// not always (a live replication that loses the network can report itself paused).
			fetch: async (url: string, init: RequestInit) => {
				try {
					const response = await send(url, init);
					this.#reachable = true;
					this.#noteDatabase(url, response.status);
					return response;
				} catch (e) {
					if (this.#reachable) {
						this.#reachable = false;
						this.#set({ kind: 'offline' });
					}
					throw e;
				}
			}
		});
		this.#base = readBase(options.keyValue, this.#baseKey);
		this.#report = { ...this.#report, refusals: readRefusals(options.keyValue, this.#refusalsKey) };
	}

	// Refusals are kept until read: replication does not send a refused revision again, so a
	// reload must not make the message disappear.
	get #refusalsKey(): string {
		return `homeward-team-refusals:${this.#o.replicaName}`;
	}

	#keepRefusals(): void {
		try {
			if (this.#report.refusals.length === 0) this.#o.keyValue.removeItem(this.#refusalsKey);
			else this.#o.keyValue.setItem(this.#refusalsKey, JSON.stringify(this.#report.refusals));
		} catch {
			// A full localStorage: shown until the page closes.
		}
	}

	get #baseKey(): string {
		return `homeward-team-base:${this.#o.replicaName}`;
	}

	get report(): BridgeReport {
		return this.#report;
	}

	/** Starts watching both sides and replicating live, with retry and back-off. */
	start(): void {
		this.#stops.push(
			this.#o.store.watchStamps(
				() => void this.reconcile(),
				(e) =>
					this.#set({
						kind: 'problem',
						problem: `this device’s store could not be read (${e.message})`,
						action: 'Reload the page. If it happens again, export your assessments.'
					})
			)
		);
		const changes = this.#replica
			.changes({ live: true, since: 'now' })
			.on('change', () => void this.reconcile());
		this.#stops.push(() => changes.cancel());
		this.#startSync();
	}

	/** Restarts replication at once (after the browser says it is back online). */
	retryNow(): void {
		if (this.#stopped) return;
		this.#sync?.cancel();
		this.#startSync();
	}

	#startSync(): void {
		const max = this.#o.maxBackOff ?? 60_000;
		const sync = this.#replica.sync(this.#remote, {
			live: true,
			retry: true,
			back_off_function: (delay: number) => (delay === 0 ? 1000 : Math.min(delay * 2, max))
		});
		sync
			.on('active', () => this.#set({ kind: 'syncing', received: this.#received }))
			.on('change', (info: { direction?: string; change?: { docs_written?: number } }) => {
				if (info.direction === 'pull') this.#received += info.change?.docs_written ?? 0;
				this.#set({ kind: 'syncing', received: this.#received });
			})
			.on('paused', (err: unknown) => {
				this.#set(err || !this.#reachable ? { kind: 'offline' } : { kind: 'up-to-date' });
			})
			// A sync's events say which way they went, the replication's own one in `doc`.
			.on('denied', (e: { doc?: Denied } & Denied) => {
				void this.#refused(e.doc ?? e);
			})
			.on('error', (e: { status?: number; name?: string; message?: string }) => {
				this.#set(serverProblem(e));
			});
		this.#sync = sync;
	}

	async #refused(e: Denied) {
		const id = typeof e.id === 'string' ? e.id : null;
		let caseRef: string | null = null;
		if (id) {
			const doc = await this.#replica.get(id).catch(() => null);
			const read = doc ? readTeamDocument(doc) : null;
			caseRef = read?.ok ? read.doc.record.caseDetails.caseRef : null;
		}
		const reason = e.message ?? e.reason ?? 'The team server refused this change.';
		this.#report = {
			...this.#report,
			refusals: [...this.#report.refusals, { id, caseRef, reason }]
		};
		this.#keepRefusals();
		this.#emit();
	}

	/** Forgets the refusals shown so far (the person has read them). */
	dismissRefusals(): void {
		this.#report = { ...this.#report, refusals: [] };
		this.#keepRefusals();
		this.#emit();
	}

	/**
	 * A 404 from the database itself (its root, changes, revision or bulk endpoints; never a
	 * missing checkpoint under `_local/` or a document) means it is not on the server: PouchDB
	 * retries that quietly, so without this the line would read "Up to date" while nothing is sent.
	 */
	#noteDatabase(url: string, status: number): void {
		const root = new URL(this.#o.remoteUrl, 'http://device.invalid').pathname.replace(/\/$/, '');
		const path = new URL(url, 'http://device.invalid').pathname;
		const endpoint = /^(\/|\/_changes|\/_revs_diff|\/_bulk_docs|\/_bulk_get|\/_all_docs)?$/;
		if (!path.startsWith(root) || !endpoint.test(path.slice(root.length))) return;
		if (status === 404 && !this.#missing) {
			this.#missing = true;
			this.#set(serverProblem({ status: 404 }));
		} else if (status < 400) this.#missing = false;
	}

	#set(state: SyncState): void {
		if (this.#stopped) return;
		if (this.#missing && (state.kind === 'syncing' || state.kind === 'up-to-date'))
			state = serverProblem({ status: 404 });
		this.#report = { ...this.#report, state };
		this.#emit();
	}

	#emit(): void {
		if (!this.#stopped) this.#o.onReport(this.#report);
	}

	/** Brings Dexie and the replica together (see the module comment); one run at a time. */
	reconcile(): Promise<void> {
		if (this.#busy) {
			this.#again = true;
			return this.#running;
		}
		this.#busy = true;
		this.#running = (async () => {
			try {
				do {
					this.#again = false;
					if (this.#stopped) return;
					await this.#reconcileOnce();
				} while (this.#again);
			} catch (e) {
				this.#set({
					kind: 'problem',
					problem: `changes could not be passed between this device and its team copy (${
						e instanceof Error ? e.message : String(e)
					})`,
					action: 'Reload the page. Nothing saved on this device has been lost.'
				});
			} finally {
				this.#busy = false;
			}
		})();
		return this.#running;
	}

	async #reconcileOnce(): Promise<void> {
		const { store } = this.#o;
		const { records } = await store.exportRecords();
		const local = new Map(records.map((r) => [r.id, r]));
		const { rows } = await this.#replica.allDocs({ include_docs: true, conflicts: true });
		const docs = new Map<string, PouchDoc>();
		for (const row of rows) if (row.doc && !row.id.startsWith('_')) docs.set(row.id, row.doc);
		// Tombstones are not in allDocs: a base stamp with no document may be a deletion.
		const ids = new Set([...local.keys(), ...docs.keys(), ...Object.keys(this.#base)]);
		const conflicts: Conflict[] = [];
		const aside: { id: string; reason: string }[] = [];
		let baseChanged = false;
		const setBase = (id: string, stamp: string | null) => {
			if (stamp === null) {
				if (id in this.#base) delete this.#base[id];
				else return;
			} else if (this.#base[id] === stamp) return;
			else this.#base[id] = stamp;
			baseChanged = true;
		};

		for (const id of ids) {
			if (this.#stopped) return;
			const here = local.get(id) ?? null;
			const hereStamp = here ? stampOf(here) : null;
			const doc = docs.get(id) ?? (await this.#deleted(id));
			const base = this.#base[id] ?? null;
			if (doc && !doc._deleted && doc._conflicts && doc._conflicts.length > 0) {
				const read = readTeamDocument(doc);
				const there = read.ok ? asRecord(read.doc.record) : null;
				conflicts.push({ id, caseRef: (here ?? there)?.caseDetails.caseRef ?? id, here, there });
				continue;
			}
			if (doc && doc._deleted) {
				if (here === null) setBase(id, null);
				else if (hereStamp === base) {
					// Deleted on another device (a manager's act): honoured here.
					await store.deleteMany([id]);
					setBase(id, null);
				} else await this.#push(here, doc._rev, null);
				continue;
			}
			if (!doc) {
				if (here) {
					await this.#push(here, null, null);
					setBase(id, hereStamp);
				} else setBase(id, null);
				continue;
			}
			const read = readTeamDocument(doc);
			if (!read.ok) {
				aside.push({ id, reason: read.reason });
				continue;
			}
			const there = asRecord(read.doc.record);
			const thereStamp = stampOf(there);
			if (
				here === null &&
				base !== null &&
				thereStamp === base &&
				this.#o.askedToDelete?.(id) === true
			) {
				// Deleted here by a person since the last exchange, unchanged elsewhere.
				if (await this.#deletedHere(there, doc._rev)) setBase(id, null);
				else this.#again = true;
				continue;
			}
			if (hereStamp === thereStamp) setBase(id, thereStamp);
			else if (here && thereStamp === base) {
				await this.#push(here, doc._rev, read.doc.author);
				setBase(id, hereStamp);
			} else if (hereStamp === base) {
				if (await store.putReplicated(there, hereStamp)) setBase(id, thereStamp);
				else this.#again = true;
			} else conflicts.push({ id, caseRef: there.caseDetails.caseRef, here, there });
		}
		if (baseChanged) writeBase(this.#o.keyValue, this.#baseKey, this.#base);
		this.#report = { ...this.#report, conflicts, aside };
		this.#emit();
	}

	/** The replica's tombstone for `id`, if it was deleted there. */
	async #deleted(id: string): Promise<PouchDoc | null> {
		if (!(id in this.#base)) return null;
		try {
			await this.#replica.get(id);
			return null;
		} catch (e) {
			const reason = (e as { reason?: string }).reason;
			if (reason !== 'deleted') return null;
			const { rows } = await this.#replica.allDocs({ keys: [id] });
			const rev = rows[0]?.value?.rev;
			return rev ? { _id: id, _rev: rev, _deleted: true } : null;
		}
	}

	/**
	 * A team case deleted from Dexie: its tombstone goes to the replica (and on to the server,
	 * which judges it again) when this user may delete it; otherwise the case is put back from the
	 * replica and the reason kept with the refusals. True when the tombstone was written.
	 */
	async #deletedHere(there: AssessmentRecord, rev: string): Promise<boolean> {
		const ask = this.#o.deletionRefusal;
		const refusal = ask ? ask(there) : 'Only a manager can delete a team’s assessment.';
		if (refusal === null) {
			await this.#replica.put({ _id: there.id, _rev: rev, _deleted: true });
			return true;
		}
		await this.#o.store.putReplicated(there, null);
		this.#report = {
			...this.#report,
			refusals: [
				...this.#report.refusals,
				{
					id: there.id,
					caseRef: there.caseDetails.caseRef,
					reason: `${refusal} It was put back on this device.`
				}
			]
		};
		this.#keepRefusals();
		return false;
	}

	async #push(record: AssessmentRecord, rev: string | null, author: string | null) {
		await this.#replica.put({
			_id: record.id,
			...(rev ? { _rev: rev } : {}),
			type: TEAM_DOC_TYPE,
			team: { author: author ?? this.#o.user },
			record
		});
	}

	/** Every assessment id the team's copy on this device holds. */
	async teamIds(): Promise<string[]> {
		const { rows } = await this.#replica.allDocs({});
		return rows.map((r) => r.id).filter((id) => !id.startsWith('_'));
	}

	/** Stops replication and watching; nothing is removed. */
	stop(): void {
		this.#stopped = true;
		this.#sync?.cancel();
		for (const stop of this.#stops.splice(0)) stop();
	}

	/**
	 * Leaves the team on this device: stops, removes from Dexie every case the team's copy holds,
	 * and deletes that copy and the base stamps. What was not yet sent is lost with it: the page
	 * says so first.
	 */
	async removeTeamCases(): Promise<number> {
		this.stop();
		await this.#running;
		const ids = new Set([...(await this.teamIds()), ...Object.keys(this.#base)]);
		await this.#o.store.deleteMany([...ids]);
		await this.#replica.destroy();
		this.#o.keyValue.removeItem(this.#baseKey);
		this.#o.keyValue.removeItem(this.#refusalsKey);
		this.#base = {};
		return ids.size;
	}
}

/**
 * `readTeamDocument` parses the record with the store's own schema, so what it returns is a whole
 * stored record; the domain's type names only the part the team rules judge.
 */
const asRecord = (record: TeamDocument['record']): AssessmentRecord => record as AssessmentRecord;

function serverProblem(e: { status?: number; name?: string; message?: string }): SyncState {
	if (e.status === 401 || e.name === 'unauthorized')
		return {
			kind: 'problem',
			problem: SERVER_WORDS.unauthorized ?? '',
			action: 'Sign in again on the Team page. Your changes are kept on this device.',
			signIn: true
		};
	if (e.status === 403 || e.name === 'forbidden')
		return {
			kind: 'problem',
			problem: 'you are not a member of this team’s database',
			action:
				'Ask your team’s administrator to give your user a Homeward role. Your changes are kept on this device.'
		};
	if (e.status === 404 || e.name === 'not_found')
		return {
			kind: 'problem',
			problem: 'the team’s database was not found on the server',
			action: 'Check the database name on the Team page with your administrator.'
		};
	return {
		kind: 'problem',
		problem: e.message ?? 'the team server could not be used',
		action: 'Try again later. Your changes are kept on this device and will be sent then.'
	};
}

function readRefusals(kv: KeyValue, key: string): Refusal[] {
	try {
		const parsed: unknown = JSON.parse(kv.getItem(key) ?? '[]');
		if (!Array.isArray(parsed)) return [];
		return parsed.flatMap((r: unknown) => {
			const { id, caseRef, reason } = (r ?? {}) as Record<string, unknown>;
			return typeof reason === 'string'
				? [
						{
							id: typeof id === 'string' ? id : null,
							caseRef: typeof caseRef === 'string' ? caseRef : null,
							reason
						}
					]
				: [];
		});
	} catch {
		return [];
	}
}

function readBase(kv: KeyValue, key: string): Record<string, string> {
	try {
		const parsed: unknown = JSON.parse(kv.getItem(key) ?? '{}');
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
		const out: Record<string, string> = {};
		for (const [id, stamp] of Object.entries(parsed))
			if (typeof stamp === 'string') out[id] = stamp;
		return out;
	} catch {
		return {};
	}
}

function writeBase(kv: KeyValue, key: string, base: Record<string, string>): void {
	try {
		kv.setItem(key, JSON.stringify(base));
	} catch {
		// A full localStorage: the next run compares again from the last stamps it could keep.
	}
}
