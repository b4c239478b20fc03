/**
 * Reading and writing assessments. Every record read is validated against AssessmentRecordSchema;
 * one that fails is reported as a 'corrupt' StorageError naming its case, and is never changed or
 * deleted here (it may still be recoverable by hand). Every record written is validated first, so
 * nothing invalid is ever stored by this code.
 *
 * Each change re-reads the record inside a read-write transaction and bumps `revision`, so a
 * change made in another tab is never silently overwritten: pass `expectedRevision` (the revision
 * the page last showed) to be refused with a 'conflict' instead. No domain logic lives here: the
 * caller computes `band` and decides which factor ids the current rules have.
 *
 * Beside each record the store keeps its summary row (the `summaries` table), written in the same
 * transaction, so `list` reads a few hundred bytes per assessment rather than every answer and note.
 * Write records only through this store, or the list will fall back to reading them in full.
 * Each write also deletes the record's caseload digest (the `caseload` table), which only the app
 * can work out (it needs the rules): the caseload view computes it again when next shown.
 *
 * Every method rejects only with StorageError; `watch` and `watchList` report one to `onError`.
 *
 * Why this file is longer than 300 lines: it is the one class whose methods share the private
 * transaction, validation and reconnect helpers (`#transaction`, `#run`, `#valid`, `#add`/`#put`
 * that keep the summary row beside its record); keeping them private is what guarantees nothing
 * reaches IndexedDB around them. Everything else lives beside it: the shapes in store-types.ts,
 * summary rows in summaries.ts, patches in edits.ts, sentences in messages.ts, and what each
 * status allows, what a review carries over and what a new version copies in domain/assessment.ts.
 */
import Dexie, { liveQuery, type IntervalTree, type ObservabilitySet } from 'dexie';
import {
	approvalReasonsOf,
	canChange,
	newVersionCopy,
	newVersionRefusal,
	reviewCarryOver,
	signRefusal
} from '../domain/assessment.ts';
import {
	emptyAudit,
	explainChanges,
	recordEvent,
	startTrailOnCompletion,
	unexplainedChanges
} from '../domain/audit.ts';
import { emptyPracticeRecord, practiceProblems } from '../domain/governance.ts';
import { emptyFollowUp } from '../domain/follow-up.ts';
import {
	followUpRefusal,
	stamped,
	withFollowUpEvent,
	type FollowUpEventInput
} from '../domain/follow-up-events.ts';
import { nextStatus } from '../domain/lifecycle.ts';
import { formatDate } from '../domain/wording.ts';
import { emptyPlanChoices } from '../domain/plan-choices.ts';
import type { HomewardDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';
import {
	planImport,
	type ImportChoices,
	type ImportCounts,
	type StoredRecord
} from './transfer/import-plan.ts';
import {
	AssessmentRecordSchema,
	RECORD_SCHEMA_VERSION,
	type AssessmentRecord,
	type AssessmentSummary
} from './record.ts';
import { applyPatch, withEntry } from './edits.ts';
import { caseloadRowsOf } from './caseload-direct.ts';
import {
	alreadySuperseded,
	cannotReview,
	cannotSign,
	changesNeedReason,
	notReadyToSign,
	changedElsewhere,
	describeCorrupt,
	NOT_SAVED_INVALID,
	notSignedYet,
	signedIsReadOnly
} from './messages.ts';
import type {
	AssessmentList,
	AssessmentPatch,
	CaseloadRows,
	CorruptRecord,
	Edit,
	ExplainInput,
	ExportSelection,
	ManagerReviewInput,
	NewAssessment,
	ReviewOptions,
	SignOffInput,
	StoredCounts,
	WriteOptions
} from './store-types.ts';
import {
	AssessmentSummarySchema,
	byMostRecent,
	byOldestStarted,
	plainRecentPage,
	toSummary
} from './summaries.ts';

export type * from './store-types.ts';
export { toSummary } from './summaries.ts';

/** The one way the app reads and writes assessments. */
export class AssessmentStore {
	readonly #db: HomewardDb;
	readonly #clock: () => Date;
	readonly #newId: () => string;

	constructor(
		db: HomewardDb,
		clock: () => Date = () => new Date(),
		newId: () => string = () => crypto.randomUUID()
	) {
		this.#db = db;
		this.#clock = clock;
		this.#newId = newId;
	}

	/** The database's name: what keeps real cases and training mode's apart outside it too. */
	get name(): string {
		return this.#db.name;
	}

	/** Stores a new draft assessment and returns it. */
	create(input: NewAssessment): Promise<AssessmentRecord> {
		return this.#transaction('rw', async () => {
			const record = this.#draft(input, this.#now());
			await this.#add(record);
			return record;
		});
	}

	/** The assessment with this id, or null if there is none. */
	get(id: string): Promise<AssessmentRecord | null> {
		return this.#run(() => this.#read(id));
	}

	/**
	 * Summaries of every assessment, most recently changed first, with unreadable records listed
	 * apart. Reads the small summary rows and the record ids only; a record is loaded in full only
	 * when its summary is missing or unreadable (written by something other than this store).
	 */
	list(): Promise<AssessmentList> {
		return this.#summaries(null);
	}

	/**
	 * Like `list`, but only the `limit` most recently changed, read through the `updatedAt` index,
	 * so the home page is ready as fast with 5,000 assessments as with 5. `total` counts them all.
	 */
	listRecent(limit: number): Promise<AssessmentList> {
		return this.#summaries(limit);
	}

	/**
	 * The summaries of assessments with something still due after the decision (`due` not empty),
	 * for the home page's "due soon / overdue" list: summary rows only, never the records.
	 */
	listDue(): Promise<AssessmentSummary[]> {
		return this.#transaction('r', async () => {
			const rows: unknown[] = await this.#db.summaries.toArray();
			const due: AssessmentSummary[] = [];
			for (const row of rows) {
				// Most rows have nothing due: only those that may are checked in full.
				const items = (row as { due?: unknown } | null)?.due;
				if (!Array.isArray(items) || items.length === 0) continue;
				const parsed = AssessmentSummarySchema.safeParse(row);
				if (parsed.success && parsed.data.due.length > 0) due.push(parsed.data);
			}
			return due;
		});
	}

	/**
	 * The summaries of assessments awaiting a manager's approval, found through the records'
	 * `status` index (no record is read unless its summary row is missing or unreadable).
	 */
	listAwaitingApproval(): Promise<AssessmentSummary[]> {
		return this.#transaction('r', async () => {
			const ids = await this.#db.assessments
				.where('status')
				.equals('awaiting-approval')
				.primaryKeys();
			const rows: unknown[] = await this.#db.summaries.bulkGet(ids);
			const out: AssessmentSummary[] = [];
			const unsummarised: string[] = [];
			rows.forEach((row, i) => {
				const parsed = AssessmentSummarySchema.safeParse(row);
				if (parsed.success) out.push(parsed.data);
				else unsummarised.push(ids[i]!);
			});
			for (const row of (await this.#db.assessments.bulkGet(unsummarised)) as unknown[]) {
				const parsed = AssessmentRecordSchema.safeParse(row);
				if (parsed.success) out.push(toSummary(parsed.data));
			}
			return out
				.filter((s) => s.status === 'awaiting-approval')
				.sort(byMostRecent)
				.reverse();
		});
	}

	/** Like `listAwaitingApproval`, called now and after every change, in any tab. */
	watchAwaitingApproval(
		onChange: (list: AssessmentSummary[]) => void,
		onError: (error: StorageError) => void = () => {}
	): () => void {
		return this.#subscribe(() => this.listAwaitingApproval(), onChange, onError);
	}

	#summaries(limit: number | null): Promise<AssessmentList> {
		return this.#transaction('r', async () => {
			if (limit !== null) {
				const fast = await this.#recentFast(limit);
				if (fast) return fast;
			}
			const [ids, summaryIds, rows] = await Promise.all([
				this.#db.assessments.toCollection().primaryKeys(),
				this.#db.summaries.toCollection().primaryKeys(),
				limit === null
					? this.#db.summaries.toArray()
					: this.#db.summaries.orderBy('updatedAt').reverse().limit(limit).toArray()
			]);
			const summaries = new Map<string, AssessmentSummary>();
			for (const row of rows) {
				const parsed = AssessmentSummarySchema.safeParse(row);
				if (parsed.success) summaries.set(parsed.data.id, parsed.data);
			}
			const list: AssessmentList = { items: [], corrupt: [], total: ids.length };
			const haveSummary = new Set<string>(summaryIds);
			const unsummarised: string[] = [];
			// A summary whose record is gone is ignored: the record is what exists.
			const idSet = new Set<string>(ids);
			for (const summary of summaries.values()) if (idSet.has(summary.id)) list.items.push(summary);
			// Read in full: records with no summary row, and those whose row was read but is unreadable.
			const rowIds = new Set(rows.map((r) => (r as { id?: unknown }).id));
			for (const id of ids) {
				if (!haveSummary.has(id) || (rowIds.has(id) && !summaries.has(id))) unsummarised.push(id);
			}
			const records: unknown[] = await this.#db.assessments.bulkGet(unsummarised);
			for (const row of records) {
				const parsed = AssessmentRecordSchema.safeParse(row);
				if (parsed.success) list.items.push(toSummary(parsed.data));
				else if (row !== undefined) list.corrupt.push(describeCorrupt(row));
			}
			list.items.sort(byMostRecent);
			if (limit !== null) list.items = list.items.slice(0, limit);
			return list;
		});
	}

	/**
	 * The recent page without scanning every key (issue 14: two key scans over 5,000 records cost
	 * 20 ms before the first row): two counts and the page's rows. It answers only when the counts
	 * agree (the store writes a record and its summary in one transaction), every row shown is
	 * readable and its record exists; otherwise null, and the full check runs, which also finds
	 * damaged records and records without a summary.
	 */
	async #recentFast(limit: number): Promise<AssessmentList | null> {
		const [records, summaryRows, rows] = await Promise.all([
			this.#db.assessments.count(),
			this.#db.summaries.count(),
			this.#db.summaries.orderBy('updatedAt').reverse().limit(limit).toArray()
		]);
		return plainRecentPage(records, summaryRows, rows, async (ids) =>
			ids.length === 0
				? 0
				: (await this.#db.assessments.where(':id').anyOf(ids).primaryKeys()).length
		);
	}

	/** Like `watchList`, for `listRecent`. */
	watchRecent(
		limit: number,
		onChange: (list: AssessmentList) => void,
		onError: (error: StorageError) => void = () => {}
	): () => void {
		return this.#subscribe(() => this.listRecent(limit), onChange, onError);
	}

	/**
	 * Calls `onChange` with the list now and again after every change to any assessment, including
	 * changes made in other tabs; returns a function that stops watching.
	 */
	watchList(
		onChange: (list: AssessmentList) => void,
		onError: (error: StorageError) => void = () => {}
	): () => void {
		return this.#subscribe(() => this.list(), onChange, onError);
	}

	/** Applies a patch to an unsigned assessment and returns the saved record. */
	update(
		id: string,
		patch: AssessmentPatch,
		options: WriteOptions = {}
	): Promise<AssessmentRecord> {
		return this.#editUnsigned(id, options, (record) => applyPatch(record, patch));
	}

	/** Sets one answer; null or '' removes it. */
	setAnswer(
		id: string,
		factorId: string,
		value: string | null,
		options: WriteOptions = {}
	): Promise<AssessmentRecord> {
		return this.#editUnsigned(id, options, (record) => ({
			...record,
			answers: withEntry(record.answers, factorId, value)
		}));
	}

	/** Sets the evidence note for one factor; '' removes it. */
	setNote(
		id: string,
		factorId: string,
		text: string,
		options: WriteOptions = {}
	): Promise<AssessmentRecord> {
		return this.#editUnsigned(id, options, (record) => ({
			...record,
			notes: withEntry(record.notes, factorId, text)
		}));
	}

	/** Removes an assessment; removing one that does not exist is not an error. */
	delete(id: string): Promise<void> {
		return this.#transaction('rw', async () => {
			await this.#db.assessments.delete(id);
			await this.#db.summaries.delete(id);
			await this.#db.caseload.delete(id);
		});
	}

	/**
	 * Starts a re-assessment: a new draft under `rules`, pre-filled from assessment `id` (whatever
	 * its status) with the answers and notes those rules still ask about, dated `today`.
	 */
	startReview(id: string, options: ReviewOptions): Promise<AssessmentRecord> {
		return this.#transaction('rw', async () => {
			const source = await this.#require(id);
			const draft = this.#draft(
				{
					rules: options.rules,
					...reviewCarryOver(source, options.factorIds, options.today),
					reviewOf: source.id
				},
				this.#now()
			);
			await this.#add(draft);
			return draft;
		});
	}

	/**
	 * Signs a completed assessment with the declaration; from then on it cannot be changed. A
	 * decision that needs a manager's approval goes to "awaiting approval", not "signed". Refused
	 * while the analysis or declaration is missing, or changes since completion have no reason.
	 */
	sign(id: string, signOff: SignOffInput, options: WriteOptions = {}): Promise<AssessmentRecord> {
		return this.#edit(id, options, (record, now) => {
			const refusal = signRefusal(record.status);
			if (refusal !== null) throw cannotSign(record, refusal);
			const problems = practiceProblems(record.practice, signOff.declaration);
			if (problems.length > 0) throw notReadyToSign(record, problems);
			if (unexplainedChanges(record.audit, record).length > 0) throw changesNeedReason(record);
			const status = nextStatus(
				record.status,
				'sign',
				approvalReasonsOf(record.decision).length > 0
			);
			if (status === null) throw cannotSign(record, 'not-completed');
			const { assessorName, date, managerName, declaration } = signOff;
			return {
				...record,
				status,
				signOff: { assessorName, date, managerName, declaration, signedAt: now },
				audit: recordEvent(record.audit, {
					at: now,
					who: assessorName,
					field: 'status',
					old: record.status,
					new: status,
					reason: 'Signed off by the assessor with the declaration.'
				})
			};
		});
	}

	/**
	 * Records a manager's approval (the assessment is signed) or return with comments (it is a
	 * draft again, the comments kept for the practitioner). Only one awaiting approval can be reviewed.
	 */
	review(
		id: string,
		input: ManagerReviewInput,
		options: WriteOptions = {}
	): Promise<AssessmentRecord> {
		return this.#edit(id, options, (record, now) => {
			const event = input.outcome === 'approved' ? 'approve' : 'return';
			const status = nextStatus(record.status, event, true);
			if (status === null) throw cannotReview(record);
			const review = { ...input, recordedAt: now };
			const verb = input.outcome === 'approved' ? 'Approved' : 'Returned to the practitioner';
			return {
				...record,
				status,
				managerReviews: [...record.managerReviews, review],
				signOff:
					record.signOff && input.outcome === 'approved'
						? { ...record.signOff, managerName: input.name }
						: record.signOff,
				audit: recordEvent(record.audit, {
					at: now,
					who: input.name,
					field: 'approval',
					old: record.status,
					new: `${verb} by ${input.name} (${input.role}) on ${formatDate(input.date)}`,
					reason: input.comment.trim() || verb
				})
			};
		});
	}

	/**
	 * Appends one event to what happened after the decision (the return, a change in support, a
	 * review, an outcome, closing), stamped with now and `recordedBy`. Nothing signed changes: the
	 * follow-up only grows. Refused, with the domain's reason, when the event cannot follow the
	 * record's state (`followUpRefusal`); `planItems` are the chosen plan's item keys.
	 */
	addFollowUp(
		id: string,
		event: FollowUpEventInput,
		options: WriteOptions & { today: string; recordedBy: string; planItems: readonly string[] }
	): Promise<AssessmentRecord> {
		return this.#edit(id, options, (record, now) => {
			const full = stamped(event, now, options.recordedBy);
			const refusal = followUpRefusal(
				{ status: record.status, followUp: record.followUp, planItems: options.planItems },
				full,
				options.today
			);
			if (refusal !== null) throw new StorageError('read-only', refusal, { recordId: id });
			return { ...record, followUp: withFollowUpEvent(record.followUp, full) };
		});
	}

	/** Gives the reason for the changes made since completion: each becomes an entry in the trail. */
	explain(id: string, input: ExplainInput, options: WriteOptions = {}): Promise<AssessmentRecord> {
		return this.#editUnsigned(id, options, (record, now) => {
			const explained = explainChanges(record.audit, record, { ...input, at: now });
			if (!explained.ok) throw new StorageError('unknown', explained.message, { recordId: id });
			return { ...record, audit: explained.audit };
		});
	}

	/**
	 * Opens a signed assessment for change: a new draft with the same rules, answers, notes and
	 * case details (no decision, no sign-off), linked both ways to the signed one.
	 */
	newVersion(id: string): Promise<AssessmentRecord> {
		return this.#transaction('rw', async () => {
			const signed = await this.#require(id);
			const refusal = newVersionRefusal(signed);
			if (refusal === 'not-signed') throw notSignedYet(signed);
			if (refusal === 'already-superseded') throw alreadySuperseded(signed);
			const now = this.#now();
			const draft = this.#valid({
				...this.#draft(
					{
						rules: signed.rules,
						...newVersionCopy(signed),
						reviewOf: signed.reviewOf,
						supersedes: signed.id
					},
					now
				),
				// Same rules and answers, so the steps seen and the band still hold; the wizard
				// position does not (a new version starts at the task list).
				visited: signed.visited,
				band: signed.band
			});
			// Both writes or neither: a draft without the back link would let a second new version
			// of the same signed assessment be started.
			await this.#add(draft);
			await this.#put(
				this.#valid({
					...signed,
					supersededBy: draft.id,
					revision: signed.revision + 1,
					updatedAt: now
				})
			);
			return draft;
		});
	}

	/** Every version of this assessment (following its version links both ways), oldest first. */
	history(id: string): Promise<AssessmentSummary[]> {
		return this.#transaction('r', async () => {
			const start = await this.#require(id);
			const chain = [start];
			const seen = new Set([start.id]);
			// `seen` guards against a loop of links, which only damaged data could contain.
			for (let r = start; r.supersedes !== null && !seen.has(r.supersedes);) {
				const older = await this.#read(r.supersedes);
				if (older === null) break;
				seen.add(older.id);
				chain.unshift(older);
				r = older;
			}
			for (let r = start; r.supersededBy !== null && !seen.has(r.supersededBy);) {
				const newer = await this.#read(r.supersededBy);
				if (newer === null) break;
				seen.add(newer.id);
				chain.push(newer);
				r = newer;
			}
			return chain.map(toSummary);
		});
	}

	/**
	 * Every record's caseload digest as stored, for the caseload view and the evaluation export:
	 * the `caseload` table and the records' ids only, never the records or their summary rows.
	 * The digests are derived data the app checks (app/caseload.ts, so their decoder stays out of
	 * the store's chunk); `missing` lists the records without one (see `caseloadRowsOf`).
	 */
	caseloadRows(): Promise<CaseloadRows> {
		return this.#transaction('r', async () => {
			const [ids, rows] = await Promise.all([
				this.#db.assessments.toCollection().primaryKeys(),
				this.#db.caseload.toArray()
			]);
			return caseloadRowsOf(ids, rows);
		});
	}

	/**
	 * Stores the caseload digests of these records, worked out by `digestOf` (the app's, which
	 * has the rules, and returns the stored string) inside the same transaction that reads each
	 * record, so a digest is never stored beside a newer record. Damaged records are listed, not
	 * changed. `digestOf` must be synchronous: nothing else may be awaited in a transaction.
	 */
	refreshCaseload(
		ids: readonly string[],
		digestOf: (record: AssessmentRecord) => string
	): Promise<CorruptRecord[]> {
		return this.#transaction('rw', async () => {
			const rows: unknown[] = await this.#db.assessments.bulkGet([...ids]);
			const corrupt: CorruptRecord[] = [];
			const digests = [];
			for (const row of rows) {
				if (row === undefined) continue;
				const parsed = AssessmentRecordSchema.safeParse(row);
				if (parsed.success) digests.push({ id: parsed.data.id, digest: digestOf(parsed.data) });
				else corrupt.push(describeCorrupt(row));
			}
			await this.#db.caseload.bulkPut(digests);
			return corrupt;
		});
	}

	/**
	 * Calls `onChange` with the record now and again after every change to it (null once it is
	 * deleted), including changes made in other tabs; returns a function that stops watching.
	 */
	watch(
		id: string,
		onChange: (record: AssessmentRecord | null) => void,
		onError: (error: StorageError) => void = () => {}
	): () => void {
		return this.#subscribe(() => this.#read(id), onChange, onError);
	}

	/**
	 * Says which records were written or deleted (for the team bridge, which compares only those):
	 * after every write to the assessments, in this tab or another, with their ids, or `null` when
	 * a write covered a range rather than named records (a clear), so every one is to be compared.
	 * It is Dexie's `storagemutated` event, which `liveQuery` (and so every `watch…` here) runs on
	 * and Dexie passes between tabs. Returns a function that stops watching.
	 */
	watchChanges(onChange: (ids: string[] | null) => void): () => void {
		const part = `idb://${this.#db.name}/assessments/`;
		const listener = (parts: ObservabilitySet) => {
			if ((parts as { all?: unknown }).all) onChange(null);
			else if (part in parts) onChange(keysOf(parts[part]));
		};
		Dexie.on('storagemutated', listener);
		return () => Dexie.on.storagemutated.unsubscribe(listener);
	}

	/**
	 * Writes a record as another device wrote it (revision and times kept, so both devices name it
	 * alike), only if the stored one still has the stamp `expected` (null: none is stored). Returns
	 * false, writing nothing, if it has moved on: the caller then holds a change of its own.
	 */
	async putReplicated(record: AssessmentRecord, expected: string | null): Promise<boolean> {
		const [written] = await this.putManyReplicated([{ record, expected }]);
		return written === true;
	}

	/** `putReplicated` for many records (each id once) in one transaction: whether each was written. */
	putManyReplicated(
		writes: readonly { record: AssessmentRecord; expected: string | null }[]
	): Promise<boolean[]> {
		if (writes.length === 0) return Promise.resolve([]);
		return this.#transaction('rw', async () => {
			const incoming = writes.map((w) => this.#valid(w.record));
			const rows: unknown[] = await this.#db.assessments.bulkGet(incoming.map((r) => r.id));
			const written = rows.map(
				(row, i) =>
					(row === undefined ? null : stampOf(row as Record<string, unknown>)) ===
					writes[i]?.expected
			);
			const put = incoming.filter((_, i) => written[i]);
			if (put.length > 0) {
				await this.#db.assessments.bulkPut(put);
				await this.#db.summaries.bulkPut(put.map(toSummary));
				await this.#db.caseload.bulkDelete(put.map((r) => r.id));
			}
			return written;
		});
	}

	/**
	 * Removes an assessment another device deleted, only if the stored one still has the stamp
	 * `expected`. Returns false, removing nothing, if it has moved on (an edit made meanwhile).
	 */
	deleteReplicated(id: string, expected: string): Promise<boolean> {
		return this.#transaction('rw', async () => {
			const row: unknown = await this.#db.assessments.get(id);
			if (row === undefined || stampOf(row as Record<string, unknown>) !== expected) return false;
			await this.#db.assessments.delete(id);
			await this.#db.summaries.delete(id);
			await this.#db.caseload.delete(id);
			return true;
		});
	}

	/** Removes these assessments (a team's cases, when leaving the team on this device). */
	deleteMany(ids: readonly string[]): Promise<void> {
		return this.#transaction('rw', async () => {
			await this.#db.assessments.bulkDelete([...ids]);
			await this.#db.summaries.bulkDelete([...ids]);
			await this.#db.caseload.bulkDelete([...ids]);
		});
	}

	#subscribe<T>(
		query: () => Promise<T>,
		onChange: (value: T) => void,
		onError: (error: StorageError) => void
	): () => void {
		const subscription = liveQuery(query).subscribe({
			next: onChange,
			error: (e: unknown) => onError(toStorageError(e))
		});
		return () => subscription.unsubscribe();
	}

	#editUnsigned(id: string, options: WriteOptions, edit: Edit): Promise<AssessmentRecord> {
		return this.#edit(id, options, (record, now) => {
			if (!canChange(record.status)) throw signedIsReadOnly(record);
			return startTrailOnCompletion(edit(record, now), now);
		});
	}

	#edit(id: string, options: WriteOptions, edit: Edit): Promise<AssessmentRecord> {
		return this.#transaction('rw', async () => {
			const current = await this.#require(id);
			const now = this.#now();
			// The edit runs before the revision check so that a refusal about the record itself
			// (signed, not complete) wins: reloading would not help with those.
			const edited = edit(current, now);
			const expected = options.expectedRevision;
			if (expected !== undefined && expected !== current.revision) throw changedElsewhere(current);
			const next = this.#valid({ ...edited, revision: current.revision + 1, updatedAt: now });
			await this.#put(next);
			return next;
		});
	}

	#draft(input: NewAssessment, now: string): AssessmentRecord {
		return this.#valid({
			id: this.#newId(),
			schemaVersion: RECORD_SCHEMA_VERSION,
			rules: input.rules,
			caseDetails: input.caseDetails,
			answers: input.answers ?? {},
			notes: input.notes ?? {},
			visited: [],
			position: null,
			status: 'draft',
			band: null,
			decision: null,
			planning: input.planning ?? emptyPlanChoices(),
			signOff: null,
			practice: input.practice ?? emptyPracticeRecord(),
			reviewCopy: input.reviewCopy ?? null,
			followUp: emptyFollowUp(),
			managerReviews: [],
			audit: emptyAudit(),
			reviewOf: input.reviewOf ?? null,
			supersedes: input.supersedes ?? null,
			supersededBy: null,
			revision: 0,
			createdAt: now,
			updatedAt: now
		});
	}

	// `add`, not `put`: an id that is somehow taken must fail rather than overwrite a record.
	async #add(record: AssessmentRecord): Promise<void> {
		await this.#db.assessments.add(record);
		await this.#db.summaries.put(toSummary(record));
		await this.#db.caseload.delete(record.id);
	}

	// The caseload digest is derived from the record with the rules, which the store does not
	// load: it is deleted here, and worked out again the next time the caseload is shown.
	async #put(record: AssessmentRecord): Promise<void> {
		await this.#db.assessments.put(record);
		await this.#db.summaries.put(toSummary(record));
		await this.#db.caseload.delete(record.id);
	}

	async #read(id: string): Promise<AssessmentRecord | null> {
		const row: unknown = await this.#db.assessments.get(id);
		if (row === undefined) return null;
		const parsed = AssessmentRecordSchema.safeParse(row);
		if (!parsed.success) {
			const { message } = describeCorrupt(row);
			throw new StorageError('corrupt', message, { cause: parsed.error, recordId: id });
		}
		return parsed.data;
	}

	async #require(id: string): Promise<AssessmentRecord> {
		const record = await this.#read(id);
		if (record === null) throw new StorageError('not-found', undefined, { recordId: id });
		return record;
	}

	// Validating what is about to be written keeps a caller's mistake (a number where text
	// belongs, a missing field) out of the database, where it would later read as damage.
	#valid(candidate: AssessmentRecord): AssessmentRecord {
		const parsed = AssessmentRecordSchema.safeParse(candidate);
		if (parsed.success) return parsed.data;
		throw new StorageError('unknown', NOT_SAVED_INVALID, {
			cause: parsed.error,
			recordId: candidate.id
		});
	}

	#now(): string {
		return this.#clock().toISOString();
	}

	// Only Dexie work happens inside: zod and the clock are synchronous, so the transaction never
	// waits on anything that would let it commit early.
	#transaction<T>(mode: 'r' | 'rw', work: () => Promise<T>): Promise<T> {
		const tables = [this.#db.assessments, this.#db.summaries, this.#db.caseload];
		return this.#run(() => this.#db.transaction(mode, tables, work));
	}

	async #run<T>(work: () => PromiseLike<T>): Promise<T> {
		try {
			return await work();
		} catch (e) {
			if (!isClosedConnection(e) || this.#db.released) throw toStorageError(e);
		}
		// The connection was closed under this tab (Dexie reopens one the browser closes, but not
		// one closed by a call to close()). Nothing was written: a transaction on a closed
		// connection never starts, and one cut off part-way is aborted. So reopen and try once
		// more; a second failure is reported as it is.
		try {
			await this.#db.open();
			return await work();
		} catch (e) {
			throw toStorageError(e);
		}
	}

	/**
	 * The assessments to put in an export file: every one, or those with these ids. Damaged
	 * records cannot be exported (the file would not import); they are listed in `corrupt` so the
	 * page can say how many were left out and why, never silently.
	 */
	exportRecords(ids?: readonly string[]): Promise<ExportSelection> {
		return this.#transaction('r', async () => {
			const wanted = ids === undefined ? undefined : [...new Set(ids)];
			const rows: unknown[] =
				wanted === undefined
					? await this.#db.assessments.toArray()
					: await this.#db.assessments.bulkGet(wanted);
			const selection: ExportSelection = { records: [], corrupt: [], missing: [] };
			rows.forEach((row, i) => {
				if (row === undefined) {
					if (wanted !== undefined) selection.missing.push(wanted[i] ?? '');
					return;
				}
				const parsed = AssessmentRecordSchema.safeParse(row);
				if (parsed.success) selection.records.push(parsed.data);
				else selection.corrupt.push(describeCorrupt(row));
			});
			selection.records.sort(byOldestStarted);
			return selection;
		});
	}

	/** How many assessments are stored, by status, with unreadable ones counted apart. */
	async counts(): Promise<StoredCounts> {
		const list = await this.list();
		const counts: StoredCounts = {
			total: list.total,
			draft: 0,
			completed: 0,
			'awaiting-approval': 0,
			signed: 0,
			corrupt: list.corrupt.length
		};
		for (const item of list.items) counts[item.status] += 1;
		return counts;
	}

	/** The ids among these that are already stored, in the order given (for asking before import). */
	findExisting(ids: readonly string[]): Promise<string[]> {
		return this.#transaction('r', async () => {
			const unique = [...new Set(ids)];
			const found = new Set(await this.#db.assessments.where('id').anyOf(unique).primaryKeys());
			return unique.filter((id) => found.has(id));
		});
	}

	/**
	 * Stores imported records all or nothing: every write happens in one transaction over both
	 * tables, so a refusal or a failure part-way (a full disk) leaves the database as it was.
	 * A stored id is skipped, replaced or kept beside the import under a new id, as `choices` say
	 * (see transfer/import-plan.ts, which also refuses to change a signed assessment). Check the
	 * file with `parseExport` first: this checks only that each record is well formed.
	 */
	importRecords(
		records: readonly AssessmentRecord[],
		choices: ImportChoices
	): Promise<ImportCounts> {
		return this.#transaction('rw', async () => {
			const incoming = records.map((record) => this.#valid(record));
			const ids = incoming.map((record) => record.id);
			const [taken, rows] = await Promise.all([
				this.#db.assessments.toCollection().primaryKeys(),
				this.#db.assessments.bulkGet(ids)
			]);
			const stored = new Map<string, StoredRecord>();
			ids.forEach((id, i) => {
				const row: unknown = rows[i];
				if (row === undefined) return;
				const parsed = AssessmentRecordSchema.safeParse(row);
				// An unreadable stored record may be replaced from a good copy, when asked to.
				stored.set(id, parsed.success ? parsed.data : 'unreadable');
			});
			const plan = planImport({
				incoming,
				stored,
				taken: new Set(taken),
				choices,
				newId: this.#newId
			});
			// One at a time through the usual helpers, so each summary row is written beside its record.
			for (const write of plan.writes) {
				if (write.mode === 'add') await this.#add(write.record);
				else await this.#put(write.record);
			}
			return plan.counts;
		});
	}
}

/**
 * The keys a Dexie range set names one by one, or null if it holds a range (or a shape this
 * Dexie version does not make): then the caller must look at everything.
 */
function keysOf(tree: IntervalTree | undefined): string[] | null {
	const keys: string[] = [];
	const walk = (node: unknown): boolean => {
		if (node === null || node === undefined) return true;
		const n = node as { from?: unknown; to?: unknown; l?: unknown; r?: unknown };
		if (!('from' in n)) return true;
		if (typeof n.from !== 'string' || n.from !== n.to) return false;
		keys.push(n.from);
		return walk(n.l) && walk(n.r);
	};
	return walk(tree) ? keys : null;
}

/** A record's revision and time of change as one string: equal stamps, the same record. */
export function stampOf(record: { revision?: unknown; updatedAt?: unknown }): string {
	return `${String(record.revision)}@${String(record.updatedAt)}`;
}

// Dexie's name for work asked of a connection that has been closed.
function isClosedConnection(e: unknown): boolean {
	return (
		typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'DatabaseClosedError'
	);
}
