/** Finding and reading rules files on disk (Node only: the CLI and build tooling). */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_RULES_BYTES, parseRulesYaml } from '../lib/domain/rules-yaml.ts';
import type { Rules } from '../lib/domain/rules.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RULES_DIR = join(PROJECT_ROOT, 'rules');
export const DEFAULT_ASSESSMENT = 'reunification-readiness';

/** A problem the user can fix: printed as one sentence, never as a stack trace. */
export class CliError extends Error {
	constructor(
		message: string,
		readonly details: string[] = [],
		readonly exitCode = 1
	) {
		super(message);
	}
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
	const rel = relative(process.cwd(), resolve(path));
	return rel && !rel.startsWith('..') ? rel : resolve(path);
}

const semver = (name: string) =>
	name
		.replace(/\.ya?ml$/, '')
		.split('.')
		.map(Number);
function compareVersions(a: string, b: string): number {
	const [x, y] = [semver(a), semver(b)];
	for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
	return 0;
}

/** Every rules file under rules/: rules/<assessment>/<version>.yaml, sorted. */
export function listRulesFiles(dir = RULES_DIR): string[] {
	return readdirSync(dir)
		.filter((d) => statSync(join(dir, d)).isDirectory())
		.flatMap((d) =>
			readdirSync(join(dir, d))
				.filter((f) => /^\d+\.\d+\.\d+\.ya?ml$/.test(f))
				.sort(compareVersions)
				.map((f) => join(dir, d, f))
		);
}

/** The newest version of the default assessment. */
export function defaultRulesFile(): string {
	const files = listRulesFiles().filter((f) =>
		relative(RULES_DIR, f).startsWith(`${DEFAULT_ASSESSMENT}/`)
	);
	const newest = files[files.length - 1];
	if (!newest)
		throw new CliError(
			`No rules file was found under ${relative(process.cwd(), RULES_DIR) || 'rules'}/${DEFAULT_ASSESSMENT}/.`
		);
	return newest;
}

const sizeText = (bytes: number) =>
	bytes >= 1024 * 1024
		? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
		: `${Math.ceil(bytes / 1024)} KB`;

/**
 * A file's text, read only if it is a regular file no larger than `limit` bytes (checked before
 * reading, so /dev/zero or a 100 MB file is refused at once). `-` reads standard input, up to the
 * limit. `what` names the file in sentences ("The rules file").
 */
export function readBoundedFile(path: string, what: string, limit: number): string {
	const shown = path === '-' ? 'standard input' : `"${displayPath(path)}"`;
	const tooLarge = (size: string) =>
		new CliError(
			`${what} ${shown} is too large (${size}; the limit is ${sizeText(limit)}), so it was not read.`
		);
	try {
		if (path === '-') return readLimited(0, limit, () => tooLarge(`more than ${sizeText(limit)}`));
		const stat = statSync(path);
		if (!stat.isFile()) {
			throw new CliError(
				`${what} ${shown} is not a regular file (it is ${stat.isDirectory() ? 'a folder' : 'a device or other special file'}), so it was not read.`
			);
		}
		if (stat.size > limit) throw tooLarge(sizeText(stat.size));
		const fd = openSync(path, 'r');
		try {
			// The file may have grown since it was measured: read no more than the limit allows.
			return readLimited(fd, limit, () => tooLarge(`more than ${sizeText(limit)}`));
		} finally {
			closeSync(fd);
		}
	} catch (e) {
		if (e instanceof CliError) throw e;
		const code = (e as NodeJS.ErrnoException).code;
		throw new CliError(
			code === 'ENOENT'
				? `${what} ${shown} does not exist.`
				: `${what} ${shown} could not be read (${code ?? 'unknown error'}).`
		);
	}
}

function readLimited(fd: number, limit: number, tooLarge: () => CliError): string {
	const chunks: Buffer[] = [];
	let total = 0;
	const buffer = Buffer.alloc(64 * 1024);
	for (;;) {
		let n: number;
		try {
			n = readSync(fd, buffer, 0, buffer.length, null);
		} catch (e) {
			// Standard input with nothing to read yet (a terminal, a slow pipe): wait and read again.
			if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
			if ((e as NodeJS.ErrnoException).code === 'EOF') break;
			throw e;
		}
		if (n === 0) break;
		total += n;
		if (total > limit) throw tooLarge();
		chunks.push(Buffer.from(buffer.subarray(0, n)));
	}
	return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

/** Read and validate one rules file, or throw a CliError listing every problem with its line. */
export function loadRulesFile(path: string): Rules {
	const shown = displayPath(path);
	const text = readBoundedFile(path, 'The rules file', MAX_RULES_BYTES);
	const result = parseRulesYaml(text, shown);
	if (!result.ok) {
		const n = result.errors.length;
		throw new CliError(
			`The rules file "${shown}" is not valid: ${n} problem${n === 1 ? '' : 's'} found.`,
			result.errors
		);
	}
	return result.rules;
}
