// Team mode (issue 16) from start to print: a practitioner and a manager on two devices (two
// browser contexts) replicating through pouchdb-server on the loopback (started here, stopped
// after), reached at /couchdb/ on the app's own origin. The assessment is completed, returned,
// signed again, approved and printed with neither device ever handling a file; a team's case is
// deleted only by a manager, and the deletion reaches the other device. Every user and case is
// fictional.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { extractText } from 'unpdf';
import { TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';
import { ROOT } from '../helpers.ts';
import { ADMIN, couch, prepareTeam, startTeamServer, type TeamServer } from '../team-server.ts';
import { expectPrintable, pageLines } from './print-checks.ts';
import { checkPage, createAssessment, heading, overriddenAtSignOff, writeUp } from './support.ts';
import { teamDevice } from './team-devices.ts';

const DB = 'homeward-team-approval';
const password = 'fictional-password';
const PAT = 'pat-approval-fictional';
const MO = 'mo-approval-fictional';

test.describe.configure({ mode: 'serial' });

let server: TeamServer;
test.beforeAll(async () => {
	test.setTimeout(120_000);
	server = await startTeamServer();
	await prepareTeam(DB, [
		{ name: PAT, password, roles: [TEAM_ROLES.practitioner] },
		{ name: MO, password, roles: [TEAM_ROLES.manager] }
	]);
});
test.afterAll(async () => {
	await server?.stop();
});

/** A second team database, removed by the last test. */
const GONE = 'homeward-team-approval-gone';

/** Every file a device was offered or asked for: there must be none. */
const files: string[] = [];

/** A new device (its own browser context) signed in to the team. */
const device = (browser: Browser, name: string, db = DB) =>
	teamDevice(browser, {
		db,
		name,
		password,
		watch: (page) => {
			page.on('download', (d) => files.push(`${name} downloaded ${d.suggestedFilename()}`));
			page.on('filechooser', () => files.push(`${name} was asked for a file`));
		}
	});

interface ServerDoc {
	_id: string;
	record?: { caseDetails: { caseRef: string }; status: string; managerReviews: unknown[] };
}

/** The server's current document for a case reference (as its admin), or undefined. */
async function onServer(ref: string): Promise<ServerDoc | undefined> {
	const r = await couch('GET', `/${DB}/_all_docs?include_docs=true`, { as: ADMIN });
	const rows = r.body.rows as { doc: ServerDoc }[];
	return rows.map((row) => row.doc).find((d) => d.record?.caseDetails.caseRef === ref);
}
const statusOnServer = async (ref: string) => (await onServer(ref))?.record?.status ?? null;

const homeRow = (page: Page, ref: string) => page.getByRole('link', { name: ref }).first();

test('a practitioner signs on their laptop, the manager returns it with comments on theirs, the practitioner revises and signs again, the manager approves, and the practitioner prints it: no file changes hands', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const pat = await device(browser, PAT);
	const mo = await device(browser, MO);

	// The practitioner completes an assessment whose decision needs a manager, and signs it.
	await overriddenAtSignOff(pat.page, 'FICT-TEAM-APP-1');
	await writeUp(pat.page);
	await pat.page.getByRole('button', { name: 'Sign off' }).click();
	await expect(heading(pat.page)).toHaveText('Awaiting manager approval');
	await expect(pat.page.getByTestId('sync-status')).toContainText('Up to date');
	const patUrl = new URL(pat.page.url()).pathname;
	await expect.poll(() => statusOnServer('FICT-TEAM-APP-1')).toBe('awaiting-approval');

	// The manager sees it on their first page, waiting for them.
	await mo.page.goto('/');
	const waiting = mo.page.getByTestId('awaiting-approval');
	await expect(waiting).toContainText('Waiting for your approval', { timeout: 60_000 });
	await expect(waiting).toContainText('FICT-TEAM-APP-1');
	await checkPage(mo.page, 'team manager first page with an approval waiting');
	await waiting.getByRole('link', { name: /FICT-TEAM-APP-1/ }).click();
	await expect(heading(mo.page)).toHaveText('Manager’s approval');
	await expect(mo.page.getByTestId('approval-reasons')).toContainText('moves 3 bands');

	// First the manager returns it with comments.
	await mo.page.check('#outcome-1');
	await mo.page.fill('#managerName', 'M. Fictional');
	await mo.page.fill('#managerRole', 'Team manager');
	await mo.page.fill('#comment', 'Fictional: say more about the new incident in the reason.');
	await mo.page.getByRole('button', { name: 'Record your decision' }).click();
	await expect(mo.page.getByTestId('review-done')).toContainText('Returned to the practitioner');
	await expect.poll(() => statusOnServer('FICT-TEAM-APP-1'), { timeout: 60_000 }).toBe('draft');
	await mo.page.goto('/');
	await expect(mo.page.getByTestId('awaiting-approval')).toHaveCount(0);
	await expect(mo.page.getByTestId('sync-status')).toContainText('Up to date');

	// The practitioner sees the return and the comments on their own device, on the page they
	// were on (it said "Awaiting manager approval"), without reloading.
	await expect(pat.page.getByTestId('manager-comments')).toHaveText(
		'Fictional: say more about the new incident in the reason.',
		{ timeout: 60_000 }
	);
	await checkPage(pat.page, 'team returned to the practitioner');

	// They revise the decision's reason, say why it changed, and sign again.
	await pat.page.getByRole('link', { name: 'Back' }).click();
	await pat.page.getByRole('link', { name: 'Back' }).click();
	await expect(heading(pat.page)).toHaveText('Result and your decision');
	await pat.page.fill(
		'#overrideReason',
		'Fictional reason: a new incident last week (police called to the home) is not yet in the answers.'
	);
	await pat.page.getByRole('button', { name: 'Save decision and continue' }).click();
	await pat.page.getByRole('button', { name: 'Continue to sign-off' }).click();
	await pat.page.getByTestId('changes-need-reason').getByRole('link').click();
	await expect(heading(pat.page)).toHaveText('Give the reason for the changes');
	await pat.page.fill('#reason', 'Fictional: the manager asked for the incident to be described.');
	await pat.page.getByRole('button', { name: 'Save the reason' }).click();
	await expect(pat.page.getByTestId('reason-saved')).toBeVisible();
	await pat.page.goto(patUrl);
	await expect(heading(pat.page)).toHaveText('Sign off the assessment');
	await pat.page.check('#declaration');
	await pat.page.getByRole('button', { name: 'Sign off' }).click();
	await expect(heading(pat.page)).toHaveText('Awaiting manager approval');
	await expect
		.poll(() => statusOnServer('FICT-TEAM-APP-1'), { timeout: 60_000 })
		.toBe('awaiting-approval');

	// The manager approves with a comment (the practitioner's device stays on its page).
	await expect(heading(pat.page)).toHaveText('Awaiting manager approval');
	await mo.page.goto('/');
	await mo.page
		.getByTestId('awaiting-approval')
		.getByRole('link', { name: /FICT-TEAM-APP-1/ })
		.click({ timeout: 60_000 });
	await expect(heading(mo.page)).toHaveText('Manager’s approval');
	await mo.page.check('#outcome');
	await mo.page.fill('#managerName', 'M. Fictional');
	await mo.page.fill('#managerRole', 'Team manager');
	await mo.page.fill('#comment', 'Fictional: agreed; review in four weeks.');
	await mo.page.getByRole('button', { name: 'Record your decision' }).click();
	await expect(mo.page.getByTestId('review-done')).toContainText('Decision approved');
	await expect.poll(() => statusOnServer('FICT-TEAM-APP-1'), { timeout: 60_000 }).toBe('signed');
	expect((await onServer('FICT-TEAM-APP-1'))?.record?.managerReviews).toHaveLength(2);

	// The practitioner, still on the page that says it awaits approval, sees it approved there
	// without reloading; then prints the panel summary.
	await expect(heading(pat.page)).toHaveText('Assessment signed off', { timeout: 60_000 });
	await expect(pat.page.getByTestId('finished-status')).toContainText('approved by M. Fictional');
	await checkPage(pat.page, 'team approved on the practitioner’s device');
	await pat.page.getByTestId('summary-link').click();
	await expect(pat.page.getByTestId('approval-summary')).toContainText('Approved by M. Fictional');
	await expect(pat.page.locator('canvas').first()).toBeVisible();
	await pat.page.emulateMedia({ media: 'print' });
	const pdf = await pat.page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
	await pat.page.emulateMedia({ media: 'screen' });
	mkdirSync(join(ROOT, 'test-results/pdf'), { recursive: true });
	const file = join(ROOT, 'test-results/pdf/team-approved.pdf');
	writeFileSync(file, pdf);
	const { text: pages } = await extractText(new Uint8Array(pdf), { mergePages: false });
	const text = pages.map((t) => t.replace(/\s+/g, ' ')).join(' ');
	for (const words of [
		'Approved by M. Fictional (Team manager)',
		'Comment: Fictional: agreed; review in four weeks.',
		'Needed because: The override moves 3 bands',
		'Returned to the practitioner by M. Fictional (Team manager)',
		'Fictional: say more about the new incident in the reason.',
		'Fictional: the manager asked for the incident to be described.'
	])
		expect(text).toContain(words);
	// The team manager's row of the signatures, and nothing of this device's sync line.
	expect(pageLines(file).flat()).toContainEqual(
		expect.stringMatching(/^Team manager M\. Fictional, Team manager Approved in Homeward/)
	);
	expect(text).not.toContain('DRAFT');
	expect(text).not.toContain('Team: Up to date');
	await expectPrintable(pat.page, file, [
		['About this return (not rated)', 'Score, from −3 (serious concern) to +2 (clear strength)']
	]);

	expect(files).toEqual([]);
	await pat.context.close();
	await mo.context.close();
});

test('deleting a team’s case: a practitioner is told only a manager can, and the case stays; a manager’s deletion reaches the other device', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const pat = await device(browser, PAT);
	const mo = await device(browser, MO);

	await createAssessment(pat.page, 'FICT-TEAM-DEL-1');
	await expect.poll(() => statusOnServer('FICT-TEAM-DEL-1'), { timeout: 60_000 }).toBe('draft');
	await mo.page.goto('/');
	await expect(homeRow(mo.page, 'FICT-TEAM-DEL-1')).toBeVisible({ timeout: 60_000 });

	// The practitioner cannot delete it, and is told why and whom to ask.
	await pat.page.goto('/');
	await pat.page.getByRole('link', { name: 'Delete FICT-TEAM-DEL-1' }).click();
	await expect(pat.page.getByRole('heading', { level: 1 })).toHaveText(
		'This assessment cannot be deleted'
	);
	await expect(pat.page.getByTestId('delete-refused')).toContainText(
		'Only a manager can delete a team’s assessment.'
	);
	await expect(pat.page.getByRole('button', { name: 'Yes, delete assessment' })).toHaveCount(0);
	await checkPage(pat.page, 'team delete refused');
	await pat.page.goto('/');
	await expect(homeRow(pat.page, 'FICT-TEAM-DEL-1')).toBeVisible();

	// The manager deletes it on theirs; it leaves the server and the practitioner's device.
	await mo.page.getByRole('link', { name: 'Delete FICT-TEAM-DEL-1' }).click();
	await expect(mo.page.getByTestId('delete-team-note')).toContainText(
		'from every device in your team'
	);
	await checkPage(mo.page, 'team delete by a manager');
	await mo.page.getByRole('button', { name: 'Yes, delete assessment' }).click();
	await expect(mo.page.locator('.govuk-notification-banner')).toContainText(
		'FICT-TEAM-DEL-1 was deleted'
	);
	await expect.poll(() => onServer('FICT-TEAM-DEL-1'), { timeout: 60_000 }).toBeUndefined();
	// The manager's request to delete was used up by sending it.
	expect(await mo.page.evaluate(() => localStorage.getItem('homeward-team-deletions'))).toBeNull();
	await pat.page.goto('/');
	await expect(pat.page.getByText('FICT-TEAM-DEL-1')).toHaveCount(0, { timeout: 60_000 });
	await expect(pat.page.getByTestId('sync-status')).toContainText('Up to date');
	await mo.page.goto('/');
	await expect(mo.page.getByTestId('sync-status')).toContainText('Up to date');
	await expect(mo.page.getByText('FICT-TEAM-DEL-1')).toHaveCount(0);

	expect(files).toEqual([]);
	await pat.context.close();
	await mo.context.close();
});

test('a sign-in that ends mid-session: the device says so, keeps working, and after signing in again on the Team page the work made meanwhile reaches the team', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const pat = await device(browser, PAT);
	const mo = await device(browser, MO);

	// CouchDB's session cookie gone (its timeout, or the server restarted with a new secret).
	await pat.context.clearCookies();
	await createAssessment(pat.page, 'FICT-TEAM-SIGNIN-1');
	await expect(pat.page.getByTestId('sync-status')).toContainText(
		'Sync problem: your sign-in to the team server has ended',
		{ timeout: 60_000 }
	);
	await pat.page.goto('/team');
	await expect(pat.page.getByTestId('team-sign-in-again')).toHaveText('Sign in again', {
		timeout: 60_000
	});
	await checkPage(pat.page, 'team sign-in ended');
	await pat.page.fill('#team-again-password', 'not-the-password');
	await pat.page.getByRole('button', { name: 'Sign in again' }).click();
	await expect(pat.page.locator('.govuk-error-summary')).toContainText('The password is not right');
	await checkPage(pat.page, 'team sign in again with errors');
	await pat.page.fill('#team-again-password', password);
	await pat.page.getByRole('button', { name: 'Sign in again' }).click();
	await expect(pat.page.getByTestId('team-signed-in-again')).toBeVisible();
	await expect(pat.page.getByTestId('sync-status')).toContainText('Up to date', {
		timeout: 60_000
	});
	await expect(pat.page.getByTestId('team-sign-in-again')).toHaveCount(0);
	await mo.page.goto('/');
	await expect(homeRow(mo.page, 'FICT-TEAM-SIGNIN-1')).toBeVisible({ timeout: 60_000 });

	expect(files).toEqual([]);
	await pat.context.close();
	await mo.context.close();
});

test('a team database that is not there: refused when connecting, and said so on a device already connected, which keeps its work', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/team');
	await page.fill('#team-db', 'homeward-team-not-there');
	await page.fill('#team-name', PAT);
	await page.fill('#team-password', password);
	await page.getByRole('button', { name: 'Sign in and connect' }).click();
	await expect(page.locator('.govuk-error-summary')).toContainText(
		'There is no team database of this name on the server. Check the name.'
	);
	await context.close();

	await prepareTeam(GONE, []);
	const pat = await device(browser, PAT, GONE);
	// Removed on the server (by its administrator) while the device is connected.
	expect((await couch('DELETE', `/${GONE}`, { as: ADMIN })).status).toBe(200);

	await createAssessment(pat.page, 'FICT-TEAM-GONE-1');
	await expect(pat.page.getByTestId('sync-status')).toContainText(
		'Sync problem: the team’s database was not found on the server',
		{ timeout: 60_000 }
	);
	await pat.page.goto('/');
	await expect(homeRow(pat.page, 'FICT-TEAM-GONE-1')).toBeVisible();
	await expect(pat.page.getByTestId('sync-status')).toContainText(
		'Check the database name on the Team page with your administrator',
		{ timeout: 60_000 }
	);
	await pat.context.close();
});
