/**
 * The export file: every assessment as it is stored, with a format id and version so a future
 * Homeward can read it and a foreign file is recognised as foreign. README.md beside this file
 * documents the format and every message.
 *
 * `parseExport` reads an untrusted file and never throws: whatever it is given, it answers with
 * the validated file or with sentences saying what is wrong. It checks everything before anything
 * is stored, so the store's all-or-nothing import is only ever handed a file that is whole.
 *
 * Longer than 300 lines because it is the export file's one format: its zod schema and, for every
 * way a file can be wrong, the sentence that says so (listed in README.md beside it); splitting
 * the checks from their messages would separate each rule from its sentence.
 */
import { z } from 'zod';
import { AssessmentRecordSchema, RECORD_SCHEMA_VERSION, type AssessmentRecord } from '../record.ts';
import type { Rules } from '../../domain/compile.ts';
import { trailProblem } from './trail-check.ts';
import { describeIssue, describeValue, isObject, quote, readPath, shorten } from './describe.ts';
import { isTimestamp, recordRuleProblems } from './record-rules.ts';
import { contentHash } from '../../domain/hash.ts';

export const EXPORT_FORMAT = 'homeward-export';
export const EXPORT_FORMAT_VERSION = 1;
/** The format id of a passphrase-protected export (see crypto.ts); recognised here to say so. */
export const ENCRYPTED_FORMAT = 'homeward-encrypted';

/** Largest export Homeward reads: 50 MB (about 5,000 assessments with long notes). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** How many problems are listed; checking stops there, so a hostile file costs no more. */
export const MAX_LISTED_PROBLEMS = 10;
/**
 * Most assessments in one file: twice what 50 MB holds with long notes. A file of a million
 * empty entries is 3 MB, so the byte limit alone does not bound the work.
 */
export const MAX_IMPORT_RECORDS = 10_000;

export const ExportFileSchema = z.object({
	format: z.literal(EXPORT_FORMAT),
	formatVersion: z.literal(EXPORT_FORMAT_VERSION),
	exportedAt: z.iso.datetime(),
	app: z.object({ name: z.literal('Homeward') }),
	/** True for an export made in training mode: its fictional cases never become real ones. */
	training: z.boolean(),
	/**
	 * SHA-256 of the kind of file ("training" or "real") with its assessments (`sealOf`): flipping
	 * `training` alone no longer moves cases between modes. Files exported before it have none.
	 */
	seal: z.string().optional(),
	assessments: z.array(AssessmentRecordSchema)
});
export type ExportFile = z.infer<typeof ExportFileSchema>;

// Everything but the assessments, which are checked one by one so each problem names its record.
const HeaderSchema = ExportFileSchema.extend({ assessments: z.array(z.unknown()) });

export interface ExportOptions {
	/** When the export is made (no clock reads in this module). */
	now: Date;
	/** Whether these are training mode's fictional cases. */
	training: boolean;
}

/** The rules a Homeward build has under an id and version (usually `findRules`), or undefined. */
export type KnownRules = (id: string, version: string) => Rules | undefined;

export interface ParseOptions {
	/** Usually `findRules` from the rules registry. */
	knownRules: KnownRules;
	/** Whether the import is into training mode. */
	training: boolean;
}

export type ParseResult = { ok: true; file: ExportFile } | { ok: false; problems: string[] };

const NOTHING = 'Nothing was imported.';
const NOT_EXPORT = 'This file is not a Homeward export:';
const NOT_VALID = 'This file is not a valid Homeward export:';

/**
 * The export file's text for these records. Throws (a programming fault, never the user's) if a
 * record is invalid or there are none, since such a file could never be imported again.
 */
export function createExport(records: readonly AssessmentRecord[], options: ExportOptions): string {
	if (records.length === 0) throw new Error('There are no assessments to export.');
	const checked = z.array(AssessmentRecordSchema).parse(records);
	const file = ExportFileSchema.parse({
		format: EXPORT_FORMAT,
		formatVersion: EXPORT_FORMAT_VERSION,
		exportedAt: options.now.toISOString(),
		app: { name: 'Homeward' },
		training: options.training,
		seal: sealOf(options.training, checked),
		assessments: checked
	});
	// Compact rather than indented: indentation adds about a fifth to the size of a large export.
	return JSON.stringify(file);
}

/**
 * The seal of an export: SHA-256 of its kind and its assessments as written (canonical JSON, so
 * the order of fields does not matter). Not a signature: it stops a flag being flipped by hand.
 */
export function sealOf(training: boolean, assessments: unknown): string {
	return contentHash({ kind: training ? 'training' : 'real', assessments });
}

/** A sentence if a file of this many bytes is too large to import, else null (check before reading). */
export function importSizeProblem(bytes: number): string | null {
	if (bytes <= MAX_IMPORT_BYTES) return null;
	const mb = Math.ceil(bytes / (1024 * 1024));
	return `This file is too large to import (${mb} MB; Homeward imports files of up to 50 MB). Export fewer assessments at a time and import each file. ${NOTHING}`;
}

/** Reads and checks an export file's text; never throws, and every problem is a sentence. */
export function parseExport(text: string, options: ParseOptions): ParseResult {
	try {
		return parse(text, options);
	} catch {
		// Only a fault in Homeward itself (or a knownRules that throws) gets here.
		return fail([
			`Homeward could not read this file because of a fault in the app. ${NOTHING} Reload the page and try again; if it happens again, contact your IT support.`
		]);
	}
}

function parse(text: unknown, options: ParseOptions): ParseResult {
	if (typeof text !== 'string') return fail([`${NOT_EXPORT} it holds no text. ${NOTHING}`]);
	const size = importSizeProblem(utf8Length(text));
	if (size !== null) return fail([size]);
	// A byte-order mark is what Windows Notepad adds when a file is opened and saved there.
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	if (body.trim() === '') return fail([`This file is empty. ${NOTHING}`]);

	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch {
		return fail([unreadableJson(body)]);
	}

	const top = checkTop(value);
	if (top !== null) return fail([top]);
	const count = readPath(value, ['assessments']);
	if (Array.isArray(count) && count.length > MAX_IMPORT_RECORDS) {
		return fail([
			`This file holds ${count.length.toLocaleString('en-GB')} assessments; Homeward imports up to ${MAX_IMPORT_RECORDS.toLocaleString('en-GB')} at a time. Export fewer assessments at a time and import each file. ${NOTHING}`
		]);
	}
	const header = HeaderSchema.safeParse(value);
	if (!header.success) {
		const issues = header.error.issues
			.slice(0, MAX_LISTED_PROBLEMS)
			.map((issue) => `${NOT_VALID} ${describeIssue(issue, value)}. ${NOTHING}`);
		return fail(issues);
	}
	const { training, assessments } = header.data;
	if (!isTimestamp(header.data.exportedAt)) {
		return fail([
			`${NOT_VALID} the field "exportedAt" is ${quote(header.data.exportedAt)}, which is not a real date and time. ${NOTHING}`
		]);
	}
	if (assessments.length === 0) {
		return fail([`This file holds no assessments, so there is nothing to import. ${NOTHING}`]);
	}
	const rawAssessments = readPath(value, ['assessments']);
	const { seal } = header.data;
	if (seal !== undefined && seal !== sealOf(training, rawAssessments)) {
		const flipped = seal === sealOf(!training, rawAssessments);
		return fail([
			flipped
				? `This file was exported ${training ? 'with real cases' : 'in training mode'}, but its "training" field has since been changed, so it cannot be imported in either mode. Export it again. ${NOTHING}`
				: `This file has been changed since it was exported (its seal no longer matches the assessments in it). Export it again. ${NOTHING}`
		]);
	}
	if (seal === undefined && options.training) {
		return fail([
			`This file has no seal saying which mode it was exported in (it was made before exports were sealed), so it cannot be imported in training mode. Export it again from training mode. ${NOTHING}`
		]);
	}
	if (training && !options.training) {
		return fail([
			`This file holds training mode’s fictional cases, so it cannot be imported among real cases. Import it in training mode instead. ${NOTHING}`
		]);
	}
	if (!training && options.training) {
		return fail([
			`This file holds real cases, so it cannot be imported in training mode, which is for fictional cases only. Leave training mode to import it. ${NOTHING}`
		]);
	}

	const problems: string[] = [];
	const records: AssessmentRecord[] = [];
	for (let index = 0; index < assessments.length; index++) {
		// One more than is listed, so the list can say there were more without counting them all.
		if (problems.length > MAX_LISTED_PROBLEMS) break;
		const record = checkRecord(assessments[index], index, options.knownRules, problems);
		if (record !== null) records.push(record);
	}
	if (problems.length === 0) problems.push(...duplicateIds(assessments));
	if (problems.length > 0) return fail(problems);
	return { ok: true, file: { ...header.data, assessments: records } };
}

// The checks that decide whether this is an export at all, before any field is read.
function checkTop(value: unknown): string | null {
	if (!isObject(value)) {
		const held = value === null ? 'only the value null' : describeValue(value);
		return `${NOT_EXPORT} it holds ${held} rather than an export. ${NOTHING}`;
	}
	const format = readPath(value, ['format']);
	if (format === ENCRYPTED_FORMAT) {
		return `This file is protected with a passphrase. Enter its passphrase to import it. ${NOTHING}`;
	}
	if (format === undefined) return `${NOT_EXPORT} the field "format" is missing. ${NOTHING}`;
	if (format !== EXPORT_FORMAT) {
		return `${NOT_EXPORT} its "format" is ${quote(format)} rather than "${EXPORT_FORMAT}". ${NOTHING}`;
	}
	const version = readPath(value, ['formatVersion']);
	if (version === undefined) return `${NOT_VALID} the field "formatVersion" is missing. ${NOTHING}`;
	if (typeof version === 'number' && Number.isInteger(version) && version > EXPORT_FORMAT_VERSION) {
		return `This file was made by a newer version of Homeward (format ${version}); update Homeward to import it. ${NOTHING}`;
	}
	if (version !== EXPORT_FORMAT_VERSION) {
		return `${NOT_VALID} its "formatVersion" is ${describeValue(version)} rather than the number ${EXPORT_FORMAT_VERSION}. ${NOTHING}`;
	}
	return null;
}

function checkRecord(
	raw: unknown,
	index: number,
	knownRules: KnownRules,
	problems: string[]
): AssessmentRecord | null {
	const name = recordName(raw, index);
	if (!isObject(raw)) {
		problems.push(`${name} is not an assessment: it is ${describeValue(raw)}.`);
		return null;
	}
	const schemaVersion = raw.schemaVersion;
	if (
		typeof schemaVersion === 'number' &&
		Number.isInteger(schemaVersion) &&
		schemaVersion > RECORD_SCHEMA_VERSION
	) {
		problems.push(
			`${name} was saved by a newer version of Homeward (record version ${schemaVersion}); update Homeward to import it.`
		);
		return null;
	}
	const parsed = AssessmentRecordSchema.safeParse(raw);
	if (!parsed.success) {
		for (const issue of parsed.error.issues.slice(0, MAX_LISTED_PROBLEMS + 1)) {
			problems.push(`${name} is not valid: ${describeIssue(issue, raw)}.`);
		}
		return null;
	}
	const record = parsed.data;
	// The schema allows it, but a "signed" record with no sign-off would show as signed with no
	// one's name on it: in a file, that can only be damage or a hand edit.
	if (record.status === 'signed' && record.signOff === null) {
		problems.push(`${name} is marked as signed but has no sign-off (who signed it, and when).`);
		return null;
	}
	const broken = trailProblem(record, name);
	if (broken !== null) {
		problems.push(broken);
		return null;
	}
	const { id, version, hash } = record.rules;
	const known = knownRules(id, version);
	if (known === undefined) {
		problems.push(
			`${name} was made with rules ${shorten(id)} ${shorten(version)}, which this version of Homeward does not have. Update Homeward, then import the file again.`
		);
		return null;
	}
	if (known.hash !== hash) {
		problems.push(
			`${name} was made with rules ${shorten(id)} ${shorten(version)}, but not the same rules as this Homeward has under that version (their fingerprints differ), so its results could not be trusted.`
		);
		return null;
	}
	// Answers, bands, services, dates and ids against the rules the record pins.
	const against = recordRuleProblems(record, known, MAX_LISTED_PROBLEMS + 1, raw);
	if (against.length > 0) {
		for (const problem of against) problems.push(`${name} is not valid: ${problem}.`);
		return null;
	}
	return record;
}

function duplicateIds(assessments: readonly unknown[]): string[] {
	const positions = new Map<string, number[]>();
	assessments.forEach((raw, index) => {
		const id = readPath(raw, ['id']);
		if (typeof id !== 'string' || id === '') return;
		positions.set(id, [...(positions.get(id) ?? []), index + 1]);
	});
	const problems: string[] = [];
	for (const [id, at] of positions) {
		if (at.length < 2) continue;
		const list = `${at.slice(0, -1).join(', ')} and ${at.at(-1)}`;
		problems.push(
			`Assessments ${list} have the same id (${quote(id)}), so Homeward cannot tell them apart. Export them again from the device they came from.`
		);
	}
	return problems;
}

/** "Assessment 3 (case FICT-12)": position from 1, and the case reference when it can be read. */
function recordName(raw: unknown, index: number): string {
	const ref = readPath(raw, ['caseDetails', 'caseRef']);
	const named =
		typeof ref === 'string' && ref.trim() !== '' ? ` (case ${shorten(ref.trim())})` : '';
	return `Assessment ${index + 1}${named}`;
}

function fail(problems: string[]): ParseResult {
	const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
	// Checking stops after the listed ones, so the rest are not counted.
	if (problems.length > listed.length)
		listed.push('There are more problems; Homeward stopped checking after these.');
	return { ok: false, problems: listed };
}

function unreadableJson(text: string): string {
	const start = text.trimStart()[0];
	if (start !== '{' && start !== '[') {
		return `${NOT_EXPORT} it is not in the JSON format that Homeward exports use. ${NOTHING}`;
	}
	if (endsEarly(text)) {
		return `This file is incomplete: it stops part-way through (it may have been cut off while it was being copied or downloaded). Export it again. ${NOTHING}`;
	}
	return `This file is damaged: it is not valid JSON, the format Homeward exports use, so it may have been changed since it was exported. Export it again. ${NOTHING}`;
}

// Engines word JSON.parse errors differently, so truncation is recognised from the text itself:
// it ends inside a string or with brackets still open.
function endsEarly(text: string): boolean {
	let depth = 0;
	let inString = false;
	let escaped = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (escaped) escaped = false;
			else if (c === '\\') escaped = true;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth < 0) return false;
		}
	}
	return inString || depth > 0;
}

// Bytes as the file on disk has them (UTF-8), without building a copy of a file that may be huge.
function utf8Length(text: string): number {
	if (text.length > MAX_IMPORT_BYTES) return text.length;
	if (text.length * 3 <= MAX_IMPORT_BYTES) return text.length;
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x80) bytes += 1;
		else if (code < 0x800) bytes += 2;
		else if (code >= 0xd800 && code <= 0xdbff) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}
