/**
 * Governance: the lifecycle table, why a decision needs a manager, the manager's approval or
 * return, the practitioner's record needed to sign, the hash-chained history of changes and the
 * time in care. All case data is fictional.
 */
import { RECORD_SCHEMA_VERSION } from '../../src/lib/storage/record.ts';
import { emptyFollowUp } from '../../src/lib/domain/follow-up.ts';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
	emptyCaseDetails,
	reviewCarryOver,
	toDecisionRecord
} from '../../src/lib/domain/assessment.ts';
import { emptyPlanChoices } from '../../src/lib/domain/plan.ts';
import {
	carryOverPlan,
	confirmSection,
	earlierPlanHasChoices,
	noteEdited,
	sectionCopied
} from '../../src/lib/domain/review.ts';
import {
	appendEntries,
	appendEntry,
	changedFields,
	verifyTrail,
	type AuditChange,
	type AuditEntry
} from '../../src/lib/domain/audit.ts';
import { recordDecision } from '../../src/lib/domain/decision.ts';
import {
	approvalState,
	emptyPracticeRecord,
	openReturn,
	practiceProblems,
	timeInCare,
	validateManagerReview,
	type ManagerReview
} from '../../src/lib/domain/governance.ts';
import {
	canChange,
	nextStatus,
	progressStatus,
	STATUSES,
	type AssessmentStatus,
	type LifecycleEvent
} from '../../src/lib/domain/lifecycle.ts';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { currentRules, findRules } from '../../src/lib/rules-registry.ts';
import { createExport, importExport, parseExport } from '../../src/lib/storage/transfer/index.ts';
import { WRITTEN_UP } from '../fixtures/records.ts';
import { loadRealRules, resealed, testId, TODAY } from '../helpers.ts';

const rules = loadRealRules();
const bands = rules.data.bands.map((b) => b.id);
const REASON = 'Fictional reason, long enough to be accepted.';

describe('the lifecycle: draft → completed → awaiting approval → signed; returned → draft', () => {
	const table: [AssessmentStatus, LifecycleEvent, boolean, AssessmentStatus | null][] = [
		['draft', 'complete', false, 'completed'],
		['draft', 'incomplete', false, 'draft'],
		['draft', 'sign', false, null],
		['draft', 'approve', true, null],
		['draft', 'return', true, null],
		['completed', 'sign', false, 'signed'],
		['completed', 'sign', true, 'awaiting-approval'],
		['completed', 'incomplete', false, 'draft'],
		['completed', 'approve', true, null],
		['awaiting-approval', 'approve', true, 'signed'],
		['awaiting-approval', 'return', true, 'draft'],
		['awaiting-approval', 'sign', true, null],
		['awaiting-approval', 'complete', true, null],
		['signed', 'sign', false, null],
		['signed', 'approve', true, null],
		['signed', 'return', true, null],
		['signed', 'complete', false, null]
	];
	it.each(table)('%s + %s (needs approval: %s) → %s', (status, event, needs, next) => {
		expect(nextStatus(status, event, needs)).toBe(next);
	});

	it.each([
		[true, true, true, 'completed'],
		[true, true, false, 'draft'],
		[true, false, true, 'draft'],
		[false, true, true, 'draft']
	] as const)(
		'is completed only when complete (%s), decided (%s) and at sign-off (%s): %s',
		(complete, decided, reachedSignOff, status) => {
			expect(progressStatus({ complete, decided, reachedSignOff })).toBe(status);
		}
	);

	it('lets only a draft or a completed assessment be changed', () => {
		expect(STATUSES.filter(canChange)).toEqual(['draft', 'completed']);
	});

	it('never reaches "signed" from "completed" when the decision needs approval', () => {
		fc.assert(
			fc.property(
				fc.array(fc.constantFrom<LifecycleEvent>('complete', 'incomplete', 'sign', 'return')),
				(events) => {
					let status: AssessmentStatus = 'draft';
					for (const e of events) status = nextStatus(status, e, true) ?? status;
					expect(status).not.toBe('signed');
				}
			)
		);
	});
});

describe('why a decision needs a manager’s approval, from the rules', () => {
	const limit = rules.data.decision.managerApprovalBeyondSteps;
	const cases: { name: string; from: string; to: string; stops: unknown[]; reasons: RegExp[] }[] = [
		{ name: 'one band either way', from: bands[1]!, to: bands[2]!, stops: [], reasons: [] },
		{
			name: `more than ${limit} band(s) up, towards a return`,
			from: bands[0]!,
			to: bands[limit + 1]!,
			stops: [],
			reasons: [new RegExp(`moves ${limit + 1} bands; more than ${limit}`)]
		},
		{
			name: `more than ${limit} band(s) down, away from a return`,
			from: bands.at(-1)!,
			to: bands.at(-2 - limit)!,
			stops: [],
			reasons: [new RegExp(`moves ${limit + 1} bands`)]
		},
		{
			name: 'one band up despite a hard stop',
			from: bands[0]!,
			to: bands[1]!,
			stops: [{ id: 'fictional-stop' }],
			reasons: [/despite a hard stop/]
		},
		{
			name: 'far up despite a hard stop: both reasons',
			from: bands[0]!,
			to: bands.at(-1)!,
			stops: [{ id: 'fictional-stop' }],
			reasons: [/moves \d bands/, /despite a hard stop/]
		},
		{
			name: 'down despite a hard stop needs none for the stop',
			from: bands[1]!,
			to: bands[0]!,
			stops: [{ id: 'fictional-stop' }],
			reasons: []
		}
	];
	it.each(cases)('$name', ({ from, to, stops, reasons }) => {
		const r = recordDecision(
			rules,
			{ band: from, hardStops: stops },
			{ kind: 'override', band: to, reason: REASON }
		);
		if (!r.ok) throw new Error(r.message);
		expect(r.recorded.approvalReasons).toHaveLength(reasons.length);
		reasons.forEach((re, i) => expect(r.recorded.approvalReasons[i]).toMatch(re));
		expect(r.recorded.needsManagerApproval).toBe(reasons.length > 0);
	});
});

const review = (over: Partial<ManagerReview> = {}): ManagerReview => ({
	outcome: 'approved',
	name: 'M. Fictional',
	role: 'Team manager',
	date: TODAY,
	comment: '',
	recordedAt: `${TODAY}T12:00:00.000Z`,
	...over
});

describe('where a decision stands with its manager', () => {
	it.each<[string, boolean, string, ManagerReview[], string]>([
		['no approval needed', false, 'signed', [], 'not-needed'],
		['needed, not yet signed', true, 'completed', [], 'not-yet-signed'],
		['signed by the practitioner', true, 'awaiting-approval', [], 'awaiting'],
		['returned, then a draft', true, 'draft', [review({ outcome: 'returned' })], 'returned'],
		['approved', true, 'signed', [review()], 'approved'],
		[
			'returned, signed again, awaiting',
			true,
			'awaiting-approval',
			[review({ outcome: 'returned' })],
			'awaiting'
		]
	])('%s', (_, needs, status, reviews, kind) => {
		expect(approvalState(needs, status, reviews).kind).toBe(kind);
	});

	it('shows a return to the practitioner until they sign again', () => {
		const returned = [review({ outcome: 'returned', comment: 'Add the contingency plan.' })];
		expect(openReturn('draft', returned)?.comment).toBe('Add the contingency plan.');
		expect(openReturn('awaiting-approval', returned)).toBeNull();
		expect(openReturn('draft', [review()])).toBeNull();
	});

	it.each([
		[
			{ outcome: '', name: '', role: '', date: '', comment: '' },
			['outcome', 'managerName', 'managerRole', 'reviewDate']
		],
		[{ outcome: 'returned', name: 'M', role: 'TM', date: TODAY, comment: ' ' }, ['comment']],
		[
			{ outcome: 'approved', name: 'M', role: 'TM', date: '2099-01-01', comment: '' },
			['reviewDate']
		],
		[
			{ outcome: 'approved', name: 'M', role: 'TM', date: '2026-02-30', comment: '' },
			['reviewDate']
		],
		[{ outcome: 'approved', name: 'M', role: 'TM', date: TODAY, comment: '' }, []]
	])('checks a manager’s review form %#', (form, fields) => {
		expect(validateManagerReview(form, TODAY).map((e) => e.field)).toEqual(fields);
	});

	it('needs the analysis and the declaration to sign off', () => {
		expect(practiceProblems(emptyPracticeRecord(), false).map((e) => e.field)).toEqual([
			'analysis',
			'declaration'
		]);
		expect(practiceProblems({ ...emptyPracticeRecord(), analysis: 'Mine.' }, true)).toEqual([]);
	});
});

describe('time in care, from the date the child came into care and today', () => {
	it.each([
		['2026-11-20', '3 days'],
		['2026-11-09', '2 weeks'],
		['2026-10-23', '1 month'],
		['2026-10-24', '4 weeks'],
		['2026-05-23', '6 months'],
		['2025-11-23', '1 year'],
		['2024-08-01', '2 years and 3 months']
	])('%s → %s', (date, text) => {
		expect(timeInCare(date, TODAY)?.text).toBe(text);
	});
	it('is unknown without a date, with a date that is not real, or one after today', () => {
		expect(timeInCare('', TODAY)).toBeNull();
		expect(timeInCare('2026-02-30', TODAY)).toBeNull();
		expect(timeInCare('2026-12-01', TODAY)).toBeNull();
	});
});

const change = (n: number): AuditChange => ({
	at: `2026-11-23T10:00:${String(n).padStart(2, '0')}.000Z`,
	who: 'A. Fictional',
	field: `answer:factor-${n}`,
	old: 'adequate',
	new: 'mild-concern',
	reason: `Fictional reason ${n}`
});
const trailOf = (n: number): AuditEntry[] =>
	appendEntries(
		[],
		Array.from({ length: n }, (_, i) => change(i + 1))
	);

describe('the history of changes: append-only and hash-chained', () => {
	it('appends without altering what is there, numbering and chaining each entry', () => {
		const one = trailOf(1);
		const two = appendEntry(one, change(2));
		expect(two[0]).toEqual(one[0]);
		expect(two.map((e) => e.seq)).toEqual([1, 2]);
		expect(two[1]?.prev).toBe(two[0]?.hash);
		expect(verifyTrail(two)).toEqual({ ok: true });
		expect(verifyTrail([])).toEqual({ ok: true });
	});

	const tamperings: [string, (t: AuditEntry[]) => AuditEntry[], number, RegExp][] = [
		[
			'a changed value',
			(t) => t.map((e, i) => (i === 1 ? { ...e, new: 'adequate' } : e)),
			1,
			/entry 2 was changed/
		],
		[
			'a changed reason',
			(t) => t.map((e, i) => (i === 2 ? { ...e, reason: 'Other' } : e)),
			2,
			/entry 3 was changed/
		],
		['a removed entry', (t) => t.filter((_, i) => i !== 1), 1, /entry 2 does not follow/],
		['a removed first entry', (t) => t.slice(1), 0, /entry 1 does not follow/],
		['two entries swapped', (t) => [t[0]!, t[2]!, t[1]!, t[3]!], 1, /does not follow/],
		[
			'an inserted entry, even one hashed correctly',
			(t) => {
				const forged = appendEntry(t.slice(0, 1), change(9))[1]!;
				return [t[0]!, forged, ...t.slice(1)];
			},
			2,
			/entry 3 does not follow/
		],
		[
			'an entry re-hashed after its change',
			(t) => {
				const again = appendEntry(t.slice(0, 1), { ...change(2), new: 'clear-strength' });
				return [...again, ...t.slice(2)];
			},
			2,
			/entry 3 does not follow/
		]
	];
	it.each(tamperings)('finds %s', (_, tamper, index, message) => {
		const result = verifyTrail(tamper(trailOf(4)));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.index).toBe(index);
		expect(result.message).toMatch(message);
		expect(result.message).toMatch(/^The history of changes has been tampered with or damaged/);
	});

	it('finds any single changed field in any entry (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 6 }),
				fc.nat(),
				fc.constantFrom('who', 'field', 'old', 'new', 'reason', 'at'),
				fc.string(),
				(n, pick, key, value) => {
					const trail = trailOf(n);
					const i = pick % n;
					const entry = trail[i]!;
					fc.pre(entry[key as keyof AuditEntry] !== value);
					const tampered = trail.map((e, j) => (j === i ? { ...e, [key]: value } : e));
					expect(verifyTrail(tampered)).toMatchObject({ ok: false, index: i });
				}
			)
		);
	});

	it('lists the fields that differ, including ones added or removed', () => {
		expect(changedFields({ a: '1', b: '2', c: '3' }, { a: '1', b: 'two', d: '4' })).toEqual([
			{ field: 'b', old: '2', new: 'two' },
			{ field: 'c', old: '3', new: '' },
			{ field: 'd', old: '', new: '4' }
		]);
	});
});

// The store: approval, return and reasons, end to end on fake IndexedDB.
const PIN = { id: rules.data.id, version: rules.data.version, hash: rules.hash };
const opened: HomewardDb[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});
function setup() {
	const db = new HomewardDb('homeward', { indexedDB: new IDBFactory(), IDBKeyRange });
	opened.push(db);
	let t = Date.parse(`${TODAY}T09:00:00.000Z`);
	let id = 0;
	const store = new AssessmentStore(
		db,
		() => new Date((t += 1000)),
		() => testId('governance', ++id)
	);
	return { store };
}

const farOverride = () => {
	const r = recordDecision(
		rules,
		{ band: bands[0]!, hardStops: [] },
		{ kind: 'override', band: bands.at(-1)!, reason: REASON }
	);
	if (!r.ok) throw new Error(r.message);
	return toDecisionRecord(r.recorded, `${TODAY}T09:00:00.000Z`);
};

async function completedOverride(store: AssessmentStore) {
	const draft = await store.create({
		rules: PIN,
		caseDetails: { ...emptyCaseDetails(TODAY), caseRef: 'FICT-12', assessorName: 'A. Fictional' },
		answers: { housing: 'adequate' }
	});
	return store.update(draft.id, {
		...WRITTEN_UP,
		status: 'completed',
		band: bands[0]!,
		decision: farOverride()
	});
}
const signOff = { assessorName: 'A. Fictional', date: TODAY, managerName: '', declaration: true };

describe('approval as a step of its own', () => {
	it('starts the history when first completed', async () => {
		const { store } = setup();
		const record = await completedOverride(store);
		expect(record.audit.baseline).not.toBeNull();
		expect(record.audit.trail.map((e) => [e.field, e.old, e.new])).toEqual([
			['status', 'draft', 'completed']
		]);
	});

	it('sends an override that needs approval to "awaiting approval", never straight to "signed"', async () => {
		const { store } = setup();
		const record = await completedOverride(store);
		const signed = await store.sign(record.id, signOff);
		expect(signed.status).toBe('awaiting-approval');
		await expect(store.update(record.id, { answers: {} })).rejects.toMatchObject({
			kind: 'read-only',
			message: expect.stringMatching(/awaiting a manager’s approval/)
		});
		const approved = await store.review(record.id, {
			outcome: 'approved',
			name: 'M. Fictional',
			role: 'Team manager',
			date: TODAY,
			comment: 'The reasons are recorded and sound.'
		});
		expect(approved.status).toBe('signed');
		expect(approved.signOff?.managerName).toBe('M. Fictional');
		expect(approved.managerReviews).toHaveLength(1);
		expect(approved.audit.trail.map((e) => e.field)).toEqual(['status', 'status', 'approval']);
		expect(verifyTrail(approved.audit.trail)).toEqual({ ok: true });
		await expect(store.review(record.id, { ...approved.managerReviews[0]! })).rejects.toMatchObject(
			{ message: expect.stringMatching(/is not awaiting a manager’s approval/) }
		);
	});

	it('returns it to a draft with the comments kept', async () => {
		const { store } = setup();
		const record = await completedOverride(store);
		await store.sign(record.id, signOff);
		const returned = await store.review(record.id, {
			outcome: 'returned',
			name: 'M. Fictional',
			role: 'Team manager',
			date: TODAY,
			comment: 'Record the child’s views first.'
		});
		expect(returned.status).toBe('draft');
		expect(openReturn(returned.status, returned.managerReviews)?.comment).toBe(
			'Record the child’s views first.'
		);
	});

	it('refuses to sign without the analysis or the declaration', async () => {
		const { store } = setup();
		const record = await completedOverride(store);
		await store.update(record.id, { practice: emptyPracticeRecord() });
		await expect(store.sign(record.id, { ...signOff, declaration: false })).rejects.toMatchObject({
			message:
				'The assessment for case FICT-12 was not signed: enter your analysis and recommendation; confirm the declaration to sign off.'
		});
	});

	it('asks for a reason for changes after completion before signing, and records them', async () => {
		const { store } = setup();
		const record = await completedOverride(store);
		await store.update(record.id, { answers: { housing: 'mild-concern' } });
		await expect(store.sign(record.id, signOff)).rejects.toMatchObject({
			message: expect.stringMatching(/Give the reason for the changes first/)
		});
		await expect(
			store.explain(record.id, { who: 'A. Fictional', reason: ' ' })
		).rejects.toMatchObject({ message: 'Enter the reason for the changes' });
		const explained = await store.explain(record.id, {
			who: 'A. Fictional',
			reason: 'New evidence from the fictional housing officer.'
		});
		expect(explained.audit.trail.at(-1)).toMatchObject({
			field: 'answer:housing',
			old: 'adequate',
			new: 'mild-concern',
			who: 'A. Fictional',
			reason: 'New evidence from the fictional housing officer.'
		});
		expect((await store.sign(record.id, signOff)).status).toBe('awaiting-approval');
	});

	it('needs no reasons for a draft that was never completed', async () => {
		const { store } = setup();
		const draft = await store.create({ rules: PIN, caseDetails: emptyCaseDetails(TODAY) });
		const changed = await store.update(draft.id, { answers: { housing: 'adequate' } });
		expect(changed.audit).toEqual({ baseline: null, trail: [] });
	});
});

describe('export and import keep the history of changes and check it', () => {
	const CURRENT = {
		id: currentRules.data.id,
		version: currentRules.data.version,
		hash: currentRules.hash
	};
	const NOW = new Date(`${TODAY}T15:00:00.000Z`);
	const options = {
		knownRules: findRules,
		training: false,
		choices: { onExisting: 'skip' }
	} as const;

	async function exported() {
		const { store } = setup();
		const draft = await store.create({
			rules: CURRENT,
			caseDetails: { ...emptyCaseDetails(TODAY), caseRef: 'FICT-EXP', assessorName: 'A. Fictional' }
		});
		await store.update(draft.id, { ...WRITTEN_UP, status: 'completed', band: null });
		await store.update(draft.id, { answers: { housing: 'adequate' } });
		const explained = await store.explain(draft.id, {
			who: 'A. Fictional',
			reason: 'Fictional visit.'
		});
		expect(explained.audit.trail).toHaveLength(2);
		return createExport([explained], { now: NOW, training: false });
	}

	it('keeps the trail, which still verifies after import', async () => {
		const text = await exported();
		const { store } = setup();
		const outcome = await importExport(store, text, options);
		expect(outcome.ok).toBe(true);
		const [item] = (await store.list()).items;
		const back = await store.get(item!.id);
		expect(back?.audit.trail).toHaveLength(2);
		expect(verifyTrail(back!.audit.trail)).toEqual({ ok: true });
	});

	it.each<[string, (trail: AuditEntry[]) => AuditEntry[], RegExp]>([
		[
			'an edited reason',
			(t) => t.map((e, i) => (i === 1 ? { ...e, reason: 'Something else' } : e)),
			/entry 2 was changed/
		],
		['a removed first entry', (t) => t.slice(1), /entry 1 does not follow/],
		['entries swapped', (t) => [t[1]!, t[0]!], /does not follow/]
	])('refuses a file with %s, imports nothing, and says why', async (_, tamper, detail) => {
		const file = JSON.parse(await exported());
		file.assessments[0].audit.trail = tamper(file.assessments[0].audit.trail);
		const { store } = setup();
		// Resealed, as someone editing the file by hand could: the chain still gives it away.
		const outcome = await importExport(store, resealed(JSON.stringify(file)), options);
		expect(outcome.ok).toBe(false);
		if (outcome.ok) return;
		expect(outcome.problems.join(' ')).toMatch(
			/^Assessment 1 \(case FICT-EXP\) has a history of changes that has been tampered with or damaged \(/
		);
		expect(outcome.problems.join(' ')).toMatch(detail);
		expect((await store.list()).total).toBe(0);
	});

	it('reads an older export file (record version 1) as the current version, with a trail that says it started late', async () => {
		const file = JSON.parse(await exported());
		const r = file.assessments[0];
		delete r.practice;
		delete r.managerReviews;
		delete r.audit;
		r.schemaVersion = 1;
		// Files from before record version 2 had no seal either.
		delete file.seal;
		const parsed = parseExport(JSON.stringify(file), options);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const [record] = parsed.file.assessments;
		expect(record?.schemaVersion).toBe(RECORD_SCHEMA_VERSION);
		expect(record?.followUp).toEqual(emptyFollowUp());
		expect(record?.audit.trail.map((e) => [e.who, e.field, e.new])).toEqual([
			['Homeward', 'status', 'completed']
		]);
		expect(record?.audit.trail[0]?.reason).toMatch(/changes made before then were not recorded/);
	});
});

describe('an honest review: what was copied, and from when', () => {
	const earlierPlan = {
		...emptyPlanChoices(),
		plannedReturnDate: '2026-12-14',
		placement: 'independent-fostering',
		placementWeeklyCost: 900,
		changes: { 'family-group-conference': { owner: 'Fictional team' } },
		removed: { 'parenting-course': 'Already done.' }
	};
	const source = {
		caseDetails: { ...emptyCaseDetails('2026-06-01'), caseRef: 'FICT-REV' },
		answers: { housing: 'adequate', 'old-factor': 'yes' },
		notes: { housing: 'Rent arrears of about £600 (fictional).', 'old-factor': 'Dropped.' },
		status: 'signed' as const,
		decision: null,
		planning: earlierPlan,
		signOff: null,
		practice: {
			...emptyPracticeRecord(),
			analysis: 'Earlier analysis.',
			cameIntoCare: '2026-01-05'
		},
		managerReviews: [],
		audit: { baseline: null, trail: [] }
	};
	const start = reviewCarryOver(source, new Set(['housing']), TODAY);

	it('marks every copied note with the date it was written, and keeps the earlier plan aside', () => {
		expect(start.reviewCopy).toEqual({
			fromDate: '2026-06-01',
			confirmed: [],
			notesFrom: { housing: '2026-06-01' },
			earlierPlan,
			planChoice: null
		});
		expect(start.planning.changes).toEqual({});
		expect(start.planning.plannedReturnDate).toBe('');
		expect(start.practice).toEqual({ ...emptyPracticeRecord(), cameIntoCare: '2026-01-05' });
	});

	it.each<[string, string[], Record<string, string>, boolean]>([
		['answered, not confirmed', [], { housing: 'adequate' }, true],
		['answered, confirmed', ['home'], { housing: 'adequate' }, false],
		['nothing answered in it', [], {}, false]
	])('a section %s shows "Copied — check": %s', (_, confirmed, answers, copied) => {
		const copy = { ...start.reviewCopy!, confirmed };
		expect(sectionCopied(copy, 'home', ['housing', 'income'], answers)).toBe(copied);
	});

	it('is no copy at all on an assessment that is not a review', () => {
		expect(sectionCopied(null, 'home', ['housing'], { housing: 'adequate' })).toBe(false);
	});

	it('confirms a section once, and unmarks a note once edited', () => {
		const once = confirmSection(start.reviewCopy!, 'home');
		expect(confirmSection(once, 'home')).toBe(once);
		expect(noteEdited(start.reviewCopy!, 'housing').notesFrom).toEqual({});
		expect(noteEdited(start.reviewCopy!, 'other')).toBe(start.reviewCopy);
	});

	it('carries the earlier plan’s edits and return date over only when chosen', () => {
		expect(earlierPlanHasChoices(earlierPlan)).toBe(true);
		expect(earlierPlanHasChoices(emptyPlanChoices())).toBe(false);
		expect(carryOverPlan(start.planning, earlierPlan)).toEqual({
			...start.planning,
			plannedReturnDate: '2026-12-14',
			changes: earlierPlan.changes,
			removed: earlierPlan.removed,
			added: []
		});
	});
});
