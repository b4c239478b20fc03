/**
 * Which screen of the support plan step is showing: the plan itself, or a form opened from it
 * (change an item, add one, remove one). A form is a browser history entry of its own, so Back
 * returns to the plan rather than to the step before it; each screen change moves focus to the
 * new heading (not a page load, so screen readers would otherwise not announce it).
 */
import { tick, untrack } from 'svelte';
import { pushState, replaceState } from '$app/navigation';
import { page } from '$app/state';

export type PlanScreen =
	| { kind: 'list' }
	| { kind: 'edit'; key: string }
	| { kind: 'add' }
	| { kind: 'remove'; key: string };

function focusHeading(): void {
	void tick().then(() => {
		window.scrollTo(0, 0);
		document.getElementById('step-heading')?.focus({ preventScroll: true });
	});
}

export class PlanView {
	current = $state<PlanScreen>({ kind: 'list' });
	readonly #onChange: () => void;

	/** Create during a component's set-up; `onChange` runs on every screen change (to clear errors). */
	constructor(onChange: () => void) {
		this.#onChange = onChange;
		$effect(() => {
			const entry = page.state.planView;
			untrack(() => {
				if (entry === undefined && this.current.kind !== 'list') {
					// Back (or a save or cancel) left the form's entry.
					this.#onChange();
					this.current = { kind: 'list' };
					focusHeading();
				} else if (entry !== undefined && this.current.kind === 'list') {
					// Forward into a form that is no longer open: stay on the plan.
					replaceState('', { step: 'plan' });
				}
			});
		});
	}

	/** Show a screen; a form opened from the plan gets its own history entry. */
	show(next: PlanScreen): void {
		this.#onChange();
		const fromList = this.current.kind === 'list';
		this.current = next;
		if (fromList && next.kind !== 'list') pushState('', { step: 'plan', planView: next.kind });
		focusHeading();
	}

	/** Back to the plan after saving or cancelling a form: leave its history entry. */
	backToList(): void {
		if (page.state.planView !== undefined) history.back();
		else this.show({ kind: 'list' });
	}
}
