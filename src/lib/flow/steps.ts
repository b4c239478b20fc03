/**
 * The wizard's steps, in order, derived from a rules file. Kept apart from the XState machine
 * (`wizard.ts`) so that code which only needs the list of steps (training scenarios, the first
 * page) does not load XState.
 */
import type { Rules } from '../domain/compile.ts';
import { contentHash } from '../domain/hash.ts';

export const FIXED_STEPS = [
	'case-details',
	'tasks',
	'check-answers',
	'result',
	'plan',
	'sign-off'
] as const;

/** Every step id in order. Domain ids must not clash with the fixed steps. */
export function wizardSteps(rules: Rules): string[] {
	const domains = rules.data.domains.map((d) => d.id);
	const clash = domains.find((d) => (FIXED_STEPS as readonly string[]).includes(d));
	if (clash) throw new Error(`domain id "${clash}" clashes with a wizard step: rename the domain`);
	return ['case-details', 'tasks', ...domains, 'check-answers', 'result', 'plan', 'sign-off'];
}

/** A stamp for stored positions: a position written by a different flow is dropped, not replayed. */
export function flowVersion(rules: Rules): string {
	return `flow-1-${contentHash(wizardSteps(rules)).slice(0, 12)}`;
}

export const isDomainStep = (rules: Rules, step: string) =>
	rules.data.domains.some((d) => d.id === step);
