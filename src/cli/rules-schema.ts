/**
 * `npm run rules:schema`: write rules/rules.schema.json, the JSON Schema of a rules file generated
 * from the zod schema, so editors can complete and check YAML as practice leads type.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { RulesSchema } from '../lib/domain/rules-schema.ts';
import { RULES_DIR } from './rules-files.ts';

export const SCHEMA_FILE = join(RULES_DIR, 'rules.schema.json');

export function generateSchema(): string {
	const schema = z.toJSONSchema(RulesSchema, { io: 'input', target: 'draft-2020-12' });
	return `${JSON.stringify({ ...schema, title: 'Homeward rules file' }, null, '\t')}\n`;
}

export function schemaIsCurrent(): boolean {
	try {
		return readFileSync(SCHEMA_FILE, 'utf8') === generateSchema();
	} catch {
		return false;
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	writeFileSync(SCHEMA_FILE, generateSchema());
	process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
