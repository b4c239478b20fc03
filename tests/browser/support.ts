// Shared steps for the browser specs. All case details are fictional.
import { expect, type Page } from '@playwright/test';
import { extremeAnswers } from '../../src/lib/domain/answers.ts';
import { CURRENT_RULES_FILE, loadRealRules } from '../helpers.ts';

// The rules new assessments use.
export const rules = loadRealRules(CURRENT_RULES_FILE);
export { checkPage } from './page-states.ts';
export const answers = extremeAnswers(rules, 'best', (_id, values) =>
	values.includes('no') ? 'no' : values[0]!
);

export const heading = (page: Page) => page.locator('#step-heading');

/** Starts a new assessment from the first page, at its case details. */
export async function startNew(page: Page) {
	await page.goto('/');
	await page.getByRole('button', { name: 'Start a new assessment' }).click();
	await expect(heading(page)).toHaveText('Case details');
}

/** Fills the case details with fictional values. */
export async function fillCaseDetails(page: Page, ref = 'FICT-1001') {
	await page.fill('#caseRef', ref);
	await page.check('#ageBand-2');
	await page.check('#legalStatus-2');
	await page.fill('#assessorName', 'A. Fictional');
	await page.fill('#assessorRole', 'Social worker');
	await page.fill('#returningTo', 'Mother');
}

/** Starts an assessment from the first page and fills its case details (not yet saved). */
export async function startAssessment(page: Page, ref: string) {
	await startNew(page);
	await fillCaseDetails(page, ref);
}

/** Starts an assessment and saves its case details: the record exists from here, at the task list. */
export async function createAssessment(page: Page, ref: string) {
	await startAssessment(page, ref);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(heading(page)).toHaveText('Reunification readiness assessment');
}

export async function answerDomain(page: Page, domainId: string) {
	const domain = rules.data.domains.find((d) => d.id === domainId)!;
	for (const f of domain.factors) {
		const value = answers[f.id];
		if (value === undefined) continue;
		await page.locator(`input[name="${f.id}"][value="${value}"]`).check();
	}
}

/** A whole assessment, from the first page to signed off (the same path as wizard.spec.ts). */
export async function completeAssessment(page: Page, ref: string) {
	await startAssessment(page, ref);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(heading(page)).toHaveText('Reunification readiness assessment');
	await page.getByRole('button', { name: 'Continue' }).click();
	for (const d of rules.data.domains) {
		await expect(heading(page)).toHaveText(d.title);
		await answerDomain(page, d.id);
		await page.fill(`#${d.factors[0]!.id}-notes`, `Fictional evidence for ${d.id}.`);
		await page.getByRole('button', { name: 'Continue' }).click();
	}
	await expect(heading(page)).toHaveText('Check your answers');
	await page.getByRole('button', { name: 'Continue to the result' }).click();
	await page.check('#decision');
	await page.getByRole('button', { name: 'Save decision and continue' }).click();
	await expect(heading(page)).toHaveText('Support plan');
	await page.getByRole('button', { name: 'Continue to sign-off' }).click();
	await expect(heading(page)).toHaveText('Sign off the assessment');
	await signOff(page);
	await expect(heading(page)).toHaveText('Assessment signed off');
}

const NOT_SAFE = rules.data.bands[0]!;

/** A fictional case answered at its best, overridden to "not safe" (needs approval), at sign-off. */
export async function overriddenAtSignOff(page: Page, ref: string) {
	await startAssessment(page, ref);
	await page.fill('#cameIntoCare', '14');
	await page.fill('#cameIntoCare-month', '3');
	await page.fill('#cameIntoCare-year', '2025');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Continue' }).click();
	for (const d of rules.data.domains) {
		await expect(heading(page)).toHaveText(d.title);
		await answerDomain(page, d.id);
		await page.getByRole('button', { name: 'Continue' }).click();
	}
	await page.getByRole('button', { name: 'Continue to the result' }).click();
	await expect(heading(page)).toHaveText('Result and your decision');
	await expect(page.getByTestId('time-in-care')).toContainText('Time in care:');
	await page.check('#decision-override');
	await page.locator(`input[name="overrideBand"][value="${NOT_SAFE.id}"]`).check();
	await page.fill(
		'#overrideReason',
		'Fictional reason: a new incident last week is not yet in the answers.'
	);
	await page.getByRole('button', { name: 'Save decision and continue' }).click();
	await expect(heading(page)).toHaveText('Support plan');
	await page.getByRole('button', { name: 'Continue to sign-off' }).click();
	await expect(heading(page)).toHaveText('Sign off the assessment');
}

/** On the sign-off page: writes a fictional analysis, confirms the declaration and signs. */
export async function signOff(page: Page) {
	await writeUp(page);
	await page.getByRole('button', { name: 'Sign off' }).click();
}

/** On the sign-off page: the practitioner's analysis (required) and the declaration. */
export async function writeUp(page: Page) {
	await page.fill('#analysis', 'Fictional analysis: the evidence supports the decision.');
	await page.check('#declaration');
}

/** Waits until the autosave has surely run (it saves within 300 ms of a change). */
export const settle = (page: Page) => page.waitForTimeout(700);
