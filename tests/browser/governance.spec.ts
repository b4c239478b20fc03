// Governance: a manager's approval as a step of its own, a return with comments, reasons for
// changes after completion in the history and the printed appendix. All case data is fictional.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { extractText } from 'unpdf';
import { ROOT } from '../helpers.ts';
import {
	checkPage,
	completeAssessment,
	heading,
	overriddenAtSignOff,
	rules,
	writeUp
} from './support.ts';

async function printed(page: Page, name: string): Promise<string[]> {
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
	await page.emulateMedia({ media: 'screen' });
	mkdirSync(join(ROOT, 'test-results/pdf'), { recursive: true });
	writeFileSync(join(ROOT, `test-results/pdf/${name}.pdf`), pdf);
	const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
	return text.map((t) => t.replace(/\s+/g, ' '));
}

test('an override that needs approval is never "Signed off" until a manager approves; a return shows the comments; later changes need a reason and are printed', async ({
	page
}) => {
	test.setTimeout(180_000);
	page.setDefaultTimeout(10_000);
	await overriddenAtSignOff(page, 'FICT-GOV-1');
	await expect(page.getByTestId('approval-needed')).toContainText('moves 3 bands');
	await checkPage(page, 'sign-off needing approval');

	// Sign-off needs the analysis and the declaration.
	await page.getByRole('button', { name: 'Sign off' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toContainText('Enter your analysis and recommendation');
	await expect(summary).toContainText('Confirm the declaration to sign off');
	await checkPage(page, 'sign-off with errors');

	await page.fill('#childViewsText', 'Fictional: “I want to go home but not yet.”');
	await page.fill('#childViewsHow', 'direct work at school');
	await page.fill('#childViewsWhen', '20');
	await page.fill('#childViewsWhen-month', '11');
	await page.fill('#childViewsWhen-year', '2026');
	await page.fill('#parentViewsText', 'Fictional: “We are ready and we will work with the plan.”');
	await page.fill('#parentViewsHow', 'a meeting at the family centre');
	await page.fill(
		'#contingency',
		'Fictional: back to the same foster carers; the team manager decides.'
	);
	await writeUp(page);
	await page.getByRole('button', { name: 'Sign off' }).click();
	await expect(heading(page)).toHaveText('Awaiting manager approval');
	await expect(page.getByText('Assessment signed off')).toHaveCount(0);
	await checkPage(page, 'awaiting approval');
	const assessmentUrl = page.url();

	// The printed summary says it awaits approval, never "Signed off".
	await page.getByTestId('summary-link').click();
	await expect(page.getByTestId('approval-summary')).toContainText('Awaiting manager approval');
	await expect(page.getByTestId('case-facts')).not.toContainText('Signed off');
	await checkPage(page, 'summary awaiting approval');

	// The manager returns it with comments.
	await page.goto(`${assessmentUrl}/approval`);
	await expect(heading(page)).toHaveText('Manager’s approval');
	await expect(page.getByTestId('approval-reasons')).toContainText('moves 3 bands');
	await checkPage(page, 'approval page');
	await page.getByRole('button', { name: 'Record your decision' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText('Select whether you approve');
	await checkPage(page, 'approval page with errors');
	await page.check('#outcome-1');
	await page.fill('#managerName', 'M. Fictional');
	await page.fill('#managerRole', 'Team manager');
	await page.getByRole('button', { name: 'Record your decision' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText('Enter your comments');
	await page.fill('#comment', 'Fictional: say more about the new incident in the reason.');
	await page.getByRole('button', { name: 'Record your decision' }).click();
	await expect(page.getByTestId('review-done')).toContainText('Returned to the practitioner');
	await checkPage(page, 'returned');

	// The practitioner sees the comments, changes the decision's reason, and must say why.
	await page.goto(assessmentUrl);
	await expect(page.getByTestId('manager-comments')).toHaveText(
		'Fictional: say more about the new incident in the reason.'
	);
	await checkPage(page, 'returned to the practitioner');
	await page.getByRole('link', { name: 'Back' }).click();
	await page.getByRole('link', { name: 'Back' }).click();
	await expect(heading(page)).toHaveText('Result and your decision');
	await page.fill(
		'#overrideReason',
		'Fictional reason: a new incident last week (police called to the home) is not yet in the answers.'
	);
	await page.getByRole('button', { name: 'Save decision and continue' }).click();
	await page.getByRole('button', { name: 'Continue to sign-off' }).click();
	await expect(page.getByTestId('changes-need-reason')).toContainText('one thing');
	await page.getByRole('button', { name: 'Sign off' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText(
		'Give the reason for the changes'
	);
	await page.getByTestId('changes-need-reason').getByRole('link').click();
	await expect(heading(page)).toHaveText('Give the reason for the changes');
	await expect(page.getByTestId('unexplained')).toContainText('Decision');
	await checkPage(page, 'reason page');
	await page.getByRole('button', { name: 'Save the reason' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText('Enter the reason');
	await checkPage(page, 'reason page with errors');
	await page.fill('#reason', 'Fictional: the manager asked for the incident to be described.');
	await page.getByRole('button', { name: 'Save the reason' }).click();
	await expect(page.getByTestId('reason-saved')).toBeVisible();
	await checkPage(page, 'reason saved');

	await page.goto(`${assessmentUrl}/history`);
	await expect(page.getByTestId('history-table')).toContainText(
		'Fictional: the manager asked for the incident to be described.'
	);
	await expect(page.getByTestId('history-table')).toContainText('Returned to the practitioner');
	await checkPage(page, 'history');

	// Sign again; the manager approves; only now is it signed off.
	await page.goto(assessmentUrl);
	await expect(heading(page)).toHaveText('Sign off the assessment');
	await page.check('#declaration');
	await page.getByRole('button', { name: 'Sign off' }).click();
	await expect(heading(page)).toHaveText('Awaiting manager approval');
	await page.getByTestId('approval-link').click();
	await page.check('#outcome');
	await page.fill('#managerName', 'M. Fictional');
	await page.fill('#managerRole', 'Team manager');
	await page.fill('#comment', 'Fictional: agreed; review in four weeks.');
	await page.getByRole('button', { name: 'Record your decision' }).click();
	await expect(page.getByTestId('review-done')).toContainText('Decision approved');
	await page.goto(assessmentUrl);
	await expect(heading(page)).toHaveText('Assessment signed off');
	await expect(page.getByTestId('finished-status')).toContainText('approved by M. Fictional');
	await checkPage(page, 'signed after approval');

	await page.getByTestId('summary-link').click();
	await expect(page.getByTestId('approval-summary')).toContainText('Approved by M. Fictional');
	await expect(page.getByTestId('changes-appendix')).toContainText(
		'Fictional: the manager asked for the incident to be described.'
	);
	await checkPage(page, 'summary signed after approval');
	const pages = await printed(page, 'governance-approved');
	const all = pages.join(' ');
	expect(all).toContain('Approved by M. Fictional (Team manager)');
	expect(all).toContain('Needed because: The override moves 3 bands');
	expect(all).toContain('Fictional analysis: the evidence supports the decision.');
	expect(all).toContain('I want to go home but not yet.');
	expect(all).toContain('We are ready and we will work with the plan.');
	expect(all).toContain('How and when gathered: direct work at school, 20 November 2026');
	expect(all).toContain('Fictional: back to the same foster carers');
	expect(all).toMatch(/Time in care \d+ (year|month)/);
	expect(all).toContain('Appendix: changes after completion');
	expect(all).toContain('Fictional: the manager asked for the incident to be described.');
	expect(all).toContain('The assessor’s declaration');
	expect(pages.length).toBeLessThanOrEqual(5);
});

test('a review says what it is, marks copied sections "Copied — check" until confirmed, and dates copied notes', async ({
	page
}) => {
	test.setTimeout(120_000);
	page.setDefaultTimeout(10_000);
	await completeAssessment(page, 'FICT-GOV-REV');
	await page.goto('/');
	await page.getByRole('button', { name: 'Start review of FICT-GOV-REV' }).click();
	await expect(heading(page)).toHaveText('Reunification readiness assessment');
	await expect(page.getByTestId('review-banner')).toContainText(
		'This is a review of the assessment of'
	);
	const first = rules.data.domains[0]!;
	const copiedTags = page.locator('.govuk-task-list__status', { hasText: 'Copied — check' });
	await expect(copiedTags).toHaveCount(rules.data.domains.length);
	await checkPage(page, 'review task list');

	await page.getByRole('link', { name: first.title, exact: true }).click();
	await expect(page.getByTestId('copied-section')).toContainText('Copied — check');
	await expect(page.locator(`#${first.factors[0]!.id}-notes-hint`)).toContainText(
		'Copied — written for the assessment of'
	);
	await checkPage(page, 'review section copied');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('link', { name: 'Return to the task list' }).click();
	await expect(copiedTags).toHaveCount(rules.data.domains.length - 1);
	await expect(page.locator(`#${first.id}-status`)).toHaveText('Completed');
});

test('a history of changes edited behind the app’s back is shown as a warning when the assessment opens', async ({
	page
}) => {
	test.setTimeout(120_000);
	page.setDefaultTimeout(10_000);
	await completeAssessment(page, 'FICT-GOV-TAMPER');
	const url = page.url();
	const id = url.split('/').at(-1)!;
	// Edit a stored entry directly in IndexedDB, as someone with the browser's tools could.
	await page.evaluate(async (recordId) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('homeward');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const store = db.transaction('assessments', 'readwrite').objectStore('assessments');
		const record = await new Promise<{ audit: { trail: { reason: string }[] } }>((resolve) => {
			const get = store.get(recordId);
			get.onsuccess = () => resolve(get.result as { audit: { trail: { reason: string }[] } });
		});
		record.audit.trail[0]!.reason = 'Edited afterwards (fictional).';
		await new Promise((resolve) => {
			store.put(record).onsuccess = resolve;
		});
		db.close();
	}, id);
	await page.reload();
	await expect(page.getByTestId('trail-warning')).toContainText(
		'The history of changes has been tampered with or damaged: entry 1 was changed after it was written.'
	);
	await checkPage(page, 'assessment with a broken history');
	await page.goto(`${url}/history`);
	await expect(heading(page)).toHaveText('History of changes');
	await expect(page.getByTestId('trail-warning')).toBeVisible();
	await checkPage(page, 'history with a broken chain');
});
