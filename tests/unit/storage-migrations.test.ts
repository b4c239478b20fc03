/**
 * Databases as each released version of Homeward left them on someone's device, written with the
 * raw IndexedDB API (not through today's code, which would hide a mismatch), then opened with
 * today's HomewardDb and read through AssessmentStore.
 *
 * When schema version N+1 is added to SCHEMA_VERSIONS, add a row for it below and leave the older
 * rows alone: they are history, and each must keep upgrading to records that read back as expected.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import type { AssessmentRecord } from '../../src/lib/storage/record.ts';
import { SCHEMA_VERSIONS } from '../../src/lib/storage/schema.ts';
import { emptyPlanChoices } from '../../src/lib/domain/plan.ts';
import { appendEntry, UPGRADE_REASON } from '../../src/lib/domain/audit.ts';
import { emptyPracticeRecord } from '../../src/lib/domain/governance.ts';
import { emptyFollowUp } from '../../src/lib/domain/follow-up.ts';
import { scheduleRulesOf } from '../../src/lib/domain/follow-up-schedule.ts';
import { setDueOf } from '../../src/lib/storage/summaries.ts';
import { dueFor } from '../../src/lib/storage/summary-due.ts';
import { CURRENT_RULES_FILE, loadRealRules } from '../helpers.ts';
import { caseloadDigest } from '../../src/lib/domain/caseload-record.ts';
import { decodeCaseloadEntry, encodeCaseloadEntry } from '../../src/lib/domain/caseload-codec.ts';

/** A database exactly as one released version of the app wrote it. */
interface WrittenDatabase {
	/** The app's schema version (Dexie's number; IndexedDB itself holds ten times it). */
	version: number;
	/** Object stores as that version created them: key path and indexed fields. */
	stores: Record<string, { keyPath: string; indexes: string[] }>;
	/** Rows per store, in the shape that version wrote them. */
	rows: Record<string, unknown[]>;
	/** What AssessmentStore must read back today, newest change first. */
	expected: AssessmentRecord[];
}

// Version 1 records, written out in full: the shape must not depend on today's code.
const V1_SIGNED = {
	id: '7d0c6f8e-0001-4000-8000-000000000001',
	schemaVersion: 1,
	rules: { id: 'reunification-readiness', version: '1.0.0', hash: 'sha-256-of-1.0.0' },
	caseDetails: {
		caseRef: 'CASE-101',
		ageBand: '5-10',
		legalStatus: 'interim-care-order',
		assessmentDate: '2026-11-02',
		assessorName: 'A. Assessor',
		assessorRole: 'Social worker',
		returningTo: 'Mother'
	},
	answers: { 'protective-adult': 'clear-strength', 'substance-misuse-history': 'no' },
	notes: { 'protective-adult': 'Seen at three visits.' },
	visited: ['case-details', 'safety'],
	position: { step: 'check-answers', flowVersion: 'flow-1' },
	status: 'signed',
	band: 'ready-with-plan',
	decision: {
		kind: 'override',
		computedBand: 'ready-with-plan',
		band: 'ready-with-safety-plan',
		reason: 'Recent incident not yet reflected in the answers.',
		needsManagerApproval: false,
		decidedAt: '2026-11-02T15:00:00.000Z'
	},
	signOff: {
		assessorName: 'A. Assessor',
		date: '2026-11-02',
		managerName: 'M. Manager',
		signedAt: '2026-11-02T15:05:00.000Z'
	},
	reviewOf: null,
	supersedes: null,
	supersededBy: '7d0c6f8e-0001-4000-8000-000000000002',
	revision: 7,
	createdAt: '2026-11-02T10:00:00.000Z',
	updatedAt: '2026-11-03T09:00:00.000Z'
};

const V1_NEW_VERSION = {
	...V1_SIGNED,
	id: '7d0c6f8e-0001-4000-8000-000000000002',
	position: null,
	status: 'draft',
	decision: null,
	signOff: null,
	supersedes: V1_SIGNED.id,
	supersededBy: null,
	// Edited after it was started (newVersion stamps it with the same time as the signed one).
	revision: 2,
	createdAt: '2026-11-03T09:00:00.000Z',
	updatedAt: '2026-11-04T16:30:00.000Z'
};

const V1_REVIEW = {
	...V1_SIGNED,
	id: '7d0c6f8e-0001-4000-8000-000000000003',
	caseDetails: {
		...V1_SIGNED.caseDetails,
		ageBand: '',
		legalStatus: '',
		assessmentDate: '2026-12-01'
	},
	answers: { 'protective-adult': 'clear-strength' },
	notes: {},
	visited: [],
	position: null,
	status: 'completed',
	decision: { kind: 'agree', computedBand: 'ready', decidedAt: '2026-12-01T11:00:00.000Z' },
	signOff: null,
	reviewOf: V1_SIGNED.id,
	supersededBy: null,
	band: 'ready',
	revision: 3,
	createdAt: '2026-12-01T10:00:00.000Z',
	updatedAt: '2026-12-01T11:00:00.000Z'
};

interface V1Fields {
	id: string;
	caseDetails: { caseRef: string };
	status: string;
	band: string | null;
	rules: { version: string };
	updatedAt: string;
	reviewOf: string | null;
	supersedes: string | null;
	supersededBy: string | null;
}

function v1Summary(r: V1Fields) {
	return {
		id: r.id,
		caseRef: r.caseDetails.caseRef,
		status: r.status,
		band: r.band,
		rulesVersion: r.rules.version,
		updatedAt: r.updatedAt,
		reviewOf: r.reviewOf,
		supersedes: r.supersedes,
		supersededBy: r.supersededBy
	};
}

// A version 2 record, completed, then changed with a reason (fictional), as version 2 wrote it.
const { followUp: _none, ...V2_COMPLETED_BASE } = v2(V1_REVIEW, {
	'answer:protective-adult': 'mild-strength'
});
void _none;
const V2_COMPLETED = {
	...V2_COMPLETED_BASE,
	schemaVersion: 2,
	id: '7d0c6f8e-0002-4000-8000-000000000001',
	practice: {
		...emptyPracticeRecord(),
		analysis: 'Fictional analysis.',
		cameIntoCare: '2025-09-01'
	},
	audit: {
		baseline: { 'answer:protective-adult': 'clear-strength' },
		trail: appendEntry(
			appendEntry([], {
				at: '2026-12-01T11:00:00.000Z',
				who: 'A. Assessor',
				field: 'status',
				old: 'draft',
				new: 'completed',
				reason: 'First completed.'
			}),
			{
				at: '2026-12-01T12:00:00.000Z',
				who: 'A. Assessor',
				field: 'answer:protective-adult',
				old: 'mild-strength',
				new: 'clear-strength',
				reason: 'Seen again at a fourth visit.'
			}
		)
	}
} as unknown as AssessmentRecord;

// A version 3 record: signed, the child home, support started, an outcome recorded (fictional).
const V3_FOLLOWED_UP = {
	...v2(V1_SIGNED, null),
	id: '7d0c6f8e-0003-4000-8000-000000000001',
	supersededBy: null,
	followUp: {
		returns: [
			{
				kind: 'home',
				date: '2026-11-16',
				planned: true,
				returnedTo: 'mother',
				recordedAt: '2026-11-16T17:00:00.000Z',
				recordedBy: 'A. Assessor'
			}
		],
		support: [
			{
				item: 'family-support-worker',
				state: 'started',
				date: '2026-11-17',
				reason: null,
				recordedAt: '2026-11-17T09:00:00.000Z',
				recordedBy: 'A. Assessor'
			}
		],
		reviews: [],
		outcomes: [
			{
				check: 'six-months',
				date: '2027-05-17',
				outcome: 'home-stable',
				reEntry: null,
				recordedAt: '2027-05-17T12:00:00.000Z',
				recordedBy: 'A. Assessor'
			}
		],
		closed: null
	}
} as AssessmentRecord;

// A version 4 database's record: the same shape as version 3 (only summary rows changed).
const V4_SIGNED = {
	...V3_FOLLOWED_UP,
	id: '7d0c6f8e-0004-4000-8000-000000000001',
	caseDetails: { ...V3_FOLLOWED_UP.caseDetails, caseRef: 'CASE-104' }
} as AssessmentRecord;

// A version 5 database's record: the same shape again (its caseload digest has a table of its own).
const V5_SIGNED = {
	...V3_FOLLOWED_UP,
	id: '7d0c6f8e-0005-4000-8000-000000000001',
	caseDetails: { ...V3_FOLLOWED_UP.caseDetails, caseRef: 'CASE-105' }
} as AssessmentRecord;

/** A record's caseload digest as version 4 kept it in the summary row (an object, `v: 1`). */
const v4Digest = (r: AssessmentRecord) => ({ v: 1, ...caseloadDigest(r, undefined) });

const WRITTEN: WrittenDatabase[] = [
	{
		version: 1,
		stores: {
			assessments: { keyPath: 'id', indexes: ['caseRef', 'updatedAt', 'status'] },
			summaries: { keyPath: 'id', indexes: ['updatedAt'] }
		},
		rows: {
			assessments: [V1_SIGNED, V1_NEW_VERSION, V1_REVIEW],
			summaries: [V1_SIGNED, V1_NEW_VERSION, V1_REVIEW].map(v1Summary)
		},
		// Records from before support plans could be edited read with an empty set of plan choices;
		// version 2 adds an empty practitioner's record and no managers' reviews, and starts the
		// history of changes of a completed or signed record, saying earlier changes were not kept.
		expected: [
			v2(V1_REVIEW, {
				'case:caseRef': 'CASE-101',
				'case:assessmentDate': '2026-12-01',
				'case:assessorName': 'A. Assessor',
				'case:assessorRole': 'Social worker',
				'case:returningTo': 'Mother',
				'answer:protective-adult': 'clear-strength',
				decision: 'Agree with ready'
			}),
			v2(V1_NEW_VERSION, null),
			v2(V1_SIGNED, {
				'case:caseRef': 'CASE-101',
				'case:ageBand': '5-10',
				'case:legalStatus': 'interim-care-order',
				'case:assessmentDate': '2026-11-02',
				'case:assessorName': 'A. Assessor',
				'case:assessorRole': 'Social worker',
				'case:returningTo': 'Mother',
				'answer:protective-adult': 'clear-strength',
				'answer:substance-misuse-history': 'no',
				'note:protective-adult': 'Seen at three visits.',
				decision:
					'Override to ready-with-safety-plan: Recent incident not yet reflected in the answers.'
			})
		]
	},
	{
		// Version 2 as it writes records: read back exactly, trail and all.
		version: 2,
		stores: {
			assessments: { keyPath: 'id', indexes: ['caseRef', 'updatedAt', 'status'] },
			summaries: { keyPath: 'id', indexes: ['updatedAt'] }
		},
		rows: {
			assessments: [V2_COMPLETED],
			summaries: [v1Summary(V2_COMPLETED)]
		},
		// Version 3 adds an empty follow-up.
		expected: [{ ...V2_COMPLETED, schemaVersion: 3, followUp: emptyFollowUp() }]
	},
	{
		// Version 3 as it writes records: a signed assessment with its follow-up, read back exactly.
		version: 3,
		stores: {
			assessments: { keyPath: 'id', indexes: ['caseRef', 'updatedAt', 'status'] },
			summaries: { keyPath: 'id', indexes: ['updatedAt'] }
		},
		rows: {
			assessments: [V3_FOLLOWED_UP],
			summaries: [v1Summary(V3_FOLLOWED_UP)]
		},
		expected: [V3_FOLLOWED_UP]
	},
	{
		// Version 4 as it writes them: summary rows carry what is due after the decision.
		version: 4,
		stores: {
			assessments: { keyPath: 'id', indexes: ['caseRef', 'updatedAt', 'status'] },
			summaries: { keyPath: 'id', indexes: ['updatedAt'] }
		},
		rows: {
			assessments: [V4_SIGNED],
			summaries: [
				{
					...v1Summary(V4_SIGNED),
					due: [
						{
							key: 'review:post-return-review@28',
							kind: 'review',
							label: 'Review after the child has returned home',
							due: '2026-12-14',
							dueSoonFrom: '2026-11-30'
						}
					]
				}
			]
		},
		expected: [V4_SIGNED]
	},
	{
		// Version 5 as it writes them: each record's caseload digest, one string, in its own table.
		version: 5,
		stores: {
			assessments: { keyPath: 'id', indexes: ['caseRef', 'updatedAt', 'status'] },
			summaries: { keyPath: 'id', indexes: ['updatedAt'] },
			caseload: { keyPath: 'id', indexes: [] }
		},
		rows: {
			assessments: [V5_SIGNED],
			summaries: [{ ...v1Summary(V5_SIGNED), due: [] }],
			caseload: [
				{
					id: V5_SIGNED.id,
					digest: encodeCaseloadEntry({
						caseRef: 'CASE-105',
						reviewOf: null,
						supersedes: null,
						digest: caseloadDigest(V5_SIGNED, undefined)
					})
				}
			]
		},
		expected: [V5_SIGNED]
	}
];

/** A version 1 record as version 2 reads it; `baseline` null for a draft (no trail yet). */
function v2(
	r: typeof V1_SIGNED | typeof V1_NEW_VERSION | typeof V1_REVIEW,
	baseline: Record<string, string> | null
): AssessmentRecord {
	const trail =
		baseline === null
			? []
			: appendEntry([], {
					at: r.updatedAt,
					who: 'Homeward',
					field: 'status',
					old: '',
					new: r.status,
					reason: UPGRADE_REASON
				});
	return {
		...r,
		schemaVersion: 3,
		planning: emptyPlanChoices(),
		practice: emptyPracticeRecord(),
		managerReviews: [],
		audit: { baseline, trail },
		reviewCopy: null,
		followUp: emptyFollowUp()
	} as unknown as AssessmentRecord;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

/** Writes `written` the way the app version did, through IndexedDB itself. */
async function writeRaw(indexedDB: IDBFactory, name: string, written: WrittenDatabase) {
	const open = indexedDB.open(name, written.version * 10);
	open.onupgradeneeded = () => {
		for (const [store, spec] of Object.entries(written.stores)) {
			const objectStore = open.result.createObjectStore(store, { keyPath: spec.keyPath });
			for (const index of spec.indexes) objectStore.createIndex(index, index);
		}
	};
	const db = await request(open);
	const tx = db.transaction(Object.keys(written.rows), 'readwrite');
	for (const [store, rows] of Object.entries(written.rows)) {
		for (const row of rows) tx.objectStore(store).put(row);
	}
	await new Promise<void>((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
	});
	db.close();
}

/** The stores, key paths and indexes IndexedDB holds for database `name`. */
async function readSchema(indexedDB: IDBFactory, name: string) {
	const db = await request(indexedDB.open(name));
	const names = [...db.objectStoreNames];
	const tx = db.transaction(names, 'readonly');
	const stores = Object.fromEntries(
		names.map((store) => {
			const objectStore = tx.objectStore(store);
			return [store, { keyPath: objectStore.keyPath, indexes: [...objectStore.indexNames].sort() }];
		})
	);
	db.close();
	return stores;
}

const opened: HomewardDb[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
	vi.restoreAllMocks();
});

describe('summary rows worked out again at version 4', () => {
	afterEach(() => setDueOf(() => []));

	it('fills what is due on every row from its record', async () => {
		const schedule = scheduleRulesOf(loadRealRules(CURRENT_RULES_FILE).data);
		const dueOf = dueFor(() => schedule);
		setDueOf(dueOf);
		const v3 = WRITTEN.find((w) => w.version === 3)!;
		const indexedDB = new IDBFactory();
		await writeRaw(indexedDB, 'homeward', v3);
		const db = new HomewardDb('homeward', { indexedDB, IDBKeyRange });
		opened.push(db);
		const rows = await db.summaries.toArray();
		expect(rows).toEqual([{ ...v1Summary(V3_FOLLOWED_UP), due: dueOf(V3_FOLLOWED_UP) }]);
		// Home on 2026-11-16 under 1.2.0's schedule: the first review after the return, 28 days on.
		expect(rows[0]!.due[0]).toMatchObject({
			key: 'review:post-return-review@28',
			due: '2026-12-14'
		});
		expect(rows[0]!.due.length).toBeGreaterThan(0);
	});
});

describe('caseload digests moved into their own table at version 5', () => {
	it('moves each summary row’s digest, in its stored encoding, and drops a damaged one', async () => {
		const v4 = WRITTEN.find((w) => w.version === 4)!;
		const other = {
			...V4_SIGNED,
			id: '7d0c6f8e-0004-4000-8000-000000000002',
			reviewOf: V4_SIGNED.id
		};
		const third = { ...V4_SIGNED, id: '7d0c6f8e-0004-4000-8000-000000000003' };
		const written: WrittenDatabase = {
			...v4,
			rows: {
				assessments: [V4_SIGNED, other, third],
				summaries: [
					{ ...v1Summary(V4_SIGNED), due: [], caseload: v4Digest(V4_SIGNED) },
					{ ...v1Summary(other), due: [], caseload: v4Digest(other) },
					// Damaged: it is dropped, and worked out again when the caseload is next shown.
					{ ...v1Summary(third), due: [], caseload: { v: 1, status: 'sealed' } }
				]
			}
		};
		const indexedDB = new IDBFactory();
		await writeRaw(indexedDB, 'homeward', written);
		const db = new HomewardDb('homeward', { indexedDB, IDBKeyRange });
		opened.push(db);
		const rows = await db.caseload.toArray();
		expect(rows.map((r) => r.id)).toEqual([V4_SIGNED.id, other.id]);
		const [first, second] = rows.map((r) => decodeCaseloadEntry(r.digest));
		expect(first).toEqual({
			caseRef: 'CASE-104',
			reviewOf: null,
			supersedes: null,
			digest: caseloadDigest(V4_SIGNED, undefined)
		});
		expect(second?.reviewOf).toBe(V4_SIGNED.id);
		// The summary rows the first page reads no longer carry them.
		for (const summary of await db.summaries.toArray())
			expect(summary).not.toHaveProperty('caseload');
		const store = new AssessmentStore(db);
		expect((await store.caseloadRows()).missing).toEqual([third.id]);
	});
});

describe('databases written by earlier versions of Homeward', () => {
	it('has a written database for every released schema version', () => {
		expect(WRITTEN.map((w) => w.version)).toEqual(SCHEMA_VERSIONS.map((v) => v.version));
	});

	it.each(WRITTEN.map((w) => [w.version, w] as const))(
		'reads every assessment from a database written by version %i',
		async (_, written) => {
			const indexedDB = new IDBFactory();
			await writeRaw(indexedDB, 'homeward', written);
			// Dexie warns, and quietly patches, when what is on disk differs from what it was told.
			const warn = vi.spyOn(console, 'warn');
			const db = new HomewardDb('homeward', { indexedDB, IDBKeyRange });
			opened.push(db);
			const store = new AssessmentStore(db);

			const list = await store.list();
			expect(list.corrupt).toEqual([]);
			expect(list.items.map((s) => s.id)).toEqual(written.expected.map((r) => r.id));
			for (const record of written.expected) {
				expect(await store.get(record.id)).toEqual(record);
			}
			expect(warn).not.toHaveBeenCalled();
		}
	);

	it.each(WRITTEN.map((w) => [w.version, w] as const))(
		'keeps working on assessments upgraded from version %i',
		async (_, written) => {
			const indexedDB = new IDBFactory();
			await writeRaw(indexedDB, 'homeward', written);
			const db = new HomewardDb('homeward', { indexedDB, IDBKeyRange });
			opened.push(db);
			const store = new AssessmentStore(db);
			for (const record of written.expected) {
				expect((await store.history(record.id)).map((s) => s.id)).toContain(record.id);
				if (record.status !== 'signed') {
					const saved = await store.setNote(record.id, 'after-upgrade', 'Written today.');
					expect(saved.revision).toBe(record.revision + 1);
				}
			}
		}
	);

	it('writes exactly the schema today that the newest written database records', async () => {
		const newest = WRITTEN.at(-1);
		const indexedDB = new IDBFactory();
		const db = new HomewardDb('fresh', { indexedDB, IDBKeyRange });
		await db.open();
		db.close();
		const expected = Object.fromEntries(
			Object.entries(newest?.stores ?? {}).map(([store, spec]) => [
				store,
				{ keyPath: spec.keyPath, indexes: [...spec.indexes].sort() }
			])
		);
		expect(await readSchema(indexedDB, 'fresh')).toEqual(expected);
	});
});
