/**
 * storage/team/watched-fetch.ts: a team server that stops answering is noticed, whatever part of
 * the request it stops in; a caller's abort never counts as the server lost.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
	allowance,
	PATIENCE,
	ServerSilentError,
	watchedSend,
	type Send
} from '../../src/lib/storage/team/watched-fetch.ts';

const SHORT = { grace: 80, other: 100 };

/** A send that never answers, as a hung connection does, but honours its signal (as fetch does). */
const hangs: Send = (_url, init) =>
	new Promise((_resolve, reject) => {
		init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
	});

/** A send that ignores its signal altogether: the watch must still give up. */
const hangsDeaf: Send = () => new Promise(() => undefined);

/** A reply whose body sends these parts, with these pauses before each, then ends (or not). */
function trickle(parts: { after: number; text: string }[], end = true): Send {
	return () => {
		let i = 0;
		const body = new ReadableStream<Uint8Array>({
			pull: async (controller) => {
				const part = parts[i++];
				if (!part) {
					if (end) controller.close();
					else await new Promise(() => undefined);
					return;
				}
				await new Promise((r) => setTimeout(r, part.after));
				controller.enqueue(new TextEncoder().encode(part.text));
			}
		});
		return Promise.resolve(
			new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })
		);
	};
}

/** A send's answer, already arrived. */
const reply = (...args: ConstructorParameters<typeof Response>) =>
	Promise.resolve(new Response(...args));

afterEach(() => vi.useRealTimers());

describe('allowance', () => {
	it('gives a long poll its heartbeat and a grace', () => {
		expect(allowance('/couchdb/t/_changes?feed=longpoll&heartbeat=10000&since=0', PATIENCE)).toBe(
			25_000
		);
		expect(allowance('http://h/t/_changes?heartbeat=500&feed=continuous', SHORT)).toBe(580);
	});
	it('gives a long poll with no heartbeat its timeout, or CouchDB’s 60 s, and a grace', () => {
		expect(allowance('/t/_changes?feed=longpoll&timeout=30000', PATIENCE)).toBe(45_000);
		expect(allowance('/t/_changes?feed=longpoll', PATIENCE)).toBe(75_000);
		expect(allowance('/t/_changes?feed=longpoll&heartbeat=nonsense', PATIENCE)).toBe(75_000);
	});
	it('gives every other request the fixed allowance', () => {
		for (const url of ['/t/', '/t/_bulk_docs', '/t/_changes?since=0&limit=100', '/_session'])
			expect(allowance(url, PATIENCE)).toBe(60_000);
	});
	it('is never less than the heartbeat plus the grace, for any heartbeat', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.nat(100_000), (beat, grace) => {
				const url = `/t/_changes?feed=longpoll&heartbeat=${beat}`;
				expect(allowance(url, { grace, other: 1 })).toBe(beat + grace);
			})
		);
	});
});

describe('watchedSend', () => {
	it('passes an answer through untouched, body and all, and reports nothing', async () => {
		const onLost = vi.fn();
		const send = watchedSend(
			trickle([
				{ after: 5, text: '{"ok":' },
				{ after: 5, text: 'true}' }
			]),
			{ patience: SHORT, onLost }
		);
		const response = await send('/t/', {});
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/json');
		expect(await response.json()).toEqual({ ok: true });
		expect(onLost).not.toHaveBeenCalled();
	});

	it('keeps a long poll open as long as the heartbeat comes', async () => {
		const onLost = vi.fn();
		// Six heartbeats, each well inside 30 + 80 ms, for longer than the allowance in all.
		const beats = Array.from({ length: 6 }, () => ({ after: 20, text: '\n' }));
		const send = watchedSend(trickle([...beats, { after: 20, text: '{"results":[]}' }]), {
			patience: SHORT,
			onLost
		});
		const response = await send('/t/_changes?feed=longpoll&heartbeat=30', {});
		expect(await response.json()).toEqual({ results: [] });
		expect(onLost).not.toHaveBeenCalled();
	});

	it('gives up on a server that never sends its headers', async () => {
		for (const send of [hangs, hangsDeaf]) {
			const onLost = vi.fn();
			const started = Date.now();
			const error = await watchedSend(send, { patience: SHORT, onLost })('/t/_bulk_docs', {
				method: 'POST'
			}).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(ServerSilentError);
			expect((error as Error).message).toBe('the team server stopped answering (nothing for 0 s)');
			expect(Date.now() - started).toBeGreaterThanOrEqual(95);
			expect(onLost).toHaveBeenCalledOnce();
		}
	});

	it('gives up on a long poll whose heartbeat stops', async () => {
		const onLost = vi.fn();
		const send = watchedSend(trickle([{ after: 5, text: '\n' }], false), {
			patience: SHORT,
			onLost
		});
		const response = await send('/t/_changes?feed=longpoll&heartbeat=30', {});
		const error = await response.text().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ServerSilentError);
		expect(onLost).toHaveBeenCalledOnce();
	});

	it('counts only the time a reader is waiting', async () => {
		const onLost = vi.fn();
		const send = watchedSend(trickle([{ after: 5, text: '{}' }]), { patience: SHORT, onLost });
		const response = await send('/t/', {});
		// Nobody reads for three allowances: the server is not to blame.
		await new Promise((r) => setTimeout(r, 200));
		expect(await response.json()).toEqual({});
		expect(onLost).not.toHaveBeenCalled();
	});

	it('reports a reply that breaks off', async () => {
		const onLost = vi.fn();
		const broken: Send = () =>
			reply(
				new ReadableStream({
					start: (c) => {
						c.enqueue(new TextEncoder().encode('{"res'));
						c.error(new TypeError('network error'));
					}
				}),
				{ status: 200 }
			);
		const response = await watchedSend(broken, { patience: SHORT, onLost })('/t/', {});
		await expect(response.text()).rejects.toThrow('network error');
		expect(onLost).toHaveBeenCalledOnce();
	});

	it('reports a request that fails, passing its error on', async () => {
		const onLost = vi.fn();
		const refused: Send = () => Promise.reject(new TypeError('fetch failed'));
		await expect(watchedSend(refused, { patience: SHORT, onLost })('/t/', {})).rejects.toThrow(
			'fetch failed'
		);
		expect(onLost).toHaveBeenCalledOnce();
	});

	it('never reports the caller’s own abort, before or after the headers', async () => {
		const onLost = vi.fn();
		const before = new AbortController();
		const pending = watchedSend(hangs, { patience: SHORT, onLost })('/t/', {
			signal: before.signal
		});
		before.abort(new DOMException('stopped', 'AbortError'));
		await expect(pending).rejects.toThrow('stopped');

		const after = new AbortController();
		const honours: Send = (_url, init) =>
			reply(
				new ReadableStream({
					start: (c) => init.signal?.addEventListener('abort', () => c.error(init.signal?.reason))
				}),
				{ status: 200 }
			);
		const response = await watchedSend(honours, { patience: SHORT, onLost })(
			'/t/_changes?feed=longpoll&heartbeat=30',
			{ signal: after.signal }
		);
		const reading = response.text();
		after.abort(new DOMException('sign-out', 'AbortError'));
		await expect(reading).rejects.toThrow('sign-out');
		// Long after the allowance: still nothing reported, and no timer left to fire.
		await new Promise((r) => setTimeout(r, 150));
		expect(onLost).not.toHaveBeenCalled();
	});

	it('passes a status with no body on as it is', async () => {
		const onLost = vi.fn();
		const empty: Send = () => reply(null, { status: 204 });
		const response = await watchedSend(empty, { patience: SHORT, onLost })('/t/', {});
		expect(response.status).toBe(204);
		await new Promise((r) => setTimeout(r, 100));
		expect(onLost).not.toHaveBeenCalled();
	});

	it('leaves no timer behind once a request has ended', async () => {
		vi.useFakeTimers();
		const send = watchedSend(() => reply('{}', { status: 200 }), {
			patience: SHORT,
			onLost: () => undefined
		});
		const response = await send('/t/', {});
		await response.text();
		expect(vi.getTimerCount()).toBe(0);
	});
});
