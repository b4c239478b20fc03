import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave } from '../../src/lib/app/autosave.ts';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

function counting(pending = () => true) {
	const saves: number[] = [];
	let release: (() => void) | null = null;
	const autosave = new Autosave(
		() =>
			new Promise<void>((resolve) => {
				saves.push(saves.length + 1);
				release = resolve;
			}),
		pending,
		300
	);
	return { autosave, saves, finish: () => release?.() };
}

describe('debounced saving', () => {
	it('saves once typing pauses, not on every change', async () => {
		const { autosave, saves, finish } = counting();
		autosave.schedule();
		await vi.advanceTimersByTimeAsync(200);
		autosave.schedule();
		await vi.advanceTimersByTimeAsync(200);
		expect(saves).toEqual([]);
		await vi.advanceTimersByTimeAsync(100);
		expect(saves).toEqual([1]);
		finish();
	});

	it('a flush during a save waits for it, then saves what changed meanwhile', async () => {
		const { autosave, saves, finish } = counting();
		const first = autosave.flush();
		expect(autosave.saving).toBe(true);
		const second = autosave.flush();
		expect(saves).toEqual([1]);
		finish();
		await first;
		await vi.advanceTimersByTimeAsync(0);
		expect(saves).toEqual([1, 2]);
		finish();
		await second;
		expect(autosave.saving).toBe(false);
	});

	it('does nothing when nothing is waiting, and forgets a cancelled save', async () => {
		const idle = counting(() => false);
		await idle.autosave.flush();
		expect(idle.saves).toEqual([]);
		const { autosave, saves } = counting();
		autosave.schedule();
		autosave.cancel();
		await vi.advanceTimersByTimeAsync(1000);
		expect(saves).toEqual([]);
	});
});
