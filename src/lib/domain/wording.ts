/**
 * One place for the words and figures people read: labels for the code lists (typed by them, so
 * a new code without words fails to compile), band names and ranges, evidence sentences, the
 * score scale read from the rules, money, signed scores and dates. Plain TypeScript; table-tested
 * in tests/unit/wording.test.ts.
 */
import type { AgeBand, AssessmentStatus, LegalStatus } from './assessment.ts';
import type { Rules } from './compile.ts';
import { formatScore as signedScore } from './compare.ts';

const MINUS = '\u2212';

/** Words for stored codes, shown to people. */
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
	'under-1': 'Under 1',
	'1-4': '1 to 4',
	'5-10': '5 to 10',
	'11-15': '11 to 15',
	'16-17': '16 or 17'
};

export const LEGAL_STATUS_LABELS: Record<LegalStatus, string> = {
	'section-20': 'Accommodated with agreement (section 20)',
	'interim-care-order': 'Interim care order (section 38)',
	'care-order': 'Care order (section 31)',
	'placement-order': 'Placement order',
	other: 'Other'
};

export const STATUS_LABELS: Record<AssessmentStatus, string> = {
	draft: 'Draft',
	completed: 'Completed',
	'awaiting-approval': 'Awaiting manager approval',
	signed: 'Signed off'
};

/** The words for a code, or '' when it has none (an empty field). */
export function labelOf<K extends string>(labels: Record<K, string>, code: K | ''): string {
	return code === '' ? '' : labels[code];
}

/** A band of these rules by id, or undefined when there is none (no band yet, or unknown id). */
export function bandOf(
	rules: Rules | undefined,
	id: string | null | undefined
): Rules['data']['bands'][number] | undefined {
	return id === null || id === undefined ? undefined : rules?.data.bands.find((b) => b.id === id);
}

/** What a band reads as when these rules have no such band (never the raw id from a file). */
export const UNKNOWN_BAND_LABEL = 'Band not recognised';

/** A band's name under these rules; `UNKNOWN_BAND_LABEL` if the rules have no such band. */
export function bandLabel(rules: Rules | undefined, id: string | null): string {
	return bandLabelIn(rules?.data.bands, id);
}

/**
 * `bandLabel` for a list of bands alone (the first page has the rules' index, not the rules):
 * '' for no band, `UNKNOWN_BAND_LABEL` for an id the list lacks.
 */
export function bandLabelIn(
	bands: readonly { id: string; label: string }[] | undefined,
	id: string | null
): string {
	if (id === null) return '';
	return bands?.find((b) => b.id === id)?.label ?? UNKNOWN_BAND_LABEL;
}

/**
 * The heading over "what would change the band": from a band whose plan is work before a return to
 * one whose plan is a return, the change is what a return needs; otherwise it only moves the band.
 */
export function whatWouldChangeHeading(
	rules: Rules,
	change: { from: string; to: string | null }
): string {
	const plan = (id: string | null) => bandOf(rules, id)?.plan;
	return plan(change.from) === 'work-before-return' &&
		change.to !== null &&
		plan(change.to) !== 'work-before-return'
		? 'What must change for a return to be recommended'
		: 'What would move the band up';
}

/** The overall scores a band covers, in words: "+0.5 to below +1.0", "below −1.0", "+1.0 and above". */
export function bandRange(band: { from?: number | undefined; below?: number | undefined }): string {
	if (band.from === undefined) return `below ${formatScore(band.below ?? 0)}`;
	if (band.below === undefined) return `${formatScore(band.from)} and above`;
	return `${formatScore(band.from)} to below ${formatScore(band.below)}`;
}

/** An answer behind a figure: the question's label and the answer given. */
export interface EvidenceWords {
	label: string;
	valueLabel: string;
}

/** The answers behind a recommendation, as one phrase: "housing (mild concern); school (adequate)". */
export function evidencePhrase(evidence: readonly EvidenceWords[]): string {
	return evidence.map((e) => `${e.label.toLowerCase()} (${e.valueLabel.toLowerCase()})`).join('; ');
}

/** The answers behind a hard stop: "unmanaged access: yes; …". */
export function hardStopPhrase(evidence: readonly EvidenceWords[]): string {
	return evidence.map((e) => `${e.label.toLowerCase()}: ${e.valueLabel.toLowerCase()}`).join('; ');
}

/** The scores an answer can have, read from the rules: the widest of its ordered scales. */
export function scoreScale(rules: Rules): {
	min: number;
	max: number;
	minLabel: string;
	maxLabel: string;
	zeroLabel: string | null;
} {
	let best: {
		min: number;
		max: number;
		minLabel: string;
		maxLabel: string;
		zeroLabel: string | null;
	} | null = null;
	for (const scale of rules.data.scales) {
		const scored = scale.options.filter((o) => typeof o.score === 'number');
		if (!scale.ordered || scored.length < 2) continue;
		const low = scored.reduce((a, b) => ((b.score as number) < (a.score as number) ? b : a));
		const high = scored.reduce((a, b) => ((b.score as number) > (a.score as number) ? b : a));
		const span = (high.score as number) - (low.score as number);
		if (best === null || span > best.max - best.min)
			best = {
				min: low.score as number,
				max: high.score as number,
				minLabel: low.label,
				maxLabel: high.label,
				zeroLabel: scored.find((o) => o.score === 0)?.label ?? null
			};
	}
	return best ?? { min: 0, max: 0, minLabel: '', maxLabel: '', zeroLabel: null };
}

/** "Scores run from −3 (serious concern) to +2 (clear strength); 0 is adequate." from the rules. */
export function scaleSentence(rules: Rules): string {
	const s = scoreScale(rules);
	const zero = s.zeroLabel === null ? '' : `; 0 is ${s.zeroLabel.toLowerCase()}`;
	return `Scores run from ${signedWhole(s.min)} (${s.minLabel.toLowerCase()}) to ${signedWhole(s.max)} (${s.maxLabel.toLowerCase()})${zero}.`;
}

/** A whole number with its sign, as on the chart's axis: "−3", "0", "+2" (a true minus sign). */
export function signedWhole(n: number): string {
	return n > 0 ? `+${n}` : n < 0 ? `${MINUS}${-n}` : '0';
}

/**
 * A stored moment ("2026-07-01T13:05:00.000Z") as people read it in the given time zone (the
 * device's, passed in: the domain reads no clock and no settings): "1 July 2026 at 14:05 BST".
 * Every stored time of change is shown this way, so the history, a conflict's versions and the
 * printed summary agree; the zone's name is always given, as an audit trail is read elsewhere and
 * later. `date: false` leaves the date out, `zone: false` the zone's name ("14:05", for a line
 * that says when it just saved). For the date alone, see `momentDay`.
 */
export function formatMoment(
	iso: string,
	timeZone: string,
	options: { zone?: boolean; date?: boolean } = {}
): string {
	const at = new Date(iso);
	if (Number.isNaN(at.getTime())) return iso;
	const parts = momentParts(at, timeZone) ?? momentParts(at, 'UTC');
	if (!parts) return iso;
	const day = formatDate(`${parts.year}-${parts.month}-${parts.day}`);
	const time = `${parts.hour}:${parts.minute}`;
	const zoned = options.zone === false ? time : `${time} ${parts.zone}`;
	if (options.date === false) return zoned;
	return `${day} at ${zoned}`;
}

/** A stored moment's date in the given time zone, YYYY-MM-DD ("" for text that is not a moment). */
export function momentDay(iso: string, timeZone: string): string {
	const at = new Date(iso);
	if (Number.isNaN(at.getTime())) return '';
	const parts = momentParts(at, timeZone) ?? momentParts(at, 'UTC');
	return parts ? `${parts.year}-${parts.month}-${parts.day}` : '';
}

function momentParts(at: Date, timeZone: string) {
	let format: Intl.DateTimeFormat;
	try {
		format = new Intl.DateTimeFormat('en-GB', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
			timeZoneName: 'short'
		});
	} catch {
		return null; // a zone this browser does not know
	}
	const parts = format.formatToParts(at);
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		parts.find((p) => p.type === type)?.value ?? '';
	// en-GB names London's zones GMT and BST, and UTC "UTC"; elsewhere an offset such as "GMT+1".
	return {
		year: part('year'),
		month: part('month'),
		day: part('day'),
		hour: part('hour'),
		minute: part('minute'),
		zone: part('timeZoneName')
	};
}

/** 2026-11-23 → 23 November 2026 (GOV.UK date style). */
export function formatDate(iso: string | null | undefined): string {
	if (!iso) return '';
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
	if (!y || !m || !d) return iso;
	const months = [
		'January',
		'February',
		'March',
		'April',
		'May',
		'June',
		'July',
		'August',
		'September',
		'October',
		'November',
		'December'
	];
	return `${d} ${months[m - 1]} ${y}`;
}

/** 1250.5 → £1,251; −1250.5 → −£1,251 (indicative figures: whole pounds, a true minus sign). */
export function formatMoney(n: number): string {
	const pounds = Math.round(Math.abs(n));
	return `${n < 0 && pounds > 0 ? MINUS : ''}£${pounds.toLocaleString('en-GB')}`;
}

/** A score for people: one decimal place, a sign, a real minus sign; null → "Not rated". */
export function formatScore(n: number | null): string {
	return n === null ? 'Not rated' : signedScore(n);
}

/** 2026-11-23 → 23 Nov 2026 (for dense tables). */
export function formatShortDate(iso: string | null | undefined): string {
	const long = formatDate(iso);
	return long.replace(
		/ (January|February|March|April|May|June|July|August|September|October|November|December) /,
		(_m, month: string) => ` ${month.slice(0, 3)} `
	);
}
