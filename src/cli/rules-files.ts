/** Finding and reading rules files on disk (Node only: the CLI and build tooling). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRulesYaml } from '../lib/domain/rules-yaml.ts';
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

/** Read and validate one rules file, or throw a CliError listing every problem with its line. */
export function loadRulesFile(path: string): Rules {
	const shown = displayPath(path);
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		throw new CliError(
			code === 'ENOENT'
				? `The rules file "${shown}" does not exist.`
				: `The rules file "${shown}" could not be read (${code ?? 'unknown error'}).`
		);
	}
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
