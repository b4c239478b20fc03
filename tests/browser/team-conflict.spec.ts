// Team mode's "no silent overwrite" (issue 16): two browser contexts are two devices replicating
// through pouchdb-server on the loopback (started here, stopped after), reached at /couchdb/ on
// the app's own origin. The same draft is changed on both while apart; a person settles the
// conflict field by field. Every user and case is fictional.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';
import { ADMIN, couch, prepareTeam, startTeamServer, type TeamServer } from '../team-server.ts';
import { checkPage, createAssessment, heading, rules } from './support.ts';
import { teamDevice } from './team-devices.ts';

const DB = 'homeward-team-conflict';
const password = 'fictional-password';
const PAT = 'pat-fictional';
const MO = 'mo-fictional';
const REF = 'FICT-CONFLICT-1';

// The first question, answered differently on each device.
const domain = rules.data.domains[0]!;
const factor = domain.factors[0]!;
const [optionA, optionB] = rules.factors.get(factor.id)!.scale.options;
const PAT_NOTE = 'Fictional: written on the practitioner’s laptop only.';

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

/** A new device (its own browser context) signed in to the team. */
const device = (browser: Browser, name: string) => teamDevice(browser, { db: DB, name, password });

/** Answers the first question (and writes its note) on the draft, saved on this device. */
async function answerFirst(page: Page, url: string, value: string, note?: string) {
	await page.goto(url);
	await expect(heading(page)).toHaveText('Reunification readiness assessment');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(heading(page)).toHaveText(domain.title);
	await page.locator(`input[name="${factor.id}"][value="${value}"]`).check();
	if (note) await page.fill(`#${factor.id}-notes`, note);
	await expect(page.getByTestId('save-status')).toContainText('Saved on this device');
	await page.goto('/');
}

interface Leaf {
	_rev: string;
	_deleted?: boolean;
	record?: { answers: Record<string, string>; notes: Record<string, string> };
	team?: { resolvedInto?: string };
}

/** Every leaf revision the server holds of `id` (as its admin). */
async function leaves(id: string): Promise<Leaf[]> {
	const r = await couch('GET', `/${DB}/${id}?open_revs=all`, { as: ADMIN });
	return (r.body as unknown as { ok: Leaf }[]).map((l) => l.ok);
}

test('the same draft changed on two devices while apart: both kept, a person chooses field by field, both converge and nothing is lost', async ({
	browser
}) => {
	test.setTimeout(300_000);
	if (!optionA || !optionB) throw new Error('the first question needs two options');
	const pat = await device(browser, PAT);
	const mo = await device(browser, MO);

	await createAssessment(pat.page, REF);
	const url = pat.page.url();
	const id = url.split('/').at(-1) ?? '';
	await mo.page.goto('/');
	await expect(mo.page.getByRole('link', { name: REF }).first()).toBeVisible({ timeout: 60_000 });

	// Apart: the team server out of reach from both (see team.spec.ts for why by routing).
	const cut = '**/couchdb/**';
	for (const d of [pat, mo])
		await d.context.route(cut, (route) => route.abort('internetdisconnected'));
	await answerFirst(pat.page, url, optionA.value, PAT_NOTE);
	await answerFirst(mo.page, url, optionB.value);
	for (const d of [pat, mo]) await d.context.unroute(cut);

	// Back together: a conflict on both, in the sync line and on the Team page.
	for (const d of [pat, mo]) {
		await d.page.goto('/');
		await expect(d.page.getByTestId('sync-status')).toContainText(
			'1 assessment was changed on this device and another',
			{ timeout: 60_000 }
		);
	}
	await expect(mo.page.getByTestId('sync-status').getByRole('link')).toHaveText(
		`Choose what to keep in ${REF}`
	);
	// The server keeps both revisions until someone chooses.
	const apart = (await leaves(id)).filter((l) => !l._deleted);
	expect(apart.map((l) => l.record?.answers[factor.id]).sort()).toEqual(
		[optionA.value, optionB.value].sort()
	);
	await pat.page.goto('/team');
	const listed = pat.page.getByTestId('team-conflicts');
	await expect(listed).toContainText(REF);
	await checkPage(pat.page, 'team conflicts');

	// A person opens it and sees both values in words.
	await listed.getByRole('link', { name: `${REF}: choose what to keep` }).click();
	await expect(pat.page.getByRole('heading', { level: 1 })).toHaveText('Changed on two devices');
	const answer = pat.page.getByRole('group', { name: factor.question });
	await expect(answer).toContainText('This device’s version');
	await expect(answer).toContainText(optionA.label);
	await expect(answer).toContainText('The team’s version');
	await expect(answer).toContainText(optionB.label);
	await expect(answer).toContainText('Different in the two versions: choose one.');
	const note = pat.page.getByRole('group', { name: `Evidence note: ${factor.label}` });
	await expect(note).toContainText(PAT_NOTE);
	await expect(note.getByLabel('This device’s version')).toBeChecked();
	await checkPage(pat.page, 'team conflict');

	// A choice is required where both changed the field.
	await pat.page.getByRole('button', { name: 'Keep these choices' }).click();
	const summary = pat.page.locator('.govuk-error-summary');
	await expect(summary).toContainText(`Choose which version of “${factor.question}” to keep`);
	await checkPage(pat.page, 'team conflict with errors');
	// Nothing was written: both revisions are still on the server.
	expect((await leaves(id)).filter((l) => !l._deleted)).toHaveLength(2);

	await answer.getByLabel('The team’s version').check();
	await pat.page.getByRole('button', { name: 'Keep these choices' }).click();
	await expect(pat.page.getByTestId('conflict-settled')).toContainText('Versions put together');
	await checkPage(pat.page, 'team conflict settled');

	// Both converge on the chosen values: the other device's answer, this device's note.
	const chosen = async () => {
		const live = (await leaves(id)).filter((l) => !l._deleted);
		return live.length === 1
			? [live[0]?.record?.answers[factor.id], live[0]?.record?.notes[factor.id]]
			: null;
	};
	await expect.poll(chosen, { timeout: 60_000 }).toEqual([optionB.value, PAT_NOTE]);
	for (const d of [pat, mo]) {
		await d.page.goto('/');
		await expect(d.page.getByTestId('sync-status')).toContainText('Up to date', {
			timeout: 60_000
		});
		await d.page.goto(url);
		await d.page.getByRole('button', { name: 'Continue' }).click();
		await expect(heading(d.page)).toHaveText(domain.title);
		await expect(
			d.page.locator(`input[name="${factor.id}"][value="${optionB.value}"]`)
		).toBeChecked();
		await expect(d.page.locator(`#${factor.id}-notes`)).toHaveValue(PAT_NOTE);
	}

	// Nothing is lost: the version not chosen is a revision the server still holds, under the
	// tombstone that says which revision it was settled into.
	const after = await leaves(id);
	const settled = after.find((l) => !l._deleted);
	const tombstone = after.find((l) => l._deleted);
	expect(tombstone?.team?.resolvedInto).toBe(settled?._rev);
	for (const leaf of apart) {
		const kept = await couch('GET', `/${DB}/${id}?rev=${leaf._rev}`, { as: ADMIN });
		expect((kept.body.record as Leaf['record'])?.answers[factor.id]).toBe(
			leaf.record?.answers[factor.id]
		);
	}
	await pat.context.close();
	await mo.context.close();
});
