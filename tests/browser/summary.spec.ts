import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { extractText } from 'unpdf';
import { parse } from 'yaml';
import { ROOT } from '../helpers.ts';
import { expectCanvasTextWhole, recordCanvasText } from './chart-checks.ts';
import { expectEvenColumns, expectPrintable } from './print-checks.ts';
import { checkPage, completeAssessment, heading, signOff, startAssessment } from './support.ts';

// Everything here is fictional: the answers and notes come from the training scenario TRAIN-01
// (neglect and alcohol, eight months into recovery), entered as a real case would be. It stands
// for a typical case: a mix of strengths and concerns, evidence notes on a third of the questions.
const scenario = parse(
	readFileSync(join(ROOT, 'src/lib/training/scenarios/alcohol-recovery.yaml'), 'utf8')
) as {
	answers: Record<string, string>;
	notes: Record<string, string>;
};

/** A complete, decided case at the support plan step. */
async function caseAtPlan(page: Page, ref: string) {
	await startAssessment(page, ref);
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Continue' }).click();
	while ((await heading(page).textContent()) !== 'Check your answers') {
		for (const [factor, value] of Object.entries(scenario.answers)) {
			const input = page.locator(`input[name="${factor}"][value="${value}"]`);
			if ((await input.count()) === 0) continue;
			await input.check();
			const note = scenario.notes[factor];
			if (note) await page.fill(`#${factor}-notes`, note);
		}
		await page.getByRole('button', { name: 'Continue' }).click();
	}
	await page.getByRole('button', { name: 'Continue to the result' }).click();
	await expect(heading(page)).toHaveText('Result and your decision');
	await page.check('#decision');
	await page.getByRole('button', { name: 'Save decision and continue' }).click();
	await expect(heading(page)).toHaveText('Support plan');
}

async function printed(page: Page, name: string): Promise<string[]> {
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
	await page.emulateMedia({ media: 'screen' });
	// Kept for looking at (`pdftoppm -png test-results/pdf/NAME.pdf`): a human checks the pictures.
	mkdirSync(join(ROOT, 'test-results/pdf'), { recursive: true });
	writeFileSync(join(ROOT, `test-results/pdf/${name}.pdf`), pdf);
	const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
	return text.map((t) => t.replace(/\s+/g, ' '));
}

test.describe('support plan and panel summary', () => {
	test('the plan can be changed, cut and added to; the recommendation is kept and the costs follow', async ({
		page
	}) => {
		test.setTimeout(120_000);
		await caseAtPlan(page, 'FICT-PLAN-1');
		await expect(page.getByTestId('plan-item').first()).toBeVisible();
		await checkPage(page, 'support plan');
		const items = page.getByTestId('plan-item');
		const count = await items.count();
		expect(count).toBeGreaterThan(1);

		// A planned return dates the after-return support and the reviews after it.
		await page.fill('#plannedReturnDate', '1');
		await page.fill('#plannedReturnDate-month', '3');
		await page.fill('#plannedReturnDate-year', '2027');
		await expect(page.getByTestId('review-schedule')).toContainText('29 Mar 2027');

		// Change the first item.
		const first = items.first();
		const firstName = (await first.locator('.govuk-summary-card__title').textContent())!.trim();
		await first.getByRole('link', { name: /^Change/ }).click();
		await expect(heading(page)).toHaveText(`Change “${firstName}”`);
		// The browser's Back button leaves the form for the plan, not the step before it.
		await page.goBack();
		await expect(heading(page)).toHaveText('Support plan');
		await first.getByRole('link', { name: /^Change/ }).click();
		await expect(heading(page)).toHaveText(`Change “${firstName}”`);
		await page.fill('#itemWeeks', 'twelve');
		await page.fill('#itemOwner', '');
		await page.getByRole('button', { name: 'Save changes' }).click();
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'Length must be a whole number of weeks'
		);
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'Enter who is responsible for this support'
		);
		await checkPage(page, 'change item with errors');
		await page.fill('#itemWeeks', '30');
		await page.fill('#itemOwner', 'Fictional recovery team');
		await page.getByRole('button', { name: 'Save changes' }).click();
		await expect(heading(page)).toHaveText('Support plan');
		await expect(items.first()).toContainText('Changed');
		await expect(items.first()).toContainText('Fictional recovery team');
		await expect(page.getByTestId('plan-differences')).toContainText(
			`Changed “${firstName}”: owner, length`
		);

		// Remove the second: a reason is needed.
		const second = items.nth(1);
		const secondName = (await second.locator('.govuk-summary-card__title').textContent())!.trim();
		await second.getByRole('link', { name: /^Remove/ }).click();
		await page.getByRole('button', { name: 'Remove from the plan' }).click();
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'Enter why this support is not needed'
		);
		await checkPage(page, 'remove with errors');
		await page.fill(
			'#removeReason',
			'Fictional: the family already has this support from another service.'
		);
		await page.getByRole('button', { name: 'Remove from the plan' }).click();
		await expect(items).toHaveCount(count - 1);
		await expect(page.getByTestId('plan-removed')).toContainText(secondName);

		// Add the practitioner's own item.
		await page.getByRole('button', { name: 'Add support to the plan' }).click();
		await expect(heading(page)).toHaveText('Add support to the plan');
		await page.getByRole('button', { name: 'Add to the plan' }).click();
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'Enter the name of the support'
		);
		await checkPage(page, 'add item with errors');
		await page.fill('#itemName', 'Aunt’s after-school care (fictional)');
		await page.check('#itemPhase-2');
		await page.fill(
			'#itemReason',
			'Offered at the family meeting; gives the mother a break on school days.'
		);
		await page.fill('#itemGoal', 'Child collected on time every school day for the first 26 weeks');
		await page.fill('#itemOwner', 'Maternal aunt, with the family support worker');
		// Unsaved text in a sub-form is a draft that survives a reload.
		await page.reload();
		await expect(heading(page)).toHaveText('Add support to the plan');
		await expect(page.locator('#itemOwner')).toHaveValue(
			'Maternal aunt, with the family support worker'
		);
		await expect(page.locator('#itemName')).toHaveValue('Aunt’s after-school care (fictional)');
		await page.getByRole('button', { name: 'Add to the plan' }).click();
		await expect(items).toHaveCount(count);
		await expect(page.getByText('Added by you')).toBeVisible();

		// The authority's own placement cost.
		await page.fill('#placementWeeklyCost', 'lots');
		await page.getByRole('button', { name: 'Update the cost comparison' }).click();
		await expect(page.locator('.govuk-error-summary')).toContainText(
			'Weekly placement cost must be an amount in pounds'
		);
		await page.fill('#placementWeeklyCost', '4,200');
		await page.getByRole('button', { name: 'Update the cost comparison' }).click();
		await expect(page.getByTestId('cost-comparison')).toContainText('£218,400');
		await expect(page.getByTestId('cost-sources')).toContainText('your authority’s own figure');
		await expect(page.getByTestId('cost-comparison')).toContainText('Support plan as recommended');

		// All of it is saved.
		await page.waitForTimeout(700);
		await page.reload();
		await expect(heading(page)).toHaveText('Support plan');
		await expect(page.getByTestId('plan-differences').locator('li')).toHaveCount(3);
		await expect(page.getByTestId('cost-comparison')).toContainText('£218,400');
		await checkPage(page, 'support plan after changes');
		await page.getByRole('button', { name: 'Continue to sign-off' }).click();
		await expect(heading(page)).toHaveText('Sign off the assessment');
	});

	test('the printed chart keeps its paper size and its drawing whenever the page switches to print', async ({
		page
	}) => {
		test.setTimeout(120_000);
		// Recording what the chart draws (below) is kept out of the PDF tests: Chrome then prints
		// the canvas as a picture, not as the vector text the PDF checks read.
		await recordCanvasText(page);
		await completeAssessment(page, 'FICT-PRINT-3');
		await page.getByTestId('summary-link').click();
		await expect(page.locator('[data-testid="domain-chart"][data-drawn="true"]')).toBeVisible();
		// The summary's chart, drawn for paper: no label cut at the canvas edge ("Why" lost its W).
		await expectCanvasTextWhole(page, 'the summary chart');
		// The canvas's size in device pixels and how many of its pixels are drawn on.
		const canvas = () =>
			page.evaluate(() => {
				const c = document.querySelector<HTMLCanvasElement>('[data-testid="domain-chart"] canvas')!;
				const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
				let ink = 0;
				for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) ink++;
				return { width: c.width, height: c.height, ink };
			});
		const drawn = await canvas();
		expect(drawn.ink).toBeGreaterThan(0);
		// Chart.js used to measure the print chart against the screen, clear it and redraw it a
		// frame later: a page printed in between had a blank chart (a flaky print test showed it).
		for (let i = 0; i < 3; i++) {
			await page.emulateMedia({ media: 'print' });
			expect(await canvas()).toEqual(drawn);
			await page.evaluate(
				() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
			);
			expect(await canvas()).toEqual(drawn);
			await page.emulateMedia({ media: 'screen' });
		}
	});

	test('the printed summary: key content, at most 5 A4 pages, a footer on every page, DRAFT only until signed', async ({
		page
	}) => {
		test.setTimeout(120_000);
		await caseAtPlan(page, 'FICT-PRINT-1');
		await page.fill('#plannedReturnDate', '1');
		await page.fill('#plannedReturnDate-month', '3');
		await page.fill('#plannedReturnDate-year', '2027');
		await page.waitForTimeout(500);
		await page.getByTestId('summary-link').click();
		await expect(page.getByTestId('case-facts')).toContainText('FICT-PRINT-1');
		await expect(page.getByTestId('draft-mark')).toHaveText('DRAFT — not signed off');
		await expect(page.locator('canvas').first()).toBeVisible();
		await checkPage(page, 'panel summary (draft)');

		const draft = await printed(page, 'draft');
		expect(draft.length).toBeGreaterThan(0);
		// 4 pages before the practitioner's record and the changes appendix (issue 12 allows a fifth).
		expect(draft.length).toBeLessThanOrEqual(5);
		await expectPrintable(page, join(ROOT, 'test-results/pdf/draft.pdf'), [
			['About this return (not rated)', 'Score, from −3 (serious concern) to +2 (clear strength)']
		]);
		// The band scored and the band decided side by side, in columns of one width.
		await expectEvenColumns(page, 'decision-table');
		const all = draft.join(' ');
		for (const text of [
			'DRAFT — not signed off',
			'Case FICT-PRINT-1',
			'A. Fictional',
			'Reunification readiness assessment, version 1.2.0',
			'Scored by the rules',
			'Practitioner’s decision (final)',
			'Scores by section',
			'3 of 10 sections score below 0',
			'Score for each section, and the strengths and concerns behind it',
			'Support plan',
			'Before the child returns',
			'After the child returns',
			'Review schedule',
			'Indicative cost over 52 weeks',
			'Independent fostering agency placement',
			'Competition and Markets Authority',
			'Signatures',
			'Panel chair',
			'Appendix: answers and evidence',
			'Eight months of clear tests'
		]) {
			expect(all, `the printed summary should contain “${text}”`).toContain(text);
		}
		// The rules by their title, never their machine id; a section is a section.
		expect(all).not.toContain('reunification-readiness');
		expect(all).not.toMatch(/\bdomains?\b/i);
		// No navigation or buttons in print.
		expect(all).not.toContain('Print this summary');
		expect(all).not.toContain('Back to the assessment');
		// The footer names the case on every page, with the page number.
		draft.forEach((p, i) => {
			expect(p, `page ${i + 1} footer`).toContain(
				'Case FICT-PRINT-1 · Homeward panel summary · DRAFT — not signed off'
			);
			expect(p, `page ${i + 1} number`).toContain(`Page ${i + 1} of ${draft.length}`);
		});
		// Questions that did not apply are not printed (no domestic abuse, so its follow-up is hidden).
		expect(all).not.toContain('Change in the risk from domestic abuse');

		await page.getByRole('link', { name: 'Back to the assessment' }).first().click();
		await page.getByRole('button', { name: 'Continue to sign-off' }).click();
		await signOff(page);
		await expect(heading(page)).toHaveText('Assessment signed off');
		await page.getByTestId('summary-link').click();
		await expect(page.getByTestId('case-facts')).toContainText('Signed off by A. Fictional');
		await expect(page.getByTestId('draft-mark')).toHaveCount(0);
		const signed = await printed(page, 'signed');
		expect(signed.length).toBeLessThanOrEqual(5);
		expect(signed.join(' ')).not.toContain('DRAFT');
		signed.forEach((p) => expect(p).toContain('Case FICT-PRINT-1 · Homeward panel summary'));
		expect(signed.join(' ')).toContain('Signed off in Homeward');
	});
});

test('a review shows the change in each section since the assessment it reviews, on screen and in print', async ({
	page
}) => {
	test.setTimeout(120_000);
	await caseAtPlan(page, 'FICT-REVIEW-1');
	await page.getByRole('button', { name: 'Continue to sign-off' }).click();
	await signOff(page);
	await expect(heading(page)).toHaveText('Assessment signed off');

	await page.goto('/');
	await page.getByRole('button', { name: 'Start review of FICT-REVIEW-1' }).click();
	// The review is pre-filled: change one answer, then go to the result.
	await expect(heading(page)).toHaveText('Reunification readiness assessment');
	await page.getByRole('link', { name: 'Home, housing and money' }).click();
	await page.locator('input[name="income-debt"][value="clear-strength"]').check();
	await page.getByRole('link', { name: 'Return to the task list' }).click();
	await page.getByRole('link', { name: 'Check answers and see the result' }).click();
	await page.getByRole('button', { name: 'Continue to the result' }).click();
	await expect(heading(page)).toHaveText('Result and your decision');
	await expect(page.getByRole('heading', { name: /Change since the assessment of/ })).toBeVisible();
	const table = page.getByRole('table', { name: 'Score for each section, then and now' });
	await expect(table.getByRole('row', { name: /Home, housing and money/ })).toContainText('better');
	await page.check('#decision');
	await page.getByRole('button', { name: 'Save decision and continue' }).click();
	await page.getByTestId('summary-link').click();
	await expect(page.getByTestId('case-facts')).toContainText('Review of');
	// The decision made just before opening the summary is in it (the page saves before leaving).
	await expect(page.getByTestId('final-decision')).toContainText(
		'Agrees with the recommended band'
	);
	const pages = await printed(page, 'review');
	expect(pages.join(' ')).toContain('and the change since the assessment of');
	// A review adds the table of changes: one page more than a first assessment at most.
	// (A first assessment prints on at most 5 since issue 12's practitioner's record.)
	expect(pages.length).toBeLessThanOrEqual(6);
	expect(pages.join(' ')).toMatch(/Home, housing and money −0\.3 \+[0-9.]+ \+[0-9.]+ \(better\)/);
});
