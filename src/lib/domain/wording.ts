import { formatScore as signedScore } from './compare.ts';

/** Words for stored codes, shown to people. */
export const AGE_BAND_LABELS: Record<string, string> = {
	'under-1': 'Under 1',
	'1-4': '1 to 4',
	'5-10': '5 to 10',
	'11-15': '11 to 15',
	'16-17': '16 or 17'
};

export const LEGAL_STATUS_LABELS: Record<string, string> = {
	'section-20': 'Accommodated with agreement (section 20)',
	'interim-care-order': 'Interim care order (section 38)',
	'care-order': 'Care order (section 31)',
	'placement-order': 'Placement order',
	other: 'Other'
};

export const STATUS_LABELS: Record<string, string> = {
	draft: 'Draft',
	completed: 'Completed',
	signed: 'Signed off'
};

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

/** 1250.5 → £1,251 (indicative figures: whole pounds). */
export function formatMoney(n: number): string {
	return `${n < 0 ? '−' : ''}£${Math.round(Math.abs(n)).toLocaleString('en-GB')}`;
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
