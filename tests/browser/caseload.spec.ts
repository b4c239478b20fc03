/**
 * The caseload view and the evaluation export (issue 15, items 5–7): on real cases (fictional)
 * and on training mode's follow-up examples; the CSV's columns, and no case reference in it.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { parseCsv } from '../../src/lib/domain/csv.ts';
import { checkPage } from './page-states.ts';
import { createAssessment } from './support.ts';

async function downloadCsv(page: Page) {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('download-csv').click()
	]);
	return {
		name: download.suggestedFilename(),
		text: await readFile(await download.path(), 'utf8')
	};
}

test('the caseload view counts the assessments on this device, and the export holds no case reference', async ({
	page
}) => {
	test.setTimeout(90_000);
	await page.goto('/caseload');
	await expect(page.getByTestId('caseload-total')).toContainText('0 cases from 0 assessments');
	await checkPage(page, 'caseload, empty');

	await createAssessment(page, 'FICT-CASELOAD-1');
	await page.goto('/');
	await page.getByRole('link', { name: 'Caseload on this device' }).click();
	await expect(page.getByTestId('caseload-total')).toContainText('1 case from 1 assessment');
	const stages = page.getByTestId('caseload-stages');
	await expect(stages.locator('thead')).toContainText('Assessing');
	await expect(stages.getByRole('row', { name: /No band yet/ })).toContainText('1');
	await expect(
		page.locator('[data-testid="caseload-chart"][data-drawn="true"]').first()
	).toBeVisible();
	await checkPage(page, 'caseload');

	await page.getByRole('link', { name: 'Export anonymised figures for evaluation' }).click();
	await expect(page.getByTestId('evaluation-count')).toContainText('1 row (one per episode)');
	await checkPage(page, 'evaluation export');
	const { name, text } = await downloadCsv(page);
	expect(name).toMatch(/^homeward-evaluation-\d{4}-\d{2}-\d{2}-1-episodes\.csv$/);
	const [header, row] = parseCsv(text);
	expect(header!.slice(0, 4)).toEqual(['episode', 'rules_version', 'assessments', 'age_band']);
	expect(row![0]).toBe('1');
	expect(text).not.toContain('FICT-CASELOAD-1');
});

test('training mode: the follow-up examples fill the training caseload and its export, apart from real cases', async ({
	page
}) => {
	test.setTimeout(90_000);
	await createAssessment(page, 'FICT-REAL-9');
	await page.goto('/training');
	await page.getByRole('link', { name: 'See the training caseload' }).click();
	await expect(page.getByTestId('training-banner')).toBeVisible();
	await expect(page.getByTestId('caseload-total')).toContainText('0 cases');
	await page.getByRole('button', { name: 'Add the fictional follow-up examples' }).click();
	await expect(page.getByTestId('examples-added')).toHaveText('2 examples were added.');
	await expect(page.getByTestId('caseload-total')).toContainText('2 cases from 2 assessments');
	await expect(
		page.getByTestId('caseload-stages').getByRole('row', { name: 'All bands' })
	).toContainText('2');
	// TRAIN-01 is at home with its reassessments not held: they show as overdue, linked to the case.
	await expect(page.getByTestId('caseload-due-cases').getByRole('link').first()).toHaveText(
		'TRAIN-01'
	);
	await expect(page.getByTestId('caseload-due-cases')).toContainText('Overdue');
	await expect(page.getByTestId('caseload-due-cases')).toContainText('Reassessment of readiness');
	await expect(page.getByTestId('caseload-support')).toContainText('waiting list (1)');
	await expect(page.getByTestId('caseload-outcomes')).toContainText('too few to mean anything');
	await expect(page.getByTestId('caseload-value')).toContainText('Children at home and stable');
	await checkPage(page, 'training caseload');

	await page.getByRole('link', { name: 'Export anonymised figures for evaluation' }).click();
	await expect(page.getByTestId('evaluation-count')).toContainText('2 rows');
	await expect(page.getByTestId('evaluation-preview').locator('tbody tr')).toHaveCount(2);
	await checkPage(page, 'training evaluation export');
	const { name, text } = await downloadCsv(page);
	expect(name).toMatch(/^homeward-training-evaluation-.*-2-episodes\.csv$/);
	const rows = parseCsv(text);
	const header = rows[0]!;
	expect(header).toEqual(
		expect.arrayContaining([
			'episode',
			'stage',
			'return_month',
			'outcome_twelve_months',
			're_entry_need'
		])
	);
	const col = (r: string[], c: string) => r[header.indexOf(c)];
	expect(
		rows
			.slice(1)
			.map((r) => col(r, 'outcome_twelve_months'))
			.sort()
	).toEqual(['home-stable', 'returned-to-care']);
	expect(text).not.toContain('TRAIN-');
	expect(text).not.toContain('FICT-REAL-9');
	expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);

	// Real cases' caseload does not count training cases.
	await page.goto('/caseload');
	await expect(page.getByTestId('caseload-total')).toContainText('1 case from 1 assessment');
});
