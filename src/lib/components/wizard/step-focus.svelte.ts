/**
 * Moving between steps is not a page load: focus moves to the new step's heading so screen
 * readers announce it, and the page starts at the top. Also measures (User Timing only, read by
 * `npm run bench`) how long a step change took from the click to the focused heading.
 */
import { tick } from 'svelte';

/** Call during a component's set-up with the current step; call `started()` on a click to continue. */
export function stepFocus(currentStep: () => string): { started: () => void } {
	let lastStep = '';
	let stepStarted = 0;
	$effect(() => {
		const step = currentStep();
		if (!step || step === lastStep) return;
		lastStep = step;
		void tick().then(() => {
			window.scrollTo(0, 0);
			document.getElementById('step-heading')?.focus({ preventScroll: true });
			if (stepStarted > 0)
				performance.measure('homeward:step', {
					start: stepStarted,
					end: performance.now(),
					detail: step
				});
			stepStarted = 0;
		});
	});
	return { started: () => (stepStarted = performance.now()) };
}
