/**
 * Reading a rules file written in YAML, with every problem reported as
 * `FILE:LINE:COLUMN: PATH: message`, so a practice lead editing the file can find it.
 * Pure: takes the text, reads no files. Used by the CLI and at build time; the browser gets JSON.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { type IssuePath, parseRules, type Rules } from './rules.ts';

export type RulesYamlResult =
	{ ok: true; rules: Rules; data: unknown } | { ok: false; errors: string[] };

/** `domains[2].factors[0].scale` */
export function formatPath(path: IssuePath): string {
	return path.reduce<string>(
		(out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
		''
	);
}

/** Parse and validate rules YAML. `file` names the file in messages. */
export function parseRulesYaml(text: string, file: string): RulesYamlResult {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
	if (doc.errors.length > 0) {
		return {
			ok: false,
			errors: doc.errors.map((e) => {
				const pos = e.linePos?.[0];
				const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
				return `${where}: the file is not valid YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`;
			})
		};
	}
	const data: unknown = doc.toJS();
	const result = parseRules(data);
	if (result.ok) return { ok: true, rules: result.rules, data };
	return {
		ok: false,
		errors: result.issues.map((issue) => {
			const pos = locate(doc.contents, issue.path, lineCounter);
			const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
			const path = formatPath(issue.path);
			return `${where}: ${path ? `${path}: ` : ''}${issue.message}`;
		})
	};
}

/** The line and column of the deepest node on the path that exists in the document. */
function locate(
	root: unknown,
	path: IssuePath,
	lc: LineCounter
): { line: number; col: number } | null {
	let node = root as YamlNode | null;
	let best: YamlNode | null = node;
	for (const key of path) {
		if (isMap(node)) {
			const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
			node = (pair?.value as YamlNode | undefined) ?? null;
			// A missing field is best pointed at by the object that lacks it.
			if (!node && pair?.key) best = pair.key as YamlNode;
		} else if (isSeq(node) && typeof key === 'number') {
			node = (node.items[key] as YamlNode | undefined) ?? null;
		} else {
			node = null;
		}
		if (!node) break;
		best = node;
	}
	const offset = best?.range?.[0];
	return offset === undefined ? null : lc.linePos(offset);
}
