/**
 * Requests to the team server, watched for a server that stops answering.
 *
 * `fetch` itself never gives up. A server that stops answering without closing the connection (a
 * captive portal on a hotel's Wi-Fi, a firewall that drops packets, a proxy whose upstream hangs,
 * a laptop that slept and woke on another network) leaves a request waiting for ever; PouchDB
 * computes a timeout for its changes feed but never applies it. The sync line would go on saying
 * "Up to date" while nothing reaches the server. So every request gets an allowance of silence:
 *
 * - replication's long-polled changes feed (`feed=longpoll`) is kept alive by the server's
 *   heartbeat, a newline every `heartbeat` ms (PouchDB asks for one every 10 s; CouchDB and
 *   pouchdb-server send it): silence longer than a heartbeat and a `grace` means the server is
 *   gone. Without a heartbeat, the server answers by its `timeout` (CouchDB's default is 60 s);
 * - any other request has `other` ms to send its headers, and as long again for each next part.
 *
 * Only time a reader is waiting counts. When the allowance runs out, the request is aborted with
 * a `ServerSilentError`, which PouchDB's replication treats like any network failure (it retries,
 * backing off), and `onLost` is told. A request the caller aborted (sync stopped, a sign-out) is
 * never reported lost. A reply that breaks off in the middle (the server stopped during a long
 * poll) is reported lost too, which its headers alone could not say.
 */

export type Send = (url: string, init: RequestInit) => Promise<Response>;

export interface Patience {
	/** How late a long poll's heartbeat may be, in ms. */
	grace: number;
	/** The longest wait for any other request's headers, or for its next part, in ms. */
	other: number;
}

/** A heartbeat (10 s) may be 15 s late; anything else may take a minute between signs of life. */
export const PATIENCE: Patience = { grace: 15_000, other: 60_000 };

/** CouchDB's `changes_timeout`: how long a long poll without a heartbeat is held open. */
const COUCHDB_CHANGES_TIMEOUT = 60_000;

/** Statuses that carry no body: passed on as they are. */
const NO_BODY = new Set([101, 204, 205, 304]);

export class ServerSilentError extends Error {
	override name = 'ServerSilentError';
	constructor(readonly allowance: number) {
		super(`the team server stopped answering (nothing for ${Math.round(allowance / 1000)} s)`);
	}
}

const positive = (text: string | null): number | null => {
	if (text === null || !/^[0-9]+$/.test(text)) return null;
	const n = Number(text);
	return n > 0 ? n : null;
};

/** The longest silence this request may keep before the server counts as gone, in ms. */
export function allowance(url: string, patience: Patience): number {
	const query = new URL(url, 'http://device.invalid').searchParams;
	const feed = query.get('feed');
	if (feed !== 'longpoll' && feed !== 'continuous') return patience.other;
	const heartbeat = positive(query.get('heartbeat'));
	if (heartbeat !== null) return heartbeat + patience.grace;
	return (positive(query.get('timeout')) ?? COUCHDB_CHANGES_TIMEOUT) + patience.grace;
}

/** Why `signal` aborted, as an Error (a bare `abort()` gives a DOMException, which is one). */
const reasonOf = (signal: AbortSignal): Error =>
	signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError');

/** Settles as `promise` does, or rejects with the signal's reason once it aborts. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	if (signal.aborted) return Promise.reject(reasonOf(signal));
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(reasonOf(signal));
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(e: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(e instanceof Error ? e : new Error(String(e)));
			}
		);
	});
}

export interface Watch {
	patience?: Patience;
	/** The server could not be reached, broke off, or stopped answering (never a caller's abort). */
	onLost: () => void;
}

/** `send`, with every request watched (see the module's comment). */
export function watchedSend(send: Send, watch: Watch): Send {
	return async (url, init) => {
		const limit = allowance(url, watch.patience ?? PATIENCE);
		const caller = init.signal ?? null;
		const own = new AbortController();
		const followCaller = () => own.abort(caller?.reason);
		if (caller?.aborted) followCaller();
		else caller?.addEventListener('abort', followCaller, { once: true });

		let timer: ReturnType<typeof setTimeout> | undefined;
		const disarm = () => {
			clearTimeout(timer);
			timer = undefined;
		};
		const arm = () => {
			disarm();
			timer = setTimeout(() => own.abort(new ServerSilentError(limit)), limit);
		};
		const finish = () => {
			disarm();
			caller?.removeEventListener('abort', followCaller);
		};
		const failed = (e: unknown): unknown => {
			finish();
			if (!caller?.aborted) watch.onLost();
			return own.signal.reason instanceof ServerSilentError ? own.signal.reason : e;
		};

		let response: Response;
		arm();
		try {
			response = await unlessAborted(send(url, { ...init, signal: own.signal }), own.signal);
		} catch (e) {
			throw failed(e);
		}
		disarm();
		const body = response.body;
		if (!body || NO_BODY.has(response.status)) {
			finish();
			return response;
		}
		const reader = body.getReader();
		const stream = new ReadableStream<Uint8Array>({
			pull: async (controller) => {
				arm();
				try {
					const { done, value } = await unlessAborted(reader.read(), own.signal);
					disarm();
					if (done) {
						finish();
						controller.close();
					} else controller.enqueue(value);
				} catch (e) {
					void reader.cancel().catch(() => undefined);
					controller.error(failed(e));
				}
			},
			cancel: (reason) => {
				finish();
				return reader.cancel(reason);
			}
		});
		const { status, statusText, headers } = response;
		return new Response(stream, { status, statusText, headers });
	};
}
