import { expect, test } from '@playwright/test';
import { checkPage } from './page-states.ts';
import { createAssessment } from './support.ts';
import { extractText } from 'unpdf';

test('training mode: load a scenario, reach its result, compare, reset; real cases untouched', async ({
	page
}) => {
	test.setTimeout(90_000);
	// A real (fictional) case first, to prove training never touches it.
	await createAssessment(page, 'FICT-REAL-1');

	await page.goto('/');
	await page.getByRole('link', { name: 'practise with fictional cases in training mode' }).click();
	await expect(page.getByTestId('training-banner')).toContainText(
		'TRAINING — fictional cases only'
	);
	await expect(page.getByTestId('scenarios').locator('tbody tr')).toHaveCount(7);
	// The expected outcome is for the trainer: folded into the story, not beside "Load blank".
	await expect(page.getByTestId('scenarios').locator('thead')).not.toContainText('Expected');
	await expect(page.getByText(/^Expected outcome:/).first()).toBeHidden();
	await checkPage(page, 'training list');

	await page.getByRole('button', { name: 'Load answered TRAIN-01' }).click();
	await expect(page.locator('#step-heading')).toHaveText('Reunification readiness assessment');
	await expect(page.getByTestId('training-banner')).toBeVisible();
	await page.getByRole('link', { name: 'Check answers and see the result' }).click();
	await expect(page.locator('#step-heading')).toHaveText('Check your answers');
	await expect(page.getByTestId('trainer-note')).toBeVisible();
	// The page's h1 comes before the trainer's note, and the story is to hand on every step.
	expect(
		await page.evaluate(
			() =>
				document
					.querySelector('h1')!
					.compareDocumentPosition(document.querySelector('[data-testid="trainer-note"]')!) &
				Node.DOCUMENT_POSITION_FOLLOWING
		)
	).toBeTruthy();
	await expect(page.getByTestId('scenario-story')).toContainText('The scenario:');
	await expect(page.getByTestId('expected-outcome')).toHaveCount(0);
	await page.getByRole('button', { name: 'Continue to the result' }).click();
	await expect(page.getByTestId('expected-outcome')).toContainText('matches the expected outcome');
	await checkPage(page, 'training result');

	// The printed summary says TRAINING at the top and on every page.
	await page.getByTestId('summary-link').click();
	await expect(page.getByTestId('print-training')).toBeVisible();
	await expect(page.locator('[data-testid="domain-chart"][data-drawn="true"]')).toBeVisible();
	await checkPage(page, 'training panel summary');
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
	await page.emulateMedia({ media: 'screen' });
	const { text: pages } = await extractText(new Uint8Array(pdf), { mergePages: false });
	expect(pages.length).toBeGreaterThan(1);
	expect(pages[0]).toContain('TRAINING — fictional case, not a real assessment.');
	for (const p of pages)
		expect(p.replace(/\s+/g, ' ')).toContain('TRAINING — fictional case · Case TRAIN-01');

	// Training cases are not among real ones.
	await page.goto('/');
	await expect(page.getByRole('link', { name: 'FICT-REAL-1', exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: 'TRAIN-01', exact: true })).toHaveCount(0);

	await page.goto('/training');
	await expect(page.getByTestId('training-cases')).toContainText('TRAIN-01');
	await page.getByRole('link', { name: 'Reset the training space' }).click();
	await page.getByRole('button', { name: 'Yes, reset the training space' }).click();
	await expect(page.getByTestId('no-training-cases')).toBeVisible();
	await expect(page.getByTestId('success-banner')).toBeFocused();
	await expect(page.getByTestId('success-banner')).toContainText('The training space was reset');
	await page.goto('/');
	await expect(page.getByRole('link', { name: 'FICT-REAL-1', exact: true })).toBeVisible();
});

test('a result below the top band says what must change, and a plan that is not a return has no cost comparison', async ({
	page
}) => {
	await page.goto('/training');
	// TRAIN-02: a hard stop against good parenting (fictional).
	await page.getByRole('button', { name: 'Load answered TRAIN-02' }).click();
	await page.getByRole('link', { name: 'Check answers and see the result' }).click();
	await page.getByRole('button', { name: 'Continue to the result' }).click();
	const change = page.getByTestId('what-would-change');
	// From "not safe" the next band is "not yet", still no return: the heading says so honestly
	// ("What must change for a return to be recommended" is for a next band that is a return).
	await expect(change).toContainText('What would move the band up');
	await expect(change).toContainText('Unmanaged access by a person who poses a serious risk');
	await expect(page.getByTestId('evidence-coverage')).toContainText(
		'How much of each section is rated'
	);
	await checkPage(page, 'training result below the top band');
	await page.check('#decision');
	await page.getByRole('button', { name: 'Save decision and continue' }).click();
	await expect(page.getByTestId('no-cost-comparison')).toBeVisible();
	await expect(page.getByTestId('cost-comparison')).toHaveCount(0);
	await expect(page.getByText('After the child returns')).toHaveCount(0);
});
