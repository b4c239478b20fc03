/**
 * The IndexedDB database, through Dexie. Only `src/lib/storage/` opens it; everything else goes
 * through `AssessmentStore`, which validates every record it reads.
 *
 * Schema history lives in `SCHEMA_VERSIONS` (./schema.ts): a released version is never edited, a
 * change adds the next version with its upgrade. tests/unit/storage-migrations.test.ts opens a
 * database as each released version wrote it, so an upgrade that loses data fails there.
 */
import Dexie, { type Table } from 'dexie';
import type { AssessmentRecord, AssessmentSummary } from './record.ts';
import { SCHEMA_VERSIONS } from './schema.ts';

export { DEFAULT_DB_NAME, TRAINING_DB_NAME } from './db-names.ts';
import { DEFAULT_DB_NAME } from './db-names.ts';

/** The IndexedDB implementation to use; tests pass fake-indexeddb's. */
export interface IndexedDbDeps {
	indexedDB: IDBFactory;
	IDBKeyRange: typeof IDBKeyRange;
}

/** What the UI is told when another tab upgrades or deletes the database. */
export interface VersionChange {
	/** The version the other tab is opening, or null when it is deleting the database. */
	newVersion: number | null;
}

export interface HomewardDbOptions extends Partial<IndexedDbDeps> {
	onVersionChange?: (change: VersionChange) => void;
}

/**
 * A record's caseload digest as stored (domain/caseload-codec.ts): derived, like a summary row;
 * present only when it is as new as its record (every write of the record deletes it).
 */
export interface CaseloadRow {
	id: string;
	digest: string;
}

/**
 * Homeward's database: assessment records keyed by a generated id, their list summaries and their
 * caseload digests.
 */
export class HomewardDb extends Dexie {
	/**
	 * Typed as records for writing; what comes back is only trusted after AssessmentStore has
	 * validated it, since an older app or a damaged disk may have written something else.
	 */
	declare readonly assessments: Table<AssessmentRecord, string>;
	/** What the home list shows, kept beside each record; derived, so never the source of truth. */
	declare readonly summaries: Table<AssessmentSummary, string>;
	/** Each record's caseload digest, once the caseload view has worked it out; derived too. */
	declare readonly caseload: Table<CaseloadRow, string>;

	/** Called after this tab has let go of the database so another tab can upgrade it. */
	onVersionChange: ((change: VersionChange) => void) | null;

	#released = false;

	constructor(name: string = DEFAULT_DB_NAME, options: HomewardDbOptions = {}) {
		const { onVersionChange, ...deps } = options;
		super(name, deps);
		this.onVersionChange = onVersionChange ?? null;
		for (const step of SCHEMA_VERSIONS) {
			const version = this.version(step.version).stores(step.stores);
			if (step.upgrade) version.upgrade(step.upgrade);
		}
		this.on('versionchange', (event) => {
			// This tab's code only knows the old schema. Dexie's default handler closes but reopens
			// on the next query, and this tab would then write old-shape records into the upgraded
			// database. Closing for good and asking the user to reload is the safe course.
			this.release();
			this.onVersionChange?.({ newVersion: event.newVersion });
			return false;
		});
		// A connection the browser closes by itself (Safari under memory pressure) needs nothing
		// here: Dexie 4 reopens it before the next query. One closed by a plain `close()` stays
		// closed; AssessmentStore reopens it and retries the write once, unless it was released.
	}

	/**
	 * Whether this tab has let go of the database for good (another tab upgraded or deleted it,
	 * or this tab is deleting it): it must never be reopened, or this tab would write old-shape
	 * records into an upgraded database, or bring a deleted one back empty.
	 */
	get released(): boolean {
		return this.#released;
	}

	/** Closes the database for good (see `released`). */
	release(): void {
		this.#released = true;
		this.close({ disableAutoOpen: true });
	}
}

/** Storage the browser may evict unless asked; the part of navigator.storage this needs. */
export type PersistableStorage = Pick<StorageManager, 'persist' | 'persisted'>;

/**
 * Asks the browser not to evict Homeward's data under storage pressure; resolves to whether the
 * data is now persisted. Never throws: unsupported or refused simply means false.
 */
export async function requestPersistentStorage(
	storage: PersistableStorage | undefined = globalThis.navigator?.storage
): Promise<boolean> {
	try {
		if (typeof storage?.persist !== 'function') return false;
		if (typeof storage.persisted === 'function' && (await storage.persisted())) return true;
		return await storage.persist();
	} catch {
		return false;
	}
}
