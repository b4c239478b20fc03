/**
 * Every released version of the database schema, oldest first. HomewardDb declares each one with
 * `this.version(N).stores(...)` and, when it has one, `.upgrade(...)`.
 *
 * To change the schema or the record shape: never edit a released entry (someone's device holds a
 * database written by it); add version N+1 with its `stores` and an `upgrade` that rewrites old
 * records into the new shape (raising `RECORD_SCHEMA_VERSION` in record.ts), rewriting their
 * `summaries` rows too if the summary changed, and clearing the `caseload` table if the records
 * changed (a digest must never be older than its record). Raise CURRENT_DB_VERSION in
 * db-names.ts. Then add a row for version N+1 to tests/unit/storage-migrations.test.ts: that test
 * fails until the row exists.
 *
 * An upgrade runs inside Dexie's upgrade transaction: it may only do Dexie work (no fetch, no
 * timers), or the transaction commits early and the upgrade is lost.
 */
import type { Transaction } from 'dexie';
import * as z from 'zod/mini';
import { AssessmentRecordSchema, upgradeRecord } from './record.ts';
import { AssessmentSummarySchema, toSummary } from './summaries.ts';
import { CaseloadDigestSchema } from '../domain/caseload-digest.ts';
import { encodeCaseloadEntry } from '../domain/caseload-codec.ts';
import type { CaseloadRow } from './db.ts';

export interface SchemaVersion {
	/** Dexie's version number (IndexedDB sees it multiplied by 10). */
	version: number;
	/** Dexie's store declarations: primary key first, then indexed fields; null drops a table. */
	stores: Readonly<Record<string, string | null>>;
	/** Rewrites data written by the previous version; runs once, before the app reads anything. */
	upgrade?: (tx: Transaction) => PromiseLike<unknown> | void;
}

/** Rewrites every stored record into the current shape (see `upgradeRecord`). */
const upgradeRecords = (tx: Transaction) =>
	tx
		.table('assessments')
		.toCollection()
		.modify((row: Record<string, unknown>) => {
			const upgraded = upgradeRecord(row);
			if (upgraded === row) return;
			Object.assign(row, upgraded);
		});

/**
 * Rewrites every summary row from its record with `toSummary`, whatever fields the summary has
 * gained. A record that does not read cleanly keeps its old row (it is listed as damaged anyway).
 */
const recomputeSummaries = async (tx: Transaction) => {
	const rows: unknown[] = await tx.table('assessments').toArray();
	const summaries = [];
	for (const row of rows) {
		const parsed = AssessmentRecordSchema.safeParse(row);
		if (parsed.success) summaries.push(toSummary(parsed.data));
	}
	await tx.table('summaries').bulkPut(summaries);
};

/** A caseload digest as database version 4 kept it: an object in the summary row, `v: 1`. */
const DigestV1Schema = z.extend(CaseloadDigestSchema, { v: z.literal(1) });

/**
 * Moves each summary row's caseload digest (version 1) into the `caseload` table in its stored
 * encoding and takes it out of the row, so neither the home page nor the caseload reads it there
 * again. It is as new as its record (version 4 dropped it from the row at every write). One that
 * does not check is dropped: it is recomputed from its record when the caseload is next shown.
 */
const moveCaseloadDigests = async (tx: Transaction) => {
	const moved: CaseloadRow[] = [];
	await tx
		.table('summaries')
		.toCollection()
		.modify((row: Record<string, unknown>) => {
			if (!('caseload' in row)) return;
			const summary = AssessmentSummarySchema.safeParse(row);
			const old = DigestV1Schema.safeParse(row.caseload);
			if (summary.success && old.success) {
				const { v: _v1, ...digest } = old.data;
				const { id, caseRef, reviewOf, supersedes } = summary.data;
				moved.push({ id, digest: encodeCaseloadEntry({ caseRef, reviewOf, supersedes, digest }) });
			}
			delete row.caseload;
		});
	await tx.table('caseload').bulkPut(moved);
};

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
	{
		version: 1,
		stores: {
			// Only fields that are looked up or sorted on are indexed; answers and notes never are.
			assessments: 'id, caseRef, updatedAt, status',
			// One small row per assessment, written in the same transaction as the record, so the
			// home list never has to load every answer and note (ten times faster at 5,000).
			// Indexed on updatedAt so the home page reads only the most recent page of them.
			summaries: 'id, updatedAt'
		}
	},
	{
		// Record version 2: the practitioner's record, managers' reviews and the audit trail. A
		// record completed or signed before then starts its trail here, saying so. Summary rows are
		// unchanged. A row that does not upgrade cleanly is left as it is, to be listed as damaged.
		version: 2,
		stores: {
			assessments: 'id, caseRef, updatedAt, status',
			summaries: 'id, updatedAt'
		},
		upgrade: upgradeRecords
	},
	{
		// Record version 3: what happened after the decision (`followUp`), empty on every record
		// upgraded. Indexes and summary rows are unchanged.
		version: 3,
		stores: {
			assessments: 'id, caseRef, updatedAt, status',
			summaries: 'id, updatedAt'
		},
		upgrade: upgradeRecords
	},
	{
		// Summary rows gain what is due after the decision (`due`, summaries.ts): every row is
		// worked out again from its record. Records and indexes are unchanged.
		version: 4,
		stores: {
			assessments: 'id, caseRef, updatedAt, status',
			summaries: 'id, updatedAt'
		},
		upgrade: recomputeSummaries
	},
	{
		// Caseload digests get a table of their own, each one short string (domain/caseload-codec.ts),
		// so the caseload view reads 5,000 of them without the summary rows, and the summary rows
		// (which the first page reads) lose them. Every write of a record deletes its digest.
		version: 5,
		stores: {
			assessments: 'id, caseRef, updatedAt, status',
			summaries: 'id, updatedAt',
			caseload: 'id'
		},
		upgrade: moveCaseloadDigests
	}
];
