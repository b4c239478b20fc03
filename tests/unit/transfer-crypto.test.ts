import { beforeAll, describe, expect, it } from 'vitest';
import {
	createExport,
	decryptExport,
	encryptExport,
	isEncryptedExport,
	MIN_ITERATIONS,
	parseExport
} from '../../src/lib/storage/transfer/index.ts';
import { currentRules, findRules } from '../../src/lib/rules-registry.ts';
import { fictionalRecord } from '../fixtures/records.ts';

const PASSPHRASE = 'correct horse battery staple';
const WRONG_OR_CHANGED =
	'The passphrase is wrong, or the file has been changed since it was exported. Nothing was imported.';

const record = fictionalRecord(currentRules, {
	notes: { [currentRules.order[0] ?? 'x']: 'Notes with “quotes”, é and 日本語' }
});
const plaintext = createExport([record], {
	now: new Date('2026-11-24T10:00:00.000Z'),
	training: false
});

type Json = Record<string, any>;
function edited(text: string, change: (file: Json) => void): string {
	const file = JSON.parse(text) as Json;
	change(file);
	return JSON.stringify(file);
}

/** The base64 text with one bit changed in byte `at` (counting from the end if negative). */
function flipByte(base64: string, at = 0): string {
	const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
	const i = at < 0 ? bytes.length + at : at;
	bytes[i] = (bytes[i] ?? 0) ^ 0x01;
	return btoa(String.fromCharCode(...bytes));
}

// One file at the real strength, made once: each decryption of it takes a few hundred ms.
let protectedText = '';
beforeAll(async () => {
	protectedText = await encryptExport(plaintext, PASSPHRASE);
});

describe('a passphrase-protected export', () => {
	it('opens with its passphrase to exactly the export, which then imports (600,000 rounds)', async () => {
		const opened = await decryptExport(protectedText, PASSPHRASE);
		expect(opened).toEqual({ ok: true, plaintext });
		if (!opened.ok) return;
		const parsed = parseExport(opened.plaintext, { knownRules: findRules, training: false });
		expect(parsed.ok && parsed.file.assessments).toEqual([record]);
	});

	it('stores the key-derivation and cipher settings, with a fresh salt and IV each time', async () => {
		const file = JSON.parse(protectedText) as Json;
		expect(file).toMatchObject({
			format: 'homeward-encrypted',
			formatVersion: 1,
			kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 },
			cipher: { name: 'AES-GCM' }
		});
		expect(atob(file.kdf.salt)).toHaveLength(16);
		expect(atob(file.cipher.iv)).toHaveLength(12);
		// The ciphertext plus AES-GCM's 16-byte tag; nothing of the plaintext shows.
		expect(atob(file.data).length).toBe(new TextEncoder().encode(plaintext).length + 16);
		expect(protectedText).not.toContain('FICT-1');
		const again = JSON.parse(
			await encryptExport(plaintext, PASSPHRASE, { iterations: 1000 })
		) as Json;
		expect(again.kdf.salt).not.toBe(file.kdf.salt);
		expect(again.cipher.iv).not.toBe(file.cipher.iv);
	});

	it('is recognised as protected, and an ordinary export is not', () => {
		expect(isEncryptedExport(protectedText)).toBe(true);
		expect(isEncryptedExport(`\uFEFF  ${protectedText}`)).toBe(true);
		expect(isEncryptedExport(plaintext)).toBe(false);
		for (const other of ['', 'not json', '[]', 'null', '{"format":1}', '{']) {
			expect(isEncryptedExport(other)).toBe(false);
		}
	});

	it('opens when the passphrase was typed with accents composed differently', async () => {
		const composed = 'café crème';
		const file = await encryptExport(plaintext, composed.normalize('NFC'));
		expect(await decryptExport(file, composed.normalize('NFD'))).toEqual({ ok: true, plaintext });
	});
});

describe('a protected export that will not open imports nothing and says why', () => {
	const refused: [string, () => string, string][] = [
		['a wrong passphrase', () => protectedText, WRONG_OR_CHANGED],
		[
			'a changed byte of data',
			() => edited(protectedText, (f) => (f.data = flipByte(f.data, 5))),
			WRONG_OR_CHANGED
		],
		[
			'a changed authentication tag',
			() => edited(protectedText, (f) => (f.data = flipByte(f.data, -1))),
			WRONG_OR_CHANGED
		],
		[
			'a changed IV',
			() => edited(protectedText, (f) => (f.cipher.iv = flipByte(f.cipher.iv))),
			WRONG_OR_CHANGED
		],
		[
			'a changed salt',
			() => edited(protectedText, (f) => (f.kdf.salt = flipByte(f.kdf.salt))),
			WRONG_OR_CHANGED
		],
		[
			'a changed iteration count',
			() => edited(protectedText, (f) => (f.kdf.iterations = 600_001)),
			WRONG_OR_CHANGED
		]
	];

	it.each(refused)('%s', async (_name, text, says) => {
		const passphrase =
			_name === 'a wrong passphrase' ? 'correct horse battery stapler' : PASSPHRASE;
		expect(await decryptExport(text(), passphrase)).toEqual({ ok: false, problem: says });
	});

	it('refuses a file protected with fewer than 600,000 rounds, without trying the passphrase', async () => {
		const weak = await encryptExport(plaintext, PASSPHRASE, { iterations: MIN_ITERATIONS - 1 });
		const result = await decryptExport(weak, PASSPHRASE);
		expect(result).toEqual({
			ok: false,
			problem: expect.stringContaining(
				'uses weaker protection than Homeward does (599,999 rounds of key strengthening, where Homeward uses at least 600,000)'
			)
		});
	});

	const malformed: [string, () => string, string][] = [
		['an empty file', () => '', 'This file is empty.'],
		['not JSON', () => 'hello', 'it is not in the JSON format'],
		['a JSON list', () => '[]', 'it does not hold an export'],
		[
			'an ordinary export',
			() => plaintext,
			'its "format" is "homeward-export" rather than "homeward-encrypted"'
		],
		[
			'no format',
			() => edited(protectedText, (f) => delete f.format),
			'the field "format" is missing'
		],
		[
			'a newer format version',
			() => edited(protectedText, (f) => (f.formatVersion = 2)),
			'made by a newer version of Homeward (format 2)'
		],
		[
			'another cipher',
			() => edited(protectedText, (f) => (f.cipher.name = 'AES-CBC')),
			'uses a kind of protection Homeward does not use'
		],
		[
			'another hash',
			() => edited(protectedText, (f) => (f.kdf.hash = 'SHA-1')),
			'uses a kind of protection Homeward does not use'
		],
		[
			'an absurd iteration count',
			() => edited(protectedText, (f) => (f.kdf.iterations = 1e12)),
			'far more key strengthening than Homeward uses'
		],
		[
			'an iteration count as text',
			() => edited(protectedText, (f) => (f.kdf.iterations = '600000')),
			'This protected export is damaged: the field "kdf.iterations" should be a number but is text'
		],
		[
			'no salt',
			() => edited(protectedText, (f) => delete f.kdf.salt),
			'the field "kdf.salt" is missing'
		],
		[
			'a salt that is not base64',
			() => edited(protectedText, (f) => (f.kdf.salt = 'not base64!')),
			'This protected export is damaged: the field "kdf.salt"'
		],
		[
			'a short salt',
			() => edited(protectedText, (f) => (f.kdf.salt = btoa('12345678'))),
			'its salt is the wrong length'
		],
		[
			'a short IV',
			() => edited(protectedText, (f) => (f.cipher.iv = btoa('123'))),
			'its IV is the wrong length'
		],
		['no data', () => edited(protectedText, (f) => (f.data = '')), 'its data is too short'],
		[
			'data of the wrong type',
			() => edited(protectedText, (f) => (f.data = [1, 2, 3])),
			'the field "data" should be text but is a list'
		]
	];

	it.each(malformed)('%s', async (_name, text, says) => {
		const result = await decryptExport(text(), PASSPHRASE);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problem).toContain(says);
		expect(result.problem).toMatch(/Nothing was imported\.$/);
	});

	it('asks for the passphrase when none is given', async () => {
		expect(await decryptExport(protectedText, '')).toEqual({
			ok: false,
			problem: 'Enter the passphrase the export was protected with. Nothing was imported.'
		});
	});

	it('refuses to protect an export without a passphrase or with a nonsensical strength', async () => {
		await expect(encryptExport(plaintext, '')).rejects.toThrow('Choose a passphrase');
		await expect(encryptExport(plaintext, 'x', { iterations: 0 })).rejects.toThrow('whole number');
		await expect(encryptExport(plaintext, 'x', { iterations: 1.5 })).rejects.toThrow(
			'whole number'
		);
	});
});
