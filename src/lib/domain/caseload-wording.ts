/**
 * The words of the caseload view and the evaluation export page: stages, outcomes, reasons and
 * rates as people read them. Codes stay the codes (the export and its dictionary use them).
 */
import type { Rate } from './caseload.ts';
import type { Stage } from './episodes.ts';
import type { CaseloadRules } from './caseload-rules.ts';
import { bandLabelIn } from './wording.ts';

import { NOT_PROVIDED_SHORT_LABELS } from './follow-up-wording.ts';

/** One set of words for the outcomes, shared with the follow-up pages. */
export { OUTCOME_LABELS } from './follow-up-wording.ts';

export const STAGE_LABELS: Record<Stage, string> = {
	assessing: 'Assessing',
	'awaiting-approval': 'Awaiting approval',
	decided: 'Decided, not yet home',
	'at-home': 'At home',
	closed: 'Closed'
};

/** Why support was not provided, with counts: "waiting list (2), no capacity (1)". */
export function notProvidedReasons(
	counts: Partial<Record<keyof typeof NOT_PROVIDED_SHORT_LABELS, number>>
): string {
	return Object.entries(counts)
		.map(
			([k, n]) => `${NOT_PROVIDED_SHORT_LABELS[k as keyof typeof NOT_PROVIDED_SHORT_LABELS]} (${n})`
		)
		.join(', ');
}

/** A rate as a whole percentage, or why there is none ("too few to mean anything"). */
export function formatRate(r: Rate): string {
	return r.value === null ? (r.note ?? '') : `${Math.round(r.value * 100)}%`;
}

/** A service's name from the rules' catalogue; "Support added by practitioners" for "own". */
export function serviceLabel(rules: CaseloadRules, service: string): string {
	if (service === 'own') return 'Support added by practitioners';
	return rules.data.support.find((s) => s.id === service)?.service ?? service;
}

/** A band's label in these rules (wording.ts's `bandLabelIn`); "No band yet" for null. */
export function caseloadBandLabel(rules: CaseloadRules, band: string | null): string {
	return band === null ? 'No band yet' : bandLabelIn(rules.data.bands, band);
}

/** "1 case", "3 cases". */
export const cases = (n: number): string =>
	`${n.toLocaleString('en-GB')} ${n === 1 ? 'case' : 'cases'}`;
