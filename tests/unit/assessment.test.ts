import { describe, expect, it } from 'vitest';
import {
	approvalReasonsOf,
	canChange,
	caseName,
	DecisionRecordSchema,
	emptyCaseDetails,
	finalBand,
	newVersionCopy,
	newVersionRefusal,
	reviewCarryOver,
	signRefusal,
	toDecisionRecord,
	UNRECORDED_APPROVAL_REASON,
	type Assessment,
	type AssessmentStatus,
	type DecisionRecord
} from '../../src/lib/domain/assessment.ts';
import { emptyAudit } from '../../src/lib/domain/audit.ts';
import { emptyPracticeRecord } from '../../src/lib/domain/governance.ts';
import { recordDecision } from '../../src/lib/domain/decision.ts';
import { loadRealRules } from '../helpers.ts';

const rules = loadRealRules();

// A fictional assessment.
const source: Assessment = {
	caseDetails: { ...emptyCaseDetails('2026-06-01'), caseRef: 'FICT-1', ageBand: '5-10' },
	answers: { 'protective-adult': 'clear-strength', 'old-factor': 'yes' },
	notes: { 'protective-adult': 'Seen at three visits.', 'old-factor': 'Dropped.' },
	status: 'signed',
	decision: { kind: 'agree', computedBand: 'ready', decidedAt: '2026-06-01T10:00:00.000Z' },
	planning: {
		plannedReturnDate: '2026-07-01',
		placement: 'independent-fostering',
		placementWeeklyCost: 900,
		changes: { 'family-group-conference': { owner: 'Fictional team' } },
		removed: { 'parenting-course': 'Already done.' },
		added: []
	},
	signOff: { assessorName: 'A. Assessor', date: '2026-06-01', managerName: '', signedAt: 'x' },
	practice: { ...emptyPracticeRecord(), analysis: 'Fictional analysis.' },
	managerReviews: [],
	audit: emptyAudit()
};

describe('the lifecycle: draft → completed → signed', () => {
	it.each<[AssessmentStatus, boolean, ReturnType<typeof signRefusal>]>([
		['draft', true, 'not-completed'],
		['completed', true, null],
		['signed', false, 'already-signed']
	])('a %s assessment: may change %s, sign refusal %s', (status, changes, refusal) => {
		expect(canChange(status)).toBe(changes);
		expect(signRefusal(status)).toBe(refusal);
	});

	it.each<[AssessmentStatus, string | null, ReturnType<typeof newVersionRefusal>]>([
		['draft', null, 'not-signed'],
		['completed', null, 'not-signed'],
		['signed', null, null],
		['signed', 'newer-id', 'already-superseded']
	])('a new version of a %s assessment (superseded by %s): %s', (status, by, refusal) => {
		expect(newVersionRefusal({ status, supersededBy: by })).toBe(refusal);
	});
});

describe('what a review carries over', () => {
	const carried = reviewCarryOver(source, new Set(['protective-adult']), '2026-12-01');

	it('keeps the case, dated today', () => {
		expect(carried.caseDetails).toEqual({ ...source.caseDetails, assessmentDate: '2026-12-01' });
	});
	it('keeps only the answers and notes the current rules still ask about', () => {
		expect(carried.answers).toEqual({ 'protective-adult': 'clear-strength' });
		expect(carried.notes).toEqual({ 'protective-adult': 'Seen at three visits.' });
	});
	it('keeps the placement and its cost but starts the plan from the new recommendation', () => {
		expect(carried.planning).toEqual({
			plannedReturnDate: '',
			placement: 'independent-fostering',
			placementWeeklyCost: 900,
			changes: {},
			removed: {},
			added: []
		});
	});
});

describe('what a new version copies', () => {
	it('everything written, but neither the decision nor the sign-off', () => {
		const copy = newVersionCopy(source);
		expect(copy).toEqual({
			caseDetails: source.caseDetails,
			answers: source.answers,
			notes: source.notes,
			planning: source.planning,
			practice: source.practice
		});
		expect(copy).not.toHaveProperty('decision');
		expect(copy).not.toHaveProperty('signOff');
	});
});

describe('the decision and why it needs approval', () => {
	const hardStop = [{ id: 'x' }];
	const agree = recordDecision(
		rules,
		{ band: 'ready-with-plan', hardStops: [] },
		{ kind: 'agree' }
	);
	const far = recordDecision(
		rules,
		{ band: 'not-safe', hardStops: [] },
		{ kind: 'override', band: 'ready', reason: 'Fictional reason, long enough to be accepted.' }
	);
	const aboveStop = recordDecision(
		rules,
		{ band: 'not-safe', hardStops: hardStop },
		{ kind: 'override', band: 'not-yet', reason: 'Fictional reason, long enough to be accepted.' }
	);

	it('keeps the reasons worked out under the rules (bands moved, a hard stop)', () => {
		if (!far.ok || !aboveStop.ok) throw new Error('expected accepted decisions');
		const farRecord = toDecisionRecord(far.recorded, '2026-12-01T10:00:00.000Z');
		expect(approvalReasonsOf(farRecord)).toEqual(far.recorded.approvalReasons);
		expect(approvalReasonsOf(farRecord)[0]).toMatch(/moves \d bands/);
		const stopRecord = toDecisionRecord(aboveStop.recorded, '2026-12-01T10:00:00.000Z');
		expect(approvalReasonsOf(stopRecord).join(' ')).toMatch(/hard stop/);
	});

	it('gives an agreement no reasons and the computed band as final', () => {
		if (!agree.ok) throw new Error('expected an accepted decision');
		const record = toDecisionRecord(agree.recorded, '2026-12-01T10:00:00.000Z');
		expect(record).toEqual({
			kind: 'agree',
			computedBand: 'ready-with-plan',
			decidedAt: '2026-12-01T10:00:00.000Z'
		});
		expect(approvalReasonsOf(record)).toEqual([]);
		expect(finalBand(record, 'ready-with-plan')).toBe('ready-with-plan');
	});

	const older = (needs: boolean): DecisionRecord =>
		DecisionRecordSchema.parse({
			kind: 'override',
			computedBand: 'not-safe',
			band: 'ready',
			reason: 'Written before reasons were kept.',
			needsManagerApproval: needs,
			decidedAt: '2026-11-02T15:00:00.000Z'
		});

	it.each([
		[true, [UNRECORDED_APPROVAL_REASON]],
		[false, []]
	])('reads an older record that kept only needsManagerApproval=%s', (needs, reasons) => {
		expect(approvalReasonsOf(older(needs))).toEqual(reasons);
	});

	it.each<[DecisionRecord | null, string | null, string | null]>([
		[null, 'ready', 'ready'],
		[null, null, null],
		[older(false), 'not-safe', 'ready']
	])('the final band of %j over %s is %s', (decision, computed, final) => {
		expect(finalBand(decision, computed)).toBe(final);
	});
});

describe('naming the assessment in sentences', () => {
	it.each([
		['FICT-1', 'the assessment for case FICT-1'],
		['  FICT-2 ', 'the assessment for case FICT-2'],
		['', 'this assessment'],
		['   ', 'this assessment']
	])('%j → %s', (ref, name) => {
		expect(caseName(ref)).toBe(name);
	});
});
