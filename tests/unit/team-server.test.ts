/**
 * The team rules as the server enforces them, over HTTP, against a real CouchDB-compatible server
 * (pouchdb-server in memory on 127.0.0.1:5991, started here and stopped after). The database is
 * prepared by `npm run team:setup` run as a process, exactly as a council's administrator runs it.
 * Every user and case is fictional.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REFUSALS, TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';
import { TEAM_DOC_TYPE } from '../../src/lib/storage/team/team-document.ts';
import { RECORD_SCHEMA_VERSION } from '../../src/lib/storage/record.ts';
import { ROOT } from '../helpers.ts';
import { readArgs } from '../../src/cli/team-setup-args.ts';
import { CliError } from '../../src/cli/rules-files.ts';
import { AUTHOR, CHANGES, COLLEAGUE, MANAGER, teamDoc } from '../fixtures/team-docs.ts';
import {
	addUser,
	ADMIN,
	couch,
	startTeamServer,
	TEAM_SERVER_PORT,
	TEAM_SERVER_URL,
	type TeamServer
} from '../team-server.ts';

/** A loopback port with no server: never the test server's own, whatever HW_TEAM_PORT says. */
const NO_SERVER_PORT = TEAM_SERVER_PORT + 101;

const DB = 'homeward-team-test';
const password = 'fictional-password';
const pat = { name: AUTHOR, password };
const sam = { name: COLLEAGUE, password };
const mo = { name: MANAGER, password };
const oz = { name: 'oz-fictional', password };

function setup(args: string[], env: Record<string, string | undefined> = {}) {
	return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
		const child = spawn(
			process.execPath,
			[join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/team-setup.ts'), ...args],
			{
				cwd: ROOT,
				env: { ...process.env, HOMEWARD_ADMIN_PASSWORD: ADMIN.password, ...env }
			}
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

const teamArgs = ['--url', TEAM_SERVER_URL, '--db', DB, '--admin-user', ADMIN.name];

/** A team document as it goes over the wire. */
const wire = (d: ReturnType<typeof teamDoc>, rev?: string) => ({
	_id: d.record.id,
	...(rev ? { _rev: rev } : {}),
	type: TEAM_DOC_TYPE,
	team: { author: d.author },
	record: d.record
});

let server: TeamServer;
let firstSetup: Awaited<ReturnType<typeof setup>>;

beforeAll(async () => {
	server = await startTeamServer();
	firstSetup = await setup(teamArgs);
	await addUser(pat.name, password, [TEAM_ROLES.practitioner]);
	await addUser(sam.name, password, [TEAM_ROLES.practitioner]);
	await addUser(mo.name, password, [TEAM_ROLES.manager]);
	await addUser(oz.name, password, []);
}, 90_000);

afterAll(async () => {
	await server?.stop();
});

describe('npm run team:setup', () => {
	it('creates the database, sets its members and installs the design document', async () => {
		expect(firstSetup.stderr).toBe('');
		expect(firstSetup.code).toBe(0);
		expect(firstSetup.stdout).toContain(`Created the database "${DB}".`);
		expect(firstSetup.stdout).toMatch(
			`Installed _design/homeward: writes are checked against record version ${RECORD_SCHEMA_VERSION} `
		);
		const security = await couch('GET', `/${DB}/_security`, { as: ADMIN });
		expect(security.body).toEqual({
			admins: { names: [], roles: [] },
			members: { names: [], roles: [TEAM_ROLES.practitioner, TEAM_ROLES.manager] }
		});
		const design = await couch('GET', `/${DB}/_design/homeward`, { as: ADMIN });
		expect(design.body.validate_doc_update).toMatch(
			/^function \(newDoc, oldDoc, userCtx, secObj\)/
		);
	});

	it('run again, says the database exists and the design document is current', async () => {
		const again = await setup(teamArgs);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain(`The database "${DB}" already exists: updating it.`);
		expect(again.stdout).toContain('The design document _design/homeward is already current');
	}, 60_000);

	it('replaces a design document that is not the current one, keeping its revision chain', async () => {
		const path = `/${DB}/_design/homeward`;
		const current = await couch('GET', path, { as: ADMIN });
		const stale = { ...current.body, homeward: { recordSchemaVersion: 1, validateHash: 'older' } };
		expect((await couch('PUT', path, { as: ADMIN, body: stale })).status).toBe(201);
		const again = await setup(teamArgs);
		expect(again.code).toBe(0);
		expect(again.stdout).toMatch(
			`Updated _design/homeward: writes are checked against record version ${RECORD_SCHEMA_VERSION} `
		);
		const now = await couch('GET', path, { as: ADMIN });
		expect(now.body.homeward).toEqual(current.body.homeward);
	}, 60_000);

	it('--print shows the design document without contacting any server', async () => {
		const printed = await setup(['--print'], { HOMEWARD_ADMIN_PASSWORD: undefined });
		expect(printed.code).toBe(0);
		const design = JSON.parse(printed.stdout) as { _id: string; validate_doc_update: string };
		expect(design._id).toBe('_design/homeward');
		expect(design.validate_doc_update).toMatch(/^function \(newDoc, oldDoc, userCtx, secObj\)/);
	}, 60_000);

	it('names team administrators in _security when asked', async () => {
		const other = await setup([
			'--url',
			TEAM_SERVER_URL,
			'--db',
			'homeward-team-two',
			'--admin-user',
			ADMIN.name,
			'--team-admin',
			'lead-fictional'
		]);
		expect(other.code).toBe(0);
		const security = await couch('GET', '/homeward-team-two/_security', { as: ADMIN });
		expect(security.body.admins).toEqual({ names: ['lead-fictional'], roles: [] });
	}, 60_000);

	// As processes: what the server says (a wrong password, no server) and one command-line
	// error, to see the exit code and usage. Every other command line is checked in-process below.
	it.each([
		[
			[...teamArgs],
			{ HOMEWARD_ADMIN_PASSWORD: 'wrong' },
			1,
			/did not accept the user name and password for "team-admin"/
		],
		[
			['--url', `http://127.0.0.1:${NO_SERVER_PORT}`, '--db', DB, '--admin-user', ADMIN.name],
			{},
			1,
			new RegExp(`^Could not reach the team server at http://127\\.0\\.0\\.1:${NO_SERVER_PORT}`)
		],
		[[...teamArgs], { HOMEWARD_ADMIN_PASSWORD: undefined }, 2, /^Set HOMEWARD_ADMIN_PASSWORD/]
	] as const)(
		'refuses %j with exit %#',
		async (args, env, code, message) => {
			const r = await setup([...args], env);
			expect(r.code).toBe(code);
			expect(r.stdout).toBe('');
			expect(r.stderr.split('\n')[0]).toMatch(message);
			if (code === 2) expect(r.stderr).toContain('Usage: npm run team:setup');
			expect(r.stderr).not.toMatch(/\n\s+at /);
		},
		60_000
	);

	const password = { HOMEWARD_ADMIN_PASSWORD: 'fictional' };
	it.each([
		[
			['--url', TEAM_SERVER_URL, '--db', 'Team A', '--admin-user', 'a'],
			password,
			/^The --db name must start with a lower-case letter/
		],
		[
			['--url', 'ftp://127.0.0.1', '--db', DB, '--admin-user', 'a'],
			password,
			/^The --url must be an http/
		],
		[['--db', DB, '--admin-user', 'a'], password, /--url must be an http/],
		[
			['--url', TEAM_SERVER_URL, '--db', DB],
			password,
			/^Give a CouchDB server admin’s user name with --admin-user/
		],
		[
			['--url', TEAM_SERVER_URL, '--db', DB, '--admin-user', 'a'],
			{ HOMEWARD_ADMIN_PASSWORD: '' },
			/^HOMEWARD_ADMIN_PASSWORD is empty/
		],
		[
			['--url', TEAM_SERVER_URL, '--db', DB, '--admin-user', 'a', '--colour'],
			password,
			/^Unknown option '--colour'/
		],
		[
			['--url', TEAM_SERVER_URL, '--db', DB, '--admin-user', 'a', 'extra'],
			password,
			/^Unexpected argument 'extra'/
		]
	] as const)('reads %j as a wrong command line', (argv, env, message) => {
		let thrown: unknown;
		try {
			readArgs([...argv], env);
		} catch (e) {
			thrown = e;
		}
		expect(thrown).toBeInstanceOf(CliError);
		expect((thrown as CliError).message).toMatch(message);
		expect((thrown as CliError).exitCode).toBe(2);
	});

	it('reads a right one, trimming the address', () => {
		expect(
			readArgs(
				[...teamArgs.map((a) => (a === TEAM_SERVER_URL ? `${a}/` : a)), '--team-admin', 'lead'],
				password
			)
		).toEqual({
			print: false,
			args: {
				url: TEAM_SERVER_URL,
				db: DB,
				adminUser: ADMIN.name,
				teamAdmins: ['lead'],
				password: 'fictional'
			}
		});
	});
});

describe('only members read the team’s database', () => {
	it('a signed-in user who is not a member is refused', async () => {
		const r = await couch('GET', `/${DB}/_all_docs`, { as: oz });
		expect([401, 403]).toContain(r.status);
	});

	it('an anonymous request is refused', async () => {
		expect((await couch('GET', `/${DB}/_all_docs`)).status).toBe(401);
		expect((await couch('GET', `/${DB}/_changes`)).status).toBe(401);
	});

	it('a practitioner and a manager can read it', async () => {
		expect((await couch('GET', `/${DB}/_all_docs`, { as: pat })).status).toBe(200);
		expect((await couch('GET', `/${DB}/_all_docs`, { as: mo })).status).toBe(200);
	});
});

describe('the server enforces the team rules on every write', () => {
	const put = (as: { name: string; password: string }, body: ReturnType<typeof wire>) =>
		couch('PUT', `/${DB}/${body._id}`, { as, body });

	it('a practitioner’s draft is theirs and a manager’s to change, not a colleague’s', async () => {
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000101');
		const created = await put(pat, wire(draft));
		expect(created.status).toBe(201);
		const edited = CHANGES.edit(draft);
		const byColleague = await put(sam, wire(edited, created.body.rev as string));
		expect(byColleague.status).toBe(403);
		expect(byColleague.body).toEqual({
			error: 'forbidden',
			reason: `Only the assessment’s author (${AUTHOR}) or a manager can change this assessment.`
		});
		expect((await put(mo, wire(edited, created.body.rev as string))).status).toBe(201);
	});

	it('a practitioner’s approval is refused with the reason; a manager’s is stored', async () => {
		const awaiting = teamDoc('awaiting-approval', '00000000-0000-4000-8000-000000000102');
		const created = await put(pat, wire(awaiting));
		expect(created.status).toBe(201);
		const approved = wire(CHANGES.approve(awaiting), created.body.rev as string);
		const byPractitioner = await put(pat, approved);
		expect(byPractitioner.status).toBe(403);
		expect(byPractitioner.body).toEqual({ error: 'forbidden', reason: REFUSALS.managerOnlyReview });
		const byManager = await put(mo, approved);
		expect(byManager.status).toBe(201);
		const stored = await couch('GET', `/${DB}/${awaiting.record.id}`, { as: pat });
		expect((stored.body.record as { status: string }).status).toBe('signed');
	});

	it('a practitioner writing a return is refused too', async () => {
		const awaiting = teamDoc('awaiting-approval', '00000000-0000-4000-8000-000000000103');
		const created = await put(pat, wire(awaiting));
		const returned = await put(pat, wire(CHANGES.return(awaiting), created.body.rev as string));
		expect(returned.status).toBe(403);
		expect(returned.body.reason).toBe(REFUSALS.managerOnlyReview);
	});

	it('a signed record cannot be changed or deleted, by the practitioner or a manager', async () => {
		const signed = teamDoc('signed', '00000000-0000-4000-8000-000000000104');
		const created = await put(pat, wire(signed));
		const rev = created.body.rev as string;
		for (const as of [pat, mo]) {
			const changed = await put(as, wire(CHANGES.edit(signed), rev));
			expect(changed.status).toBe(403);
			expect(changed.body.reason).toBe(REFUSALS.signedNoChange);
		}
		const deleted = await couch('DELETE', `/${DB}/${signed.record.id}?rev=${rev}`, { as: mo });
		expect(deleted.status).toBe(403);
		expect(deleted.body.reason).toBe(REFUSALS.signedNoDelete);
		// Its one link to a new version is accepted.
		expect((await put(pat, wire(CHANGES.link(signed), rev))).status).toBe(201);
	});

	it('the history of changes cannot be rewritten', async () => {
		const draft = teamDoc('completed', '00000000-0000-4000-8000-000000000105');
		const created = await put(pat, wire(draft));
		const rewritten = await put(
			pat,
			wire(CHANGES.rewriteHistory(draft), created.body.rev as string)
		);
		expect(rewritten.status).toBe(403);
		expect(rewritten.body.reason).toBe(REFUSALS.trailKept);
	});

	it('only a manager deletes a case (a tombstone)', async () => {
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000106');
		const rev = (await put(pat, wire(draft))).body.rev as string;
		const byPractitioner = await couch('DELETE', `/${DB}/${draft.record.id}?rev=${rev}`, {
			as: pat
		});
		expect(byPractitioner.status).toBe(403);
		expect(byPractitioner.body.reason).toBe(REFUSALS.managerOnlyDelete);
		const byManager = await couch('DELETE', `/${DB}/${draft.record.id}?rev=${rev}`, { as: mo });
		expect(byManager.status).toBe(200);
	});

	it('a document that fails the record schema is refused with what is wrong', async () => {
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000107');
		const bad = wire({ ...draft, record: { ...draft.record, status: 'closed' as 'draft' } });
		const r = await put(pat, bad);
		expect(r.status).toBe(403);
		expect(r.body.reason).toMatch(
			/^This assessment is not a valid Homeward record: the field "status" is "closed", which is not one of the allowed values/
		);
		const notOurs = await couch('PUT', `/${DB}/shopping-list`, { as: pat, body: { items: [] } });
		expect(notOurs.status).toBe(403);
		expect(notOurs.body.reason).toMatch(/^This is not a Homeward assessment document/);
	});

	it('a non-member cannot write, even a valid record', async () => {
		const draft = { ...teamDoc('draft', '00000000-0000-4000-8000-000000000108'), author: oz.name };
		const r = await put(oz, wire(draft));
		expect([401, 403]).toContain(r.status);
		expect((await couch('PUT', `/${DB}/${draft.record.id}`, { body: wire(draft) })).status).toBe(
			401
		);
	});

	it('replication’s writes are judged the same: a pushed revision of a signed record is refused', async () => {
		// What PouchDB's replicator sends: _bulk_docs with new_edits=false and the revision history.
		const signed = teamDoc('signed', '00000000-0000-4000-8000-000000000109');
		const rev = (await put(pat, wire(signed))).body.rev as string;
		const [, hash] = rev.split('-');
		const pushed = {
			...wire(CHANGES.edit(signed)),
			_rev: '2-0123456789abcdef0123456789abcdef',
			_revisions: { start: 2, ids: ['0123456789abcdef0123456789abcdef', hash] }
		};
		const r = await couch('POST', `/${DB}/_bulk_docs`, {
			as: pat,
			body: { docs: [pushed], new_edits: false }
		});
		const results = r.body as unknown as { error?: string; reason?: string }[];
		expect(results).toEqual([
			expect.objectContaining({ error: 'forbidden', reason: REFUSALS.signedNoChange })
		]);
		const stored = await couch('GET', `/${DB}/${signed.record.id}`, { as: pat });
		expect(stored.body._rev).toBe(rev);
	});

	it('and a manager’s approval pushed by replication is stored', async () => {
		const awaiting = teamDoc('awaiting-approval', '00000000-0000-4000-8000-000000000110');
		const rev = (await put(pat, wire(awaiting))).body.rev as string;
		const [, hash] = rev.split('-');
		const pushed = {
			...wire(CHANGES.approve(awaiting)),
			_rev: '2-fedcba9876543210fedcba9876543210',
			_revisions: { start: 2, ids: ['fedcba9876543210fedcba9876543210', hash] }
		};
		const r = await couch('POST', `/${DB}/_bulk_docs`, {
			as: mo,
			body: { docs: [pushed], new_edits: false }
		});
		expect(r.status).toBe(201);
		expect(JSON.stringify(r.body)).not.toContain('error');
		const stored = await couch('GET', `/${DB}/${awaiting.record.id}`, { as: pat });
		expect(stored.body._rev).toBe(pushed._rev);
		expect((stored.body.record as { status: string }).status).toBe('signed');
	});

	it('a conflict made on two devices is kept by the server, and settled by its author', async () => {
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000111');
		const first = (await put(pat, wire(draft))).body.rev as string;
		// One device's edit arrives as an ordinary write; the other's, made from the same first
		// revision, is pushed by replication: two branches.
		const here = CHANGES.edit(draft);
		expect((await put(pat, wire(here, first))).status).toBe(201);
		const there = {
			...draft,
			record: {
				...draft.record,
				notes: { 'child-wishes': 'Fictional note from the other laptop.' },
				revision: 1
			}
		};
		const otherRev = `2-${'c'.repeat(32)}`;
		const pushed = await couch('POST', `/${DB}/_bulk_docs`, {
			as: pat,
			body: {
				docs: [
					{
						...wire(there),
						_rev: otherRev,
						_revisions: { start: 2, ids: ['c'.repeat(32), first.split('-')[1]] }
					}
				],
				new_edits: false
			}
		});
		expect(pushed.status).toBe(201);
		const path = `/${DB}/${draft.record.id}`;
		const both = await couch('GET', `${path}?conflicts=true`, { as: pat });
		const winner = both.body._rev as string;
		const losers = both.body._conflicts as string[];
		expect(losers).toHaveLength(1);
		const loser = losers[0] as string;

		// The chosen record is written on top of the winner; the losing revision is tombstoned.
		const chosen = CHANGES.touch({
			...here,
			record: { ...here.record, notes: there.record.notes }
		});
		const written = await put(pat, wire(chosen, winner));
		expect(written.status).toBe(201);
		const settle = {
			_id: draft.record.id,
			_rev: loser,
			_deleted: true,
			type: TEAM_DOC_TYPE,
			team: { resolvedInto: written.body.rev as string }
		};
		const byColleague = await couch('PUT', path, { as: sam, body: settle });
		expect(byColleague.status).toBe(403);
		expect(byColleague.body.reason).toBe(
			`Only the assessment’s author (${AUTHOR}) or a manager can change this assessment.`
		);
		expect((await couch('PUT', path, { as: pat, body: settle })).status).toBe(201);
		const settled = await couch('GET', `${path}?conflicts=true`, { as: pat });
		expect(settled.body._conflicts).toBeUndefined();
		expect(settled.body._rev).toBe(written.body.rev);
		// A plain deletion is still a manager's.
		const deleted = await couch('DELETE', `${path}?rev=${String(written.body.rev)}`, { as: pat });
		expect(deleted.status).toBe(403);
	});
});

/** The little of PouchDB these tests use (PouchDB 9 ships no types). */
interface ReplicationResult {
	ok: boolean;
	docs_written: number;
	doc_write_failures: number;
}
interface Replication extends PromiseLike<ReplicationResult> {
	on(
		event: 'denied',
		listener: (e: { status?: number; name?: string; message?: string }) => void
	): Replication;
}
interface Pouch {
	put(doc: object): Promise<{ rev: string }>;
	get(id: string): Promise<Record<string, unknown> & { _rev: string }>;
	replicate: { to(target: Pouch): Replication; from(source: Pouch): Replication };
	destroy(): Promise<unknown>;
}
type PouchConstructor = new (name: string, options?: object) => Pouch;

const load = createRequire(import.meta.url);
interface PouchStatic {
	plugin(plugin: unknown): PouchStatic;
}
const PouchDB = (load('pouchdb-core') as PouchStatic)
	.plugin(load('pouchdb-adapter-memory'))
	.plugin(load('pouchdb-adapter-http'))
	.plugin(load('pouchdb-replication')) as unknown as PouchConstructor;

describe('replication through PouchDB, as the app will use it', () => {
	const remote = (as: { name: string; password: string }) =>
		new PouchDB(`${TEAM_SERVER_URL}/${DB}`, { auth: { username: as.name, password: as.password } });
	const devices: Pouch[] = [];
	const device = (name: string) => {
		const db = new PouchDB(`device-${name}`, { adapter: 'memory' });
		devices.push(db);
		return db;
	};
	afterAll(async () => {
		await Promise.all(devices.map((d) => d.destroy()));
	});

	it('an assessment started on one device reaches another through the server', async () => {
		const laptop = device('pat-laptop');
		const managerLaptop = device('mo-laptop');
		const draft = teamDoc('draft', '00000000-0000-4000-8000-000000000201');
		await laptop.put(wire(draft));
		const pushed = await laptop.replicate.to(remote(pat));
		expect(pushed).toMatchObject({ ok: true, docs_written: 1, doc_write_failures: 0 });
		await managerLaptop.replicate.from(remote(mo));
		const arrived = await managerLaptop.get(draft.record.id);
		expect(arrived.record).toEqual(draft.record);
	});

	it('a practitioner’s approval made on their device is refused by the server, with the reason', async () => {
		const laptop = device('pat-laptop-2');
		const awaiting = teamDoc('awaiting-approval', '00000000-0000-4000-8000-000000000202');
		const { rev } = await laptop.put(wire(awaiting));
		await laptop.replicate.to(remote(pat));
		// Approved on the practitioner's own device, as a tampered app could.
		await laptop.put(wire(CHANGES.approve(awaiting), rev));
		const denied: { name?: string; message?: string }[] = [];
		const result = await laptop.replicate.to(remote(pat)).on('denied', (e) => denied.push(e));
		expect(result).toMatchObject({ docs_written: 0, doc_write_failures: 1 });
		expect(denied).toEqual([
			// PouchDB gives a refused write of a batch the server's error as its name and the reason
			// as its message; its status reads 500 there, so the app must go by the name.
			expect.objectContaining({ name: 'forbidden', message: REFUSALS.managerOnlyReview })
		]);
		const onServer = await remote(pat).get(awaiting.record.id);
		expect((onServer.record as { status: string }).status).toBe('awaiting-approval');
		// The refused change is still on the device: nothing the practitioner did is lost.
		const here = await laptop.get(awaiting.record.id);
		expect((here.record as { status: string }).status).toBe('signed');
	});

	it('the manager approves on their device; the practitioner’s device sees it', async () => {
		const laptop = device('pat-laptop-3');
		const managerLaptop = device('mo-laptop-3');
		const awaiting = teamDoc('awaiting-approval', '00000000-0000-4000-8000-000000000203');
		await laptop.put(wire(awaiting));
		await laptop.replicate.to(remote(pat));
		await managerLaptop.replicate.from(remote(mo));
		const there = await managerLaptop.get(awaiting.record.id);
		await managerLaptop.put(wire(CHANGES.approve(awaiting), there._rev));
		expect(await managerLaptop.replicate.to(remote(mo))).toMatchObject({
			docs_written: 1,
			doc_write_failures: 0
		});
		await laptop.replicate.from(remote(pat));
		const approved = await laptop.get(awaiting.record.id);
		expect((approved.record as { status: string }).status).toBe('signed');
	});

	it('a non-member cannot replicate the team’s database', async () => {
		const stranger = device('oz-laptop');
		await expect(Promise.resolve(stranger.replicate.from(remote(oz)))).rejects.toMatchObject({
			status: expect.any(Number) as number
		});
	});
});
