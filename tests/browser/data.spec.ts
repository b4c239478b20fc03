import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { checkPage, createAssessment, settle } from './support.ts';

// All case details here are fictional.

async function exportFile(
	page: Page,
	protect: string | null = null
): Promise<{ name: string; text: string }> {
	if (protect === null) await page.check('#protect-2');
	else {
		await page.check('#protect');
		await page.fill('#passphrase', protect);
		await page.fill('#confirm', protect);
	}
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Export' }).click()
	]);
	await expect(page.getByTestId('export-done')).toBeVisible();
	return {
		name: download.suggestedFilename(),
		text: await readFile(await download.path(), 'utf8')
	};
}

async function upload(page: Page, name: string, text: string) {
	await page.setInputFiles('#import-file', {
		name,
		mimeType: 'application/json',
		buffer: Buffer.from(text)
	});
	await page.getByRole('button', { name: 'Continue' }).click();
}

async function makeTwo(page: Page) {
	await createAssessment(page, 'FICT-D1');
	await createAssessment(page, 'FICT-D2');
}

test.describe('export and import', () => {
	test('export all, then import the file back: asks about each one already here, and counts', async ({
		page
	}) => {
		await makeTwo(page);
		await page.goto('/');
		await page.getByRole('link', { name: 'Data on this device' }).click();
		await expect(page.getByTestId('assessment-count')).toHaveText('2 assessments: 2 drafts');
		await checkPage(page, 'data page');
		await page.getByRole('link', { name: 'Export all assessments' }).click();
		await expect(page.getByTestId('export-count')).toContainText('2 assessments: 2 drafts');
		await checkPage(page, 'export page');
		await page.getByRole('button', { name: 'Export' }).click();
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'Select whether to protect the file with a passphrase'
		);
		await checkPage(page, 'export page with errors');

		const { name, text } = await exportFile(page);
		expect(name).toMatch(/^homeward-2-assessments-\d{4}-\d{2}-\d{2}\.json$/);
		const file = JSON.parse(text);
		expect(file).toMatchObject({ format: 'homeward-export', formatVersion: 1, training: false });
		expect(
			file.assessments
				.map((a: { caseDetails: { caseRef: string } }) => a.caseDetails.caseRef)
				.sort()
		).toEqual(['FICT-D1', 'FICT-D2']);

		await page.goto('/data/import');
		await checkPage(page, 'import page');
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'Select a Homeward export file'
		);
		await checkPage(page, 'import page with errors');
		await upload(page, name, text);
		await expect(page.getByTestId('file-holds')).toContainText('holds 2 assessments');
		await page.getByRole('button', { name: 'Import 2 assessments' }).click();
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'Select what to do with the assessments already on this device'
		);
		await checkPage(page, 'import check with errors');
		await page.check('#forAll-each');
		await page.getByRole('button', { name: 'Import 2 assessments' }).click();
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'Select what to do with the assessment for case FICT-D1'
		);
		await page.getByRole('radio', { name: 'Keep both (the assessment for case FICT-D1)' }).check();
		await page.getByRole('radio', { name: 'Skip it (the assessment for case FICT-D2)' }).check();
		await checkPage(page, 'import check, one by one');
		await page.getByRole('button', { name: 'Import 2 assessments' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import complete');
		await expect(page.getByTestId('import-summary')).toContainText(
			'Kept both (added beside the copy here) 1'
		);
		await expect(page.getByTestId('import-summary')).toContainText(
			'Skipped (the copy here was kept, or was identical) 1'
		);
		await checkPage(page, 'import complete');
		await page.getByRole('link', { name: 'Go to the assessments on this device' }).click();
		// Both copies are listed, and every link on their rows has a name of its own (WCAG 2.4.4).
		await expect(
			page.getByRole('link', { name: /^FICT-D1\W+FICT-D1 \(.*last changed / })
		).toHaveCount(2);
		await expect(page.getByRole('link', { name: 'FICT-D2', exact: true })).toHaveCount(1);
		const names = await page
			.getByTestId('assessment-list')
			.getByRole('link')
			.evaluateAll((links) => links.map((l) => l.textContent));
		expect(new Set(names).size).toBe(names.length);
	});

	test('one assessment from its row, protected: the wrong passphrase imports nothing, the right one does', async ({
		page
	}) => {
		await makeTwo(page);
		await page.goto('/');
		await page.getByRole('link', { name: 'Export FICT-D1' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Export the assessment for case FICT-D1'
		);
		await page.check('#protect');
		await page.fill('#passphrase', 'short');
		await page.getByRole('button', { name: 'Export' }).click();
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'Passphrase must be 10 characters or more'
		);
		await checkPage(page, 'export with passphrase errors');
		const { name, text } = await exportFile(page, 'fictional correct horse');
		expect(name).toMatch(/-1-assessment-.*-protected\.json$/);
		expect(JSON.parse(text)).toMatchObject({ format: 'homeward-encrypted' });
		expect(text).not.toContain('FICT-D1');

		// Import into a device where it is not stored: remove everything first.
		await page.goto('/data/remove');
		await page.getByRole('button', { name: 'Yes, remove all data' }).click();
		// Leaving before the removal has finished would leave the case on the device.
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('All data removed');
		await page.goto('/data/import');
		await upload(page, name, text);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter the file’s passphrase');
		await checkPage(page, 'passphrase page');
		await page.fill('#passphrase', 'fictional wrong horse');
		await page.getByRole('button', { name: 'Continue' }).click();
		const summary = page.locator('.govuk-error-summary');
		await expect(summary).toContainText('Nothing was imported');
		await expect(summary).toContainText(
			'The passphrase is wrong, or the file has been changed since it was exported.'
		);
		await checkPage(page, 'passphrase page with errors');
		await page.fill('#passphrase', 'fictional correct horse');
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page.getByTestId('file-holds')).toContainText('holds 1 assessment');
		await page.getByRole('button', { name: 'Import 1 assessment' }).click();
		await expect(page.getByTestId('import-counts')).toHaveText('1 assessment imported');
		await page.goto('/');
		await expect(page.getByRole('link', { name: 'FICT-D1', exact: true })).toHaveCount(1);
		await expect(page.getByRole('link', { name: 'FICT-D2', exact: true })).toHaveCount(0);
	});

	test('a bad file says what is wrong under “Nothing was imported”, and changes nothing', async ({
		page
	}) => {
		await makeTwo(page);
		await page.goto('/data/import');
		await upload(page, 'notes.json', 'Dear colleague, these are not assessments.');
		const summary = page.locator('.govuk-error-summary');
		await expect(summary.getByRole('heading')).toHaveText('Nothing was imported');
		await expect(summary).toContainText(
			'This file is not a Homeward export: it is not in the JSON format that Homeward exports use.'
		);
		await expect(page.locator('#import-file-error')).toBeVisible();
		await expect(page).toHaveTitle(/^Error: /);
		await checkPage(page, 'import of a bad file');
		await upload(
			page,
			'cut.json',
			'{"format":"homeward-export","formatVersion":1,"assessments":[{"id":"x'
		);
		await expect(summary).toContainText('This file is incomplete');
		await page.goto('/data');
		await expect(page.getByTestId('assessment-count')).toHaveText('2 assessments: 2 drafts');
	});

	test('training mode has its own export and import, and no training case can become real', async ({
		page
	}) => {
		await makeTwo(page);
		await page.goto('/data/export');
		const real = await exportFile(page);

		await page.goto('/training');
		await page.getByRole('button', { name: 'Load answered TRAIN-01' }).click();
		await expect(page.getByTestId('training-banner')).toBeVisible();
		await settle(page);
		await page.goto('/training');
		await page.getByRole('link', { name: 'Export training cases' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Export all training cases');
		await checkPage(page, 'training export');
		const training = await exportFile(page);
		expect(training.name).toMatch(/^homeward-training-1-assessment-/);
		expect(JSON.parse(training.text)).toMatchObject({ training: true });

		// A training file is refused among real cases…
		await page.goto('/data/import');
		await upload(page, training.name, training.text);
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'This file holds training mode’s fictional cases, so it cannot be imported among real cases.'
		);
		// …and a real file in training mode.
		await page.goto('/training/import');
		await expect(page.getByTestId('training-banner')).toBeVisible();
		await upload(page, real.name, real.text);
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'This file holds real cases, so it cannot be imported in training mode'
		);
		await checkPage(page, 'training import refused');
		// A training file imports in training mode, into the training space only.
		await upload(page, training.name, training.text);
		await page.getByRole('radio', { name: 'Keep both (the assessment for case TRAIN-01)' }).check();
		await page.getByRole('button', { name: 'Import 1 training case' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import complete');
		await page.getByRole('link', { name: 'Go to the training cases' }).click();
		await expect(
			page.getByTestId('training-cases').getByRole('link', { name: 'TRAIN-01', exact: true })
		).toHaveCount(2);
		await page.goto('/');
		await expect(page.getByRole('link', { name: 'TRAIN-01', exact: true })).toHaveCount(0);
	});
});

test.describe('the data on this device', () => {
	test('shows space used and persistence, asks the browser to keep the data, and removes everything after saying what is lost', async ({
		page
	}) => {
		await makeTwo(page);
		await page.goto('/training');
		await page.getByRole('button', { name: 'Load blank TRAIN-02' }).click();
		await settle(page);
		await page.goto('/data');
		await expect(page.getByTestId('space-used')).toContainText(/about|less than/);
		await expect(page.getByTestId('persisted')).toBeVisible();
		const ask = page.getByRole('button', { name: 'Ask the browser to keep Homeward’s data' });
		if (await ask.isVisible()) {
			await ask.click();
			await expect(page.getByTestId('persist-result')).toContainText(
				/The browser (agreed|did not agree)/
			);
		}
		await page.getByRole('link', { name: 'Remove all data from this device' }).click();
		await expect(page.getByTestId('will-be-lost')).toContainText('2 assessments: 2 drafts');
		await expect(page.getByTestId('will-be-lost')).toContainText('1 training case');
		await expect(page.getByRole('link', { name: 'export them first' })).toBeVisible();
		await checkPage(page, 'remove all data');
		await page.getByRole('link', { name: 'No, keep my data' }).click();
		await expect(page.getByTestId('assessment-count')).toHaveText('2 assessments: 2 drafts');
		await page.getByRole('link', { name: 'Remove all data from this device' }).click();
		await page.getByRole('button', { name: 'Yes, remove all data' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('All data removed');
		await checkPage(page, 'all data removed');
		await page.getByRole('link', { name: 'Go to the first page' }).click();
		await expect(page.getByTestId('no-assessments')).toBeVisible();
		await page.goto('/training');
		await expect(page.getByTestId('no-training-cases')).toBeVisible();
		// The app still works afterwards: a new assessment is stored afresh.
		await createAssessment(page, 'FICT-D3');
		await page.goto('/');
		await expect(page.getByRole('link', { name: 'FICT-D3', exact: true })).toBeVisible();
	});

	test('another tab upgrading the database asks this tab to reload', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByTestId('rules-version')).toBeVisible();
		await expect(page.getByText('There are no assessments on this device yet.')).toBeVisible();
		// The first rows may come straight from IndexedDB before the store has opened the database
		// (app/first-page.ts): wait until it has, as this tab's connection is what gets told.
		await expect
			.poll(() =>
				page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'homeward'))
			)
			.toBe(true);
		// What another tab running a newer Homeward does: open the database at a higher version.
		await page.evaluate(
			() =>
				new Promise<void>((resolve, reject) => {
					const request = indexedDB.open('homeward', 1000);
					request.onsuccess = () => {
						request.result.close();
						resolve();
					};
					request.onerror = () => reject(request.error);
				})
		);
		await expect(
			page.getByRole('alert').filter({ hasText: 'Homeward was updated in another tab' })
		).toBeVisible();
		await expect(page.getByRole('link', { name: 'Reload to carry on' })).toBeVisible();
	});
});

test('removing all data in one tab asks the other tabs to reload, and they write nothing back', async ({
	page,
	context
}) => {
	await createAssessment(page, 'FICT-D9');
	const other = await context.newPage();
	await other.goto('/data/remove');
	await expect(other.getByTestId('will-be-lost')).toContainText('1 assessment: 1 draft');
	await other.getByRole('button', { name: 'Yes, remove all data' }).click();
	await expect(other.getByRole('heading', { level: 1 })).toHaveText('All data removed');
	// The first tab had the assessment open: it is told, and its copy is not saved back.
	await expect(
		page
			.getByRole('alert')
			.filter({ hasText: 'The data on this device was removed in another tab.' })
	).toBeVisible();
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.locator('input[type="radio"]').first().check();
	await settle(page);
	await other.goto('/');
	await expect(other.getByTestId('no-assessments')).toBeVisible();
});
