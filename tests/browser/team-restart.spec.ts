// Team mode (issue 16): the team server stops and starts again in the middle of a session. Two
// browser contexts are two devices replicating through pouchdb-server on the loopback, reached at
// /couchdb/ on the app's own origin (the set-up of team.spec.ts). Every user and case is fictional.
//
// A real restart: the server keeps its databases in a folder (LevelDB), so when it starts again
// on the same folder its users, `_security`, design document, cases and replication checkpoints
// are all still there, as a council's CouchDB's would be; the test checks the case sent before
// the stop is on the server straight after the start. Neither page is reloaded after the stop
// (every move is a click inside the app; a mark left on each page's window must still be there):
// the devices find the server again by replication's own retry with back-off.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';
import { ADMIN, couch, prepareTeam, startTeamServer, type TeamServer } from '../team-server.ts';
import { checkPage, fillCaseDetails, heading } from './support.ts';
import { teamDevice } from './team-devices.ts';

const DB = 'homeward-team-restart';
const password = 'fictional-password';
const PAT = 'pat-fictional';
const MO = 'mo-fictional';

test.describe.configure({ mode: 'serial' });

let dir = '';
let server: TeamServer | null = null;
test.beforeAll(async () => {
	test.setTimeout(120_000);
	dir = mkdtempSync(join(tmpdir(), 'homeward-team-restart-'));
	server = await startTeamServer({ dir });
	await prepareTeam(DB, [
		{ name: PAT, password, roles: [TEAM_ROLES.practitioner] },
		{ name: MO, password, roles: [TEAM_ROLES.manager] }
	]);
});
test.afterAll(async () => {
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A new device (its own browser context) signed in to the team, at the first page. */
async function device(browser: Browser, name: string) {
	const { context, page } = await teamDevice(browser, { db: DB, name, password });
	await page.goto('/');
	await expect(page.getByTestId('sync-status')).toContainText('Up to date');
	// Gone if the page is ever loaded again.
	await page.evaluate(() => ((window as { hwSameDocument?: boolean }).hwSameDocument = true));
	return { context, page };
}

const sameDocument = (page: Page) =>
	page.evaluate(() => (window as { hwSameDocument?: boolean }).hwSameDocument === true);

/** To the first page by the header's link (inside the app, never a page load). */
async function home(page: Page) {
	await page.getByRole('link', { name: 'Homeward', exact: true }).click();
	await expect(page.getByRole('button', { name: 'Start a new assessment' })).toBeVisible();
}

/** A new assessment saved from the first page, by clicks only. */
async function create(page: Page, ref: string) {
	await home(page);
	await page.getByRole('button', { name: 'Start a new assessment' }).click();
	await expect(heading(page)).toHaveText('Case details');
	await fillCaseDetails(page, ref);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(heading(page)).toHaveText('Reunification readiness assessment');
	await home(page);
}

/** The case references the server holds (as its admin). */
async function onServer(): Promise<string[]> {
	const r = await couch('GET', `/${DB}/_all_docs?include_docs=true`, { as: ADMIN });
	const rows = (r.body.rows ?? []) as {
		doc: { record?: { caseDetails?: { caseRef?: string } } };
	}[];
	return rows.flatMap((row) => row.doc.record?.caseDetails?.caseRef ?? []).sort();
}

const homeRow = (page: Page, ref: string) => page.getByRole('link', { name: ref }).first();
const status = (page: Page) => page.getByTestId('sync-status');

test('the team server stops and starts again: both devices say so, work goes on, and everything made meanwhile reaches the other without a reload', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const pat = await device(browser, PAT);
	const mo = await device(browser, MO);

	await create(pat.page, 'FICT-RESTART-1');
	await expect(homeRow(mo.page, 'FICT-RESTART-1')).toBeVisible({ timeout: 60_000 });
	await expect.poll(onServer, { timeout: 60_000 }).toEqual(['FICT-RESTART-1']);

	// The server stops. Both pages say they cannot reach it, with what happens to the changes.
	await server?.stop();
	server = null;
	const down =
		/Offline — changes will be sent when you reconnect|Sync problem: .+\. Try again later/;
	await expect(status(pat.page)).toContainText(down, { timeout: 60_000 });
	await expect(status(mo.page)).toContainText(down, { timeout: 60_000 });
	await checkPage(pat.page, 'team server stopped');

	// The app goes on working: a case made on each device while the server is down.
	await create(pat.page, 'FICT-RESTART-2');
	await expect(homeRow(pat.page, 'FICT-RESTART-2')).toBeVisible();
	await create(mo.page, 'FICT-RESTART-3');
	await expect(homeRow(mo.page, 'FICT-RESTART-3')).toBeVisible();
	await expect(status(pat.page)).toContainText(down);
	await expect(status(mo.page)).toContainText(down);

	// Started again on its folder: what it held before the stop is still there. The devices may
	// already be sending their work back by the time this runs, so it checks what no device can
	// write (the members, the design document, the users) besides the case sent before the stop.
	server = await startTeamServer({ dir });
	const security = await couch('GET', `/${DB}/_security`, { as: ADMIN });
	const members = security.body.members as { roles?: string[] } | undefined;
	expect(members?.roles ?? []).toEqual(
		expect.arrayContaining([TEAM_ROLES.practitioner, TEAM_ROLES.manager])
	);
	expect((await couch('GET', `/${DB}/_design/homeward`, { as: ADMIN })).status).toBe(200);
	for (const name of [PAT, MO])
		expect((await couch('GET', `/_users/org.couchdb.user:${name}`, { as: ADMIN })).status).toBe(
			200
		);
	expect(await onServer()).toContain('FICT-RESTART-1');

	// Each device sends what it made and receives the other's; nothing is lost.
	await expect(homeRow(mo.page, 'FICT-RESTART-2')).toBeVisible({ timeout: 120_000 });
	await expect(homeRow(pat.page, 'FICT-RESTART-3')).toBeVisible({ timeout: 120_000 });
	await expect
		.poll(onServer, { timeout: 60_000 })
		.toEqual(['FICT-RESTART-1', 'FICT-RESTART-2', 'FICT-RESTART-3']);
	for (const d of [pat, mo]) {
		await expect(status(d.page)).toContainText('Up to date', { timeout: 60_000 });
		await expect(homeRow(d.page, 'FICT-RESTART-1')).toBeVisible();
		expect(await sameDocument(d.page)).toBe(true);
	}
	await pat.context.close();
	await mo.context.close();
});
