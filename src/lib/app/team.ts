/**
 * Team mode's use cases: connecting this device to a team's CouchDB database (a cookie session
 * from `_session`), running the sync bridge (storage/team/bridge.ts) for real cases, and leaving
 * the team on this device. Loaded only when team mode is on or the Team page opens. Training
 * mode never syncs: the bridge is only ever given the real cases' store.
 */
import { TeamBridge, type BridgeReport } from '../storage/team/bridge.ts';
import { loadPouch } from '../storage/team/replica.ts';
import { DEFAULT_DB_NAME } from '../storage/db-names.ts';
import { clearAllJournals } from './autosave-journal.ts';
import { getStore } from './root.ts';
import { TEAM_CONFIG_KEY } from './team-key.ts';
import { TEAM_DB_NAME } from '../domain/team-rules.ts';
import {
	DELETIONS_KEY,
	deleteRefusal,
	readTeamConfig,
	takeDeletionRequest,
	sessionRoles,
	writeTeamConfig,
	type TeamConfig
} from './team-config.ts';

export type { BridgeReport, Conflict, Refusal, SyncState } from '../storage/team/bridge.ts';
export { readTeamConfig, type TeamConfig } from './team-config.ts';

export interface ConnectInput {
	server: string;
	db: string;
	name: string;
	password: string;
}
export type ConnectField = keyof ConnectInput;
export type ConnectResult =
	| { ok: true; config: TeamConfig }
	| { ok: false; errors: { field: ConnectField; message: string }[] };

/** The form's fields checked, with a sentence for each that is wrong. */
export function checkConnectForm(input: ConnectInput): { field: ConnectField; message: string }[] {
	const errors: { field: ConnectField; message: string }[] = [];
	const server = normaliseServer(input.server);
	if (server === null)
		errors.push({
			field: 'server',
			message:
				'Enter the team server’s path on this site, starting with a slash, for example /couchdb/'
		});
	if (!TEAM_DB_NAME.test(input.db.trim()))
		errors.push({
			field: 'db',
			message:
				'Enter the team database’s name: lower-case letters, digits and - _ only, starting with a letter'
		});
	if (input.name.trim() === '') errors.push({ field: 'name', message: 'Enter your user name' });
	if (input.password === '') errors.push({ field: 'password', message: 'Enter your password' });
	return errors;
}

function normaliseServer(raw: string): string | null {
	const s = raw.trim();
	if (!/^\/[^?#\s]*$/.test(s) || s.startsWith('//')) return null;
	return s.endsWith('/') ? s : `${s}/`;
}

/** How long a request a person waits on (signing in, checking the database) may take, in ms. */
export const ANSWER_WITHIN = 20_000;

type Answer =
	| { kind: 'answered'; status: number; ok: boolean; body: Record<string, unknown> }
	| { kind: 'unreachable' }
	| { kind: 'silent' };

/**
 * A request a person is waiting on, with its JSON body (`{}` when it is not JSON): the answer, or
 * that the server could not be reached, or that it did not answer within ANSWER_WITHIN (a hung
 * proxy or a captive portal would otherwise leave the button busy for ever), in `within` ms.
 */
export async function ask(
	url: string,
	init: RequestInit = {},
	within = ANSWER_WITHIN
): Promise<Answer> {
	const signal = AbortSignal.timeout(within);
	let text: string;
	let response: Response;
	try {
		response = await fetch(url, {
			...init,
			headers: { accept: 'application/json', ...init.headers },
			credentials: 'same-origin',
			signal
		});
		text = await response.text();
	} catch {
		return signal.aborted ? { kind: 'silent' } : { kind: 'unreachable' };
	}
	let body: Record<string, unknown> = {};
	try {
		const parsed: unknown = JSON.parse(text);
		if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
			body = parsed as Record<string, unknown>;
	} catch {
		// Not JSON: the caller goes by the status.
	}
	return { kind: 'answered', status: response.status, ok: response.ok, body };
}

const SILENT = `The team server did not answer within ${ANSWER_WITHIN / 1000} seconds. Check your connection, then try again.`;
const UNREACHABLE = 'The team server could not be reached.';

/**
 * Signs in to the team server (a cookie session: the password is sent once and never kept) and
 * checks that the user may read the team's database; on success this device is in team mode.
 */
export async function connectTeam(input: ConnectInput): Promise<ConnectResult> {
	const errors = checkConnectForm(input);
	if (errors.length > 0) return { ok: false, errors };
	const server = normaliseServer(input.server) ?? '/';
	const db = input.db.trim();
	const name = input.name.trim();
	const fail = (field: ConnectField, message: string): ConnectResult => ({
		ok: false,
		errors: [{ field, message }]
	});
	const session = await ask(`${server}_session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name, password: input.password })
	});
	if (session.kind === 'silent') return fail('server', SILENT);
	if (session.kind === 'unreachable')
		return fail('server', `${UNREACHABLE} Check the path and your connection, then try again.`);
	if (session.status === 401)
		return fail('password', 'The user name or password is not right. Check them and try again.');
	if (!session.ok || session.body.ok !== true)
		return fail(
			'server',
			`This path did not answer as a team server (HTTP ${session.status}). Check it with your administrator.`
		);
	const check = await ask(`${server}${encodeURIComponent(db)}`);
	if (check.kind === 'silent') return fail('db', SILENT);
	if (check.kind === 'unreachable')
		return fail('db', `${UNREACHABLE} Check your connection, then try again.`);
	if (check.status === 404)
		return fail('db', 'There is no team database of this name on the server. Check the name.');
	if (check.status === 401 || check.status === 403) {
		await signOutOfServer(server);
		return fail(
			'db',
			'You are not a member of this team’s database. Ask your team’s administrator to give your user the practitioner or manager role.'
		);
	}
	if (!check.ok) return fail('db', `The team database could not be opened (HTTP ${check.status}).`);
	const body = session.body;
	const config: TeamConfig = { server, db, user: name, roles: sessionRoles(body, name) ?? [] };
	writeTeamConfig(config);
	return { ok: true, config };
}

async function signOutOfServer(server: string): Promise<void> {
	// Offline or silent: the session cookie ends by itself (CouchDB's timeout).
	await ask(`${server}_session`, { method: 'DELETE' });
}

/**
 * The user's roles as the server says them now (`GET _session`), kept with the team, so a role
 * given or taken away since sign-in shows; offline or signed out, the roles last known.
 */
async function refreshRoles(config: TeamConfig): Promise<TeamConfig> {
	// Sync waits for this, so a server that does not answer within 5 s keeps the roles last known.
	const r = await ask(`${config.server}_session`, {}, 5000);
	const roles = r.kind === 'answered' && r.ok ? sessionRoles(r.body, config.user) : null;
	if (roles === null || roles.join('\n') === config.roles.join('\n')) return config;
	const next = { ...config, roles };
	writeTeamConfig(next);
	return next;
}

type Listener = (report: BridgeReport) => void;
let bridge: TeamBridge | null = null;
let starting: Promise<TeamBridge | null> | null = null;
const listeners = new Set<Listener>();
let lastReport: BridgeReport | null = null;

const replicaName = (config: TeamConfig) => `homeward-team-${config.db}`;

/** Starts syncing real cases with the team, if this device is connected to one (once per tab). */
export function startTeamSync(): Promise<TeamBridge | null> {
	starting ??= (async () => {
		let config = readTeamConfig();
		if (!config) return null;
		const Pouch = await loadPouch();
		config = await refreshRoles(config);
		const signedIn = config;
		const b = new TeamBridge({
			Pouch,
			store: getStore(),
			replicaName: replicaName(config),
			remoteUrl: new URL(`${config.server}${config.db}`, location.origin).href,
			fetch: (url, options) => fetch(url, { ...options, credentials: 'same-origin' }),
			user: config.user,
			// A case deleted here is sent as a tombstone only if the server would take it from
			// this user; otherwise it is put back and the person told why.
			askedToDelete: takeDeletionRequest,
			deletionRefusal: (record) =>
				deleteRefusal(readTeamConfig() ?? signedIn, record.status)?.reason ?? null,
			keyValue: localStorage,
			onReport: (report) => {
				lastReport = navigator.onLine ? report : { ...report, state: { kind: 'offline' } };
				for (const l of listeners) l(lastReport);
			}
		});
		addEventListener('online', () => b.retryNow());
		addEventListener('offline', () => {
			if (lastReport) {
				lastReport = { ...lastReport, state: { kind: 'offline' } };
				for (const l of listeners) l(lastReport);
			}
		});
		b.start();
		bridge = b;
		return b;
	})();
	return starting;
}

/** Follows the sync's state; returns a function that stops following. */
export function onTeamReport(listener: Listener): () => void {
	listeners.add(listener);
	if (lastReport) listener(lastReport);
	return () => listeners.delete(listener);
}

/**
 * Signs in again as the user this device is connected as (after CouchDB's session ended), and
 * carries on syncing at once; nothing on the device changes. The password is sent once, never kept.
 */
export async function signInAgain(
	password: string
): Promise<{ ok: true } | { ok: false; message: string }> {
	const config = readTeamConfig();
	if (!config) return { ok: false, message: 'This device is not connected to a team.' };
	if (password === '') return { ok: false, message: 'Enter your password' };
	const session = await ask(`${config.server}_session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name: config.user, password })
	});
	const kept = 'Your changes are kept on this device.';
	if (session.kind === 'silent') return { ok: false, message: `${SILENT} ${kept}` };
	if (session.kind === 'unreachable')
		return { ok: false, message: `${UNREACHABLE} Check your connection, then try again. ${kept}` };
	if (session.status === 401)
		return { ok: false, message: 'The password is not right. Check it and try again.' };
	const body = session.body;
	if (!session.ok || body.ok !== true)
		return {
			ok: false,
			message: `The team server did not sign you in (HTTP ${session.status}). Try again later; ${kept.toLowerCase()}`
		};
	const roles = sessionRoles(body, config.user);
	if (roles) writeTeamConfig({ ...config, roles });
	bridge?.retryNow();
	return { ok: true };
}

/** Forgets the refusals shown so far. */
export function dismissRefusals(): void {
	bridge?.dismissRefusals();
}

/**
 * "Sign out and remove this team's cases from this device": stops syncing, removes every case
 * the team's copy holds from this device (and their unsaved changes), deletes that copy, ends the
 * session and forgets the team. Returns how many cases were removed.
 */
export async function signOutAndRemove(): Promise<number> {
	const config = readTeamConfig();
	const b = (await startTeamSync()) ?? null;
	const removed = b ? await b.removeTeamCases() : 0;
	clearAllJournals(DEFAULT_DB_NAME);
	if (config) await signOutOfServer(config.server);
	localStorage.removeItem(TEAM_CONFIG_KEY);
	localStorage.removeItem(DELETIONS_KEY);
	bridge = null;
	starting = null;
	lastReport = null;
	return removed;
}
