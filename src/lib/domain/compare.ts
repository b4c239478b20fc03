/**
 * Comparing two results (an assessment and its review), and describing domain scores in words for
 * screen readers and print. Pure: reads results only.
 *
 * Every figure is compared as it is shown, to one decimal place, so the words never contradict the
 * numbers beside them: 0.44 and 0.46 show as "+0.4" and "+0.5", so that is a change of +0.1
 * ("improved"), while 0.46 and 0.54 both show as "+0.5" and count as no change.
 * A higher score is better: scales run from serious concern (negative) to clear strength (positive).
 */
import type { AssessmentResult } from './engine.ts';

/** The part of a domain result a chart or comparison needs. */
export interface ScoredDomain {
	id: string;
	title: string;
	score: number | null;
}

export type Direction = 'better' | 'worse' | 'same' | 'not comparable';

export interface DomainChange {
	id: string;
	title: string;
	before: number | null;
	after: number | null;
	/** After minus before, as shown (both rounded to 1 decimal place); null if not comparable. */
	change: number | null;
	direction: Direction;
	/** A domain in only one result belongs to a different rules version. */
	presentIn: 'both' | 'earlier only' | 'later only';
}

export interface ScoreChange {
	before: number | null;
	after: number | null;
	change: number | null;
	direction: Direction;
}

export interface ResultComparison {
	/** The later result's domains in its order, then any found only in the earlier result. */
	domains: DomainChange[];
	overall: ScoreChange;
	band: {
		before: string | null;
		beforeLabel: string | null;
		after: string | null;
		afterLabel: string | null;
		changed: boolean;
	};
	hardStops: { added: { id: string; label: string }[]; removed: { id: string; label: string }[] };
	/** Whether the two results were made with different rules versions. */
	rulesChanged: boolean;
	/** Plain-English summary, most important first: overall score, band, hard stops, then sections. */
	sentences: string[];
}

const MINUS = '\u2212';

/** Round to 1 decimal place, halves away from zero (so rounding −x gives exactly −round(x)), never −0. */
export function round1(n: number): number {
	const r = (Math.sign(n) * Math.round(Math.abs(n) * 10)) / 10;
	return r === 0 ? 0 : r;
}

/** A score as people read it: 1 decimal place, a plus sign on positives, a true minus sign (−1.5, 0.0, +0.5). */
export function formatScore(n: number): string {
	const r = round1(n);
	const text = Math.abs(r).toFixed(1);
	return r > 0 ? `+${text}` : r < 0 ? `${MINUS}${text}` : text;
}

/** Whether a score, as shown, is below 0 (a concern on balance). */
export function isBelowZero(score: number | null): boolean {
	return score !== null && round1(score) < 0;
}

function scoreChange(before: number | null, after: number | null): ScoreChange {
	if (before === null || after === null)
		return { before, after, change: null, direction: 'not comparable' };
	const change = round1(round1(after) - round1(before));
	return {
		before,
		after,
		change,
		direction: change > 0 ? 'better' : change < 0 ? 'worse' : 'same'
	};
}

/** Match domains by id and work out each one's change; domains in only one list are 'not comparable'. */
export function compareDomains(
	earlier: readonly ScoredDomain[],
	later: readonly ScoredDomain[]
): DomainChange[] {
	const before = new Map(earlier.map((d) => [d.id, d]));
	const laterIds = new Set(later.map((d) => d.id));
	const changes: DomainChange[] = later.map((d) => {
		const e = before.get(d.id);
		return {
			id: d.id,
			title: d.title,
			...scoreChange(e ? e.score : null, d.score),
			presentIn: e ? 'both' : 'later only'
		};
	});
	for (const e of earlier) {
		if (laterIds.has(e.id)) continue;
		changes.push({
			id: e.id,
			title: e.title,
			before: e.score,
			after: null,
			change: null,
			direction: 'not comparable',
			presentIn: 'earlier only'
		});
	}
	return changes;
}

/** "A, B and C". */
export function listInWords(items: readonly string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** One sentence per section that changed or cannot be compared; one sentence for all that did not change. */
export function describeDomainChanges(changes: readonly DomainChange[]): string[] {
	const sentences: string[] = [];
	const same: string[] = [];
	for (const c of changes) {
		if (c.direction === 'same') same.push(c.title);
		else if (c.direction === 'better' || c.direction === 'worse') {
			sentences.push(
				`${c.title} ${c.direction === 'better' ? 'improved' : 'worsened'} from ${formatScore(c.before as number)} to ${formatScore(c.after as number)}.`
			);
		} else if (c.presentIn === 'later only') {
			sentences.push(`${c.title} cannot be compared: it is not in the earlier assessment's rules.`);
		} else if (c.presentIn === 'earlier only') {
			sentences.push(`${c.title} cannot be compared: it is not in this assessment's rules.`);
		} else {
			const which =
				c.before === null && c.after === null
					? 'either assessment'
					: c.before === null
						? 'the earlier assessment'
						: 'this assessment';
			sentences.push(`${c.title} cannot be compared: it is not rated in ${which}.`);
		}
	}
	if (same.length > 0) {
		const n = same.length;
		const lead =
			n === changes.length
				? n === 1
					? 'The section did not change'
					: `None of the ${n} sections changed`
				: `${n} section${n === 1 ? '' : 's'} did not change`;
		sentences.push(`${lead}: ${listInWords(same)}.`);
	}
	return sentences;
}

/** How the later result differs from the earlier one, section by section and overall, with a summary in words. */
export function compareResults(
	earlier: AssessmentResult,
	later: AssessmentResult
): ResultComparison {
	const domains = compareDomains(earlier.domains, later.domains);
	const overall = scoreChange(earlier.explanation.overallScore, later.explanation.overallScore);
	const band = {
		before: earlier.band,
		beforeLabel: earlier.bandLabel,
		after: later.band,
		afterLabel: later.bandLabel,
		changed: earlier.band !== later.band
	};
	const earlierStops = new Set(earlier.hardStops.map((h) => h.id));
	const laterStops = new Set(later.hardStops.map((h) => h.id));
	const hardStops = {
		added: later.hardStops
			.filter((h) => !earlierStops.has(h.id))
			.map(({ id, label }) => ({ id, label })),
		removed: earlier.hardStops
			.filter((h) => !laterStops.has(h.id))
			.map(({ id, label }) => ({ id, label }))
	};
	const rulesChanged =
		earlier.rules.id !== later.rules.id || earlier.rules.version !== later.rules.version;

	const sentences: string[] = [];
	if (rulesChanged) {
		sentences.push(
			`The assessments used different rules (version ${earlier.rules.version} and version ${later.rules.version}), so some sections may not be comparable.`
		);
	}
	if (overall.direction === 'not comparable') {
		sentences.push(
			'The overall score cannot be compared: one of the assessments has no rated answers.'
		);
	} else if (overall.direction === 'same') {
		sentences.push(`The overall score did not change: ${formatScore(overall.after as number)}.`);
	} else {
		sentences.push(
			`The overall score ${overall.direction === 'better' ? 'improved' : 'worsened'} from ${formatScore(overall.before as number)} to ${formatScore(overall.after as number)}.`
		);
	}
	const bandWords = (label: string | null) =>
		label === null ? 'no band yet (the assessment was incomplete)' : `"${label}"`;
	if (band.changed)
		sentences.push(
			`The band changed from ${bandWords(band.beforeLabel)} to ${bandWords(band.afterLabel)}.`
		);
	else if (band.after !== null) sentences.push(`The band stayed at ${bandWords(band.afterLabel)}.`);
	else sentences.push('Neither assessment has a band yet: both are incomplete.');
	for (const h of hardStops.added) sentences.push(`A new hard stop applies: ${h.label}.`);
	for (const h of hardStops.removed) sentences.push(`A hard stop no longer applies: ${h.label}.`);
	sentences.push(...describeDomainChanges(domains));
	return { domains, overall, band, hardStops, rulesChanged, sentences };
}

/**
 * A domain-score chart in words, for screen readers and print: the range (lowest and highest, with
 * ties), the sections below 0 from the most concerning, and any not rated.
 */
export function domainSummary(result: { domains: readonly ScoredDomain[] }): string {
	const all = result.domains;
	const rated = all.filter((d): d is ScoredDomain & { score: number } => d.score !== null);
	const unrated = all.filter((d) => d.score === null).map((d) => d.title);
	if (all.length === 0) return 'There are no sections to show.';
	if (rated.length === 0)
		return `No section is rated yet (${all.length === 1 ? '1 section' : `${all.length} sections`}).`;

	const sentences: string[] = [];
	const shown = rated.map((d) => ({ title: d.title, score: round1(d.score) }));
	const low = Math.min(...shown.map((d) => d.score));
	const high = Math.max(...shown.map((d) => d.score));
	const at = (s: number) => listInWords(shown.filter((d) => d.score === s).map((d) => d.title));
	if (rated.length === 1) sentences.push(`${at(low)} scores ${formatScore(low)}.`);
	else if (low === high)
		sentences.push(`All ${rated.length} rated sections score ${formatScore(low)}.`);
	else
		sentences.push(
			`Scores range from ${formatScore(low)} (${at(low)}) to ${formatScore(high)} (${at(high)}).`
		);

	const below = shown.filter((d) => d.score < 0).sort((a, b) => a.score - b.score);
	const of = `of ${all.length} section${all.length === 1 ? '' : 's'}`;
	if (below.length === 0) sentences.push(`No section scores below 0.`);
	else {
		const verb = below.length === 1 ? 'scores' : 'score';
		sentences.push(
			`${below.length} ${of} ${verb} below 0: ${listInWords(below.map((d) => `${d.title} (${formatScore(d.score)})`))}.`
		);
	}
	if (unrated.length > 0) sentences.push(`Not rated: ${listInWords(unrated)}.`);
	return sentences.join(' ');
}
