/**
 * Moving between steps is not a page load: focus moves to the new step's heading so screen
 * readers announce it, and the page starts at the top. Also measures (User Timing only, read by
 * `npm run bench`) how long a step change took from the click to the focused heading.
 */
import { tick, untrack } from 'svelte';

/**
 * Call during a component's set-up with the current step; call `started()` on a click to continue.
 * `question()` names a field to focus instead of the heading (a "Change" from check your answers
 * lands on the question, not 20 Tabs above it).
 */
export function stepFocus(
	currentStep: () => string,
	question: () => string | null = () => null
): { started: () => void } {
	let lastStep = '';
	let stepStarted = 0;
	$effect(() => {
		const step = currentStep();
		if (!step || step === lastStep) return;
		lastStep = step;
		const field = untrack(question);
		void tick().then(() => {
			const input = field ? document.getElementById(field) : null;
			if (input) {
				// The question's legend in view, then focus on its first input, so it is announced.
				(input.closest('fieldset')?.querySelector('legend') ?? input).scrollIntoView();
				input.focus({ preventScroll: true });
			} else {
				window.scrollTo(0, 0);
				document.getElementById('step-heading')?.focus({ preventScroll: true });
			}
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
