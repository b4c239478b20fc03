/**
 * Passphrase-protected exports: the export's text encrypted with AES-GCM-256 under a key derived
 * from the passphrase with PBKDF2-SHA-256, the salt and IV stored beside the ciphertext. Uses only
 * WebCrypto (`crypto.subtle`), so nothing leaves the device and no library is trusted with keys.
 *
 * AES-GCM authenticates as it decrypts: a wrong passphrase and a changed byte anywhere in the
 * salt, IV, iteration count or data fail the same way, before any plaintext is seen.
 */
import { z } from 'zod';
import { describeIssue, isObject, quote, readPath } from './describe.ts';
import { ENCRYPTED_FORMAT, MAX_IMPORT_BYTES } from './format.ts';

export const ENCRYPTED_FORMAT_VERSION = 1;
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256; a file asking for fewer is refused. */
export const MIN_ITERATIONS = 600_000;
/**
 * A file asking for more is refused too: the count comes from the file, and a huge one would
 * freeze the browser for minutes before the passphrase could even be checked.
 */
export const MAX_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Base64 makes the data a third larger than the export inside it.
const MAX_ENCRYPTED_CHARS = Math.ceil((MAX_IMPORT_BYTES + TAG_BYTES) / 3) * 4 + 4096;

// A plain character class and a length check: a grouped pattern would backtrack over every
// four characters of a 60 MB string.
const base64 = z
	.string()
	.regex(/^[A-Za-z0-9+/]*={0,2}$/)
	.refine((s) => s.length % 4 === 0);

const EncryptedFileSchema = z.object({
	format: z.literal(ENCRYPTED_FORMAT),
	formatVersion: z.literal(ENCRYPTED_FORMAT_VERSION),
	kdf: z.object({
		name: z.literal('PBKDF2'),
		hash: z.literal('SHA-256'),
		iterations: z.number().int(),
		salt: base64
	}),
	cipher: z.object({ name: z.literal('AES-GCM'), iv: base64 }),
	data: base64
});
export type EncryptedFile = z.infer<typeof EncryptedFileSchema>;

export interface EncryptOptions {
	/** PBKDF2 rounds. Below MIN_ITERATIONS only in tests of the mechanics: such files never open. */
	iterations?: number;
}

export type DecryptResult = { ok: true; plaintext: string } | { ok: false; problem: string };

const NOTHING = 'Nothing was imported.';
const NOT_BACKUP = 'This file is not a passphrase-protected Homeward export:';
const DAMAGED = 'This protected export is damaged:';
const WRONG_OR_CHANGED = `The passphrase is wrong, or the file has been changed since it was exported. ${NOTHING}`;
const NO_WEBCRYPTO =
	'This browser cannot use passphrase protection here: it needs Homeward to be opened over a secure (https) connection. Open Homeward from its usual address and try again.';

/** Encrypts an export's text with a passphrase; resolves to the protected file's text. */
export async function encryptExport(
	plaintext: string,
	passphrase: string,
	{ iterations = MIN_ITERATIONS }: EncryptOptions = {}
): Promise<string> {
	if (passphrase === '') throw new Error('Choose a passphrase to protect the export with.');
	if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
		throw new Error(`The iteration count must be a whole number from 1 to ${MAX_ITERATIONS}.`);
	}
	const subtle = webCrypto();
	if (subtle === null) throw new Error(NO_WEBCRYPTO);
	const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
	const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
	const key = await deriveKey(subtle, passphrase, salt, iterations, 'encrypt');
	const data = await subtle.encrypt({ name: 'AES-GCM', iv }, key, utf8(plaintext));
	const file: EncryptedFile = {
		format: ENCRYPTED_FORMAT,
		formatVersion: ENCRYPTED_FORMAT_VERSION,
		kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) },
		cipher: { name: 'AES-GCM', iv: toBase64(iv) },
		data: toBase64(new Uint8Array(data))
	};
	return JSON.stringify(file);
}

/** Decrypts a protected export with its passphrase; never throws, and a problem is a sentence. */
export async function decryptExport(text: string, passphrase: string): Promise<DecryptResult> {
	try {
		return await decrypt(text, passphrase);
	} catch {
		return {
			ok: false,
			problem: `Homeward could not open this file because of a fault in the app. ${NOTHING} Reload the page and try again; if it happens again, contact your IT support.`
		};
	}
}

/** Whether this text is a passphrase-protected export (so the UI asks for the passphrase). */
export function isEncryptedExport(text: string): boolean {
	if (typeof text !== 'string' || text.length > MAX_ENCRYPTED_CHARS) return false;
	const body = stripBom(text).trimStart();
	if (!body.startsWith('{')) return false;
	try {
		return readPath(JSON.parse(body), ['format']) === ENCRYPTED_FORMAT;
	} catch {
		return false;
	}
}

async function decrypt(text: unknown, passphrase: unknown): Promise<DecryptResult> {
	if (typeof text !== 'string' || stripBom(text).trim() === '') {
		return fail(`This file is empty. ${NOTHING}`);
	}
	if (text.length > MAX_ENCRYPTED_CHARS) {
		return fail(
			`This file is too large to import (Homeward imports files of up to 50 MB). Export fewer assessments at a time and import each file. ${NOTHING}`
		);
	}
	if (typeof passphrase !== 'string' || passphrase === '') {
		return fail(`Enter the passphrase the export was protected with. ${NOTHING}`);
	}
	let value: unknown;
	try {
		value = JSON.parse(stripBom(text));
	} catch {
		return fail(`${NOT_BACKUP} it is not in the JSON format that Homeward exports use. ${NOTHING}`);
	}
	const header = checkHeader(value);
	if (header !== null) return fail(header);
	const parsed = EncryptedFileSchema.safeParse(value);
	if (!parsed.success) {
		const first = parsed.error.issues[0];
		const what =
			first === undefined ? 'it is not in the expected form' : describeIssue(first, value);
		return fail(`${DAMAGED} ${what}. ${NOTHING}`);
	}
	const { kdf, cipher, data } = parsed.data;
	if (kdf.iterations < MIN_ITERATIONS) {
		return fail(
			`This protected export uses weaker protection than Homeward does (${kdf.iterations.toLocaleString('en-GB')} rounds of key strengthening, where Homeward uses at least 600,000), so it was not made by Homeward or has been changed. It was not opened. ${NOTHING}`
		);
	}
	if (kdf.iterations > MAX_ITERATIONS) {
		return fail(
			`This protected export asks for far more key strengthening than Homeward uses (${kdf.iterations.toLocaleString('en-GB')} rounds), which would stop this browser responding, so it was not made by Homeward or has been changed. It was not opened. ${NOTHING}`
		);
	}
	const salt = fromBase64(kdf.salt);
	const iv = fromBase64(cipher.iv);
	const bytes = fromBase64(data);
	if (salt.length !== SALT_BYTES)
		return fail(`${DAMAGED} its salt is the wrong length. ${NOTHING}`);
	if (iv.length !== IV_BYTES) return fail(`${DAMAGED} its IV is the wrong length. ${NOTHING}`);
	if (bytes.length < TAG_BYTES) return fail(`${DAMAGED} its data is too short. ${NOTHING}`);

	const subtle = webCrypto();
	if (subtle === null) return fail(NO_WEBCRYPTO);
	const key = await deriveKey(subtle, passphrase, salt, kdf.iterations, 'decrypt');
	let plain: ArrayBuffer;
	try {
		plain = await subtle.decrypt({ name: 'AES-GCM', iv }, key, bytes);
	} catch {
		// AES-GCM cannot tell a wrong key from changed bytes, and must not: both are this.
		return fail(WRONG_OR_CHANGED);
	}
	try {
		return { ok: true, plaintext: new TextDecoder('utf-8', { fatal: true }).decode(plain) };
	} catch {
		return fail(
			`This protected export opened, but what it holds is not text Homeward can read, so it was not made by Homeward. ${NOTHING}`
		);
	}
}

// The checks that decide whether this is a protected export at all, before its fields are read.
function checkHeader(value: unknown): string | null {
	if (!isObject(value)) return `${NOT_BACKUP} it does not hold an export. ${NOTHING}`;
	const format = value.format;
	if (format === undefined) return `${NOT_BACKUP} the field "format" is missing. ${NOTHING}`;
	if (format !== ENCRYPTED_FORMAT) {
		return `${NOT_BACKUP} its "format" is ${quote(format)} rather than "${ENCRYPTED_FORMAT}". ${NOTHING}`;
	}
	const version = value.formatVersion;
	if (
		typeof version === 'number' &&
		Number.isInteger(version) &&
		version > ENCRYPTED_FORMAT_VERSION
	) {
		return `This protected export was made by a newer version of Homeward (format ${version}); update Homeward to import it. ${NOTHING}`;
	}
	const kdf = readPath(value, ['kdf', 'name']);
	const hash = readPath(value, ['kdf', 'hash']);
	const cipher = readPath(value, ['cipher', 'name']);
	if (
		(typeof kdf === 'string' && kdf !== 'PBKDF2') ||
		(typeof hash === 'string' && hash !== 'SHA-256') ||
		(typeof cipher === 'string' && cipher !== 'AES-GCM')
	) {
		return `This protected export uses a kind of protection Homeward does not use (${[kdf, hash, cipher].map(quote).join(', ')}), so it was not made by Homeward or has been changed. It was not opened. ${NOTHING}`;
	}
	return null;
}

async function deriveKey(
	subtle: SubtleCrypto,
	passphrase: string,
	salt: Uint8Array<ArrayBuffer>,
	iterations: number,
	use: 'encrypt' | 'decrypt'
): Promise<CryptoKey> {
	// NFC, so a passphrase with accents typed on another keyboard or system still matches.
	const secret = utf8(passphrase.normalize('NFC'));
	const base = await subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveKey']);
	return subtle.deriveKey(
		{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		[use]
	);
}

// `crypto.subtle` is missing outside secure contexts (a page served over plain http).
function webCrypto(): SubtleCrypto | null {
	return (globalThis.crypto as Crypto | undefined)?.subtle ?? null;
}

function utf8(text: string): Uint8Array<ArrayBuffer> {
	return new TextEncoder().encode(text);
}

function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function fail(problem: string): DecryptResult {
	return { ok: false, problem };
}

// In chunks: String.fromCharCode with one argument per byte overflows the stack on a large export.
function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}
