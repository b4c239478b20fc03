import { expect, test, type Page } from '@playwright/test';
import { fillCaseDetails, heading, rules, startNew } from './support.ts';

// All case details here are fictional.

const TRIALS = 40;

/** The stored notes of one assessment, read straight from IndexedDB (no app code involved). */
function storedNote(page: Page, id: string, factor: string): Promise<string | null> {
	return page.evaluate(
		([id, factor]) =>
			new Promise<string | null>((resolve, reject) => {
				const open = indexedDB.open('homeward');
				open.onerror = () => reject(new Error('could not open the database'));
				open.onsuccess = () => {
					const db = open.result;
					const get = db
						.transaction('assessments')
						.objectStore('assessments')
						.get(id as string);
					get.onsuccess = () => {
						const record = get.result as { notes?: Record<string, string> } | undefined;
						db.close();
						resolve(record?.notes?.[factor as string] ?? null);
					};
					get.onerror = () => reject(new Error('could not read the record'));
				};
			}),
		[id, factor]
	);
}

test('a note typed 0–400 ms before a reload, a close or leaving is never lost (40 trials)', async ({
	page: first,
	context
}) => {
	test.setTimeout(180_000);
	await startNew(first);
	await fillCaseDetails(first, 'FICT-4040');
	await first.getByRole('button', { name: 'Continue' }).click();
	await first.getByRole('button', { name: 'Continue' }).click();
	const domain = rules.data.domains[0]!;
	await expect(heading(first)).toHaveText(domain.title);
	const factor = domain.factors[0]!.id;
	// Let the case details and this step be saved, so that every reopening can come back here.
	await first.waitForTimeout(700);
	const id = decodeURIComponent(new URL(first.url()).pathname.split('/')[2] ?? '');
	const stepUrl = `/assessment/${encodeURIComponent(id)}`;

	let page = first;
	const lost: string[] = [];
	for (let trial = 0; trial < TRIALS; trial++) {
		const text = `Fictional note, trial ${trial}.`;
		// Spread over 0–400 ms, the window in which changes used to be lost.
		const wait = Math.round((trial * 401) / TRIALS) % 401;
		await page.locator(`#${factor}-notes`).fill(text);
		if (wait > 0) await page.waitForTimeout(wait);
		const how = trial % 3;
		if (how === 0) await page.reload();
		else if (how === 1) await page.goto('/');
		else {
			await page.close();
			page = await context.newPage();
		}
		await page.goto(stepUrl);
		await expect(heading(page)).toBeVisible();
		const kept = await expect
			.poll(() => storedNote(page, id, factor), { timeout: 3000 })
			.toBe(text)
			.then(() => true)
			.catch(() => false);
		if (!kept) {
			lost.push(`trial ${trial} (${['reload', 'leave', 'close'][how]}, ${wait} ms)`);
			continue;
		}
		// Reopened where it was last saved, which may be before this step: go back to it.
		if ((await heading(page).textContent()) === 'Case details')
			await page.getByRole('button', { name: 'Continue' }).click();
		if ((await heading(page).textContent()) !== domain.title)
			await page.getByRole('link', { name: domain.title }).click();
		await expect(page.locator(`#${factor}-notes`)).toHaveValue(text);
	}
	expect(lost).toEqual([]);
});
