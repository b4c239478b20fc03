/**
 * Calendar dates as ISO strings (YYYY-MM-DD). No clock reads: callers pass the dates in.
 * Arithmetic is done on day numbers (days since 1970-01-01, proleptic Gregorian), without `Date`,
 * so it is exact, time-zone free and cheap enough to run for every review date of every result.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parse(iso: string): [number, number, number] | null {
	const m = ISO.exec(iso);
	if (!m) return null;
	const y = Number(m[1]);
	const mo = Number(m[2]);
	const d = Number(m[3]);
	if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
	return [y, mo, d];
}

function daysInMonth(y: number, m: number): number {
	if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
	return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Day number of a civil date (H. Hinnant's days_from_civil). */
function toDays(y: number, m: number, d: number): number {
	const yy = m <= 2 ? y - 1 : y;
	const era = Math.floor(yy / 400);
	const yoe = yy - era * 400;
	const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

/** Civil date of a day number (H. Hinnant's civil_from_days). */
function fromDays(z: number): string {
	const zz = z + 719468;
	const era = Math.floor(zz / 146097);
	const doe = zz - era * 146097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
	);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// Scoring dates every review of every result from the same few dates: remember recent ones.
const dayCache = new Map<string, number>();

function days(iso: string): number {
	const cached = dayCache.get(iso);
	if (cached !== undefined) return cached;
	const p = parse(iso);
	if (!p) throw new RangeError(`"${iso}" is not a date written YYYY-MM-DD`);
	const n = toDays(p[0], p[1], p[2]);
	if (dayCache.size > 1000) dayCache.clear();
	dayCache.set(iso, n);
	return n;
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(s: string): boolean {
	return parse(s) !== null;
}

/** The date `n` days after `iso` (negative for before). */
export function addDays(iso: string, n: number): string {
	return fromDays(days(iso) + n);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return days(to) - days(from);
}
