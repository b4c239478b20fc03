/**
 * CSV as RFC 4180 writes it: fields separated by commas, records by CRLF, a field holding a comma,
 * a double quote, CR or LF enclosed in double quotes with each double quote doubled.
 *
 * Text is also guarded against spreadsheet formula injection (OWASP's advice): a text cell that
 * begins with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula when the
 * file is opened in a spreadsheet, so it is prefixed with a single quote and quoted. Numbers are
 * written as numbers (a negative number is not a formula).
 */
export type Cell = string | number | boolean | null;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, quoted and guarded as needed. */
export function csvCell(value: Cell): string {
	if (value === null) return '';
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return '';
		return String(value);
	}
	const guarded = FORMULA_START.test(value) ? `'${value}` : value;
	return NEEDS_QUOTES.test(guarded) || guarded !== value
		? `"${guarded.replace(/"/g, '""')}"`
		: guarded;
}

/** A whole file: a header row, then one row per record, CRLF after every record. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
	return [header, ...rows].map((r) => r.map(csvCell).join(',') + '\r\n').join('');
}

/** Reads what `toCsv` writes (RFC 4180): for tests and for checking a downloaded file. */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else field += c;
	}
	if (field !== '' || row.length > 0) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}
