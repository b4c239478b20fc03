/**
 * The browser's Back and Forward buttons move between steps. Each step change adds a history
 * entry (shallow routing: same URL, the step in the entry's state); going back to an entry asks
 * the wizard to go to its step, as the task list does, and a step that can no longer be reached
 * (say, the result after an answer was cleared) is replaced by where the user is.
 */
import { untrack } from 'svelte';
import { pushState, replaceState } from '$app/navigation';
import { page } from '$app/state';
import type { AssessmentSession } from '$lib/app/session.svelte.ts';

/** Call during the wizard's set-up; `onReturn` runs before the wizard is asked to go back to a step. */
export function stepHistory(session: () => AssessmentSession | null, onReturn: () => void): void {
	let entryStep: string | undefined;
	$effect(() => {
		const current = session();
		const step = current?.step ?? '';
		if (!current || !step || step === 'signed' || current.readOnly) return;
		const wanted = page.state.step;
		if (wanted !== entryStep) {
			entryStep = wanted;
			if (wanted !== undefined && wanted !== step) {
				untrack(() => {
					onReturn();
					current.go(wanted);
				});
				if (current.step !== wanted) {
					entryStep = current.step;
					replaceState('', { step: current.step });
				}
				return;
			}
		}
		if (wanted !== step) {
			entryStep = step;
			// After the new step has painted: the history entry is bookkeeping, not something to wait for.
			const s = step;
			setTimeout(() => {
				if (session()?.step !== s || page.state.step === s) return;
				if (page.state.step === undefined) replaceState('', { step: s });
				else pushState('', { step: s });
			}, 0);
		}
	});
}
