// The export, import and data pages' forms. All case details are fictional.
import { describe, expect, it } from 'vitest';
import {
	bytesInWords,
	countsInWords,
	exportFileName,
	validateChosenFile,
	validateClashChoices,
	validateExportForm,
	validateImportPassphrase
} from '../../src/lib/app/data-forms.ts';

describe('the export form', () => {
	const cases: [string, unknown, string | null][] = [
		[
			'nothing chosen',
			{ passphrase: '', confirm: '' },
			'Select whether to protect the file with a passphrase'
		],
		['not protected', { protect: 'no', passphrase: '', confirm: '' }, null],
		[
			'protected with no passphrase',
			{ protect: 'yes', passphrase: '', confirm: '' },
			'Enter a passphrase'
		],
		[
			'protected with a short passphrase',
			{ protect: 'yes', passphrase: 'short', confirm: 'short' },
			'Passphrase must be 10 characters or more'
		],
		[
			'protected with only spaces',
			{ protect: 'yes', passphrase: '            ', confirm: '            ' },
			'Passphrase must contain letters, numbers or symbols, not only spaces'
		],
		[
			'passphrases that differ',
			{ protect: 'yes', passphrase: 'fictional horse', confirm: 'fictional house' },
			'Enter the same passphrase again'
		],
		[
			'protected and confirmed',
			{ protect: 'yes', passphrase: 'fictional horse', confirm: 'fictional horse' },
			null
		],
		[
			'an unknown choice',
			{ protect: 'maybe', passphrase: '', confirm: '' },
			'Select whether to protect the file with a passphrase'
		],
		['not a form at all', 'nonsense', 'Select whether to protect the file with a passphrase']
	];
	it.each(cases)('%s', (_, input, message) => {
		const result = validateExportForm(input);
		if (message === null) expect(result.ok).toBe(true);
		else expect(result).toMatchObject({ ok: false, errors: [{ message }] });
	});

	it('keeps the passphrase exactly as typed', () => {
		expect(
			validateExportForm({ protect: 'yes', passphrase: ' pass phrase ', confirm: ' pass phrase ' })
		).toEqual({
			ok: true,
			value: { protect: true, passphrase: ' pass phrase ' }
		});
	});
});

describe('the import form', () => {
	it('asks for a file when none is chosen', () => {
		expect(validateChosenFile(null)).toEqual([
			{ field: 'import-file', message: 'Select a Homeward export file' }
		]);
		expect(validateChosenFile(new File(['{}'], 'x.json'))).toEqual([]);
	});

	it('asks for the passphrase of a protected file', () => {
		expect(validateImportPassphrase('')).toHaveLength(1);
		expect(validateImportPassphrase('anything')).toEqual([]);
	});

	const clashes = [
		{ id: 'a', field: 'clash-0', name: 'the assessment for case FICT-1' },
		{ id: 'b', field: 'clash-1', name: 'the assessment for case FICT-2' }
	];
	it('needs a choice for every assessment already stored, in page order', () => {
		expect(validateClashChoices(clashes, { b: 'nonsense' })).toEqual({
			ok: false,
			errors: [
				{ field: 'clash-0', message: 'Select what to do with the assessment for case FICT-1' },
				{ field: 'clash-1', message: 'Select what to do with the assessment for case FICT-2' }
			]
		});
		const ok = validateClashChoices(clashes, { a: 'skip', b: 'keep-both' });
		expect(ok.ok && [...ok.value]).toEqual([
			['a', 'skip'],
			['b', 'keep-both']
		]);
	});
});

describe('words on the data page', () => {
	it.each([
		[0, 'less than 1 KB'],
		[2048, 'about 2 KB'],
		[1536, 'about 1.5 KB'],
		[5 * 1024 * 1024, 'about 5 MB'],
		[123 * 1024 * 1024, 'about 123 MB'],
		[3.25 * 1024 ** 3, 'about 3.3 GB'],
		[Number.NaN, 'an unknown amount']
	])('%d bytes is %s', (bytes, words) => {
		expect(bytesInWords(bytes)).toBe(words);
	});

	it('counts assessments by status', () => {
		expect(countsInWords({ total: 0, draft: 0, completed: 0, signed: 0, corrupt: 0 })).toBe(
			'no assessments'
		);
		expect(countsInWords({ total: 1, draft: 1, completed: 0, signed: 0, corrupt: 0 })).toBe(
			'1 assessment: 1 draft'
		);
		expect(countsInWords({ total: 6, draft: 2, completed: 1, signed: 2, corrupt: 1 })).toBe(
			'6 assessments: 2 drafts, 1 completed, 2 signed off and 1 damaged (cannot be opened)'
		);
	});

	it('names export files by date and count, never by case', () => {
		expect(exportFileName({ today: '2026-11-25', count: 1, training: false, protect: false })).toBe(
			'homeward-1-assessment-2026-11-25.json'
		);
		expect(exportFileName({ today: '2026-11-25', count: 7, training: true, protect: true })).toBe(
			'homeward-training-7-assessments-2026-11-25-protected.json'
		);
	});
});
