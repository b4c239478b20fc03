// A manager's hand-over across devices (when a practitioner leaves): the manager hands a
// practitioner's cases to another practitioner on their own device; the server takes each with
// its history entry; the new author's device shows the cases and the entry; a practitioner is
// told only a manager can hand over (or approve). Through pouchdb-server on the loopback, started
// here, stopped after, reached at /couchdb/ on the app's origin. Every user and case is fictional.
import { expect, test, type Browser } from '@playwright/test';
import { TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';
import { ADMIN, couch, prepareTeam, startTeamServer, type TeamServer } from '../team-server.ts';
import { teamDoc, type State } from '../fixtures/team-docs.ts';
import { checkPage } from './support.ts';
import { teamDevice } from './team-devices.ts';

const DB = 'homeward-team-handover';
const password = 'fictional-password';
const PAT = 'pat-handover-fictional';
const SAM = 'sam-handover-fictional';
const MO = 'mo-handover-fictional';

/** Pat's cases on the server: two that can go, one that waits for the manager's approval. */
const CASES: { ref: string; state: State; id: string }[] = [
	{ ref: 'FICT-HO-1', state: 'draft', id: '00000000-0000-4000-8000-000000000901' },
	{ ref: 'FICT-HO-2', state: 'signed', id: '00000000-0000-4000-8000-000000000902' },
	{ ref: 'FICT-HO-3', state: 'awaiting-approval', id: '00000000-0000-4000-8000-000000000903' }
];

test.describe.configure({ mode: 'serial' });

let server: TeamServer;
test.beforeAll(async () => {
	test.setTimeout(120_000);
	server = await startTeamServer();
	await prepareTeam(DB, [
		{ name: PAT, password, roles: [TEAM_ROLES.practitioner] },
		{ name: SAM, password, roles: [TEAM_ROLES.practitioner] },
		{ name: MO, password, roles: [TEAM_ROLES.manager] }
	]);
	for (const c of CASES) {
		const { record } = teamDoc(c.state, c.id);
		const r = await couch('PUT', `/${DB}/${c.id}`, {
			as: ADMIN,
			body: {
				type: 'homeward-assessment',
				team: { author: PAT },
				record: { ...record, caseDetails: { ...record.caseDetails, caseRef: c.ref } }
			}
		});
		expect(r.status, JSON.stringify(r.body)).toBe(201);
	}
});
test.afterAll(async () => {
	await server?.stop();
});

/** A new device (its own browser context) signed in to the team. */
const device = (browser: Browser, name: string) => teamDevice(browser, { db: DB, name, password });

const authorOnServer = async (id: string) =>
	((await couch('GET', `/${DB}/${id}`, { as: ADMIN })).body.team as { author?: string })?.author;

test('a manager hands a practitioner’s cases to another; the new author’s device shows them with the history entry; practitioners are told only a manager can', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const mo = await device(browser, MO);
	const h1 = mo.page.getByRole('heading', { level: 1 });

	// From the Team page (a manager's only) to whose cases.
	await mo.page.getByTestId('team-hand-over').click();
	await expect(h1).toHaveText('Whose assessments are you handing over?');
	await expect(mo.page.getByLabel(PAT)).toBeVisible({ timeout: 60_000 });
	await expect(mo.page.locator('#from-hint')).toBeVisible();
	await mo.page.getByRole('button', { name: 'Continue' }).click();
	await expect(mo.page.locator('.govuk-error-summary')).toContainText(
		'Choose whose assessments to hand over'
	);
	await checkPage(mo.page, 'team hand-over, whose with errors');
	await mo.page.getByLabel(PAT).check();
	await expect(mo.page.getByText('3 assessments')).toBeVisible();
	await checkPage(mo.page, 'team hand-over, whose');
	await mo.page.getByRole('button', { name: 'Continue' }).click();

	// Their cases: the one awaiting approval waits; nothing chosen yet is an error for each.
	await expect(h1).toHaveText('Choose the assessments and who they go to');
	await expect(mo.page.getByTestId('hand-over-blocked')).toContainText('FICT-HO-3');
	await expect(mo.page.getByLabel('FICT-HO-3')).toHaveCount(0);
	await mo.page.getByRole('button', { name: 'Continue' }).click();
	const summary = mo.page.locator('.govuk-error-summary');
	await expect(summary).toContainText('Select at least one assessment to hand over');
	await expect(summary).toContainText('Choose who to hand the assessments to');
	await mo.page.getByLabel('Someone else').check();
	await mo.page.fill('#to-other', '_not-a-user');
	await mo.page.getByRole('button', { name: 'Continue' }).click();
	await expect(summary).toContainText('cannot start with an underscore');
	await checkPage(mo.page, 'team hand-over, cases with errors');
	await mo.page.getByLabel('FICT-HO-1').check();
	await mo.page.getByLabel('FICT-HO-2').check();
	await mo.page.fill('#to-other', ` ${SAM} `);
	await expect(mo.page.getByText(/^Signed off, last changed \d{1,2} \w+ 2026$/)).toBeVisible();
	await checkPage(mo.page, 'team hand-over, cases');
	await mo.page.getByRole('button', { name: 'Continue' }).click();

	// Check the answers, then confirm.
	await expect(h1).toHaveText('Check the hand-over before you confirm it');
	const check = mo.page.getByTestId('hand-over-check');
	await expect(check).toContainText(PAT);
	await expect(check).toContainText(SAM);
	await expect(check).toContainText('FICT-HO-1');
	await expect(check).toContainText('FICT-HO-2');
	await expect(check).not.toContainText('FICT-HO-3');
	await checkPage(mo.page, 'team hand-over, check');
	await mo.page.getByRole('button', { name: 'Hand over 2 assessments' }).click();
	await expect(mo.page.getByTestId('hand-over-done')).toContainText(
		`2 assessments handed over from ${PAT} to ${SAM}`
	);
	await expect(mo.page.getByTestId('hand-over-failures')).toHaveCount(0);
	await checkPage(mo.page, 'team hand-over done');
	for (const c of CASES)
		expect(await authorOnServer(c.id)).toBe(c.state === 'awaiting-approval' ? PAT : SAM);

	// The new author's device: the cases, each with the history entry that says so.
	const sam = await device(browser, SAM);
	for (const c of CASES.slice(0, 2)) {
		await sam.page.goto(`/assessment/${c.id}/history`);
		await expect(sam.page.locator('main')).toContainText(
			`Handed over from ${PAT} to ${SAM} by manager ${MO}.`,
			{ timeout: 60_000 }
		);
	}
	await checkPage(sam.page, 'team history after a hand-over');

	// A practitioner is told, not offered a form: the hand-over page, and the approval page.
	await sam.page.goto('/team/hand-over');
	await expect(sam.page.getByRole('heading', { level: 1 })).toHaveText(
		'Only a manager can hand over assessments'
	);
	await expect(sam.page.getByTestId('hand-over-refused')).toBeVisible();
	await checkPage(sam.page, 'team hand-over refused');
	await expect(sam.page.getByTestId('team-hand-over')).toHaveCount(0);
	const pat = await device(browser, PAT);
	await expect(pat.page.getByTestId('team-hand-over')).toHaveCount(0);
	await pat.page.goto(`/assessment/${CASES[2]?.id ?? ''}/approval`);
	await expect(pat.page.getByTestId('approval-refused')).toContainText(
		'Only a manager can approve an assessment',
		{ timeout: 60_000 }
	);
	await expect(pat.page.getByRole('button', { name: 'Record your decision' })).toHaveCount(0);
	await checkPage(pat.page, 'team approval refused');

	// Back on the manager's device, the handed-over cases are Sam's to hand on.
	await mo.page.getByRole('button', { name: 'Hand over more assessments' }).click();
	await expect(mo.page.getByLabel(SAM)).toBeVisible({ timeout: 60_000 });
	await expect(mo.page.getByText('2 assessments')).toBeVisible();
	await expect(mo.page.getByText('1 assessment', { exact: true })).toBeVisible();
	for (const d of [mo, sam, pat]) await d.context.close();
});

test('outside team mode the page says hand-over is for team mode', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/team/hand-over');
	await expect(page.getByTestId('hand-over-no-team')).toContainText('for team mode');
	await expect(page.getByRole('link', { name: 'Connect to your team' })).toHaveAttribute(
		'href',
		'/team'
	);
	await checkPage(page, 'team hand-over without a team');
	await context.close();
});
