/**
 * Debounced saving: a change schedules a save `delay` ms later (restarting the wait, so typing
 * saves once it pauses), `flush` saves now, and saves never overlap — a flush during a save waits
 * for it, then saves what changed meanwhile. What to save and whether anything is waiting are the
 * caller's (the session's working copy).
 */
export class Autosave {
	readonly #save: () => Promise<void>;
	readonly #pending: () => boolean;
	readonly #delay: number;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#saving: Promise<void> | null = null;

	constructor(save: () => Promise<void>, pending: () => boolean, delay: number) {
		this.#save = save;
		this.#pending = pending;
		this.#delay = delay;
	}

	/** Whether a save is under way. */
	get saving(): boolean {
		return this.#saving !== null;
	}

	/** Save `delay` ms from now, unless another change comes first. */
	schedule(): void {
		this.cancel();
		this.#timer = setTimeout(() => void this.flush(), this.#delay);
	}

	/** Save now, after any save under way; nothing happens when nothing is waiting. */
	async flush(): Promise<void> {
		this.cancel();
		while (this.#saving) await this.#saving;
		if (!this.#pending()) return;
		this.#saving = this.#save().finally(() => (this.#saving = null));
		await this.#saving;
	}

	/** Forget a scheduled save (a save under way still finishes). */
	cancel(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}
}
