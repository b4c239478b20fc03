/**
 * The bridge between the device's Dexie store (the source of truth, the only thing pages read)
 * and a PouchDB replica of the team's CouchDB database (the outbox and the inbox). CouchDB's
 * replication protocol, through PouchDB, does the rest; this module never speaks HTTP itself.
 *
 * One step, `reconcile`, compares a case in Dexie with the replica's document of the same id and
 * what this device last exchanged for it (its "base" stamp, `revision@updatedAt`, kept in
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
 *
 * Which cases it compares: every one on start, after `retryNow` and when the server answers again
 * after being out of reach (a full pass, which also rebuilds the lists of conflicts and documents
 * kept aside); otherwise only those that changed since: the ids Dexie names after each write, in
 * any tab (`store.watchChanges`), and those the replica's changes feed names, deletions included
 * (the feed starts from the replica's sequence before the first full pass reads it). An id that
 * changes while a run is comparing is compared again in the next run; runs go one at a time. A
 * re-compared id replaces its own entry in those lists and leaves the others as they were. If a
 * run fails, the next one is a full pass.
 *
 * A person settles a conflict through `versions` (both versions, and the one both came from) and
 * `settle` (the chosen record to Dexie, then on the winning revision, then the losers deleted).
 *
 * Training mode's database is never given to a bridge (see app/team.ts).
 */
import { readTeamDocument, TEAM_DOC_TYPE } from './team-document.ts';
import { watchedSend, type Patience } from './watched-fetch.ts';
import { stampOf, type AssessmentStore } from '../assessments.ts';
import type { AssessmentRecord } from '../record.ts';
import type { TeamDocument } from '../../domain/team-rules.ts';
import { withHandOver } from '../../domain/hand-over.ts';

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
	info(): Promise<{ update_seq: number | string }>;
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
	/**
	 * `received`: documents received from the team since this tab started syncing; `pending`: the
	 * changes the server says are still to come (CouchDB 2 and later), null when it does not say.
	 */
	| { kind: 'syncing'; received: number; pending: number | null }
	| { kind: 'up-to-date' }
	| { kind: 'offline' }
	/** `signIn`: the session has ended; signing in again (`retryNow` after) carries on. */
	| { kind: 'problem'; problem: string; action: string; signIn?: true };

/** How far the pull has got: documents received, and changes the server says are left. */
export interface Pulled {
	received: number;
	pending: number | null;
}

/** A sync's `change` event as PouchDB gives it (`pending` from CouchDB 2 on; not pouchdb-server). */
export interface SyncChange {
	direction?: string;
	change?: { docs_written?: number; pending?: number };
}

/** The pull's progress after one of the sync's batches (a push's batch changes nothing). */
export function pulled(before: Pulled, info: SyncChange): Pulled {
	if (info.direction !== 'pull') return before;
	const count = (n: number | undefined) =>
		typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
	return {
		received: before.received + (count(info.change?.docs_written) ?? 0),
		pending: count(info.change?.pending) ?? before.pending
	};
}

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

/** One revision of a case in the team's copy on this device. */
export interface ConflictSide {
	rev: string;
	author: string;
	record: AssessmentRecord;
}

/** Both versions of a conflicting case, read for a person to choose between (see `versions`). */
export interface ConflictVersions {
	id: string;
	/** This device's version (Dexie's record), or, with none here, another leaf revision. */
	mine: AssessmentRecord;
	/** Whether `mine` is this device's own record (false: both are versions from the team). */
	mineIsHere: boolean;
	/** The team's version: the winning revision, or the other leaf when that one is this device's. */
	theirs: ConflictSide;
	/** The revision CouchDB chose as winning: the resolution is written on top of it. */
	winner: ConflictSide;
	/** The leaf revisions the resolution replaces: deleted only once it is written. */
	losing: string[];
	/** The revision both came from, when the team's copy on this device still holds it. */
	base: AssessmentRecord | null;
}

export type SettleResult = { ok: true; rev: string } | { ok: false; reason: string };

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
	/** How long the server may be silent before it counts as gone (`PATIENCE` by default). */
	patience?: Patience;
	/** The changes feed's heartbeat, in ms (PouchDB's 10 s by default; shorter in tests). */
	heartbeat?: number;
}

interface Denied {
	id?: string;
	name?: string;
	message?: string;
	reason?: string;
}

/** HTTP statuses a reverse proxy answers with when the server behind it is not answering. */
const GATEWAY_DOWN = new Set([502, 503, 504]);

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
	#busy = false;
	/** The ids to compare in the next run (see the module comment). */
	#dirty = new Set<string>();
	/** Whether the next run compares every case. */
	#full = true;
	/** Resolves once the replica's changes feed is followed (the first run waits for it). */
	#ready: Promise<void> = Promise.resolve();
	readonly #conflicts = new Map<string, Conflict>();
	readonly #aside = new Map<string, { id: string; reason: string }>();
	#stopped = false;
	#report: BridgeReport = { state: { kind: 'starting' }, refusals: [], conflicts: [], aside: [] };
	#progress: Pulled = { received: 0, pending: null };
	/** Whether the last request to the server got an answer (a refusal is an answer). */
	#reachable = true;
	/** Whether the server last said the team's database is not there (replication retries 404s). */
	#missing = false;

	constructor(options: BridgeOptions) {
		this.#o = options;
		this.#replica = new options.Pouch(options.replicaName, options.replicaOptions);
		const send = watchedSend(
			options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init)),
			{ patience: options.patience, onLost: () => this.#unreachable() }
		);
		this.#remote = new options.Pouch(options.remoteUrl, {
			skip_setup: true,
			...options.remoteOptions,
			// Every request's fate says whether the server can be reached: PouchDB's own events do
			// not (a sync's `paused` never carries the error, and a live replication that loses the
			// network reports itself paused). A request that fails, breaks off or hangs is reported
			// by `watchedSend`; an answer is looked at here.
			fetch: async (url: string, init: RequestInit) => {
				const response = await send(url, init);
				this.#noteDatabase(url, response.status);
				// The reverse proxy's answer when the server behind it is down or restarting.
				if (GATEWAY_DOWN.has(response.status)) this.#unreachable();
				else this.#reachable = true;
				return response;
			}
		});
		this.#base = readBase(options.keyValue, this.#baseKey);
		this.#report = { ...this.#report, refusals: readRefusals(options.keyValue, this.#refusalsKey) };
	}

	#unreachable(): void {
		if (!this.#reachable) return;
		this.#reachable = false;
		this.#set({ kind: 'offline' });
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
		// Dexie first: a write from now on is named to the bridge even before the first run.
		this.#stops.push(
			this.#o.store.watchChanges((ids) => {
				if (ids === null) this.#full = true;
				else for (const id of ids) this.#dirty.add(id);
				void this.#run();
			})
		);
		this.#ready = this.#followReplica();
		this.#full = true;
		void this.#run();
		this.#startSync();
	}

	async #followReplica(): Promise<void> {
		try {
			// The sequence before the first full pass reads the replica: nothing written between is missed.
			const { update_seq } = await this.#replica.info();
			if (this.#stopped) return;
			const changes = this.#replica
				.changes({ live: true, since: update_seq })
				.on('change', (change: { id?: unknown }) => {
					if (typeof change.id !== 'string' || change.id.startsWith('_')) return;
					this.#dirty.add(change.id);
					void this.#run();
				})
				.on('error', (e: Error) => this.#storeProblem('the team copy', e));
			this.#stops.push(() => changes.cancel());
		} catch (e) {
			this.#storeProblem('the team copy', e);
		}
	}

	#storeProblem(what: string, e: unknown): void {
		this.#set({
			kind: 'problem',
			problem: `${what} on this device could not be read (${e instanceof Error ? e.message : String(e)})`,
			action: 'Reload the page. If it happens again, export your assessments.'
		});
	}

	/** Restarts replication at once (after the browser says it is back online). */
	retryNow(): void {
		if (this.#stopped) return;
		this.#sync?.cancel();
		this.#startSync();
		this.#full = true;
		void this.#run();
	}

	#startSync(): void {
		const max = this.#o.maxBackOff ?? 60_000;
		const sync = this.#replica.sync(this.#remote, {
			live: true,
			retry: true,
			...(this.#o.heartbeat ? { heartbeat: this.#o.heartbeat } : {}),
			back_off_function: (delay: number) => (delay === 0 ? 1000 : Math.min(delay * 2, max))
		});
		sync
			.on('active', () => this.#set({ kind: 'syncing', ...this.#progress }))
			.on('change', (info: SyncChange) => {
				this.#progress = pulled(this.#progress, info);
				this.#set({ kind: 'syncing', ...this.#progress });
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
		const was = this.#report.state.kind;
		if (was === 'offline' && (state.kind === 'syncing' || state.kind === 'up-to-date')) {
			// Back in reach: one full pass, a safety net (the replica was there all along, so the
			// changes feeds should have missed nothing).
			this.#full = true;
			void this.#run();
		}
		if (this.#missing && (state.kind === 'syncing' || state.kind === 'up-to-date'))
			state = serverProblem({ status: 404 });
		this.#report = { ...this.#report, state };
		this.#emit();
	}

	#emit(): void {
		if (!this.#stopped) this.#o.onReport(this.#report);
	}

	/**
	 * Brings Dexie and the replica together, comparing every case (see the module comment);
	 * resolves once that pass, and any run it was queued behind, is done.
	 */
	reconcile(): Promise<void> {
		this.#full = true;
		return this.#run();
	}

	/** Runs until nothing is left to compare; one run at a time (a second call joins the first). */
	#run(): Promise<void> {
		if (this.#busy) return this.#running;
		this.#busy = true;
		this.#running = (async () => {
			try {
				await this.#ready;
				while (!this.#stopped && (this.#full || this.#dirty.size > 0)) {
					// Taken before reading: an id named from here on is compared in the next run.
					const ids = this.#full ? null : [...this.#dirty];
					this.#full = false;
					this.#dirty.clear();
					await this.#compare(ids);
				}
			} catch (e) {
				// What was being compared is not lost: the next run compares everything.
				this.#full = true;
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

	/** Compares these ids (null: every case), then updates the base stamps and the report. */
	async #compare(only: string[] | null): Promise<void> {
		const { local, docs, ids } = only === null ? await this.#readAll() : await this.#read(only);
		const changes = new Map<string, string | null>();
		const setBase = (id: string, stamp: string | null) => {
			if ((this.#base[id] ?? null) === stamp) return;
			if (stamp === null) delete this.#base[id];
			else this.#base[id] = stamp;
			changes.set(id, stamp);
		};
		const run: Run = { setBase, takeIn: [] };
		if (only === null) {
			this.#conflicts.clear();
			this.#aside.clear();
		}
		for (const id of ids) {
			if (this.#stopped) return;
			this.#conflicts.delete(id);
			this.#aside.delete(id);
			await this.#one(id, local.get(id) ?? null, docs.get(id) ?? null, run);
		}
		// Taken in together, in one transaction; each only if Dexie has not moved on meanwhile.
		const written = await this.#o.store.putManyReplicated(run.takeIn);
		run.takeIn.forEach(({ record }, i) => {
			if (written[i]) setBase(record.id, stampOf(record));
			else this.#dirty.add(record.id);
		});
		if (changes.size > 0) this.#keepBase(changes);
		this.#report = {
			...this.#report,
			conflicts: [...this.#conflicts.values()],
			aside: [...this.#aside.values()]
		};
		this.#emit();
	}

	/** One case: the decision the module comment describes. */
	async #one(
		id: string,
		here: AssessmentRecord | null,
		doc: PouchDoc | null,
		{ setBase, takeIn }: Run
	): Promise<void> {
		const { store } = this.#o;
		const hereStamp = here ? stampOf(here) : null;
		const base = this.#base[id] ?? null;
		if (doc && !doc._deleted && doc._conflicts && doc._conflicts.length > 0) {
			const read = readTeamDocument(doc);
			const there = read.ok ? asRecord(read.doc.record) : null;
			this.#conflicts.set(id, {
				id,
				caseRef: (here ?? there)?.caseDetails.caseRef ?? id,
				here,
				there
			});
			return;
		}
		if (doc && doc._deleted) {
			if (here === null) setBase(id, null);
			else if (hereStamp === base) {
				// Deleted on another device (a manager's act): honoured here, unless edited meanwhile.
				if (hereStamp !== null && (await store.deleteReplicated(id, hereStamp))) setBase(id, null);
				else this.#dirty.add(id);
			} else await this.#push(here, doc._rev, null);
			return;
		}
		if (!doc) {
			if (here) {
				if (await this.#push(here, null, null)) setBase(id, hereStamp);
			} else setBase(id, null);
			return;
		}
		const read = readTeamDocument(doc);
		if (!read.ok) {
			this.#aside.set(id, { id, reason: read.reason });
			return;
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
			else this.#dirty.add(id);
			return;
		}
		if (hereStamp === thereStamp) setBase(id, thereStamp);
		else if (here && thereStamp === base) {
			if (await this.#push(here, doc._rev, read.doc.author)) setBase(id, hereStamp);
		} else if (hereStamp === base) takeIn.push({ record: there, expected: hereStamp });
		else this.#conflicts.set(id, { id, caseRef: there.caseDetails.caseRef, here, there });
	}

	/** Every case: Dexie's records, the replica's documents, and the tombstones of base stamps. */
	async #readAll() {
		const { records } = await this.#o.store.exportRecords();
		const local = new Map(records.map((r) => [r.id, r]));
		const { rows } = await this.#replica.allDocs({ include_docs: true, conflicts: true });
		const docs = new Map<string, PouchDoc>();
		for (const row of rows) if (row.doc && !row.id.startsWith('_')) docs.set(row.id, row.doc);
		// Tombstones are not in allDocs: a base stamp with no document may be a deletion.
		const gone = Object.keys(this.#base).filter((id) => !docs.has(id));
		for (const [id, doc] of await this.#docs(gone)) docs.set(id, doc);
		return { local, docs, ids: new Set([...local.keys(), ...docs.keys(), ...gone]) };
	}

	/** These cases only. */
	async #read(ids: string[]) {
		const { records } = await this.#o.store.exportRecords(ids);
		return { local: new Map(records.map((r) => [r.id, r])), docs: await this.#docs(ids), ids };
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

	/** The replica's documents for these ids, a deleted one as its tombstone, in one request. */
	async #docs(ids: string[]): Promise<Map<string, PouchDoc>> {
		const docs = new Map<string, PouchDoc>();
		if (ids.length === 0) return docs;
		const { rows } = await this.#replica.allDocs({
			keys: ids,
			include_docs: true,
			conflicts: true
		});
		for (const row of rows) {
			const rev = row.value?.rev;
			if (row.doc) docs.set(row.id, row.doc);
			else if (row.value?.deleted && rev)
				docs.set(row.id, { _id: row.id, _rev: rev, _deleted: true });
		}
		return docs;
	}

	/**
	 * Writes this record into the replica on top of `rev`; false, writing nothing, if the replica
	 * has moved on (another tab's bridge, or replication, wrote first): the id is compared again.
	 */
	async #push(record: AssessmentRecord, rev: string | null, author: string | null) {
		try {
			await this.#replica.put({
				_id: record.id,
				...(rev ? { _rev: rev } : {}),
				type: TEAM_DOC_TYPE,
				team: { author: author ?? this.#o.user },
				record
			});
			return true;
		} catch (e) {
			if ((e as { status?: unknown }).status !== 409) throw e;
			this.#dirty.add(record.id);
			return false;
		}
	}

	/**
	 * Both versions of a conflicting case, from Dexie and every leaf revision the replica holds,
	 * each read with `readTeamDocument`; null when there is no conflict (any more) to settle.
	 * This device's own leaf is the one with Dexie's stamp or the last one it exchanged. With more
	 * than two leaves (three devices apart), only the two shown are settled: the rest stay
	 * conflicts, shown again after.
	 */
	async versions(id: string): Promise<ConflictVersions | null> {
		const here = (await this.#o.store.exportRecords([id])).records[0] ?? null;
		let top: PouchDoc;
		try {
			top = await this.#replica.get(id, { conflicts: true });
		} catch {
			return null;
		}
		const revs = [top._rev, ...(top._conflicts ?? [])];
		const read = await this.#replica.get(id, { open_revs: revs, revs: true });
		const leaves = (read as unknown as { ok?: PouchDoc }[]).flatMap((r) => {
			const doc = r.ok;
			if (!doc || doc._deleted) return [];
			const team = readTeamDocument(doc);
			if (!team.ok) throw new Error(team.reason);
			const side: ConflictSide = {
				rev: doc._rev,
				author: team.doc.author,
				record: asRecord(team.doc.record)
			};
			return [{ side, history: revisionHistory(doc) }];
		});
		const winner = leaves.find((l) => l.side.rev === top._rev);
		if (!winner) return null;
		const ownStamps = new Set([here ? stampOf(here) : '', this.#base[id] ?? '']);
		const own = leaves.find((l) => ownStamps.has(stampOf(l.side.record)));
		const theirs = own === winner ? leaves.find((l) => l !== winner) : winner;
		if (!theirs) return null;
		const mineLeaf = own ?? (here ? null : leaves.find((l) => l !== theirs));
		const mine = here ?? mineLeaf?.side.record;
		if (!mine || stampOf(mine) === stampOf(theirs.side.record)) return null;
		const losing = [mineLeaf?.side.rev, theirs.side.rev].filter(
			(rev): rev is string => rev !== undefined && rev !== winner.side.rev
		);
		return {
			id,
			mine,
			mineIsHere: here !== null,
			theirs: theirs.side,
			winner: winner.side,
			losing,
			base: mineLeaf ? await this.#common(id, mineLeaf.history, theirs.history) : null
		};
	}

	/** The record at the newest revision both histories share, if this replica still holds it. */
	async #common(id: string, a: string[], b: string[]): Promise<AssessmentRecord | null> {
		const shared = a.find((rev) => b.includes(rev));
		if (!shared) return null;
		try {
			const read = readTeamDocument(await this.#replica.get(id, { rev: shared }));
			return read.ok ? asRecord(read.doc.record) : null;
		} catch {
			return null;
		}
	}

	/**
	 * Settles a conflict with the record a person put together: saved to Dexie (only if this
	 * device's version is still the one they saw), written into the replica on top of the winning
	 * revision, and only then the losing revisions deleted (tombstones naming the revision they
	 * were settled into). Until the last step every version stays where it was.
	 */
	async settle(versions: ConflictVersions, record: AssessmentRecord): Promise<SettleResult> {
		const { id, winner } = versions;
		const changed = {
			ok: false as const,
			reason:
				'This assessment changed again while you were choosing. Nothing was saved: look at both versions again.'
		};
		const top = await this.#replica.get(id).catch(() => null);
		if (top?._rev !== winner.rev) return changed;
		const expected = versions.mineIsHere ? stampOf(versions.mine) : null;
		if (!(await this.#o.store.putReplicated(record, expected))) return changed;
		const { rev } = await this.#replica.put({
			_id: id,
			_rev: winner.rev,
			type: TEAM_DOC_TYPE,
			team: { author: winner.author },
			record
		});
		for (const losing of versions.losing)
			await this.#replica.put({
				_id: id,
				_rev: losing,
				_deleted: true,
				type: TEAM_DOC_TYPE,
				team: { resolvedInto: rev }
			});
		this.#keepBase(new Map([[id, stampOf(record)]]));
		// Compared again at once: its entry in the list of conflicts is replaced by what it is now.
		this.#dirty.add(id);
		void this.#run();
		return { ok: true, rev };
	}

	/**
	 * Stores these base stamps (null: forget the case), merged into what is stored now, so another
	 * tab's stamps for other cases are kept.
	 */
	#keepBase(changes: ReadonlyMap<string, string | null>): void {
		const stored = readBase(this.#o.keyValue, this.#baseKey);
		for (const [id, stamp] of changes) {
			if (stamp === null) delete stored[id];
			else stored[id] = stamp;
		}
		this.#base = stored;
		writeBase(this.#o.keyValue, this.#baseKey, stored);
	}

	/** Every assessment id the team's copy on this device holds. */
	async teamIds(): Promise<string[]> {
		const { rows } = await this.#replica.allDocs({});
		return rows.map((r) => r.id).filter((id) => !id.startsWith('_'));
	}

	/** Every readable case in the team's copy on this device, with its author: whose cases are whose. */
	async teamCases(): Promise<TeamCase[]> {
		const { rows } = await this.#replica.allDocs({ include_docs: true, conflicts: true });
		return rows.flatMap((row) => {
			if (!row.doc || row.id.startsWith('_')) return [];
			const read = readTeamDocument(row.doc);
			if (!read.ok) return [];
			const conflicted = (row.doc._conflicts ?? []).length > 0;
			return [{ author: read.doc.author, record: asRecord(read.doc.record), conflicted }];
		});
	}

	/**
	 * A manager's hand-over (see `domain/hand-over.ts`): each case written straight to the server
	 * with its new author and the history entry that says so, on top of the revision this device
	 * holds, so the server judges each one now and says which it refused; replication then brings
	 * the new revisions back to every device, this one included. A case not exchanged with the
	 * team as it is here (changes not yet sent, or versions to settle) is not tried. Nothing is
	 * written on this device, so a refusal or a lost connection leaves everything as it was.
	 */
	async handOver(
		ids: readonly string[],
		change: { from: string; to: string; by: string; at: string }
	): Promise<HandOverOutcome[]> {
		const out: HandOverOutcome[] = [];
		for (const id of ids) {
			const doc = await this.#replica.get(id, { conflicts: true }).catch(() => null);
			const read = doc ? readTeamDocument(doc) : null;
			const here = (await this.#o.store.exportRecords([id])).records[0] ?? null;
			const caseRef = here?.caseDetails.caseRef ?? null;
			if (!doc || !read?.ok) {
				out.push({ id, caseRef, ok: false, kind: 'gone' });
				continue;
			}
			const there = asRecord(read.doc.record);
			if ((doc._conflicts ?? []).length > 0) out.push({ id, caseRef, ok: false, kind: 'conflict' });
			else if (read.doc.author !== change.from)
				out.push({ id, caseRef, ok: false, kind: 'moved', author: read.doc.author });
			else if (!here || stampOf(here) !== stampOf(there))
				out.push({ id, caseRef, ok: false, kind: 'unsent' });
			else out.push(await this.#handOverOne(doc._rev, there, change));
		}
		return out;
	}

	async #handOverOne(
		rev: string,
		there: AssessmentRecord,
		change: { from: string; to: string; by: string; at: string }
	): Promise<HandOverOutcome> {
		const { id } = there;
		const caseRef = there.caseDetails.caseRef;
		const record = {
			...withHandOver(there, change),
			revision: there.revision + 1,
			updatedAt: change.at
		};
		try {
			await this.#remote.put({
				_id: id,
				_rev: rev,
				type: TEAM_DOC_TYPE,
				team: { author: change.to },
				record
			});
			return { id, caseRef, ok: true };
		} catch (e) {
			const { status, message } = e as { status?: unknown; message?: unknown };
			const reason = typeof message === 'string' ? message : '';
			if (status === 409) return { id, caseRef, ok: false, kind: 'conflict' };
			if (status === 401) return { id, caseRef, ok: false, kind: 'sign-in' };
			if (status === 403) return { id, caseRef, ok: false, kind: 'refused', reason };
			return { id, caseRef, ok: false, kind: 'offline' };
		}
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

/** A case in the team's copy on this device, as the team's envelope names its author. */
export interface TeamCase {
	author: string;
	record: AssessmentRecord;
	/** Whether it has versions to settle. */
	conflicted: boolean;
}

/**
 * What became of one case of a hand-over: sent, or why not. `gone`: not in the team's copy on
 * this device; `conflict`: versions to settle first, or changed on the server meanwhile; `moved`:
 * it now belongs to `author`; `unsent`: changed here since it was last exchanged; `sign-in`: the
 * session ended; `refused`: the server's reason; `offline`: the server could not be reached.
 */
export type HandOverOutcome =
	| { id: string; caseRef: string | null; ok: true }
	| {
			id: string;
			caseRef: string | null;
			ok: false;
			kind: 'gone' | 'conflict' | 'unsent' | 'sign-in' | 'offline';
	  }
	| { id: string; caseRef: string | null; ok: false; kind: 'moved'; author: string }
	| { id: string; caseRef: string | null; ok: false; kind: 'refused'; reason: string };

/** One run's work beside the comparing: base stamps to keep, and records to take into Dexie. */
interface Run {
	setBase: (id: string, stamp: string | null) => void;
	takeIn: { record: AssessmentRecord; expected: string | null }[];
}

/**
 * `readTeamDocument` parses the record with the store's own schema, so what it returns is a whole
 * stored record; the domain's type names only the part the team rules judge.
 */
const asRecord = (record: TeamDocument['record']): AssessmentRecord => record as AssessmentRecord;

/** A revision's ancestry, newest first, as full revision ids (`3-abc`, `2-def`, …). */
function revisionHistory(doc: PouchDoc): string[] {
	const revisions = doc._revisions as { start?: unknown; ids?: unknown } | undefined;
	const start = revisions?.start;
	const ids = revisions?.ids;
	if (typeof start !== 'number' || !Array.isArray(ids)) return [doc._rev];
	return ids.map((hash, i) => `${start - i}-${String(hash)}`);
}

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
