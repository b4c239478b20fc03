/**
 * Connecting to a team and signing in again (app/team.ts) against a stubbed `fetch`: every
 * request a person waits on gets an answer, a "could not be reached" or a "did not answer" in
 * the end, never a button busy for ever; and nothing is kept of a connection that failed. Every
 * user and server is fictional.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ANSWER_WITHIN, ask, connectTeam, signInAgain } from '../../src/lib/app/team.ts';
import { readTeamConfig, writeTeamConfig } from '../../src/lib/app/team-config.ts';
import { TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';

class MemoryStorage {
	#m = new Map<string, string>();
	getItem = (k: string) => this.#m.get(k) ?? null;
	setItem = (k: string, v: string) => void this.#m.set(k, v);
	removeItem = (k: string) => void this.#m.delete(k);
}

type Handler = (url: string, init: RequestInit) => Promise<Response>;
let handler: Handler;
beforeEach(() => {
	vi.stubGlobal('localStorage', new MemoryStorage());
	vi.stubGlobal('fetch', (url: string, init: RequestInit) => handler(url, init));
});
afterEach(() => {
	vi.unstubAllGlobals();
	vi.restoreAllMocks();
});

const json = (body: unknown, status = 200) =>
	Promise.resolve(
		new Response(JSON.stringify(body), {
			status,
			headers: { 'content-type': 'application/json' }
		})
	);

/** A request that is never answered: it ends only when its signal aborts. */
const silent: Handler = (_url, init) =>
	new Promise((_resolve, reject) => {
		init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
	});

/** Headers, then a body that stops half way: ends only when the signal aborts. */
const stalls: Handler = (_url, init) =>
	Promise.resolve(
		new Response(
			new ReadableStream({
				start: (c) => {
					c.enqueue(new TextEncoder().encode('{"ok":'));
					init.signal?.addEventListener('abort', () => c.error(init.signal?.reason));
				}
			}),
			{ status: 200 }
		)
	);

/** Makes ANSWER_WITHIN pass in 30 ms. */
function shortPatience() {
	const real = AbortSignal.timeout.bind(AbortSignal);
	vi.spyOn(AbortSignal, 'timeout').mockImplementation(() => real(30));
}

const FORM = {
	server: '/couchdb/',
	db: 'homeward-team-a',
	name: 'pat-fictional',
	password: 'fictional-password'
};
const signedIn = { ok: true, userCtx: { name: 'pat-fictional', roles: [TEAM_ROLES.practitioner] } };

describe('ask', () => {
	it('gives the status and the JSON body', async () => {
		handler = () => json({ ok: true }, 201);
		expect(await ask('/couchdb/_session')).toEqual({
			kind: 'answered',
			status: 201,
			ok: true,
			body: { ok: true }
		});
	});

	it.each([
		['not JSON', '<html>proxy error</html>'],
		['a JSON list', '[1,2]'],
		['JSON null', 'null'],
		['nothing', '']
	])('gives an empty body for %s', async (_, text) => {
		handler = () => Promise.resolve(new Response(text, { status: 502 }));
		expect(await ask('/couchdb/_session')).toEqual({
			kind: 'answered',
			status: 502,
			ok: false,
			body: {}
		});
	});

	it('says a server that cannot be reached cannot be reached', async () => {
		handler = () => Promise.reject(new TypeError('Failed to fetch'));
		expect(await ask('/couchdb/_session')).toEqual({ kind: 'unreachable' });
	});

	it('gives up on a server that never answers, or stops half way through its answer', async () => {
		handler = silent;
		expect(await ask('/couchdb/_session', {}, 30)).toEqual({ kind: 'silent' });
		handler = stalls;
		expect(await ask('/couchdb/_session', {}, 30)).toEqual({ kind: 'silent' });
	});

	it('sends cookies only to this site, asks for JSON and keeps the caller’s headers', async () => {
		const seen: RequestInit[] = [];
		handler = (_url, init) => {
			seen.push(init);
			return json({});
		};
		await ask('/couchdb/_session', { method: 'POST', headers: { 'content-type': 'text/x' } });
		expect(seen[0]).toMatchObject({
			method: 'POST',
			credentials: 'same-origin',
			headers: { accept: 'application/json', 'content-type': 'text/x' }
		});
		expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
	});
});

describe('connecting to a team', () => {
	it('signs in, checks the database and keeps the team with the user’s roles', async () => {
		handler = (url) => (url.endsWith('_session') ? json(signedIn) : json({ db_name: FORM.db }));
		const result = await connectTeam(FORM);
		expect(result).toEqual({
			ok: true,
			config: {
				server: '/couchdb/',
				db: FORM.db,
				user: 'pat-fictional',
				roles: [TEAM_ROLES.practitioner]
			}
		});
		expect(readTeamConfig()).toEqual(result.ok ? result.config : null);
	});

	it('a server that does not answer the sign-in: said so, and nothing kept', async () => {
		shortPatience();
		handler = silent;
		expect(await connectTeam(FORM)).toEqual({
			ok: false,
			errors: [
				{
					field: 'server',
					message: `The team server did not answer within ${ANSWER_WITHIN / 1000} seconds. Check your connection, then try again.`
				}
			]
		});
		expect(readTeamConfig()).toBeNull();
	});

	it('the connection lost between the sign-in and the database check: said so, not thrown', async () => {
		handler = (url) =>
			url.endsWith('_session') ? json(signedIn) : Promise.reject(new TypeError('Failed'));
		expect(await connectTeam(FORM)).toEqual({
			ok: false,
			errors: [
				{
					field: 'db',
					message: 'The team server could not be reached. Check your connection, then try again.'
				}
			]
		});
		expect(readTeamConfig()).toBeNull();
	});

	it('a database check that stops half way: said so', async () => {
		shortPatience();
		handler = (url, init) => (url.endsWith('_session') ? json(signedIn) : stalls(url, init));
		const result = await connectTeam(FORM);
		expect(result.ok ? null : result.errors[0]?.field).toBe('db');
		expect(result.ok ? '' : result.errors[0]?.message).toContain('did not answer within');
	});

	it('a proxy’s error page instead of the server: said which status it was', async () => {
		handler = () => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 }));
		expect(await connectTeam(FORM)).toEqual({
			ok: false,
			errors: [
				{
					field: 'server',
					message:
						'This path did not answer as a team server (HTTP 502). Check it with your administrator.'
				}
			]
		});
	});
});

describe('signing in again', () => {
	beforeEach(() =>
		writeTeamConfig({
			server: '/couchdb/',
			db: FORM.db,
			user: 'pat-fictional',
			roles: [TEAM_ROLES.practitioner]
		})
	);

	it('a server that does not answer: said so, with the changes kept, and the team kept', async () => {
		shortPatience();
		handler = silent;
		const result = await signInAgain('fictional-password');
		expect(result).toEqual({
			ok: false,
			message: `The team server did not answer within ${ANSWER_WITHIN / 1000} seconds. Check your connection, then try again. Your changes are kept on this device.`
		});
		expect(readTeamConfig()?.user).toBe('pat-fictional');
	});

	it('keeps the roles the server gives now', async () => {
		handler = () =>
			json({ ok: true, userCtx: { name: 'pat-fictional', roles: [TEAM_ROLES.manager] } });
		expect(await signInAgain('fictional-password')).toEqual({ ok: true });
		expect(readTeamConfig()?.roles).toEqual([TEAM_ROLES.manager]);
	});
});
