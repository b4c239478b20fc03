/**
 * A CouchDB-compatible server for the team tests: pouchdb-server on the loopback interface, in
 * memory unless given a folder, started by the test that needs it and stopped after, so
 * `npm test` on a clean clone needs nothing else. It starts with no admin ("admin party");
 * `start` makes one, as a council's CouchDB would have.
 *
 * Given a folder, it keeps its databases there (LevelDB, through leveldown's prebuilt binary,
 * which loads although npm ran no install script) and its configuration (the admin, and the
 * secret session cookies are signed with), so starting it again on the same folder is a real
 * restart: users, `_security`, the design document, every case and every sign-in are still there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.ts';

/**
 * Never CouchDB's own 5984, so a real server on this machine is never touched. HW_TEAM_PORT lets
 * a second checkout run its team tests alongside this one.
 */
export const TEAM_SERVER_PORT = Number(process.env.HW_TEAM_PORT ?? 5991);
export const TEAM_SERVER_URL = `http://127.0.0.1:${TEAM_SERVER_PORT}`;
export const ADMIN = { name: 'team-admin', password: 'fictional-admin-password' };

export interface TeamServer {
	url: string;
	stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answering(url: string): Promise<boolean> {
	try {
		const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
		return r.ok;
	} catch {
		return false;
	}
}

/**
 * Starts the server (refusing if something already answers on the port) and makes the admin.
 * With `dir`, the server keeps its data there and the folder is left after `stop` (the caller
 * removes it); without, it is in memory and its working folder removed.
 */
export async function startTeamServer(options: { dir?: string } = {}): Promise<TeamServer> {
	if (await answering(TEAM_SERVER_URL))
		throw new Error(`Something already answers on ${TEAM_SERVER_URL}: stop it first.`);
	// pouchdb-server writes config.json and log.txt into its working directory.
	const kept = options.dir !== undefined;
	const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'homeward-pouchdb-server-'));
	mkdirSync(dir, { recursive: true });
	const child: ChildProcess = spawn(
		process.execPath,
		[
			'--import',
			pathToFileURL(join(ROOT, 'tests/pouchdb-server-fix.js')).href,
			join(ROOT, 'node_modules/pouchdb-server/bin/pouchdb-server'),
			...(kept ? ['--dir', dir] : ['--in-memory']),
			'--host',
			'127.0.0.1',
			'--port',
			String(TEAM_SERVER_PORT),
			'--no-color',
			'--no-stdout-logs'
		],
		{ cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }
	);
	let stderr = '';
	child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	const stop = async () => {
		if (child.exitCode === null) child.kill('SIGTERM');
		await Promise.race([exited, sleep(5000)]);
		if (child.exitCode === null) child.kill('SIGKILL');
		if (!kept) rmSync(dir, { recursive: true, force: true });
	};
	const deadline = Date.now() + 30_000;
	while (!(await answering(TEAM_SERVER_URL))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			await stop();
			throw new Error(`pouchdb-server did not start on ${TEAM_SERVER_URL}: ${stderr.trim()}`);
		}
		await sleep(200);
	}
	const admin = await fetch(`${TEAM_SERVER_URL}/_config/admins/${ADMIN.name}`, {
		method: 'PUT',
		body: JSON.stringify(ADMIN.password)
	});
	// Started again on its folder, it has its admin already and refuses a stranger's change.
	if (admin.status === 401 && kept && (await isAdmin())) return { url: TEAM_SERVER_URL, stop };
	if (!admin.ok) {
		await stop();
		throw new Error(`Could not create the server admin: HTTP ${admin.status}`);
	}
	if (kept) {
		// The secret session cookies are signed with, kept in its configuration as CouchDB keeps
		// its own: sign-ins outlast a restart (pouchdb-server would otherwise make a new one).
		const secret = await couch('PUT', '/_config/couch_httpd_auth/secret', {
			as: ADMIN,
			body: 'fictional-session-secret'
		});
		if (secret.status !== 200) {
			await stop();
			throw new Error(`Could not keep the session secret: HTTP ${secret.status}`);
		}
	}
	return { url: TEAM_SERVER_URL, stop };
}

async function isAdmin(): Promise<boolean> {
	const session = await couch('GET', '/_session', { as: ADMIN });
	const roles = (session.body.userCtx as { roles?: unknown } | undefined)?.roles;
	return Array.isArray(roles) && roles.includes('_admin');
}

/** A request to the server as a user (basic auth), or anonymously; the JSON reply. */
export async function couch(
	method: string,
	path: string,
	options: { as?: { name: string; password: string }; body?: unknown } = {}
): Promise<{ status: number; body: Record<string, unknown> }> {
	const headers: Record<string, string> = { accept: 'application/json' };
	if (options.as)
		headers.authorization = `Basic ${Buffer.from(`${options.as.name}:${options.as.password}`).toString('base64')}`;
	if (options.body !== undefined) headers['content-type'] = 'application/json';
	const r = await fetch(`${TEAM_SERVER_URL}${path}`, {
		method,
		headers,
		body: options.body === undefined ? undefined : JSON.stringify(options.body)
	});
	const text = await r.text();
	return {
		status: r.status,
		body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
	};
}

/** Adds a CouchDB user with these roles (as the admin). */
export async function addUser(name: string, password: string, roles: string[]): Promise<void> {
	const r = await couch('PUT', `/_users/org.couchdb.user:${name}`, {
		as: ADMIN,
		body: { name, password, roles, type: 'user' }
	});
	if (r.status !== 201 && r.status !== 202)
		throw new Error(`Could not add the user ${name}: ${JSON.stringify(r.body)}`);
}

/**
 * Prepares a team database as a council's administrator would (`npm run team:setup` as a
 * process) and adds fictional users with these roles.
 */
export async function prepareTeam(
	db: string,
	users: { name: string; password: string; roles: string[] }[]
): Promise<void> {
	const { spawn } = await import('node:child_process');
	const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
		const child = spawn(
			process.execPath,
			[
				join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
				join(ROOT, 'src/cli/team-setup.ts'),
				'--url',
				TEAM_SERVER_URL,
				'--db',
				db,
				'--admin-user',
				ADMIN.name
			],
			{ cwd: ROOT, env: { ...process.env, HOMEWARD_ADMIN_PASSWORD: ADMIN.password } }
		);
		let stderr = '';
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('close', (code) => resolve({ code, stderr }));
	});
	if (result.code !== 0) throw new Error(`team:setup failed: ${result.stderr}`);
	for (const user of users) {
		const exists = await couch('GET', `/_users/org.couchdb.user:${user.name}`, { as: ADMIN });
		if (exists.status !== 200) await addUser(user.name, user.password, user.roles);
	}
}
