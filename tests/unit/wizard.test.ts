import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Rules } from '../../src/lib/domain/compile.ts';
import {
	createWizardMachine,
	flowVersion,
	nextStep,
	previousStep,
	startStep,
	stepErrors,
	stepReachable,
	wizardSteps,
	type StepData,
	type WizardEvent
} from '../../src/lib/flow/wizard.ts';
import {
	cameIntoCareProblem,
	sectionStatus,
	validateCaseDetails,
	validateDomain,
	validatePlanItem,
	validateSignOff
} from '../../src/lib/flow/validation.ts';
import type { CaseDetails } from '../../src/lib/domain/assessment.ts';
import { loadMini, loadRealRules, TODAY } from '../helpers.ts';

// The mini rules plus a domain whose only question applies when drugs were a concern, to test skips.
const rules: Rules = loadMini((d) => {
	d.domains.splice(2, 0, {
		id: 'recovery',
		title: 'Recovery',
		summary: 'Only when drugs were a concern.',
		factors: [
			{
				id: 'recovery-plan',
				label: 'Recovery plan',
				question: 'How good is the recovery plan?',
				guidance: 'Guidance for practitioners about the recovery plan, long enough.',
				scale: 'rating',
				showIf: { factor: 'drugs-history', is: 'yes' }
			}
		]
	});
});

const details: CaseDetails = {
	caseRef: 'FICT-001',
	ageBand: '5-10',
	legalStatus: 'care-order',
	assessmentDate: TODAY,
	assessorName: 'A. Fictional',
	assessorRole: 'Social worker',
	returningTo: 'Mother'
};
const complete = {
	housing: 'adequate',
	money: 'mild',
	parenting: 'some',
	'drugs-history': 'no',
	access: 'no',
	protect: 'clear'
};
const data = (over: Partial<StepData> = {}): StepData => ({
	caseDetails: details,
	answers: complete,
	decided: false,
	today: TODAY,
	...over
});

function actorAt(step: string, returnToCheck = false) {
	const machine = createWizardMachine(rules);
	const actor = createActor(machine, {
		snapshot: machine.resolveState({ value: step, context: { returnToCheck } })
	});
	actor.start();
	return actor;
}
function after(step: string, ...events: WizardEvent[]) {
	const actor = actorAt(step);
	for (const e of events) actor.send(e);
	return actor.getSnapshot().value;
}

describe('steps come from the rules', () => {
	it('one step per domain, between the task list and check your answers', () => {
		expect(wizardSteps(rules)).toEqual([
			'case-details',
			'tasks',
			'home',
			'care',
			'recovery',
			'safety',
			'check-answers',
			'result',
			'plan',
			'sign-off'
		]);
		expect(wizardSteps(loadRealRules()).length).toBe(6 + loadRealRules().data.domains.length);
	});
	it('a domain id that clashes with a fixed step is refused', () => {
		const clash = loadMini((d) => (d.domains[0].id = 'result'));
		expect(() => wizardSteps(clash)).toThrow(/clashes/);
	});
	it('the flow version changes when the steps change', () => {
		expect(flowVersion(rules)).not.toBe(flowVersion(loadMini()));
		expect(flowVersion(rules)).toBe(flowVersion(rules));
	});
});

describe('continue', () => {
	it('case details → task list when valid', () => {
		expect(after('case-details', { type: 'CONTINUE', data: data() })).toBe('tasks');
	});
	it('stays on case details when invalid', () => {
		expect(
			after('case-details', {
				type: 'CONTINUE',
				data: data({ caseDetails: { ...details, caseRef: '' } })
			})
		).toBe('case-details');
	});
	it('task list → the first domain', () => {
		expect(after('tasks', { type: 'CONTINUE', data: data() })).toBe('home');
	});
	it('domain → next domain when its required questions are answered', () => {
		expect(after('home', { type: 'CONTINUE', data: data() })).toBe('care');
	});
	it('stays on a domain with an unanswered required question', () => {
		const { money: _m, ...partial } = complete;
		expect(after('home', { type: 'CONTINUE', data: data({ answers: partial }) })).toBe('home');
	});
	it('skips a domain none of whose questions apply', () => {
		expect(after('care', { type: 'CONTINUE', data: data() })).toBe('safety');
	});
	it('does not skip it when its question applies', () => {
		const answers = { ...complete, 'drugs-history': 'yes', 'drugs-change': 'mild' };
		expect(after('care', { type: 'CONTINUE', data: data({ answers }) })).toBe('recovery');
	});
	it('last domain → check your answers', () => {
		expect(after('safety', { type: 'CONTINUE', data: data() })).toBe('check-answers');
	});
	it('check your answers → result only when everything is complete', () => {
		expect(after('check-answers', { type: 'CONTINUE', data: data() })).toBe('result');
		const { protect: _p, ...partial } = complete;
		expect(after('check-answers', { type: 'CONTINUE', data: data({ answers: partial }) })).toBe(
			'check-answers'
		);
		expect(
			after('check-answers', {
				type: 'CONTINUE',
				data: data({ caseDetails: { ...details, assessorRole: '' } })
			})
		).toBe('check-answers');
	});
	it('result → support plan only once a decision is recorded', () => {
		expect(after('result', { type: 'CONTINUE', data: data() })).toBe('result');
		expect(after('result', { type: 'CONTINUE', data: data({ decided: true }) })).toBe('plan');
	});
	it('support plan → sign-off', () => {
		expect(after('plan', { type: 'CONTINUE', data: data({ decided: true }) })).toBe('sign-off');
	});
	it('sign-off → signed (final) on SIGNED; continue alone does nothing', () => {
		expect(after('sign-off', { type: 'CONTINUE', data: data({ decided: true }) })).toBe('sign-off');
		const actor = actorAt('sign-off');
		actor.send({ type: 'SIGNED' });
		expect(actor.getSnapshot().value).toBe('signed');
		expect(actor.getSnapshot().status).toBe('done');
	});
});

describe('back', () => {
	it.each([
		['tasks', 'case-details'],
		['home', 'tasks'],
		['care', 'home'],
		['safety', 'care'],
		['check-answers', 'safety'],
		['result', 'check-answers'],
		['plan', 'result'],
		['sign-off', 'plan']
	])('%s → %s', (from, to) => {
		expect(after(from, { type: 'BACK', data: data() })).toBe(to);
	});
	it('skips a domain that does not apply going back too', () => {
		expect(previousStep(rules, 'safety', data())).toBe('care');
		const answers = { ...complete, 'drugs-history': 'yes' };
		expect(previousStep(rules, 'safety', data({ answers }))).toBe('recovery');
	});
	it('back from case details goes nowhere', () => {
		expect(after('case-details', { type: 'BACK', data: data() })).toBe('case-details');
	});
});

describe('task list and check your answers', () => {
	it('GO jumps to any section from anywhere', () => {
		expect(after('tasks', { type: 'GO', step: 'safety', data: data() })).toBe('safety');
		expect(after('home', { type: 'GO', step: 'case-details', data: data() })).toBe('case-details');
	});
	it('GO cannot reach the result before everything is complete, nor sign-off before a decision', () => {
		const { protect: _p, ...partial } = complete;
		expect(after('tasks', { type: 'GO', step: 'result', data: data({ answers: partial }) })).toBe(
			'tasks'
		);
		expect(after('tasks', { type: 'GO', step: 'result', data: data() })).toBe('result');
		expect(after('tasks', { type: 'GO', step: 'sign-off', data: data() })).toBe('tasks');
		expect(after('tasks', { type: 'GO', step: 'sign-off', data: data({ decided: true }) })).toBe(
			'sign-off'
		);
	});
	it('GO cannot reach a domain none of whose questions apply, or a step that does not exist', () => {
		expect(after('tasks', { type: 'GO', step: 'recovery', data: data() })).toBe('tasks');
		expect(after('tasks', { type: 'GO', step: 'nowhere', data: data() })).toBe('tasks');
	});
	it('a change from check your answers returns to check your answers after continue', () => {
		const actor = actorAt('check-answers');
		actor.send({ type: 'CHANGE', step: 'home', data: data() });
		expect(actor.getSnapshot().value).toBe('home');
		expect(actor.getSnapshot().context.returnToCheck).toBe(true);
		actor.send({ type: 'CONTINUE', data: data() });
		expect(actor.getSnapshot().value).toBe('check-answers');
		expect(actor.getSnapshot().context.returnToCheck).toBe(false);
	});
	it('a change that is still invalid stays on the page', () => {
		const actor = actorAt('check-answers');
		actor.send({ type: 'CHANGE', step: 'case-details', data: data() });
		actor.send({ type: 'CONTINUE', data: data({ caseDetails: { ...details, caseRef: '' } }) });
		expect(actor.getSnapshot().value).toBe('case-details');
	});
	it('back from a change returns to check your answers', () => {
		const actor = actorAt('check-answers');
		actor.send({ type: 'CHANGE', step: 'safety', data: data() });
		actor.send({ type: 'BACK', data: data() });
		expect(actor.getSnapshot().value).toBe('check-answers');
	});
	it('CHANGE is only for questions that apply, and only from check your answers', () => {
		expect(after('check-answers', { type: 'CHANGE', step: 'recovery', data: data() })).toBe(
			'check-answers'
		);
		expect(after('check-answers', { type: 'CHANGE', step: 'result', data: data() })).toBe(
			'check-answers'
		);
		expect(after('tasks', { type: 'CHANGE', step: 'home', data: data() })).toBe('tasks');
	});
	it('GO clears a pending return to check your answers', () => {
		const actor = actorAt('check-answers');
		actor.send({ type: 'CHANGE', step: 'home', data: data() });
		actor.send({ type: 'GO', step: 'tasks', data: data() });
		expect(actor.getSnapshot().context.returnToCheck).toBe(false);
	});
});

describe('resume', () => {
	const v = flowVersion(rules);
	it('reopens at the stored step', () => {
		expect(startStep(rules, { step: 'care', flowVersion: v }, data())).toBe('care');
	});
	it('drops a position written by another flow version', () => {
		expect(startStep(rules, { step: 'care', flowVersion: 'flow-0-old' }, data())).toBe('tasks');
	});
	it('drops a position that cannot be reached now', () => {
		expect(startStep(rules, { step: 'result', flowVersion: v }, data({ answers: {} }))).toBe(
			'tasks'
		);
		expect(startStep(rules, { step: 'gone', flowVersion: v }, data())).toBe('tasks');
	});
	it('starts at case details until they are valid', () => {
		expect(startStep(rules, null, data({ caseDetails: { ...details, caseRef: '' } }))).toBe(
			'case-details'
		);
		expect(startStep(rules, null, data())).toBe('tasks');
	});
	it('reachability and next step agree', () => {
		for (const step of wizardSteps(rules)) {
			const next = nextStep(rules, step, data({ decided: true }));
			if (next) expect(stepReachable(rules, next, data({ decided: true }))).toBe(true);
		}
	});
});

describe('validation shared by pages and guards', () => {
	it('case details: every field, in page order, with GOV.UK messages', () => {
		const errors = validateCaseDetails(
			{
				caseRef: '',
				ageBand: '',
				legalStatus: '',
				assessmentDate: '',
				assessorName: ' ',
				assessorRole: '',
				returningTo: ''
			},
			TODAY
		);
		expect(errors.map((e) => e.field)).toEqual([
			'caseRef',
			'ageBand',
			'legalStatus',
			'assessmentDate',
			'assessorName',
			'assessorRole',
			'returningTo'
		]);
		expect(errors[0]?.message).toBe('Enter a case reference');
	});
	it('case details: impossible and future dates; odd references', () => {
		expect(
			validateCaseDetails({ ...details, assessmentDate: '2026-02-30' }, TODAY)[0]?.message
		).toMatch(/real date/);
		expect(
			validateCaseDetails({ ...details, assessmentDate: '2099-01-01' }, TODAY)[0]?.message
		).toMatch(/today or in the past/);
		expect(validateCaseDetails({ ...details, caseRef: '<script>' }, TODAY)[0]?.field).toBe(
			'caseRef'
		);
	});
	it('a domain lists each unanswered required question that applies', () => {
		expect(validateDomain(rules, 'care', { parenting: 'some' })).toEqual([
			{ field: 'drugs-history', message: 'Select an answer to “Question about drugs-history?”' }
		]);
		expect(
			validateDomain(rules, 'care', { parenting: 'some', 'drugs-history': 'yes' }).map(
				(e) => e.field
			)
		).toEqual(['drugs-change']);
		expect(stepErrors(rules, 'care', data())).toEqual([]);
	});
	it('"not known" counts as an answer', () => {
		expect(validateDomain(rules, 'home', { housing: 'not-known', money: 'not-known' })).toEqual([]);
	});
	it('section status: not started, in progress, completed', () => {
		expect(sectionStatus(rules, 'home', {}, [])).toBe('not-started');
		expect(sectionStatus(rules, 'home', {}, ['home'])).toBe('in-progress');
		expect(sectionStatus(rules, 'home', { housing: 'clear' }, [])).toBe('in-progress');
		expect(sectionStatus(rules, 'home', { housing: 'clear', money: 'clear' }, [])).toBe(
			'completed'
		);
	});
	it('sign-off needs a name and a real date not in the future', () => {
		expect(
			validateSignOff({ assessorName: '', date: '', managerName: '' }, TODAY).map((e) => e.field)
		).toEqual(['signAssessorName', 'signDate']);
		expect(
			validateSignOff(
				{ assessorName: 'A. Fictional', date: '2099-01-01', managerName: '' },
				TODAY
			)[0]?.message
		).toMatch(/today or in the past/);
		expect(
			validateSignOff({ assessorName: 'A. Fictional', date: TODAY, managerName: '' }, TODAY)
		).toEqual([]);
	});
});

describe('the plan item form', () => {
	it('lists every error at once, in the order the form asks (name, when, why, then the rest)', () => {
		const empty = {
			name: '',
			phase: '',
			reason: '',
			goal: '',
			owner: '',
			startDate: '',
			weeks: '',
			weeklyCost: ''
		};
		expect(validatePlanItem(empty, true).map((e) => e.field)).toEqual([
			'itemName',
			'itemPhase',
			'itemReason',
			'itemGoal',
			'itemOwner',
			'itemWeeks',
			'itemWeeklyCost'
		]);
		expect(validatePlanItem(empty, false).map((e) => e.field)).toEqual([
			'itemGoal',
			'itemOwner',
			'itemWeeks',
			'itemWeeklyCost'
		]);
	});
});

describe('the date the child came into care', () => {
	it.each([
		['', undefined],
		['2025-03-14', undefined],
		[TODAY, undefined],
		['2025-02-30', 'The date the child came into care must be a real date'],
		['14/03/2025', 'The date the child came into care must be a real date'],
		['2999-01-01', 'The date the child came into care must be today or in the past']
	])('"%s" → %s', (value, problem) => {
		expect(cameIntoCareProblem(value, TODAY)).toBe(problem);
	});
});
