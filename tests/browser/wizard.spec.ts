import { expect, test, type Page } from '@playwright/test';
import {
	expectCanvasTextWhole,
	expectCanvasTextWholeAt,
	recordCanvasText
} from './chart-checks.ts';
import {
	answerDomain,
	answers,
	checkPage,
	createAssessment,
	fillCaseDetails,
	heading,
	rules,
	signOff,
	writeUp,
	startNew
} from './support.ts';

// All case details here are fictional.

/** Press Tab until the element is focused: proves it can be reached with the keyboard alone. */
async function tabTo(page: Page, selector: string, max = 400) {
	for (let i = 0; i < max; i++) {
		if (await page.evaluate((s) => document.activeElement === document.querySelector(s), selector))
			return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`could not reach ${selector} with Tab`);
}

async function typeInto(page: Page, id: string, text: string) {
	await tabTo(page, `#${id}`);
	await page.keyboard.type(text);
}

/** Choose the option at `index` in a radio group with the keyboard (Space on the first, arrows after). */
async function chooseRadio(page: Page, firstId: string, index: number) {
	await tabTo(page, `#${firstId}`);
	if (index === 0) await page.keyboard.press('Space');
	else for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
}

/** Tab to the button whose text is `name`, then press Enter. */
async function pressButton(page: Page, name: string) {
	for (let i = 0; i < 400; i++) {
		const focused = await page.evaluate(() => {
			const el = document.activeElement;
			return el?.tagName === 'BUTTON' ? (el.textContent ?? '').trim() : null;
		});
		if (focused === name) return page.keyboard.press('Enter');
		await page.keyboard.press('Tab');
	}
	throw new Error(`could not reach the button "${name}" with Tab`);
}

test.describe('the assessment wizard', () => {
	test('a whole assessment can be completed and signed with the keyboard alone', async ({
		page
	}) => {
		test.setTimeout(180_000);
		await page.goto('/');
		await tabTo(page, '.govuk-button--start');
		await page.keyboard.press('Enter');
		await expect(heading(page)).toHaveText('Case details');

		await typeInto(page, 'caseRef', 'FICT-2002');
		await chooseRadio(page, 'ageBand', 2);
		await chooseRadio(page, 'legalStatus', 2);
		await typeInto(page, 'assessorName', 'A. Fictional');
		await typeInto(page, 'assessorRole', 'Social worker');
		await typeInto(page, 'returningTo', 'Mother and her partner');
		await pressButton(page, 'Continue');
		await expect(heading(page)).toHaveText('Reunification readiness assessment');
		await expect(heading(page)).toBeFocused();
		await pressButton(page, 'Continue');

		for (const domain of rules.data.domains) {
			await expect(heading(page)).toHaveText(domain.title);
			for (const f of domain.factors) {
				const value = answers[f.id];
				if (value === undefined) continue;
				const scale = rules.factors.get(f.id)!.scale;
				const index = scale.options.findIndex((o) => o.value === value);
				await chooseRadio(page, f.id, index);
				await expect(page.locator(`input[name="${f.id}"][value="${value}"]`)).toBeChecked();
			}
			await typeInto(
				page,
				`${domain.factors[0]!.id}-notes`,
				`Fictional evidence for ${domain.id}.`
			);
			await pressButton(page, 'Continue');
		}

		await expect(heading(page)).toHaveText('Check your answers');
		await expect(page.getByText('Fictional evidence for safety.')).toBeVisible();
		await pressButton(page, 'Continue to the result');
		await expect(heading(page)).toHaveText('Result and your decision');
		await expect(page.getByTestId('band')).toContainText('Ready for a planned return with support');
		await chooseRadio(page, 'decision', 0);
		await pressButton(page, 'Save decision and continue');
		await expect(heading(page)).toHaveText('Support plan');
		await pressButton(page, 'Continue to sign-off');
		await expect(heading(page)).toHaveText('Sign off the assessment');
		await page.locator('#analysis').focus();
		await page.keyboard.type('Fictional analysis, typed with the keyboard.');
		await page.locator('#declaration').focus();
		await page.keyboard.press('Space');
		await pressButton(page, 'Sign off');
		await expect(heading(page)).toHaveText('Assessment signed off');

		// Signed assessments are read-only and listed as signed.
		await page.goto('/');
		const row = page.getByRole('row', { name: /FICT-2002/ });
		await expect(row).toContainText('Signed off');
		await expect(row).toContainText('Ready for a planned return with support');
	});

	test('reloading half-way lands on the same step with the same answers', async ({ page }) => {
		await startNew(page);
		await fillCaseDetails(page, 'FICT-3003');
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.getByRole('button', { name: 'Continue' }).click();
		const first = rules.data.domains[0]!;
		await answerDomain(page, first.id);
		await page.fill(`#${first.factors[0]!.id}-notes`, 'Typed just before the reload.');
		await page.getByRole('button', { name: 'Continue' }).click();
		const second = rules.data.domains[1]!;
		await expect(heading(page)).toHaveText(second.title);
		const f = second.factors[0]!;
		await page.locator(`input[name="${f.id}"][value="${answers[f.id]}"]`).check();
		// The page says when it has saved (a choice is saved at once).
		await expect(page.getByTestId('save-status')).toHaveText(/^Saved on this device at \d\d:\d\d$/);

		await page.reload();
		await expect(heading(page)).toHaveText(second.title);
		await expect(page.locator(`input[name="${f.id}"][value="${answers[f.id]}"]`)).toBeChecked();
		await page.getByRole('link', { name: 'Back' }).click();
		await expect(heading(page)).toHaveText(first.title);
		await expect(page.locator(`#${first.factors[0]!.id}-notes`)).toHaveValue(
			'Typed just before the reload.'
		);
	});

	test('the browser’s Back and Forward buttons move between steps, keeping answers', async ({
		page
	}) => {
		await startNew(page);
		await fillCaseDetails(page, 'FICT-3103');
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(heading(page)).toHaveText('Reunification readiness assessment');
		await page.getByRole('button', { name: 'Continue' }).click();
		const [first, second] = rules.data.domains;
		await expect(heading(page)).toHaveText(first!.title);
		await answerDomain(page, first!.id);
		const entries = () => page.evaluate(() => history.length);
		const before = await entries();
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(heading(page)).toHaveText(second!.title);
		// The step's history entry is added just after the step has painted (step-history.svelte.ts):
		// Back pressed before it exists would leave the step before this one.
		await expect.poll(entries).toBe(before + 1);

		await page.goBack();
		await expect(heading(page)).toHaveText(first!.title);
		const f = first!.factors[0]!;
		await expect(page.locator(`input[name="${f.id}"][value="${answers[f.id]}"]`)).toBeChecked();
		await page.goBack();
		await expect(heading(page)).toHaveText('Reunification readiness assessment');
		await page.goForward();
		await expect(heading(page)).toHaveText(first!.title);
		await page.goForward();
		await expect(heading(page)).toHaveText(second!.title);
		// Back past the first step leaves the assessment for the page before it: the new-assessment
		// page was replaced when the case details were saved, so that is the list it was started from.
		await page.goBack();
		await page.goBack();
		await expect(heading(page)).toHaveText('Reunification readiness assessment');
		await page.goBack();
		await expect(page.getByRole('button', { name: 'Start a new assessment' })).toBeVisible();
	});

	test('submitting a step with errors shows the summary, focused, linked to each field', async ({
		page
	}) => {
		await startNew(page);
		await page.getByRole('button', { name: 'Continue' }).click();
		const summary = page.locator('.govuk-error-summary');
		await expect(summary).toBeFocused();
		await expect(summary).toContainText('Enter a case reference');
		await expect(page).toHaveTitle(/^Error: /);
		await expect(page.locator('#caseRef-error')).toContainText('Error: Enter a case reference');
		await summary.getByRole('link', { name: 'Select the child’s age' }).click();
		await expect(page.locator('#ageBand')).toBeFocused();
	});

	test('“Change” on check your answers lands on the question, and returns there, even after a reload', async ({
		page
	}) => {
		await startNew(page);
		await fillCaseDetails(page, 'FICT-4004');
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.getByRole('button', { name: 'Continue' }).click();
		for (const d of rules.data.domains) {
			await answerDomain(page, d.id);
			await page.getByRole('button', { name: 'Continue' }).click();
		}
		await expect(heading(page)).toHaveText('Check your answers');
		const f = rules.data.domains[2]!.factors[0]!;
		await page.getByRole('link', { name: `Change ${f.label}` }).focus();
		await page.keyboard.press('Enter');
		await expect(heading(page)).toHaveText(rules.data.domains[2]!.title);
		// Focus lands on the question itself, not the page heading many Tabs above it.
		await expect(page.locator(`#${f.id}`)).toBeFocused();
		// A reload on the way keeps the way back: Continue still returns to check your answers.
		await page.waitForTimeout(400);
		await page.reload();
		await expect(heading(page)).toHaveText(rules.data.domains[2]!.title);
		await page.locator(`input[name="${f.id}"][value="mild-concern"]`).check();
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(heading(page)).toHaveText('Check your answers');
		await expect(page.locator('.govuk-summary-list__row', { hasText: f.label })).toContainText(
			'Mild concern'
		);
	});

	test('every step has no accessibility violations, with and without errors', async ({ page }) => {
		test.setTimeout(180_000);
		await recordCanvasText(page);
		await startNew(page);
		await checkPage(page, 'case details');
		await page.getByRole('button', { name: 'Continue' }).click();
		await checkPage(page, 'case details with errors');
		await fillCaseDetails(page, 'FICT-5005');
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(heading(page)).toHaveText('Reunification readiness assessment');
		await checkPage(page, 'task list');
		await page.getByRole('button', { name: 'Continue' }).click();
		for (const d of rules.data.domains) {
			await expect(heading(page)).toHaveText(d.title);
			await page.getByRole('button', { name: 'Continue' }).click();
			await checkPage(page, `${d.id} with errors`);
			await answerDomain(page, d.id);
			await page.locator('details').first().locator('summary').click();
			await checkPage(page, d.id);
			// A question about "the parents" says who that is for this child (from the case details).
			if (d.factors.some((f) => /\bparent/i.test(f.question)))
				await expect(page.getByText('who the child would return to: Mother').first()).toBeVisible();
			await page.getByRole('button', { name: 'Continue' }).click();
		}
		await checkPage(page, 'check your answers');
		await page.getByRole('button', { name: 'Continue to the result' }).click();
		await expect(page.locator('[data-testid="domain-chart"][data-drawn="true"]')).toBeVisible();
		await checkPage(page, 'result');
		// No label cut, wide or narrow.
		await expectCanvasTextWhole(page, 'the result chart');
		await expectCanvasTextWholeAt(page, 320, 'the result chart');
		await page.getByRole('button', { name: 'Save decision and continue' }).click();
		await checkPage(page, 'result with errors');
		await page.check('#decision-override');
		await page.getByRole('button', { name: 'Save decision and continue' }).click();
		await checkPage(page, 'override with errors');
		await page.check('#overrideBand');
		await page.fill('#overrideReason', 'Fictional reason: family time has recently deteriorated.');
		await page.getByRole('button', { name: 'Save decision and continue' }).click();
		await expect(heading(page)).toHaveText('Support plan');
		await checkPage(page, 'support plan');
		await page.getByRole('button', { name: 'Continue to sign-off' }).click();
		await expect(heading(page)).toHaveText('Sign off the assessment');
		await checkPage(page, 'sign-off');
		await page.fill('#signAssessorName', '');
		await page.getByRole('button', { name: 'Sign off' }).click();
		await checkPage(page, 'sign-off with errors');
		await page.fill('#signAssessorName', 'A. Fictional');
		await writeUp(page);
		await page.getByRole('button', { name: 'Sign off' }).click();
		await expect(heading(page)).toHaveText(/Assessment signed off|Awaiting manager approval/);
		await checkPage(page, 'signed');
		await page.goto('/');
		await checkPage(page, 'home with assessments');
	});

	test('the same assessment open in two tabs stays in sync and loses nothing', async ({
		page,
		context
	}) => {
		await startNew(page);
		await fillCaseDetails(page, 'FICT-8008');
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.getByRole('button', { name: 'Continue' }).click();
		const first = rules.data.domains[0]!;
		await expect(heading(page)).toHaveText(first.title);
		await page.waitForTimeout(600);
		const other = await context.newPage();
		await other.goto(page.url());
		await expect(heading(other)).toHaveText(first.title);

		const [a, b] = first.factors.filter((f) => !f.showIf);
		// Two different answers from each question's own scale (the first section may hold facts).
		const va = rules.factors.get(a!.id)!.scale.options[0]!.value;
		const vb = rules.factors.get(b!.id)!.scale.options[1]!.value;
		await page.locator(`input[name="${a!.id}"][value="${va}"]`).check();
		await other.locator(`input[name="${b!.id}"][value="${vb}"]`).check();
		// Each tab takes in the other's answer without dropping its own.
		await expect(other.getByTestId('changed-elsewhere')).toBeVisible();
		await expect(other.locator(`input[name="${a!.id}"][value="${va}"]`)).toBeChecked();
		await expect(page.locator(`input[name="${b!.id}"][value="${vb}"]`)).toBeChecked();
		await expect(page.locator(`input[name="${a!.id}"][value="${va}"]`)).toBeChecked();
		await page.reload();
		await expect(page.locator(`input[name="${a!.id}"][value="${va}"]`)).toBeChecked();
		await expect(page.locator(`input[name="${b!.id}"][value="${vb}"]`)).toBeChecked();
	});

	test('a signed assessment can be changed only through a new version, and the versions are listed', async ({
		page
	}) => {
		await startNew(page);
		await fillCaseDetails(page, 'FICT-9009');
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.getByRole('button', { name: 'Continue' }).click();
		for (const d of rules.data.domains) {
			await answerDomain(page, d.id);
			await page.getByRole('button', { name: 'Continue' }).click();
		}
		await page.getByRole('button', { name: 'Continue to the result' }).click();
		await page.check('#decision');
		await page.getByRole('button', { name: 'Save decision and continue' }).click();
		await page.getByRole('button', { name: 'Continue to sign-off' }).click();
		await signOff(page);
		await expect(heading(page)).toHaveText('Assessment signed off');
		const signedUrl = page.url();
		await page.getByRole('button', { name: 'Create a new version to make changes' }).click();
		await expect(heading(page)).toHaveText('Reunification readiness assessment');
		expect(page.url()).not.toBe(signedUrl);
		await page.getByTestId('history').locator('summary').click();
		await expect(page.getByTestId('history')).toContainText('Signed off');
		await expect(page.getByTestId('history')).toContainText('This version');
		await page.goto(signedUrl);
		await expect(page.getByRole('link', { name: 'open the newer version' })).toBeVisible();
	});

	test('delete asks for confirmation naming the case', async ({ page }) => {
		await createAssessment(page, 'FICT-6006');
		await page.goto('/');
		await page.getByRole('link', { name: 'Delete FICT-6006' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			/delete the assessment for case FICT-6006\?/
		);
		await checkPage(page, 'delete assessment');
		await page.getByRole('button', { name: 'Yes, delete assessment' }).click();
		await expect(page.getByRole('link', { name: 'FICT-6006' })).toHaveCount(0);
		// A GOV.UK success banner says so, and has focus (not <body>).
		await expect(page.getByTestId('success-banner')).toContainText(
			'The assessment for case FICT-6006 was deleted'
		);
		await expect(page.getByTestId('success-banner')).toBeFocused();
	});
});
