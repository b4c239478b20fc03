/**
 * The caseload use cases (app/caseload.ts) and training mode's follow-up examples, on a fake
 * IndexedDB with a fake clock: digests are brought up to date after any write, only the summary
 * rows are read once they are, and the examples show in the caseload and the export.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { loadCaseload } from '../../src/lib/app/caseload.ts';
import { loadEvaluation } from '../../src/lib/app/evaluation.ts';
import type { AppContext } from '../../src/lib/app/context.ts';
import { addFollowUpExamples } from '../../src/lib/app/training.ts';
import { parseCsv } from '../../src/lib/domain/csv.ts';
import { assessScenario } from '../../src/lib/training/scenario.ts';
import { findRules } from '../../src/lib/rules-registry.ts';
import { AssessmentStore, stampOf } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { choosePlan } from '../../src/lib/domain/plan.ts';
import { followUpSchedule, scheduleInputOf } from '../../src/lib/domain/follow-up-schedule.ts';
import { loadScenarios } from '../../src/lib/training/scenarios.ts';
import { testId } from '../helpers.ts';

let counter = 0;
function fakeContext(at: Date): AppContext & { db: HomewardDb } {
	let n = 0;
	const clock = () => new Date(at);
	const newId = () => testId('caseload', ++n);
	const db = new HomewardDb(`caseload-test-${++counter}`, {
		indexedDB: new IDBFactory(),
		IDBKeyRange
	});
	return { store: new AssessmentStore(db, clock, newId), clock, newId, db };
}

const { scenarios } = loadScenarios(findRules);
const examples = scenarios.filter((s) => s.followUp);
const AT = new Date(2026, 11, 2, 10, 0);

describe('training mode’s follow-up examples', () => {
	it('are two scenarios, each following items of its own chosen plan and the rules’ outcome checks', () => {
		expect(examples.map((s) => s.caseDetails.caseRef)).toEqual(['TRAIN-01', 'TRAIN-06']);
		for (const s of examples) {
			const rules = findRules(s.rules.id, s.rules.version)!;
			const f = s.followUp!;
			const result = assessScenario(
				{ ...s, caseDetails: { ...s.caseDetails, assessmentDate: f.assessmentDate } },
				rules
			);
			const plan = choosePlan(
				rules,
				result,
				{
					plannedReturnDate: f.plannedReturnDate,
					placement: '',
					placementWeeklyCost: null,
					changes: {},
					removed: {},
					added: []
				},
				f.assessmentDate
			);
			const keys = new Set(plan.items.map((i) => i.key));
			for (const e of f.support) expect(keys, `${s.id}: ${e.item}`).toContain(e.item);
			for (const o of f.outcomes) expect(['six-months', 'twelve-months']).toContain(o.check);
			expect(f.returned.date >= f.assessmentDate).toBe(true);
		}
	});

	it('answer the schedule: each review answers the item it names, and what is left overdue is known', async () => {
		const ctx = fakeContext(AT);
		await addFollowUpExamples(ctx, scenarios);
		const newest = findRules('reunification-readiness', '1.2.0')!;
		const overdue: Record<string, string[]> = {};
		for (const record of await ctx.db.assessments.toArray()) {
			const rules = findRules(record.rules.id, record.rules.version)!;
			const input = scheduleInputOf(record, rules, newest.data.followUp ?? null);
			const items = followUpSchedule(input, '2026-12-02');
			const byKey = new Map(items.map((i) => [i.key, i]));
			for (const r of record.followUp.reviews) {
				expect(r.due, `${record.caseDetails.caseRef} ${r.date}`).not.toBeNull();
				const item = byKey.get(r.due!);
				expect(item, `${record.caseDetails.caseRef}: ${r.due} is on the schedule`).toBeDefined();
				expect(item?.doneOn).toBe(r.date);
			}
			overdue[record.caseDetails.caseRef] = items
				.filter((i) => i.status === 'overdue')
				.map((i) => i.key);
		}
		// The fictional workers held every review but not the formal reassessments: a trainer's
		// example of the due list. TRAIN-06 went back into care before its 12-month review.
		expect(overdue).toEqual({
			'TRAIN-01': ['reassessment@90', 'reassessment@180'],
			'TRAIN-06': ['reassessment@90', 'reassessment@180', 'review:post-return-review@365']
		});
	});

	it('are stored as signed cases once, and show in the caseload and the export', async () => {
		const ctx = fakeContext(AT);
		expect(await addFollowUpExamples(ctx, scenarios)).toBe(2);
		expect(await addFollowUpExamples(ctx, scenarios)).toBe(0);
		const { figures, refreshed } = await loadCaseload(ctx);
		expect(refreshed).toBe(2);
		expect(figures.stages).toMatchObject({ 'at-home': 1, closed: 1 });
		expect(figures.outcomes.checks.map((c) => c.recorded)).toEqual([2, 2]);
		expect(figures.value.children).toBe(1);
		expect(figures.support.total.notProvided).toBe(2);

		const files = await loadEvaluation(ctx, true);
		const rows = parseCsv(files.csv);
		expect(rows).toHaveLength(3);
		expect(files.csv).not.toContain('TRAIN-');
		expect(files.csv).not.toMatch(/\d{4}-\d{2}-\d{2}/);
		expect(files.csvName).toBe('homeward-training-evaluation-2026-12-02-2-episodes.csv');
		expect(files.dictionary).toContain('| `re_entry_need` |');
	});
});

describe('caseload digests beside the records', () => {
	it('are brought up to date after a write, and not recomputed when nothing changed', async () => {
		const ctx = fakeContext(AT);
		await addFollowUpExamples(ctx, scenarios);
		expect((await loadCaseload(ctx)).refreshed).toBe(2);
		expect((await loadCaseload(ctx)).refreshed).toBe(0);
		expect((await ctx.store.caseloadRows()).missing).toEqual([]);
		// An ordinary write deletes the record's digest: it is stale until the next view.
		const draft = await ctx.store.create({
			rules: {
				id: 'reunification-readiness',
				version: '1.2.0',
				hash: findRules('reunification-readiness', '1.2.0')!.hash
			},
			caseDetails: {
				caseRef: 'FICT-9',
				ageBand: '',
				legalStatus: '',
				assessmentDate: '2026-12-02',
				assessorName: '',
				assessorRole: '',
				returningTo: ''
			}
		});
		expect((await ctx.store.caseloadRows()).missing).toEqual([draft.id]);
		const after = await loadCaseload(ctx);
		expect(after.refreshed).toBe(1);
		expect(after.figures.stages.assessing).toBe(1);
		expect(after.caseRefs.get(draft.id)).toBe('FICT-9');
		// So does a change to a stored record, and deleting it takes its digest with it.
		await ctx.store.setNote(draft.id, 'protective-adult', 'A fictional note.');
		expect((await ctx.store.caseloadRows()).missing).toEqual([draft.id]);
		expect((await loadCaseload(ctx)).refreshed).toBe(1);
		await ctx.store.delete(draft.id);
		expect(await ctx.db.caseload.get(draft.id)).toBeUndefined();
		expect((await loadCaseload(ctx)).refreshed).toBe(0);
	});

	it('are stale after a record comes from a team’s other device, and go when a team’s deletion arrives', async () => {
		const ctx = fakeContext(AT);
		await addFollowUpExamples(ctx, scenarios);
		await loadCaseload(ctx);
		const [stored] = (await ctx.store.exportRecords()).records;
		if (!stored) throw new Error('no example stored');
		const changed = {
			...stored,
			revision: stored.revision + 1,
			updatedAt: '2026-12-02T11:00:00.000Z'
		};
		expect(await ctx.store.putReplicated(changed, stampOf(stored))).toBe(true);
		expect((await ctx.store.caseloadRows()).missing).toEqual([stored.id]);
		expect((await loadCaseload(ctx)).refreshed).toBe(1);
		expect(await ctx.db.caseload.get(stored.id)).toBeDefined();
		expect(await ctx.store.deleteReplicated(stored.id, stampOf(changed))).toBe(true);
		expect(await ctx.db.caseload.get(stored.id)).toBeUndefined();
		expect((await loadCaseload(ctx)).figures.episodes).toBe(1);
	});

	it('leave a damaged record out and count it', async () => {
		const ctx = fakeContext(AT);
		await addFollowUpExamples(ctx, scenarios);
		await ctx.db.assessments.put({ id: 'broken', caseDetails: { caseRef: 'FICT-X' } } as never);
		const data = await loadCaseload(ctx);
		expect(data.unreadable).toBe(1);
		expect(data.figures.episodes).toBe(2);
	});
});
