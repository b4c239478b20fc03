/**
 * `npm run rules:check [FILE…]`: validate rules files (all of rules/ by default) and check that the
 * JSON Schema beside them is up to date. Prints each problem as FILE:LINE:COL: PATH: message.
 */
import { CliError, displayPath, listRulesFiles, loadRulesFile } from './rules-files.ts';
import { schemaIsCurrent } from './rules-schema.ts';

const files = process.argv.slice(2);
const targets = files.length > 0 ? files : listRulesFiles();
let failed = 0;
for (const file of targets) {
	try {
		const rules = loadRulesFile(file);
		const { data } = rules;
		const factors = data.domains.reduce((n, d) => n + d.factors.length, 0);
		process.stdout.write(
			`ok  ${displayPath(file)}: ${data.id} ${data.version} (${data.status}), ${data.domains.length} domains, ${factors} factors, ${data.hardStops.length} hard stops, ${data.support.length} services; hash ${rules.hash.slice(0, 12)}\n`
		);
	} catch (e) {
		failed++;
		if (!(e instanceof CliError)) {
			// A fault in Homeward, not in the file: one sentence and exit 70, never a stack trace.
			process.stderr.write(
				`Internal error while checking ${displayPath(file)}: ${(e as Error)?.message ?? String(e)}. Please report this.\n`
			);
			process.exitCode = 70;
			continue;
		}
		process.stdout.write(`FAIL ${e.message}\n${e.details.map((d) => `  ${d}`).join('\n')}\n`);
	}
}
if (files.length === 0 && !schemaIsCurrent()) {
	failed++;
	process.stdout.write(
		'FAIL rules/rules.schema.json is out of date: run "npm run rules:schema".\n'
	);
}
if (process.exitCode !== 70) process.exitCode = failed > 0 ? 1 : 0;
