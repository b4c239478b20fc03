import { expect, test } from '@playwright/test';
import { checkPage } from './page-states.ts';
import { CURRENT_RULES_FILE, loadRealRules } from '../helpers.ts';
import { createAssessment } from './support.ts';

test.describe('the first page', () => {
	test('loads with no console errors and shows the rules in use', async ({ page, baseURL }) => {
		const problems: string[] = [];
		page.on('console', (msg) => {
			if (msg.type() === 'error' || msg.type() === 'warning')
				problems.push(`${msg.type()}: ${msg.text()}`);
		});
		page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
		const requests: string[] = [];
		page.on('request', (req) => requests.push(req.url()));

		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1, name: 'Homeward' })).toBeVisible();
		await expect(page.getByTestId('rules-version')).toHaveText('1.2.0');
		await expect(page.getByTestId('rules-summary')).toContainText(
			'Reunification readiness assessment'
		);
		await expect(page).toHaveTitle(/Homeward/);
		// The browser computes the same content hash as the engine does in Node for the same file.
		await expect(page.getByTestId('rules-hash')).toHaveAttribute(
			'title',
			loadRealRules(CURRENT_RULES_FILE).hash
		);
		expect(problems).toEqual([]);
		// Nothing is fetched from anywhere but this app.
		expect(requests.filter((u) => !u.startsWith(`${new URL(baseURL!).origin}/`))).toEqual([]);
	});

	test('any path falls back to the app', async ({ page }) => {
		await page.goto('/some/deep/link');
		await expect(page.getByRole('banner')).toContainText('Homeward');
	});

	test('lists assessments read straight from IndexedDB, and leaves a damaged database to the store', async ({
		page
	}) => {
		await createAssessment(page, 'FICT-2001');
		await createAssessment(page, 'FICT-2002');
		await page.goto('/');
		const rows = page.getByRole('row');
		await expect(rows.filter({ hasText: 'FICT-2002' })).toBeVisible();
		await expect(rows.filter({ hasText: 'FICT-2001' })).toBeVisible();
		const way = () =>
			page.evaluate(
				() =>
					(performance.getEntriesByName('homeward:first-page')[0] as PerformanceMark | undefined)
						?.detail as string | undefined
			);
		expect(await way()).toBe('direct');
		// The store still keeps the list live: a change in another tab shows here.
		const other = await page.context().newPage();
		await createAssessment(other, 'FICT-2003');
		await expect(rows.filter({ hasText: 'FICT-2003' })).toBeVisible();
		await other.close();
		// A summary row gone behind the app's back: the store answers, and still lists every one.
		await page.evaluate(
			() =>
				new Promise<void>((resolve, reject) => {
					const open = indexedDB.open('homeward');
					open.onsuccess = () => {
						const db = open.result;
						const tx = db.transaction('summaries', 'readwrite');
						const cursor = tx.objectStore('summaries').openCursor();
						cursor.onsuccess = () => {
							cursor.result?.delete();
						};
						tx.oncomplete = () => {
							db.close();
							resolve();
						};
						tx.onerror = () => reject(tx.error);
					};
				})
		);
		await page.reload();
		for (const ref of ['FICT-2001', 'FICT-2002', 'FICT-2003'])
			await expect(rows.filter({ hasText: ref })).toBeVisible();
		expect(await way()).toBe('store');
	});

	test('has no accessibility violations (axe, WCAG 2.2 AA)', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByTestId('rules-version')).toBeVisible();
		await checkPage(page, 'home');
	});

	test('the skip link is the first thing a keyboard user reaches', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByTestId('rules-version')).toBeVisible();
		await page.keyboard.press('Tab');
		await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.locator('#main-content')).toBeFocused();
	});
});
