/**
 * Validation for each wizard step: plain functions shared by the machine's guards and the pages,
 * so the two can never disagree. Each returns the errors to show, in page order, as GOV.UK-style
 * messages (what to do, not what went wrong).
 */
import { answerState, type Answers, type CaseFacts } from '../domain/answers.ts';
import type { Rules } from '../domain/compile.ts';
import { isIsoDate } from '../domain/dates.ts';
import { AGE_BANDS, LEGAL_STATUSES, type CaseDetails } from '../domain/assessment.ts';

export interface FieldError {
	/** The id of the field the error summary links to. */
	field: string;
	message: string;
}

const CASE_REF = /^[A-Za-z0-9][A-Za-z0-9\-/ ]{1,29}$/;

/**
 * The date the child came into care, as typed: optional, but if given a real date no later than
 * today. Undefined when it may be kept.
 */
export function cameIntoCareProblem(value: string, today: string): string | undefined {
	if (value === '') return undefined;
	if (!isIsoDate(value)) return 'The date the child came into care must be a real date';
	if (value > today) return 'The date the child came into care must be today or in the past';
	return undefined;
}

/** Case details: a pseudonymous reference, never a name. */
export function validateCaseDetails(d: CaseDetails, today: string): FieldError[] {
	const errors: FieldError[] = [];
	const ref = d.caseRef.trim();
	if (ref === '') errors.push({ field: 'caseRef', message: 'Enter a case reference' });
	else if (!CASE_REF.test(ref)) {
		errors.push({
			field: 'caseRef',
			message: 'Case reference must be 2 to 30 letters, numbers, spaces, hyphens or slashes'
		});
	}
	if (!(AGE_BANDS as readonly string[]).includes(d.ageBand))
		errors.push({ field: 'ageBand', message: 'Select the child’s age' });
	if (!(LEGAL_STATUSES as readonly string[]).includes(d.legalStatus)) {
		errors.push({ field: 'legalStatus', message: 'Select the child’s legal status' });
	}
	if (d.assessmentDate.trim() === '')
		errors.push({ field: 'assessmentDate', message: 'Enter the date of the assessment' });
	else if (!isIsoDate(d.assessmentDate))
		errors.push({ field: 'assessmentDate', message: 'Date of assessment must be a real date' });
	else if (d.assessmentDate > today)
		errors.push({
			field: 'assessmentDate',
			message: 'Date of assessment must be today or in the past'
		});
	if (d.assessorName.trim() === '')
		errors.push({ field: 'assessorName', message: 'Enter your name' });
	if (d.assessorRole.trim() === '')
		errors.push({ field: 'assessorRole', message: 'Enter your role' });
	if (d.returningTo.trim() === '') {
		errors.push({
			field: 'returningTo',
			message: 'Enter who the child would return to, for example “mother and her partner”'
		});
	}
	return errors;
}

/** The questions of a domain that apply, given the answers, in order. */
export function visibleQuestions(
	rules: Rules,
	domainId: string,
	answers: Answers,
	facts?: CaseFacts
): string[] {
	const domain = rules.data.domains.find((d) => d.id === domainId);
	if (!domain) return [];
	const { visible } = answerState(rules, answers, facts);
	return domain.factors.filter((f) => visible.has(f.id)).map((f) => f.id);
}

/** A domain page: every required question that applies needs an answer ("Not known" is one). */
export function validateDomain(
	rules: Rules,
	domainId: string,
	answers: Answers,
	facts?: CaseFacts
): FieldError[] {
	return visibleQuestions(rules, domainId, answers, facts).flatMap((id) => {
		const factor = rules.factors.get(id)?.factor;
		if (!factor?.required || answers[id] !== undefined) return [];
		// Named by its question, as asked on the page (not by its short label or its guidance).
		return [{ field: id, message: `Select an answer to “${factor.question}”` }];
	});
}

export type SectionStatus = 'not-started' | 'in-progress' | 'completed';

/** A task list section's status: completed when every required question that applies is answered. */
export function sectionStatus(
	rules: Rules,
	domainId: string,
	answers: Answers,
	visited: readonly string[],
	facts?: CaseFacts
): SectionStatus {
	const questions = visibleQuestions(rules, domainId, answers, facts);
	const answered = questions.filter((id) => answers[id] !== undefined).length;
	if (answered > 0 && validateDomain(rules, domainId, answers, facts).length === 0)
		return 'completed';
	return answered > 0 || visited.includes(domainId) ? 'in-progress' : 'not-started';
}

export interface SignOffForm {
	assessorName: string;
	date: string;
	managerName: string;
}

/** Sign-off: the assessor's name and a date that is not in the future; a manager's name is optional. */
export function validateSignOff(f: SignOffForm, today: string): FieldError[] {
	const errors: FieldError[] = [];
	if (f.assessorName.trim() === '')
		errors.push({
			field: 'signAssessorName',
			message: 'Enter your name to sign off the assessment'
		});
	if (f.date.trim() === '')
		errors.push({ field: 'signDate', message: 'Enter the date of sign-off' });
	else if (!isIsoDate(f.date))
		errors.push({ field: 'signDate', message: 'Date of sign-off must be a real date' });
	else if (f.date > today)
		errors.push({ field: 'signDate', message: 'Date of sign-off must be today or in the past' });
	return errors;
}

/** A support plan item as its form holds it (numbers as typed). */
export interface PlanItemForm {
	/** Only for an item the practitioner adds. */
	name: string;
	phase: string;
	reason: string;
	goal: string;
	owner: string;
	startDate: string;
	weeks: string;
	weeklyCost: string;
}

const WHOLE = /^\d+$/;
const MONEY = /^£?\s*\d{1,3}(,?\d{3})*(\.\d{1,2})?$|^£?\s*\d+(\.\d{1,2})?$/;

/** A typed amount of money as a number ("£1,250.50" → 1250.5), or null if it is not one. */
export function parseMoney(text: string): number | null {
	const t = text.trim();
	if (!MONEY.test(t)) return null;
	return Number(t.replace(/[£,\s]/g, ''));
}

/** A support item: a checkable goal, an owner, a real start date if given, a length and a weekly cost. */
export function validatePlanItem(f: PlanItemForm, added: boolean): FieldError[] {
	const errors: FieldError[] = [];
	if (added) {
		if (f.name.trim() === '')
			errors.push({ field: 'itemName', message: 'Enter the name of the support' });
		if (f.phase === '')
			errors.push({ field: 'itemPhase', message: 'Select when the support happens' });
		// In the order the form asks: name, phase, reason, then the rest.
		if (f.reason.trim() === '')
			errors.push({ field: 'itemReason', message: 'Enter why this support is needed' });
	}
	if (f.goal.trim() === '')
		errors.push({ field: 'itemGoal', message: 'Enter a goal that can be checked at a review' });
	if (f.owner.trim() === '')
		errors.push({ field: 'itemOwner', message: 'Enter who is responsible for this support' });
	if (f.startDate.trim() !== '' && !isIsoDate(f.startDate))
		errors.push({ field: 'itemStartDate', message: 'Start date must be a real date' });
	const weeks = f.weeks.trim();
	if (weeks === '')
		errors.push({ field: 'itemWeeks', message: 'Enter how many weeks the support lasts' });
	else if (!WHOLE.test(weeks))
		errors.push({ field: 'itemWeeks', message: 'Length must be a whole number of weeks, like 12' });
	else if (Number(weeks) < 1 || Number(weeks) > 520)
		errors.push({ field: 'itemWeeks', message: 'Length must be between 1 and 520 weeks' });
	const cost = f.weeklyCost.trim();
	if (cost === '')
		errors.push({
			field: 'itemWeeklyCost',
			message: 'Enter the weekly cost, or 0 if there is none'
		});
	else {
		const n = parseMoney(cost);
		if (n === null)
			errors.push({
				field: 'itemWeeklyCost',
				message: 'Weekly cost must be an amount in pounds, like 150 or 150.50'
			});
		else if (n > 1_000_000)
			errors.push({ field: 'itemWeeklyCost', message: 'Weekly cost must be £1,000,000 or less' });
	}
	return errors;
}

/** Taking a recommended item out of the plan needs a reason, which is printed. */
export function validateRemoval(reason: string): FieldError[] {
	return reason.trim().length < 10
		? [
				{
					field: 'removeReason',
					message: 'Enter why this support is not needed, in at least 10 characters'
				}
			]
		: [];
}

/** The authority's own weekly placement cost: empty (use the reference figure) or an amount. */
export function validatePlacementCost(text: string): FieldError[] {
	if (text.trim() === '') return [];
	const n = parseMoney(text);
	if (n === null)
		return [
			{
				field: 'placementWeeklyCost',
				message: 'Weekly placement cost must be an amount in pounds, like 4,200'
			}
		];
	if (n <= 0 || n > 1_000_000)
		return [
			{
				field: 'placementWeeklyCost',
				message: 'Weekly placement cost must be more than £0 and no more than £1,000,000'
			}
		];
	return [];
}

/** A planned return date: optional, but real, and not before the assessment. */
export function validateReturnDate(date: string, assessmentDate: string): FieldError[] {
	if (date.trim() === '') return [];
	if (!isIsoDate(date))
		return [{ field: 'plannedReturnDate', message: 'Planned return date must be a real date' }];
	if (date < assessmentDate)
		return [
			{
				field: 'plannedReturnDate',
				message: 'Planned return date must be on or after the date of the assessment'
			}
		];
	return [];
}
