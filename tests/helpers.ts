import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRules, type Rules } from '../src/lib/domain/rules.ts';
import { parseRulesYaml } from '../src/lib/domain/rules-yaml.ts';
import { miniRules } from './fixtures/mini-rules.ts';
import { sealOf } from '../src/lib/storage/transfer/format.ts';

export const ROOT = join(import.meta.dirname, '..');
export const REAL_RULES_FILE = 'rules/reunification-readiness/1.0.0.yaml';
/** The version new assessments use (the newest active one), and the CLI's default. */
export const CURRENT_RULES_FILE = 'rules/reunification-readiness/1.2.0.yaml';

export function loadRealRules(file = REAL_RULES_FILE): Rules {
	const result = parseRulesYaml(readFileSync(join(ROOT, file), 'utf8'), file);
	if (!result.ok) throw new Error(result.errors.join('\n'));
	return result.rules;
}

export function loadMini(mutate?: (data: Record<string, any>) => void): Rules {
	const data = miniRules();
	mutate?.(data);
	const result = parseRules(data);
	if (!result.ok)
		throw new Error(result.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
	return result.rules;
}

export const TODAY = '2026-11-23';

/**
 * An id in the form Homeward makes (a UUID), predictable for tests: `prefix` tells stores apart
 * (a source and a target database), `n` counts within one.
 */
export function testId(prefix: string, n: number): string {
	let h = 0;
	for (const c of prefix) h = (h * 31 + c.charCodeAt(0)) >>> 0;
	return `${h.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/**
 * An export file's text with its seal worked out again for what it now holds, as if exported so:
 * a test that edits a file by hand reseals it, so the edit is checked rather than the seal.
 */
export function resealed(text: string): string {
	const file = JSON.parse(text) as { training?: unknown; assessments?: unknown; seal?: unknown };
	if (typeof file !== 'object' || file === null || Array.isArray(file)) return text;
	file.seal = sealOf(file.training === true, file.assessments);
	return JSON.stringify(file);
}
