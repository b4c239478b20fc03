/**
 * Turning what is wrong with untrusted JSON into words a social worker can act on: zod's issues
 * name schema types ("expected record, received undefined"), which mean nothing to the person
 * holding the file. Shared by the export and the encrypted-backup readers.
 */
import type { z } from 'zod';

/** Longest piece of a file's own text quoted back in a message. */
const QUOTE_LIMIT = 40;

/** One zod issue as the end of a sentence: 'the field "caseDetails" is missing'. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
	const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
	const field = path.length === 0 ? 'the whole entry' : `the field "${formatPath(path)}"`;
	const value = readPath(input, path);
	switch (issue.code) {
		case 'invalid_type':
			if (value === undefined) return `${field} is missing`;
			return `${field} should be ${expectedText(issue.expected)} but is ${describeValue(value)}`;
		case 'invalid_value': {
			const allowed = issue.values.map(quote);
			if (allowed.length === 1) return `${field} should be ${allowed[0]} but is ${quote(value)}`;
			return `${field} is ${quote(value)}, which is not one of the allowed values (${allowed.join(', ')})`;
		}
		case 'invalid_union': {
			// A discriminated union reports the tag that matched nothing; name the choices.
			const options = (issue as { options?: unknown }).options;
			if (Array.isArray(options) && options.length > 0) {
				const allowed = options.map(quote).join(', ');
				return `${field} is ${quote(value)}, which is not one of the allowed values (${allowed})`;
			}
			return `${field} is not in a form Homeward recognises`;
		}
		case 'too_small':
			if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${field} is empty`;
			if (typeof value === 'number') {
				return `${field} is ${value}, which is less than ${String(issue.minimum)}`;
			}
			return `${field} is too short`;
		case 'too_big':
			return `${field} is too long`;
		case 'invalid_format':
			if (issue.format === 'datetime') {
				return `${field} is ${quote(value)}, which is not a date and time such as "2026-11-23T09:00:00.000Z"`;
			}
			return `${field} is ${quote(value)}, which is not in the expected form`;
		default:
			return `${field} is not valid`;
	}
}

/** The kind of a JSON value in plain words: 'a list', 'text ("abc")', 'the number 3'. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'missing';
	if (value === null) return 'empty (null)';
	if (typeof value === 'string') return `text (${quote(value)})`;
	if (typeof value === 'number') return `the number ${quote(value)}`;
	if (typeof value === 'boolean') return `the value ${String(value)}`;
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a group of fields';
	return 'something Homeward does not recognise';
}

/** A value from the file, shown short and safe to put in a sentence. */
export function quote(value: unknown): string {
	if (typeof value === 'string') return `"${shorten(value)}"`;
	if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
		return shorten(String(value));
	}
	if (value === undefined) return 'missing';
	return describeValue(value);
}

/** Text from a file cut to a readable length, with control characters made visible as spaces. */
export function shorten(text: string): string {
	// Control characters are exactly what this pattern is for: they must not reach the page.
	// eslint-disable-next-line no-control-regex
	const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
	const chars = [...clean];
	return chars.length > QUOTE_LIMIT ? `${chars.slice(0, QUOTE_LIMIT).join('')}…` : clean;
}

/** A path inside a record as people write it: caseDetails.ageBand, visited[2]. */
export function formatPath(path: readonly (string | number)[]): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out === '' ? part : `.${part}`;
		else out += `[${JSON.stringify(shorten(part))}]`;
	}
	return out;
}

/** The value at `path`, reading own properties only (a file may name "constructor" and such). */
export function readPath(value: unknown, path: readonly (string | number)[]): unknown {
	let current = value;
	for (const key of path) {
		if (typeof current !== 'object' || current === null) return undefined;
		if (!Object.hasOwn(current, key)) return undefined;
		current = (current as Record<string | number, unknown>)[key];
	}
	return current;
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectedText(expected: string): string {
	switch (expected) {
		case 'string':
			return 'text';
		case 'number':
			return 'a number';
		case 'int':
			return 'a whole number';
		case 'boolean':
			return 'true or false';
		case 'array':
			return 'a list';
		case 'object':
		case 'record':
			return 'a group of fields';
		case 'null':
			return 'empty (null)';
		default:
			return `a ${expected}`;
	}
}
