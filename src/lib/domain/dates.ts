/** Calendar dates as ISO strings (YYYY-MM-DD). No clock reads: callers pass the dates in. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(s: string): boolean {
	const m = ISO.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.toISOString().slice(0, 10) === s;
}

/** The date `days` after `iso` (negative for before). */
export function addDays(iso: string, days: number): string {
	if (!isIsoDate(iso)) throw new RangeError(`"${iso}" is not a date written YYYY-MM-DD`);
	const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	const t = (iso: string) => {
		const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
		return Date.UTC(y, m - 1, d);
	};
	return Math.round((t(to) - t(from)) / 86_400_000);
}
