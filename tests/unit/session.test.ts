import { emptyPracticeRecord } from '../../src/lib/domain/governance.ts';
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { extremeAnswers } from '../../src/lib/domain/answers.ts';
import { parseRules, type Rules } from '../../src/lib/domain/rules.ts';
import { AssessmentSession } from '../../src/lib/app/session.svelte.ts';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import type { CaseDetails } from '../../src/lib/domain/assessment.ts';
import { CURRENT_RULES_FILE, loadRealRules, TODAY } from '../helpers.ts';
import { teamDoc } from '../fixtures/team-docs.ts';

// Rules 1.0.0 as shipped, and a 1.1.0 used only in this test: a stricter top band.
const v100 = loadRealRules();
const v110: Rules = (() => {
	const data = structuredClone(v100.data) as unknown as Record<string, any>;
	data.version = '1.1.0';
	const bands = data.bands as { id: string; from?: number; below?: number }[];
	bands[2]!.below = 1.5;
	bands[3]!.from = 1.5;
	const parsed = parseRules(data);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
	return parsed.rules;
})();
const registry = [v100, v110];
const lookup = (id: string, version: string) =>
	registry.find((r) => r.data.id === id && r.data.version === version);
const pin = (r: Rules) => ({ id: r.data.id, version: r.data.version, hash: r.hash });

const details: CaseDetails = {
	caseRef: 'FICT-7007',
	ageBand: '5-10',
	legalStatus: 'care-order',
	assessmentDate: TODAY,
	assessorName: 'A. Fictional',
	assessorRole: 'Social worker',
	returningTo: 'Mother'
};
// Every rated answer "some strength": overall score 1.0, "ready" under 1.0.0 but not under 1.1.0.
const someStrength = Object.fromEntries(
	Object.entries(extremeAnswers(v100, 'best', (_id, v) => (v.includes('no') ? 'no' : v[0]!))).map(
		([id, value]) => [id, value === 'clear-strength' ? 'some-strength' : value]
	)
);

let store: AssessmentStore;
beforeEach(() => {
	store = new AssessmentStore(
		new HomewardDb(`test-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange })
	);
});

describe('an assessment reopens under the rules it was started with', () => {
	it('even after a newer rules version ships', async () => {
		expect(lookup('reunification-readiness', '1.1.0')).toBe(v110);
		const record = await store.create({
			rules: pin(v100),
			caseDetails: details,
			answers: someStrength
		});
		const session = await AssessmentSession.open(store, record.id, TODAY, lookup);
		expect(session.rules).toBe(v100);
		expect(session.result.rules).toMatchObject({ version: '1.0.0', hash: v100.hash });
		expect(session.result.band).toBe('ready');
		session.close();
		// The same answers under 1.1.0 would give a different band: the pin matters.
		const newer = await store.create({
			rules: pin(v110),
			caseDetails: details,
			answers: someStrength
		});
		const s2 = await AssessmentSession.open(store, newer.id, TODAY, lookup);
		expect(s2.result.band).toBe('ready-with-plan');
		s2.close();
	});

	it('refuses, changing nothing, when the app lacks that rules version', async () => {
		const record = await store.create({
			rules: { id: 'reunification-readiness', version: '0.9.0', hash: 'x' },
			caseDetails: details
		});
		await expect(AssessmentSession.open(store, record.id, TODAY, lookup)).rejects.toThrow(
			/rules reunification-readiness 0\.9\.0, which this version of Homeward does not include/
		);
		expect(await store.get(record.id)).toEqual(record);
	});

	it('refuses when the rules content differs from the pinned hash', async () => {
		const record = await store.create({
			rules: { ...pin(v100), hash: 'f'.repeat(64) },
			caseDetails: details
		});
		await expect(AssessmentSession.open(store, record.id, TODAY, lookup)).rejects.toThrow(
			/cannot be opened safely/
		);
	});
});

describe('autosave', () => {
	it('saves an answer within the autosave delay, without an explicit save', async () => {
		const record = await store.create({ rules: pin(v100), caseDetails: details });
		const session = await AssessmentSession.open(store, record.id, TODAY, lookup);
		session.setAnswer('protective-adult', 'adequate');
		session.setNote('protective-adult', 'Fictional note.');
		await new Promise((r) => setTimeout(r, 600));
		const saved = await store.get(record.id);
		expect(saved?.answers['protective-adult']).toBe('adequate');
		expect(saved?.notes['protective-adult']).toBe('Fictional note.');
		session.close();
	});

	it('two tabs editing the same assessment lose nothing: the later save merges field by field', async () => {
		const record = await store.create({ rules: pin(v100), caseDetails: details });
		const a = await AssessmentSession.open(store, record.id, TODAY, lookup);
		const b = await AssessmentSession.open(store, record.id, TODAY, lookup);
		a.setAnswer('housing', 'adequate');
		b.setAnswer('income-debt', 'mild-concern');
		b.setCaseDetail('returningTo', 'Mother and grandmother');
		await a.flush();
		await b.flush();
		const saved = await store.get(record.id);
		expect(saved?.answers).toMatchObject({ housing: 'adequate', 'income-debt': 'mild-concern' });
		expect(saved?.caseDetails.returningTo).toBe('Mother and grandmother');
		expect(b.changedElsewhere).toBe(true);
		a.close();
		b.close();
	});

	it('remembers the step and reopens there', async () => {
		const record = await store.create({ rules: pin(v100), caseDetails: details });
		const session = await AssessmentSession.open(store, record.id, TODAY, lookup);
		expect(session.step).toBe('tasks');
		session.send('CONTINUE');
		expect(session.step).toBe(v100.data.domains[0]!.id);
		await session.flush();
		session.close();
		const again = await AssessmentSession.open(store, record.id, TODAY, lookup);
		expect(again.step).toBe(v100.data.domains[0]!.id);
		again.close();
	});

	it('a decision no longer stands when a changed answer changes the band', async () => {
		const record = await store.create({
			rules: pin(v100),
			caseDetails: details,
			answers: someStrength
		});
		const session = await AssessmentSession.open(store, record.id, TODAY, lookup);
		session.setDecision({
			kind: 'agree',
			computedBand: 'ready',
			decidedAt: '2026-11-23T10:00:00Z'
		});
		await session.flush();
		// Completed only once the practitioner reaches sign-off: the plan's first pass is a draft.
		expect((await store.get(record.id))?.status).toBe('draft');
		session.go('sign-off');
		await session.flush();
		expect((await store.get(record.id))?.status).toBe('completed');
		session.setAnswer('harmful-person-access', 'yes');
		await session.flush();
		const saved = await store.get(record.id);
		expect(saved?.decision).toBeNull();
		expect(saved?.status).toBe('draft');
		expect(saved?.band).toBe('not-safe');
		session.close();
	});

	it('signing makes the assessment read-only', async () => {
		const record = await store.create({
			rules: pin(v100),
			caseDetails: details,
			answers: someStrength
		});
		const session = await AssessmentSession.open(store, record.id, TODAY, lookup);
		session.setDecision({
			kind: 'agree',
			computedBand: 'ready',
			decidedAt: '2026-11-23T10:00:00Z'
		});
		session.go('sign-off');
		session.setPractice({ ...emptyPracticeRecord(), analysis: 'Fictional analysis.' });
		await session.sign({
			assessorName: 'A. Fictional',
			date: TODAY,
			managerName: '',
			declaration: true
		});
		expect(session.readOnly).toBe(true);
		session.setAnswer('housing', 'serious-concern');
		expect(session.answers.housing).toBe(someStrength.housing);
		expect((await store.get(record.id))?.status).toBe('signed');
		session.close();
	});
});

describe('a signed assessment', () => {
	it('reopens at its read-only summary, not at a form', async () => {
		const record = await store.create({
			rules: pin(v100),
			caseDetails: details,
			answers: someStrength
		});
		const session = await AssessmentSession.open(store, record.id, TODAY, lookup);
		session.setDecision({
			kind: 'agree',
			computedBand: 'ready',
			decidedAt: '2026-11-23T10:00:00Z'
		});
		session.go('sign-off');
		session.setPractice({ ...emptyPracticeRecord(), analysis: 'Fictional analysis.' });
		await session.sign({
			assessorName: 'A. Fictional',
			date: TODAY,
			managerName: '',
			declaration: true
		});
		session.close();
		const again = await AssessmentSession.open(store, record.id, TODAY, lookup);
		expect(again.step).toBe('signed');
		expect(again.readOnly).toBe(true);
		again.close();
	});
});

describe('a change made elsewhere while the assessment is open', () => {
	const current = loadRealRules(CURRENT_RULES_FILE);
	const find = (id: string, version: string) =>
		id === current.data.id && version === current.data.version ? current : undefined;
	const until = async (what: string, probe: () => boolean) => {
		const deadline = Date.now() + 5000;
		while (!probe()) {
			if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
			await new Promise((r) => setTimeout(r, 20));
		}
	};
	const review = (outcome: 'approved' | 'returned') => ({
		outcome,
		name: 'M. Fictional',
		role: 'Team manager',
		date: TODAY,
		comment: `Fictional: ${outcome}.`
	});

	it('a return (another tab, or another device through team sync) reopens it where it carries on, with the comments', async () => {
		const awaiting = teamDoc('awaiting-approval', '00000000-0000-4000-8000-000000000601').record;
		await store.putReplicated(awaiting, null);
		const session = await AssessmentSession.open(store, awaiting.id, TODAY, find);
		expect(session.step).toBe('signed');
		expect(session.readOnly).toBe(true);
		await store.review(awaiting.id, review('returned'));
		await until('the return is taken in', () => session.status === 'draft');
		expect(session.readOnly).toBe(false);
		expect(session.step).not.toBe('signed');
		expect(session.record.managerReviews.at(-1)).toMatchObject({ comment: 'Fictional: returned.' });
		session.close();
	});

	it('an approval made elsewhere shows on its finished page, which stays', async () => {
		const awaiting = teamDoc('awaiting-approval', '00000000-0000-4000-8000-000000000602').record;
		await store.putReplicated(awaiting, null);
		const session = await AssessmentSession.open(store, awaiting.id, TODAY, find);
		await store.review(awaiting.id, review('approved'));
		await until('the approval is taken in', () => session.status === 'signed');
		expect(session.step).toBe('signed');
		expect(session.record.signOff?.managerName).toBe('M. Fictional');
		session.close();
	});
});
