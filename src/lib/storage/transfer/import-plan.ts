/**
 * What an import will write, decided before anything is written: which records are added, which
 * replace a stored one, which are skipped, and which are kept beside a stored one under a new id.
 * Pure and synchronous, so `AssessmentStore.importRecords` can run it inside its transaction
 * without letting the transaction commit early; a refusal throws a StorageError and, because
 * nothing has been written yet, leaves the database as it was.
 *
 * A signed assessment is a record of a decision that the app never changes (see
 * `AssessmentStore.sign`), so an import cannot change one either: a stored signed record is
 * replaced only by a copy with the same signed content (the copy may have gained the link to a
 * newer version). Anything else is refused, and the person is told to keep both or skip.
 */
import { StorageError } from '../errors.ts';
import { AssessmentRecordSchema, type AssessmentRecord } from '../record.ts';

/** What to do with an imported assessment whose id is already stored. */
export type ExistingChoice = 'skip' | 'replace' | 'keep-both';
export const EXISTING_CHOICES: readonly ExistingChoice[] = ['skip', 'replace', 'keep-both'];

/** One answer for every clash, or an answer per id (ask the person with `findExisting` first). */
export type ImportChoices = { onExisting: ExistingChoice } | ((id: string) => ExistingChoice);

export interface ImportCounts {
	/** Imported assessments whose id was not stored before. */
	added: number;
	/** Stored assessments overwritten by their imported copy. */
	replaced: number;
	/** Imported assessments left out: by choice, or identical to the stored one. */
	skipped: number;
	/** Imported assessments stored under a new id beside the stored one. */
	keptBoth: number;
}

/** What is stored under an imported id: a readable record, or one that failed validation. */
export type StoredRecord = AssessmentRecord | 'unreadable';

export interface ImportWrite {
	record: AssessmentRecord;
	/** 'add' for a new id (fails rather than overwrite), 'put' to replace. */
	mode: 'add' | 'put';
}

export interface ImportPlan {
	writes: ImportWrite[];
	counts: ImportCounts;
}

interface PlanInput {
	/** The validated records to import, in file order. */
	incoming: readonly AssessmentRecord[];
	/** The stored record under each incoming id that is taken. */
	stored: ReadonlyMap<string, StoredRecord>;
	/** Every id in the database, so a new id never lands on one. */
	taken: ReadonlySet<string>;
	choices: ImportChoices;
	newId: () => string;
}

/** Decides every write of an all-or-nothing import; throws StorageError to refuse all of it. */
export function planImport({ incoming, stored, taken, choices, newId }: PlanInput): ImportPlan {
	const counts: ImportCounts = { added: 0, replaced: 0, skipped: 0, keptBoth: 0 };
	const seen = new Set<string>();
	for (const record of incoming) {
		if (seen.has(record.id)) throw duplicateInImport(record);
		seen.add(record.id);
	}

	// First every decision, so the links of every record can be rewritten to the renamed ids.
	type Decision = { record: AssessmentRecord; action: 'add' | 'replace' | 'keep-both' };
	const decisions: Decision[] = [];
	const renamed = new Map<string, string>();
	const used = new Set<string>([...taken, ...seen]);
	for (const record of incoming) {
		if (!stored.has(record.id)) {
			decisions.push({ record, action: 'add' });
			continue;
		}
		const choice = choose(choices, record.id);
		if (choice === 'skip') counts.skipped++;
		else if (choice === 'replace') decisions.push({ record, action: 'replace' });
		else {
			renamed.set(record.id, freshId(newId, used));
			decisions.push({ record, action: 'keep-both' });
		}
	}

	const writes: ImportWrite[] = [];
	for (const { record, action } of decisions) {
		const linked = relink(record, renamed);
		if (action === 'add') {
			writes.push({ record: valid(linked), mode: 'add' });
			counts.added++;
		} else if (action === 'keep-both') {
			writes.push({ record: valid({ ...linked, id: renamed.get(record.id) ?? '' }), mode: 'add' });
			counts.keptBoth++;
		} else {
			const existing = stored.get(record.id);
			if (existing === undefined) continue;
			if (existing !== 'unreadable' && same(existing, linked)) {
				// Nothing to replace; not writing keeps the revision, so an open tab is not disturbed.
				counts.skipped++;
				continue;
			}
			if (
				existing !== 'unreadable' &&
				existing.status === 'signed' &&
				!sameSigned(existing, linked)
			) {
				throw signedIsKept(existing);
			}
			// Above both revisions, so a tab that has the stored record open notices the change
			// instead of saving over the imported copy.
			const revision =
				Math.max(existing === 'unreadable' ? 0 : existing.revision, linked.revision) + 1;
			writes.push({ record: valid({ ...linked, revision }), mode: 'put' });
			counts.replaced++;
		}
	}
	return { writes, counts };
}

function choose(choices: ImportChoices, id: string): ExistingChoice {
	const choice = typeof choices === 'function' ? choices(id) : choices.onExisting;
	if (!EXISTING_CHOICES.includes(choice)) throw fault(id);
	return choice;
}

// Links between imported records follow a record that was given a new id; links to anything
// else (a stored record, or one not in the file) are kept as they are.
function relink(record: AssessmentRecord, renamed: ReadonlyMap<string, string>): AssessmentRecord {
	const follow = (id: string | null) => (id === null ? null : (renamed.get(id) ?? id));
	return {
		...record,
		reviewOf: follow(record.reviewOf),
		supersedes: follow(record.supersedes),
		supersededBy: follow(record.supersededBy)
	};
}

function freshId(newId: () => string, used: Set<string>): string {
	// A random UUID never repeats in practice; the loop is for id generators that count.
	for (let attempt = 0; attempt < 1000; attempt++) {
		const id = newId();
		if (id !== '' && !used.has(id)) {
			used.add(id);
			return id;
		}
	}
	throw fault(null);
}

function valid(record: AssessmentRecord): AssessmentRecord {
	const parsed = AssessmentRecordSchema.safeParse(record);
	if (parsed.success) return parsed.data;
	throw fault(record.id);
}

function same(a: AssessmentRecord, b: AssessmentRecord): boolean {
	return canonical(a) === canonical(b);
}

// The signed content: everything but the fields a signed record still changes (its link to a
// newer version, with the revision and time of that write) and the wizard's place-keeping.
function sameSigned(stored: AssessmentRecord, incoming: AssessmentRecord): boolean {
	const content = (r: AssessmentRecord) =>
		canonical({
			...r,
			supersededBy: null,
			revision: 0,
			updatedAt: '',
			visited: [],
			position: null
		});
	if (content(stored) !== content(incoming)) return false;
	// A link to a newer version may be gained, never lost or moved: losing it would let a second
	// new version of the same signed assessment be started.
	return stored.supersededBy === null || stored.supersededBy === incoming.supersededBy;
}

// JSON with sorted keys, so two records compare equal whatever order their fields were written in.
function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		typeof v === 'object' && v !== null && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

function caseName(record: AssessmentRecord): string {
	const ref = record.caseDetails.caseRef.trim();
	return ref === '' ? 'an assessment with no case reference' : `the assessment for case ${ref}`;
}

function signedIsKept(record: AssessmentRecord): StorageError {
	return new StorageError(
		'read-only',
		`The copy of ${caseName(record)} on this device has been signed, and the copy in the file is different, so it cannot replace it: a signed assessment is never changed. Nothing was imported. Import the file again and choose “keep both” or “skip” for this assessment.`,
		{ recordId: record.id }
	);
}

function duplicateInImport(record: AssessmentRecord): StorageError {
	return new StorageError(
		'conflict',
		`The file holds ${caseName(record)} more than once under the same id, so Homeward cannot tell which to keep. Nothing was imported. Export it again from the device it came from.`,
		{ recordId: record.id }
	);
}

function fault(recordId: string | null): StorageError {
	return new StorageError(
		'unknown',
		'Homeward could not import this file because of a fault in the app, so nothing was imported. Reload the page and try again; if it happens again, contact your IT support.',
		{ recordId }
	);
}
