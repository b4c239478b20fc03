// Team mode (issue 16): two browser contexts are two devices, replicating for real through
// pouchdb-server on the loopback (started here, stopped after), reached at /couchdb/ on the app's
// own origin. Every user and case is fictional.
import { expect, test, type Browser, type Page, type Route } from '@playwright/test';
import { TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';
import { ADMIN, couch, prepareTeam, startTeamServer, type TeamServer } from '../team-server.ts';
import { fillConnect, teamDevice } from './team-devices.ts';
import { checkPage, createAssessment, heading, overriddenAtSignOff, writeUp } from './support.ts';

const DB = 'homeward-team-browser';
const password = 'fictional-password';
const PAT = 'pat-fictional';
const MO = 'mo-fictional';
const OZ = 'oz-fictional';

test.describe.configure({ mode: 'serial' });

let server: TeamServer;
test.beforeAll(async () => {
	test.setTimeout(120_000);
	server = await startTeamServer();
	await prepareTeam(DB, [
		{ name: PAT, password, roles: [TEAM_ROLES.practitioner] },
		{ name: MO, password, roles: [TEAM_ROLES.manager] },
		{ name: OZ, password, roles: [] }
	]);
});
test.afterAll(async () => {
	await server?.stop();
});

const login = (name: string) => ({ db: DB, name, password });
const device = (browser: Browser, name: string) => teamDevice(browser, login(name));

/** The case references the server holds (as its admin). */
async function onServer(): Promise<string[]> {
	const r = await couch('GET', `/${DB}/_all_docs?include_docs=true`, { as: ADMIN });
	const rows = r.body.rows as {
		id: string;
		doc: { record?: { caseDetails?: { caseRef?: string } } };
	}[];
	return rows.flatMap((row) => row.doc.record?.caseDetails?.caseRef ?? []);
}

const homeRow = (page: Page, ref: string) => page.getByRole('link', { name: ref }).first();

test('connecting: the form’s errors, a non-member refused, the connected page', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/team');
	await page.fill('#team-server', 'couchdb');
	await page.getByRole('button', { name: 'Sign in and connect' }).click();
	const summary = page.locator('.govuk-error-summary');
	await expect(summary).toContainText('Enter the team server’s path on this site');
	await expect(summary).toContainText('Enter the team database’s name');
	await checkPage(page, 'team connect with errors');
	await page.fill('#team-server', '/couchdb/');
	await fillConnect(page, login(OZ));
	await expect(summary).toContainText('You are not a member of this team’s database');
	await page.fill('#team-password', 'not-the-password');
	await page.fill('#team-name', PAT);
	await page.getByRole('button', { name: 'Sign in and connect' }).click();
	await expect(summary).toContainText('The user name or password is not right');
	await context.close();
});

test('two devices: an assessment started on one appears on the other; offline work is sent on reconnecting; a practitioner’s approval is refused by the server; sign out removes the team’s cases; training never syncs', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const pat = await device(browser, PAT);
	await checkPage(pat.page, 'team connected');
	const mo = await device(browser, MO);

	// Started on one, on the other.
	await createAssessment(pat.page, 'FICT-TEAM-1');
	await mo.page.goto('/');
	await expect(homeRow(mo.page, 'FICT-TEAM-1')).toBeVisible();
	await expect(mo.page.getByTestId('sync-status')).toContainText('Up to date');

	// Offline on one: the work is kept and sent on reconnecting.
	// The team server out of reach from this device only (Chromium's offline emulation here does
	// not stop requests to the loopback address).
	const cut = '**/couchdb/**';
	await pat.context.route(cut, (route) => route.abort('internetdisconnected'));
	await pat.page.goto('/');
	await expect(pat.page.getByTestId('sync-status')).toContainText(
		'Offline — changes will be sent when you reconnect'
	);
	await checkPage(pat.page, 'team offline');
	await createAssessment(pat.page, 'FICT-TEAM-2');
	await pat.context.unroute(cut);
	await mo.page.goto('/');
	await expect(homeRow(mo.page, 'FICT-TEAM-2')).toBeVisible({ timeout: 60_000 });
	await pat.page.goto('/');
	await expect(pat.page.getByTestId('sync-status')).toContainText('Up to date', {
		timeout: 60_000
	});

	// A practitioner's approval is refused: the approval page says only a manager can approve,
	// and a device that claims otherwise (roles tampered with) is refused by the server.
	await overriddenAtSignOff(pat.page, 'FICT-TEAM-3');
	await writeUp(pat.page);
	await pat.page.getByRole('button', { name: 'Sign off' }).click();
	await expect(heading(pat.page)).toHaveText('Awaiting manager approval');
	const url = pat.page.url();
	await expect.poll(onServer, { timeout: 60_000 }).toContain('FICT-TEAM-3');
	await pat.page.goto(`${url}/approval`);
	await expect(pat.page.getByTestId('approval-refused')).toContainText(
		'Only a manager can approve an assessment'
	);
	await expect(pat.page.locator('#outcome')).toHaveCount(0);
	// The device is told its user is a manager (its `_session` answer and stored roles forged).
	const forged = async (route: Route) => {
		if (route.request().method() !== 'GET') return route.fallback();
		await route.fulfill({
			json: { ok: true, userCtx: { name: PAT, roles: [TEAM_ROLES.manager] } }
		});
	};
	await pat.context.route('**/couchdb/_session', forged);
	await pat.page.evaluate((role) => {
		const config = JSON.parse(localStorage.getItem('homeward-team') ?? '{}') as object;
		localStorage.setItem('homeward-team', JSON.stringify({ ...config, roles: [role] }));
	}, TEAM_ROLES.manager);
	await pat.page.reload();
	await pat.page.check('#outcome');
	await pat.page.fill('#managerName', 'P. Fictional');
	await pat.page.fill('#managerRole', 'Social worker');
	await pat.page.fill('#comment', 'Fictional: approving my own assessment.');
	await pat.page.getByRole('button', { name: 'Record your decision' }).click();
	await expect(pat.page.getByTestId('sync-status')).toContainText(
		'Only a manager can approve an assessment or return it to the practitioner.',
		{ timeout: 60_000 }
	);
	await pat.page.goto('/team');
	await expect(pat.page.getByTestId('team-refusals')).toContainText(
		'Only a manager can approve an assessment'
	);
	await checkPage(pat.page, 'team refusal');
	await pat.context.unroute('**/couchdb/_session', forged);
	// Kept on the device; the server still has it awaiting approval.
	await pat.page.goto(url);
	await expect(heading(pat.page)).toHaveText('Assessment signed off');
	const serverCopy = await couch('GET', `/${DB}/_all_docs?include_docs=true`, { as: ADMIN });
	const third = (
		serverCopy.body.rows as {
			doc: { record?: { caseDetails: { caseRef: string }; status: string } };
		}[]
	).find((r) => r.doc.record?.caseDetails.caseRef === 'FICT-TEAM-3');
	expect(third?.doc.record?.status).toBe('awaiting-approval');

	// Training cases never reach the server.
	await pat.page.goto('/training');
	await pat.page.getByRole('button', { name: 'Load answered TRAIN-01' }).click();
	await expect(heading(pat.page)).toHaveText('Reunification readiness assessment');
	await pat.page.goto('/');
	await expect(pat.page.getByTestId('sync-status')).toContainText(/Up to date|Sync problem/);
	expect((await onServer()).filter((ref) => ref.startsWith('TRAIN'))).toEqual([]);

	// Sign out and remove: nothing of the team's is left on the device.
	await pat.page.goto('/team');
	await pat.page
		.getByRole('button', { name: 'Sign out and remove this team’s cases from this device' })
		.click();
	await pat.page.getByRole('button', { name: 'Yes, sign out and remove them' }).click();
	await expect(pat.page.getByTestId('team-removed')).toContainText('Signed out.');
	await checkPage(pat.page, 'team signed out');
	await pat.page.goto('/');
	await expect(pat.page.getByText('FICT-TEAM-1')).toHaveCount(0);
	await expect(pat.page.getByTestId('sync-status')).toHaveCount(0);
	const left = await pat.page.evaluate(async () => ({
		databases: (await indexedDB.databases()).map((d) => d.name ?? ''),
		keys: Object.keys(localStorage)
	}));
	expect(left.databases.filter((n) => n.includes('team'))).toEqual([]);
	expect(left.keys.filter((k) => k.includes('team'))).toEqual([]);
	// The server and the other device keep them.
	await mo.page.goto('/');
	await expect(homeRow(mo.page, 'FICT-TEAM-1')).toBeVisible();
	await pat.context.close();
	await mo.context.close();
});
