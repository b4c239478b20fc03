/**
 * Every released version of the database schema, oldest first. HomewardDb declares each one with
 * `this.version(N).stores(...)` and, when it has one, `.upgrade(...)`.
 *
 * To change the schema or the record shape: never edit a released entry (someone's device holds a
 * database written by it); add version N+1 with its `stores` and an `upgrade` that rewrites old
 * records into the new shape (raising `RECORD_SCHEMA_VERSION` in record.ts), rewriting their
 * `summaries` rows too if the summary changed. Then add a row for version N+1 to
 * tests/unit/storage-migrations.test.ts: that test fails until the row exists.
 *
 * An upgrade runs inside Dexie's upgrade transaction: it may only do Dexie work (no fetch, no
 * timers), or the transaction commits early and the upgrade is lost.
 */
import type { Transaction } from 'dexie';
import { AssessmentRecordSchema, upgradeRecord } from './record.ts';
import { toSummary } from './summaries.ts';

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
	}
];
