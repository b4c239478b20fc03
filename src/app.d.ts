// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		// interface Error {}
		// interface Locals {}
		// interface PageData {}
		/** Shallow routing: the wizard step a browser history entry stands for. */
		interface PageState {
			step?: string;
			/** On the support plan step: a form opened from the plan (change, add, remove). */
			planView?: string;
			/** A success to confirm on the page arrived at (a deletion, a reset): shown once, focused. */
			done?: string;
		}
		// interface Platform {}
	}
}

declare module '*.yaml' {
	const data: unknown;
	export default data;
}

export {};
