// Team mode's browser tests: a device is its own browser context, signed in to the team's
// database on the Team page and up to date. Every user is fictional.
import { expect, type Browser, type Page } from '@playwright/test';

export interface DeviceLogin {
	db: string;
	name: string;
	password: string;
	/** Called with the new page before it opens anything (to listen for downloads, say). */
	watch?: (page: Page) => void;
}

/** Fills and sends the Team page's form (the server's path is the default, /couchdb/). */
export async function fillConnect(page: Page, { db, name, password }: DeviceLogin) {
	await page.goto('/team');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connect to your team');
	await page.fill('#team-db', db);
	await page.fill('#team-name', name);
	await page.fill('#team-password', password);
	await page.getByRole('button', { name: 'Sign in and connect' }).click();
}

/** A new device signed in to the team, its Team page saying "Up to date". */
export async function teamDevice(browser: Browser, login: DeviceLogin) {
	const context = await browser.newContext();
	const page = await context.newPage();
	page.setDefaultTimeout(20_000);
	login.watch?.(page);
	await fillConnect(page, login);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your team');
	await expect(page.getByTestId('sync-status')).toContainText('Up to date');
	return { context, page };
}
