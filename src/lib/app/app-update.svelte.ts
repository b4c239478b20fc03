/**
 * Telling the person that a new version of Homeward is ready, and switching to it only when they
 * choose. The service worker (src/service-worker.ts) installs a new version beside the running one
 * and waits; this watches for that, and on request saves every open assessment, asks the waiting
 * worker to take over, and reloads once it has.
 */
import { SKIP_WAITING } from '../offline.ts';

export class AppUpdate {
	#ready = $state(false);
	#waiting: ServiceWorker | null = null;
	#reloading = false;
	readonly #container: ServiceWorkerContainer | undefined;

	constructor(container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker) {
		this.#container = container;
	}

	/** True once a new version is installed and waiting (or has taken over from another tab). */
	get ready(): boolean {
		return this.#ready;
	}

	/** Starts watching for a new version; returns a function that stops. */
	watch(): () => void {
		const container = this.#container;
		if (!container) return () => {};
		let stopped = false;
		// On a first visit the page starts uncontrolled and the first worker claims it: that is
		// not a new version, just the app becoming available offline.
		let controlled = container.controller !== null;
		const onControllerChange = () => {
			if (this.#reloading) location.reload();
			// Another tab switched to the new version: this page still runs the old one.
			else if (controlled) this.#ready = true;
			controlled = true;
		};
		container.addEventListener('controllerchange', onControllerChange);
		void container.ready.then((registration) => {
			if (stopped) return;
			// A worker already waiting matters only if this page is controlled (not a first visit).
			if (registration.waiting && container.controller) this.#offer(registration.waiting);
			registration.addEventListener('updatefound', () => {
				const installing = registration.installing;
				installing?.addEventListener('statechange', () => {
					if (installing.state === 'installed' && container.controller) this.#offer(installing);
				});
			});
		});
		return () => {
			stopped = true;
			container.removeEventListener('controllerchange', onControllerChange);
		};
	}

	/**
	 * Saves, then switches to the new version and reloads. Resolves to false, without reloading,
	 * if something could not be saved: the page shows why, and reloading would lose it.
	 */
	async apply(save: () => Promise<boolean>): Promise<boolean> {
		if (!(await save())) return false;
		this.#reloading = true;
		if (this.#waiting && this.#waiting.state === 'installed') {
			this.#waiting.postMessage({ type: SKIP_WAITING });
		} else {
			// Already taken over (by another tab): only this page is out of date.
			location.reload();
		}
		return true;
	}

	#offer(worker: ServiceWorker): void {
		this.#waiting = worker;
		this.#ready = true;
	}
}

/**
 * Registers the service worker once the page has rendered and the browser is idle, rather than
 * on `load` as SvelteKit would: its install downloads every file of the build, and started early
 * that competes with the page's own requests (issue 14 measured a cold first question 1.4× slower
 * with it). By then the current page's files are in the HTTP cache, so the worker gets them
 * from there. Returns a function that cancels a registration not yet made.
 */
export function registerWhenIdle(
	container: ServiceWorkerContainer | undefined = globalThis.navigator?.serviceWorker,
	url = '/service-worker.js'
): () => void {
	if (!container) return () => {};
	let cancelled = false;
	const register = () => {
		if (!cancelled) container.register(url).catch(() => {});
	};
	// Safari has no requestIdleCallback; a short timeout then does the same job.
	if (typeof requestIdleCallback === 'function') {
		const handle = requestIdleCallback(register, { timeout: 3000 });
		return () => {
			cancelled = true;
			cancelIdleCallback(handle);
		};
	}
	const timer = setTimeout(register, 1000);
	return () => {
		cancelled = true;
		clearTimeout(timer);
	};
}
