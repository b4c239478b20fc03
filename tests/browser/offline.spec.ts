import { expect, test } from '@playwright/test';
import { answers, heading, rules, settle, startAssessment } from './support.ts';

// All case details here are fictional.

test('with the network off, the app reloads and an assessment carries on, losing nothing', async ({ page, context }) => {
	test.setTimeout(90_000);
	await page.goto('/');
	// The worker installs on the first visit and claims the page once it has cached the app.
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

	await startAssessment(page, 'FICT-OFF-1');
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.getByRole('button', { name: 'Continue' }).click();
	const [first, second] = rules.data.domains;
	await expect(heading(page)).toHaveText(first!.title);
	const a = first!.factors[0]!;
	await page.locator(`input[name="${a.id}"][value="${answers[a.id]}"]`).check();
	await settle(page);

	await context.setOffline(true);
	await page.reload();
	await expect(heading(page)).toHaveText(first!.title);
	await expect(page.locator(`input[name="${a.id}"][value="${answers[a.id]}"]`)).toBeChecked();
	// Carry on: the rest of this topic and an answer on the next, all offline.
	for (const f of first!.factors) {
		const value = answers[f.id];
		if (value !== undefined) await page.locator(`input[name="${f.id}"][value="${value}"]`).check();
	}
	await page.fill(`#${a.id}-notes`, 'Fictional note written offline.');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(heading(page)).toHaveText(second!.title);
	const b = second!.factors[0]!;
	await page.locator(`input[name="${b.id}"][value="${answers[b.id]}"]`).check();
	await settle(page);

	await page.reload();
	await expect(heading(page)).toHaveText(second!.title);
	await expect(page.locator(`input[name="${b.id}"][value="${answers[b.id]}"]`)).toBeChecked();
	await page.getByRole('link', { name: 'Back' }).click();
	await expect(heading(page)).toHaveText(first!.title);
	await expect(page.locator(`#${a.id}-notes`)).toHaveValue('Fictional note written offline.');

	// A page never visited before also opens offline: every page is the cached app shell.
	await page.goto('/data');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Data on this device');
	await page.goto('/');
	await expect(page.getByRole('link', { name: 'FICT-OFF-1', exact: true })).toBeVisible();
	await context.setOffline(false);
});
