// After the decision (issue 15): a fictional case followed from sign-off to its six-month outcome,
// with the device's clock injected (Playwright's page.clock) so reviews fall due and overdue.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { formatMoment } from '../../src/lib/domain/wording.ts';
import { ROOT } from '../helpers.ts';
import { expectPrintable, pageLines } from './print-checks.ts';
import { checkPage, completeAssessment, heading } from './support.ts';

/** Local noon on the day, so the date is the same whatever the machine's time zone. */
const on = (iso: string) => new Date(`${iso}T12:00:00`);

// A device in England: the history names each time in UK time (GMT in winter, BST in summer).
test.use({ timezoneId: 'Europe/London' });

async function fillDate(page: Page, id: string, iso: string) {
	const [y, m, d] = iso.split('-');
	await page.fill(`#${id}`, String(Number(d)));
	await page.fill(`#${id}-month`, String(Number(m)));
	await page.fill(`#${id}-year`, y!);
}

test('a case is followed from the assessment to its twelve-month outcome, every step in its history and summary', async ({
	page
}) => {
	test.setTimeout(180_000);
	// Assessed and signed on 2 November 2026 (fictional).
	await page.clock.setFixedTime(on('2026-11-02'));
	await completeAssessment(page, 'FICT-FU-1');
	await page.getByTestId('follow-up-link').click();
	await expect(heading(page)).toHaveText('After the decision');
	await expect(page.getByTestId('where')).toHaveText('Not recorded yet');
	await checkPage(page, 'follow-up');

	// The return, recorded four days after it happened.
	await page.clock.setFixedTime(on('2026-11-20'));
	await page.getByRole('link', { name: 'Record where the child is' }).click();
	await expect(heading(page)).toHaveText('Record the return');
	await page.getByRole('button', { name: 'Record the return' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText(
		'Select whether the child went home or another plan was made'
	);
	await checkPage(page, 'follow-up return with errors');
	await page.getByLabel('The child went home').check();
	await fillDate(page, 'date', '2026-11-16');
	await page.getByLabel('Yes, as planned').check();
	await page.getByLabel('Mother', { exact: true }).check();
	await checkPage(page, 'follow-up return');
	await page.getByRole('button', { name: 'Record the return' }).click();
	await expect(page.getByTestId('success-banner')).toContainText('The return is recorded');
	await expect(page.getByTestId('where')).toContainText('At home since 16 November 2026');

	// Support for the first item of the plan started the day after.
	const table = page.getByTestId('provided-table');
	const firstUpdate = table.getByRole('link', { name: /^Update/ }).first();
	await firstUpdate.click();
	await expect(heading(page)).toHaveText('Record support provided');
	await page.getByLabel('Started').check();
	await fillDate(page, 'date', '2026-11-17');
	await checkPage(page, 'follow-up support');
	await page.getByRole('button', { name: 'Record the support' }).click();
	await expect(page.getByTestId('success-banner')).toContainText('The support is recorded');
	await expect(table.locator('tbody tr').first()).toContainText('Started');

	// A month on, the review 28 days after the return (14 December) is overdue: on the first page too.
	await page.clock.setFixedTime(on('2026-12-20'));
	await page.goto('/');
	const due = page.getByTestId('home-due-list');
	await expect(due).toContainText('FICT-FU-1: Review after the child has returned home');
	await expect(due.locator('li').first()).toContainText('Overdue');
	await checkPage(page, 'home with due items');
	await due
		.getByRole('link', { name: /FICT-FU-1: Review after the child has returned home/ })
		.first()
		.click();
	await expect(heading(page)).toHaveText('Record a review');
	await page.getByRole('button', { name: 'Record the review' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText('Enter the child’s views now');
	await checkPage(page, 'follow-up review with errors');
	await page.getByLabel('Yes, as planned').check();
	await page.locator('#newConcerns-1').check();
	await page.fill('#childViews', 'Fictional: glad to be home.');
	await page.fill('#parentViews', 'Fictional: the support helps.');
	await page.getByLabel('Continue the support as planned').check();
	await page.getByRole('button', { name: 'Record the review' }).click();
	await expect(page.getByTestId('success-banner')).toContainText('The review is recorded');
	// The review answered the one due on 14 December; the next ones are still listed.
	await expect(page.getByTestId('due-list')).not.toContainText('Due 14 December 2026');
	await expect(page.getByTestId('due-list')).toContainText('Reassessment of readiness');
	await checkPage(page, 'follow-up overdue');

	// Six months after the return, the outcome is due and recorded.
	await page.clock.setFixedTime(on('2027-05-20'));
	await page.reload();
	const outcome = page
		.getByTestId('due-list')
		.getByRole('link', { name: 'Outcome six months after the return' });
	await outcome.click();
	await expect(heading(page)).toHaveText('Record an outcome');
	await page.getByLabel('At home and stable').check();
	await checkPage(page, 'follow-up outcome');
	await page.getByRole('button', { name: 'Record the outcome' }).click();
	await expect(page.getByTestId('success-banner')).toContainText('The outcome is recorded');
	await expect(page.getByTestId('follow-up-entries')).toContainText(
		'Outcome six months after the return: at home and stable'
	);

	// Twelve months after the return, the last outcome is due, then recorded: nothing more is due.
	await page.clock.setFixedTime(on('2027-11-20'));
	await page.reload();
	await page
		.getByTestId('due-list')
		.getByRole('link', { name: 'Outcome twelve months after the return' })
		.click();
	await expect(heading(page)).toHaveText('Record an outcome');
	await page.getByLabel('At home and stable').check();
	await page.getByRole('button', { name: 'Record the outcome' }).click();
	await expect(page.getByTestId('success-banner')).toContainText('The outcome is recorded');
	await expect(page.getByTestId('follow-up-entries')).toContainText(
		'Outcome twelve months after the return: at home and stable'
	);
	await expect(page.getByTestId('due-list')).not.toContainText('Outcome twelve months');

	// Every step is in the history, and on the printed summary.
	await page.getByRole('link', { name: /in the history/ }).click();
	const history = page.getByTestId('follow-up-history');
	await expect(history).toContainText('Went home');
	await expect(history).toContainText('started');
	await expect(history).toContainText('Review');
	await expect(history).toContainText('at home and stable');
	// Each entry's time in the device's zone, named: the six-month outcome in summer time, the
	// twelve-month one in winter.
	for (const day of ['2027-05-20', '2027-11-20'])
		await expect(history).toContainText(formatMoment(on(day).toISOString(), 'Europe/London'));
	await expect(history).toContainText(/ at \d\d:\d\d BST/);
	await expect(history).toContainText(/ at \d\d:\d\d GMT/);
	await checkPage(page, 'follow-up history');
	const url = page.url().replace(/\/history$/, '/summary');
	await page.goto(url);
	const after = page.getByTestId('after-decision');
	await expect(after).toContainText('At home since 16 November 2026');
	await expect(after.getByTestId('after-provided')).toContainText('Total');
	await checkPage(page, 'panel summary after the decision');

	// Printed: the section reads on paper like the rest (no heading stranded at a page foot).
	await expect(page.locator('canvas').first()).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
	await page.emulateMedia({ media: 'screen' });
	mkdirSync(join(ROOT, 'test-results/pdf'), { recursive: true });
	const file = join(ROOT, 'test-results/pdf/after-the-decision.pdf');
	writeFileSync(file, pdf);
	const text = pageLines(file).flat().join(' ');
	for (const words of [
		'After the decision',
		'At home since 16 November 2026',
		'Outcome six months',
		'Outcome twelve months'
	])
		expect(text).toContain(words);
	await expectPrintable(page, file, [
		['About this return (not rated)', 'Score, from −3 (serious concern) to +2 (clear strength)']
	]);
});

test('an unplanned return can be recorded before any decision; a planned one cannot', async ({
	page
}) => {
	await page.clock.setFixedTime(on('2026-11-02'));
	await page.goto('/');
	await page.getByRole('button', { name: 'Start a new assessment' }).click();
	await page.fill('#caseRef', 'FICT-FU-2');
	await page.check('#ageBand-2');
	await page.check('#legalStatus-2');
	await page.fill('#assessorName', 'A. Fictional');
	await page.fill('#assessorRole', 'Social worker');
	await page.fill('#returningTo', 'Mother');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(heading(page)).toHaveText('Reunification readiness assessment');
	await page.goto(`${page.url()}/follow-up`);
	await expect(page.getByTestId('not-signed')).toBeVisible();
	await checkPage(page, 'follow-up before a decision');
	await page.getByRole('link', { name: 'Record where the child is' }).click();
	await page.getByLabel('The child went home').check();
	await page.getByLabel('Yes, as planned').check();
	await page.getByLabel('Father').check();
	await page.getByRole('button', { name: 'Record the return' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText('Only an unplanned return');
	await page.getByLabel('No, it was unplanned').check();
	await page.getByRole('button', { name: 'Record the return' }).click();
	await expect(page.getByTestId('where')).toContainText('unplanned');
});
