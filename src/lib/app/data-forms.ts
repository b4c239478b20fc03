/**
 * The forms of the export, import and data pages: each boundary validated with zod, answering with
 * GOV.UK-style messages (what to do) for the error summary. Plain TypeScript, tested in Node.
 */
import { z } from 'zod';
import type { FieldError } from '../flow/validation.ts';
import { EXISTING_CHOICES, type ExistingChoice } from '../storage/transfer/index.ts';

/** Shortest passphrase accepted for a protected export. */
export const MIN_PASSPHRASE_LENGTH = 10;

export type ExportForm = { protect: false } | { protect: true; passphrase: string };

const ExportInputSchema = z.object({
	protect: z.enum(['yes', 'no']).optional(),
	passphrase: z.string(),
	confirm: z.string()
});

/** The export form: whether to protect the file, and the passphrase typed twice. */
export function validateExportForm(
	input: unknown
): { ok: true; value: ExportForm } | { ok: false; errors: FieldError[] } {
	const parsed = ExportInputSchema.safeParse(input);
	if (!parsed.success || parsed.data.protect === undefined) {
		return {
			ok: false,
			errors: [
				{ field: 'protect', message: 'Select whether to protect the file with a passphrase' }
			]
		};
	}
	const { protect, passphrase, confirm } = parsed.data;
	if (protect === 'no') return { ok: true, value: { protect: false } };
	const errors: FieldError[] = [];
	if (passphrase === '') errors.push({ field: 'passphrase', message: 'Enter a passphrase' });
	else if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
		errors.push({
			field: 'passphrase',
			message: `Passphrase must be ${MIN_PASSPHRASE_LENGTH} characters or more`
		});
	} else if (passphrase.trim() === '') {
		errors.push({
			field: 'passphrase',
			message: 'Passphrase must contain letters, numbers or symbols, not only spaces'
		});
	}
	if (errors.length === 0 && confirm !== passphrase) {
		errors.push({ field: 'confirm', message: 'Enter the same passphrase again' });
	}
	return errors.length > 0
		? { ok: false, errors }
		: { ok: true, value: { protect: true, passphrase } };
}

/** The file chosen to import: something must be chosen. */
export function validateChosenFile(file: File | null | undefined): FieldError[] {
	return file ? [] : [{ field: 'import-file', message: 'Select a Homeward export file' }];
}

/** The passphrase of a protected file: something must be entered (whether it is right is decryption's to say). */
export function validateImportPassphrase(passphrase: string): FieldError[] {
	return passphrase === ''
		? [{ field: 'passphrase', message: 'Enter the passphrase the file was protected with' }]
		: [];
}

/** One assessment in the file whose id is already stored, as the import page asks about it. */
export interface Clash {
	id: string;
	/** The field id of its radios. */
	field: string;
	/** "the assessment for case FICT-1" */
	name: string;
}

const ChoiceSchema = z.enum(EXISTING_CHOICES as [ExistingChoice, ...ExistingChoice[]]);

/** The import's questions: a choice for every clash, in page order. */
export function validateClashChoices(
	clashes: readonly Clash[],
	choices: Readonly<Record<string, string | undefined>>
): { ok: true; value: Map<string, ExistingChoice> } | { ok: false; errors: FieldError[] } {
	const errors: FieldError[] = [];
	const value = new Map<string, ExistingChoice>();
	for (const clash of clashes) {
		const parsed = ChoiceSchema.safeParse(choices[clash.id]);
		if (parsed.success) value.set(clash.id, parsed.data);
		else errors.push({ field: clash.field, message: `Select what to do with ${clash.name}` });
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** A size in bytes in words: "about 1.2 MB", "less than 1 KB". */
export function bytesInWords(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes < 0) return 'an unknown amount';
	if (bytes < 1024) return 'less than 1 KB';
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit += 1;
	}
	const shown =
		value < 10 ? value.toFixed(1).replace(/\.0$/, '') : Math.round(value).toLocaleString('en-GB');
	return `about ${shown} ${units[unit]}`;
}

/** Counts by status in words: "3 assessments: 1 draft, 1 completed and 1 signed off". */
export function countsInWords(counts: {
	total: number;
	draft: number;
	completed: number;
	'awaiting-approval'?: number;
	signed: number;
	corrupt: number;
}): string {
	if (counts.total === 0) return 'no assessments';
	const parts = [
		counts.draft > 0 ? `${counts.draft} ${counts.draft === 1 ? 'draft' : 'drafts'}` : '',
		counts.completed > 0 ? `${counts.completed} completed` : '',
		(counts['awaiting-approval'] ?? 0) > 0
			? `${counts['awaiting-approval'] ?? 0} awaiting approval`
			: '',
		counts.signed > 0 ? `${counts.signed} signed off` : '',
		counts.corrupt > 0 ? `${counts.corrupt} damaged (cannot be opened)` : ''
	].filter((p) => p !== '');
	const list =
		parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
	return `${plural(counts.total, 'assessment')}: ${list}`;
}

export function plural(n: number, word: string): string {
	return `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;
}

/** The export file's name: the date, and how many, never a case reference (file names are seen by others). */
export function exportFileName(options: {
	today: string;
	count: number;
	training: boolean;
	protect: boolean;
}): string {
	const kind = options.training ? 'homeward-training' : 'homeward';
	const what = options.count === 1 ? '1-assessment' : `${options.count}-assessments`;
	return `${kind}-${what}-${options.today}${options.protect ? '-protected' : ''}.json`;
}
