/**
 * The unsaved-changes journal: a synchronous copy, in `localStorage`, of every change the open
 * assessment has not yet written to IndexedDB, replayed when the assessment next opens.
 *
 * Why: IndexedDB is asynchronous. A save started on `pagehide` first reads the record, and when
 * the page is closed or reloaded the read never returns, so a change made in the last few hundred
 * milliseconds was lost. `localStorage.setItem` finishes before it returns, so the journal is
 * written on every change and outlives the page; it is cleared once the change is in the
 * database. It holds only the changed fields of one assessment (its answers, notes, case details
 * and plan), under `homeward-unsaved:<database>:<id>`, and "Remove all data" removes every entry.
 */
import { z } from 'zod/mini';
import { CaseDetailsSchema, PlanChoicesSchema } from '../domain/assessment.ts';
import type { CaseDetails } from '../domain/assessment.ts';
import type { PlanChoices } from '../domain/plan.ts';

/** What a journal needs of `localStorage` (so tests can give it a Map). */
export interface JournalStorage {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
	key(index: number): string | null;
	readonly length: number;
}

const PREFIX = 'homeward-unsaved:';

const EntrySchema = z.object({
	v: z.literal(1),
	/** field → new value, or null when the change removed it */
	answers: z.record(z.string(), z.nullable(z.string())),
	notes: z.record(z.string(), z.nullable(z.string())),
	caseDetails: z.partial(CaseDetailsSchema),
	planning: z.nullable(PlanChoicesSchema)
});

/** The changes not yet in the database. */
export interface JournalEntry {
	answers: Record<string, string | null>;
	notes: Record<string, string | null>;
	caseDetails: Partial<CaseDetails>;
	planning: PlanChoices | null;
}

/** Whether an entry holds any change. */
export const isEmptyEntry = (e: JournalEntry): boolean =>
	Object.keys(e.answers).length === 0 &&
	Object.keys(e.notes).length === 0 &&
	Object.keys(e.caseDetails).length === 0 &&
	e.planning === null;

/** This browser's `localStorage`, or null where there is none (Node, some locked-down windows). */
export function browserStorage(): JournalStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

/** One database's journal (real cases and training mode keep theirs apart). */
export class SaveJournal {
	readonly #storage: JournalStorage | null;
	readonly #scope: string;

	constructor(storage: JournalStorage | null, scope: string) {
		this.#storage = storage;
		this.#scope = scope;
	}

	#key(id: string): string {
		return `${PREFIX}${this.#scope}:${id}`;
	}

	/**
	 * Keep these unsaved changes; true if they were kept. A full or missing `localStorage` only
	 * loses the journal's copy: the database save still runs.
	 */
	write(id: string, entry: JournalEntry): boolean {
		if (!this.#storage) return false;
		try {
			if (isEmptyEntry(entry)) this.#storage.removeItem(this.#key(id));
			else this.#storage.setItem(this.#key(id), JSON.stringify({ v: 1, ...entry }));
			return true;
		} catch {
			return false;
		}
	}

	/** The unsaved changes kept for this assessment, or null (none, or unreadable). */
	read(id: string): JournalEntry | null {
		try {
			const text = this.#storage?.getItem(this.#key(id));
			if (text === null || text === undefined) return null;
			const parsed = EntrySchema.safeParse(JSON.parse(text));
			if (!parsed.success) return null;
			const { answers, notes, caseDetails, planning } = parsed.data;
			return { answers, notes, caseDetails, planning };
		} catch {
			return null;
		}
	}

	/** Forget this assessment's entry (its changes are in the database). */
	clear(id: string): void {
		try {
			this.#storage?.removeItem(this.#key(id));
		} catch {
			// Nothing to do: an entry that cannot be removed is replayed once more, harmlessly.
		}
	}
}

/**
 * Remove every journal entry of one database, or of every database (part of "Remove all data",
 * and of resetting training mode).
 */
export function clearAllJournals(
	scope: string | null = null,
	storage: JournalStorage | null = browserStorage()
): void {
	if (!storage) return;
	const prefix = scope === null ? PREFIX : `${PREFIX}${scope}:`;
	try {
		const keys: string[] = [];
		for (let i = 0; i < storage.length; i++) {
			const key = storage.key(i);
			if (key?.startsWith(prefix)) keys.push(key);
		}
		for (const key of keys) storage.removeItem(key);
	} catch {
		// localStorage unusable: there is nothing in it to remove.
	}
}
