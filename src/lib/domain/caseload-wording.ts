/**
 * The words of the caseload view and the evaluation export page: stages, outcomes, reasons and
 * rates as people read them. Codes stay the codes (the export and its dictionary use them).
 */
import type { Rate } from './caseload.ts';
import type { Stage } from './episodes.ts';
import type { NOT_PROVIDED_REASONS, OUTCOMES } from './follow-up.ts';
import type { Rules } from './rules.ts';

export const STAGE_LABELS: Record<Stage, string> = {
	assessing: 'Assessing',
	'awaiting-approval': 'Awaiting approval',
	decided: 'Decided, not yet home',
	'at-home': 'At home',
	closed: 'Closed'
};

export const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], string> = {
	'home-stable': 'At home and stable',
	'home-new-concerns': 'At home with new concerns',
	'returned-to-care': 'Returned to care',
	'other-permanence': 'Another permanence plan'
};

export const NOT_PROVIDED_LABELS: Record<(typeof NOT_PROVIDED_REASONS)[number], string> = {
	'no-capacity': 'no capacity',
	'waiting-list': 'waiting list',
	'family-declined': 'family declined',
	'not-needed': 'not needed',
	other: 'another reason'
};

/** A rate as a whole percentage, or why there is none ("too few to mean anything"). */
export function formatRate(r: Rate): string {
	return r.value === null ? (r.note ?? '') : `${Math.round(r.value * 100)}%`;
}

/** A service's name from the rules' catalogue; "Support added by practitioners" for "own". */
export function serviceLabel(rules: Rules, service: string): string {
	if (service === 'own') return 'Support added by practitioners';
	return rules.data.support.find((s) => s.id === service)?.service ?? service;
}

/** A band's label in these rules; "No band yet" for null. */
export function caseloadBandLabel(rules: Rules, band: string | null): string {
	if (band === null) return 'No band yet';
	return rules.data.bands.find((b) => b.id === band)?.label ?? band;
}

/** "1 case", "3 cases". */
export const cases = (n: number): string =>
	`${n.toLocaleString('en-GB')} ${n === 1 ? 'case' : 'cases'}`;
