/**
 * The use cases in src/lib/app, run against a fake IndexedDB with a fake clock and predictable
 * ids: every date and id they produce comes from the context they are given.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
	createAssessment,
	loadPanelSummary,
	newCaseDetails,
	newVersion,
	openAssessment,
	startAssessment,
	startReview
} from '../../src/lib/app/assessments.ts';
import { today, todayIso, type AppContext } from '../../src/lib/app/context.ts';
import { deviceCounts } from '../../src/lib/app/data.ts';
import { startTrainingCase } from '../../src/lib/app/training.ts';
import {
	checkImportFile,
	exportAssessments,
	exportSelection,
	importFile
} from '../../src/lib/app/transfer.ts';
import { extremeAnswers } from '../../src/lib/domain/answers.ts';
import { recordDecision } from '../../src/lib/domain/decision.ts';
import { currentRules } from '../../src/lib/rules-registry.ts';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import type { Scenario } from '../../src/lib/training/scenario.ts';
import { testId } from '../helpers.ts';

const rules = currentRules;
let counter = 0;

/** A context whose clock reads `at` (local time) and whose ids (UUIDs, as the app's) count up. */
function fakeContext(at: Date, prefix = 'id'): AppContext & { ids: string[] } {
	let n = 0;
	const ids: string[] = [];
	const clock = () => new Date(at);
	const newId = () => {
		const id = testId(prefix, ++n);
		ids.push(id);
		return id;
	};
	counter += 1;
	const db = new HomewardDb(`app-test-${counter}`, { indexedDB: new IDBFactory(), IDBKeyRange });
	return { store: new AssessmentStore(db, clock, newId), clock, newId, ids };
}

// Half an hour after midnight on 1 December, local time: the date is the 1st wherever this runs.
const AT = new Date(2026, 11, 1, 0, 30);
let ctx: ReturnType<typeof fakeContext>;
beforeEach(() => {
	ctx = fakeContext(AT);
});

const best = extremeAnswers(rules, 'best', (_id, values) =>
	values.includes('no') ? 'no' : values[0]!
);

describe('the clock and ids come from the context', () => {
	it.each([
		[new Date(2026, 11, 1, 0, 30), '2026-12-01'],
		[new Date(2026, 0, 9, 23, 59), '2026-01-09'],
		[new Date(2027, 1, 28, 12, 0), '2027-02-28']
	])('today at %s is %s, on the device’s own calendar', (at, day) => {
		expect(todayIso(at)).toBe(day);
		expect(today({ clock: () => at })).toBe(day);
	});

	it('stores a new assessment only when its case details are first saved, and only valid ones', async () => {
		const blank = newCaseDetails(ctx);
		expect(blank.assessmentDate).toBe('2026-12-01');
		expect((await ctx.store.list()).items).toHaveLength(0);
		await expect(createAssessment(ctx, blank)).rejects.toThrow(/Enter a case reference/);
		expect((await ctx.store.list()).items).toHaveLength(0);
		// Fictional details.
		const details = {
			...blank,
			caseRef: 'FICT-NEW-1',
			ageBand: '5-10' as const,
			legalStatus: 'care-order' as const,
			assessorName: 'A. Fictional',
			assessorRole: 'Social worker',
			returningTo: 'Mother'
		};
		const record = await createAssessment(ctx, details);
		expect(record.caseDetails).toEqual(details);
		expect((await ctx.store.list()).items.map((a) => a.caseRef)).toEqual(['FICT-NEW-1']);
	});

	it('starts an assessment under the current rules, dated and named by the context', async () => {
		const record = await startAssessment(ctx);
		expect(record.id).toBe(testId('id', 1));
		expect(record.caseDetails.assessmentDate).toBe('2026-12-01');
		expect(record.createdAt).toBe(AT.toISOString());
		expect(record.rules).toEqual({
			id: rules.data.id,
			version: rules.data.version,
			hash: rules.hash
		});
		expect(record.status).toBe('draft');
	});
});

describe('a review', () => {
	async function earlierWithAnswers() {
		const first = await ctx.store.create({
			rules: { id: rules.data.id, version: rules.data.version, hash: rules.hash },
			caseDetails: {
				caseRef: 'FICT-APP-1',
				ageBand: '5-10',
				legalStatus: 'care-order',
				assessmentDate: '2026-06-01',
				assessorName: 'A. Fictional',
				assessorRole: 'Social worker',
				returningTo: 'Mother'
			},
			answers: best,
			notes: { 'protective-adult': 'Fictional note.' }
		});
		return first;
	}

	it('is pre-filled from the earlier assessment, dated today, and linked to it', async () => {
		const first = await earlierWithAnswers();
		const review = await startReview(ctx, first.id);
		expect(review.id).toBe(testId('id', 2));
		expect(review.reviewOf).toBe(first.id);
		expect(review.caseDetails.caseRef).toBe('FICT-APP-1');
		expect(review.caseDetails.assessmentDate).toBe('2026-12-01');
		expect(review.answers).toEqual(best);
	});

	it('opens with the earlier result for comparison and its versions listed', async () => {
		const first = await earlierWithAnswers();
		const review = await startReview(ctx, first.id);
		const opened = await openAssessment(ctx, review.id);
		try {
			expect(opened.session.id).toBe(review.id);
			expect(opened.history.map((h) => h.id)).toEqual([review.id]);
			expect(opened.earlier?.record.id).toBe(first.id);
			expect(opened.earlier?.date).toBe('2026-06-01');
			expect(opened.earlier?.result.band).toBe(opened.session.result.band);
		} finally {
			opened.session.close();
		}
	});

	it('prints the change since the earlier assessment on the panel summary', async () => {
		const first = await earlierWithAnswers();
		const review = await startReview(ctx, first.id);
		const loaded = await loadPanelSummary(ctx, review.id);
		if (!loaded.ok) throw new Error(loaded.message);
		expect(loaded.earlier?.record.id).toBe(first.id);
		expect(loaded.earlier?.comparison.domains.length).toBe(rules.data.domains.length);
		expect(loaded.printedOn).toBe('2026-12-01');
	});
});

describe('a session stamps what it records with the context', () => {
	it('dates a decision by the clock and names an added plan item with the id maker', async () => {
		const record = await ctx.store.create({
			rules: { id: rules.data.id, version: rules.data.version, hash: rules.hash },
			caseDetails: { ...(await startAssessment(ctx)).caseDetails, caseRef: 'FICT-APP-2' },
			answers: best
		});
		const { session } = await openAssessment(ctx, record.id);
		try {
			const checked = recordDecision(rules, session.result, { kind: 'agree' });
			if (!checked.ok) throw new Error(checked.message);
			session.decide(checked.recorded);
			expect(session.decision).toEqual({
				kind: 'agree',
				computedBand: session.result.band,
				decidedAt: AT.toISOString()
			});
			expect(session.newPlanItemId()).toBe(`own-${ctx.ids.at(-1)}`);
		} finally {
			session.close();
		}
	});
});

describe('the panel summary cannot be shown', () => {
	it.each([
		[
			'for an id that is not stored',
			() => Promise.resolve('no-such-id'),
			/no assessment with this link/
		],
		[
			'under rules this build does not have',
			async () =>
				(
					await ctx.store.create({
						rules: { id: rules.data.id, version: '0.0.1', hash: 'x' },
						caseDetails: (await startAssessment(ctx)).caseDetails
					})
				).id,
			/rules reunification-readiness 0\.0\.1, which this version of Homeward does not include/
		]
	])('%s, and says why', async (_, makeId, message) => {
		const loaded = await loadPanelSummary(ctx, await makeId());
		expect(loaded.ok).toBe(false);
		if (!loaded.ok) expect(loaded.message).toMatch(message);
	});
});

describe('export and import', () => {
	it('names the file by the context’s date and imports it elsewhere, asking about clashes', async () => {
		const record = await startAssessment(ctx);
		const { records } = await exportSelection(ctx, null);
		const made = await exportAssessments(ctx, records, { training: false, passphrase: null });
		expect(made.name).toBe('homeward-1-assessment-2026-12-01.json');
		expect(JSON.parse(made.text)).toMatchObject({ exportedAt: AT.toISOString() });

		const elsewhere = fakeContext(new Date(2026, 11, 2, 9, 0), 'other');
		const fresh = await checkImportFile(elsewhere, made.text, false);
		if (!fresh.ok) throw new Error(fresh.problems.join(' '));
		expect(fresh.clashes).toEqual([]);
		expect(await importFile(elsewhere, fresh.file, () => 'skip')).toMatchObject({ added: 1 });

		const again = await checkImportFile(elsewhere, made.text, false);
		if (!again.ok) throw new Error(again.problems.join(' '));
		expect(again.clashes.map((c) => [c.id, c.name])).toEqual([
			[record.id, 'the assessment with no case reference']
		]);
	});

	it('refuses a file that is not an export, saying so', async () => {
		const checked = await checkImportFile(ctx, '{"hello": 1}', false);
		expect(checked.ok).toBe(false);
	});
});

describe('the data on this device', () => {
	it('counts real assessments by status and training cases apart', async () => {
		const training = fakeContext(AT, 'train');
		await startAssessment(ctx);
		await startAssessment(ctx);
		const scenario = {
			rules: { id: rules.data.id, version: rules.data.version },
			caseDetails: (await startAssessment(training)).caseDetails,
			answers: {},
			notes: {}
		} as unknown as Scenario;
		expect(await startTrainingCase(training, scenario, true)).not.toBeNull();
		const { counts, trainingCount } = await deviceCounts(ctx, training);
		expect(counts).toMatchObject({ total: 2, draft: 2, completed: 0, signed: 0 });
		expect(trainingCount).toBe(2);
	});

	it('starts no training case from a scenario whose rules this build lacks', async () => {
		const scenario = {
			rules: { id: rules.data.id, version: '9.9.9' },
			caseDetails: {},
			answers: {},
			notes: {}
		} as unknown as Scenario;
		expect(await startTrainingCase(ctx, scenario, false)).toBeNull();
	});
});

describe('a new version', () => {
	it('is refused for an assessment that is not signed, with a sentence', async () => {
		const record = await startAssessment(ctx);
		await expect(newVersion(ctx, record.id)).rejects.toThrow(/has not been signed/);
	});
});
