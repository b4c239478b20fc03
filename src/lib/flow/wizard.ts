/**
 * The assessment wizard as an XState machine, built from a rules file: one state per step, one step
 * per domain (topic), with the transitions and skips derived from the rules data. Pure: no DOM, no
 * storage. Pages send events with the data they hold; the guards use the same validation functions
 * the pages use to show errors (`stepErrors`), so the two can never disagree.
 *
 * Steps, in order: case details → task list → each domain → check your answers → result and
 * decision → support plan → sign-off → signed (final).
 */
import { assign, setup } from 'xstate';
import { type Answers, factsFromCase } from '../domain/answers.ts';
import type { Rules } from '../domain/compile.ts';
import { assess } from '../domain/engine.ts';
import type { CaseDetails } from '../domain/assessment.ts';
import {
	type FieldError,
	validateCaseDetails,
	validateDomain,
	visibleQuestions
} from './validation.ts';
import { flowVersion, isDomainStep, wizardSteps } from './steps.ts';

export { FIXED_STEPS, flowVersion, isDomainStep, wizardSteps } from './steps.ts';

/** What the guards need to know about the assessment, sent with each event by the page. */
export interface StepData {
	caseDetails: CaseDetails;
	answers: Answers;
	/** Whether the practitioner's decision has been recorded. */
	decided: boolean;
	/** Today's date, YYYY-MM-DD (the machine reads no clock). */
	today: string;
}

export type WizardEvent =
	| { type: 'CONTINUE'; data: StepData }
	| { type: 'BACK'; data: StepData }
	/** Jump to a step, e.g. a section from the task list. */
	| { type: 'GO'; step: string; data: StepData }
	/** From check your answers: change an answer, then come back to check your answers. */
	| { type: 'CHANGE'; step: string; data: StepData }
	| { type: 'SIGNED' };

export interface WizardContext {
	returnToCheck: boolean;
}

/** A domain step is skipped when none of its questions apply. */
export function stepApplies(rules: Rules, step: string, data: StepData): boolean {
	return (
		!isDomainStep(rules, step) ||
		visibleQuestions(rules, step, data.answers, factsFromCase(data.caseDetails)).length > 0
	);
}

/** The errors that keep the user on a step; empty when they may continue. */
export function stepErrors(rules: Rules, step: string, data: StepData): FieldError[] {
	if (step === 'case-details') return validateCaseDetails(data.caseDetails, data.today);
	if (isDomainStep(rules, step))
		return validateDomain(rules, step, data.answers, factsFromCase(data.caseDetails));
	if (step === 'check-answers') return incompleteSections(rules, data);
	if (step === 'result')
		return data.decided
			? []
			: [{ field: 'decision', message: 'Select whether you agree with the recommended band' }];
	return [];
}

/** Sections (case details, domains) that still need answers before the result, as errors. */
export function incompleteSections(rules: Rules, data: StepData): FieldError[] {
	const errors: FieldError[] = [];
	if (validateCaseDetails(data.caseDetails, data.today).length > 0) {
		errors.push({ field: 'case-details', message: 'Complete the case details' });
	}
	const facts = factsFromCase(data.caseDetails);
	const missing = new Set(assess(rules, data.answers, { today: data.today, facts }).missing);
	for (const domain of rules.data.domains) {
		if (domain.factors.some((f) => missing.has(f.id))) {
			errors.push({ field: domain.id, message: `Complete the section ‘${domain.title}’` });
		}
	}
	return errors;
}

/** Can the user go straight to this step (from the task list, or on resume)? */
export function stepReachable(rules: Rules, step: string, data: StepData): boolean {
	if (!wizardSteps(rules).includes(step)) return false;
	if (step === 'result') return incompleteSections(rules, data).length === 0;
	if (step === 'plan' || step === 'sign-off')
		return incompleteSections(rules, data).length === 0 && data.decided;
	return stepApplies(rules, step, data);
}

/** The next step that applies after `step` in order. */
export function nextStep(rules: Rules, step: string, data: StepData): string | null {
	const steps = wizardSteps(rules);
	for (let i = steps.indexOf(step) + 1; i < steps.length; i++) {
		const s = steps[i] as string;
		if (stepApplies(rules, s, data)) return s;
	}
	return null;
}

/** The previous step that applies before `step` in order. */
export function previousStep(rules: Rules, step: string, data: StepData): string | null {
	const steps = wizardSteps(rules);
	for (let i = steps.indexOf(step) - 1; i >= 0; i--) {
		const s = steps[i] as string;
		if (stepApplies(rules, s, data)) return s;
	}
	return null;
}

/**
 * Where to open an assessment: the stored position if it was written by this flow and can be
 * reached; otherwise case details until they are valid, then the task list.
 */
export function startStep(
	rules: Rules,
	position: { step: string; flowVersion: string } | null,
	data: StepData
): string {
	if (
		position &&
		position.flowVersion === flowVersion(rules) &&
		stepReachable(rules, position.step, data)
	) {
		return position.step;
	}
	return validateCaseDetails(data.caseDetails, data.today).length > 0 ? 'case-details' : 'tasks';
}

/** Build the wizard machine for a rules file. Start it at a step with `machine.resolveState`. */
export function createWizardMachine(rules: Rules) {
	const steps = wizardSteps(rules);
	const machine = setup({
		types: {
			context: {} as WizardContext,
			events: {} as WizardEvent
		},
		actions: {
			clearReturn: assign({ returnToCheck: false }),
			setReturn: assign({ returnToCheck: true })
		}
	});

	const states: Record<string, object> = {};
	steps.forEach((step) => {
		const valid = (e: WizardEvent) => 'data' in e && stepErrors(rules, step, e.data).length === 0;

		// CONTINUE: back to check your answers after a change; otherwise on to the next step that applies.
		const continueTo = steps.slice(steps.indexOf(step) + 1).map((target) => ({
			target,
			guard: ({ event }: { event: WizardEvent }) =>
				valid(event) && 'data' in event && nextStep(rules, step, event.data) === target
		}));
		const onContinue =
			step === 'sign-off'
				? []
				: [
						{
							target: 'check-answers',
							guard: ({ context, event }: { context: WizardContext; event: WizardEvent }) =>
								context.returnToCheck &&
								step !== 'check-answers' &&
								step !== 'result' &&
								step !== 'plan' &&
								valid(event),
							actions: 'clearReturn' as const
						},
						...continueTo
					];

		const backTo = steps.slice(0, steps.indexOf(step)).map((target) => ({
			target,
			guard: ({ event }: { event: WizardEvent }) =>
				'data' in event && previousStep(rules, step, event.data) === target
		}));
		const onBack = [
			{
				target: 'check-answers',
				guard: ({ context }: { context: WizardContext }) =>
					context.returnToCheck && step !== 'check-answers',
				actions: 'clearReturn' as const
			},
			...backTo
		];

		states[step] = {
			on: {
				CONTINUE: onContinue,
				BACK: onBack,
				...(step === 'check-answers'
					? {
							CHANGE: steps
								.filter((s) => s === 'case-details' || isDomainStep(rules, s))
								.map((target) => ({
									target,
									guard: ({ event }: { event: WizardEvent }) =>
										event.type === 'CHANGE' &&
										event.step === target &&
										stepApplies(rules, target, event.data),
									actions: 'setReturn' as const
								}))
						}
					: {}),
				...(step === 'sign-off' ? { SIGNED: { target: 'signed' } } : {})
			}
		};
	});
	states.signed = { type: 'final' };

	return machine.createMachine({
		id: 'wizard',
		initial: 'case-details',
		context: { returnToCheck: false },
		// GO works from any step: the task list and the "Change" links are how users move around.
		on: {
			GO: steps.map((target) => ({
				target: `.${target}`,
				guard: ({ event }: { event: WizardEvent }) =>
					event.type === 'GO' && event.step === target && stepReachable(rules, target, event.data),
				actions: 'clearReturn' as const
			}))
		},
		states: states as never
	});
}

export type WizardMachine = ReturnType<typeof createWizardMachine>;
