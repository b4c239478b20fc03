import { expect, test } from '@playwright/test';
import { checkPage } from './page-states.ts';
import { CURRENT_RULES_FILE, loadRealRules } from '../helpers.ts';

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
