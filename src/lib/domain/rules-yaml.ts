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

/** Largest rules file read: 1 MB, ten times the largest real one. */
export const MAX_RULES_BYTES = 1024 * 1024;
/**
 * Most times aliases (`*name`) may be expanded in one file. A few nested aliases can otherwise
 * stand for billions of values (an "alias bomb").
 */
export const MAX_ALIAS_COUNT = 100;
/** Deepest nesting of lists and mappings in a rules file (the real ones nest about 10 deep). */
export const MAX_RULES_DEPTH = 40;

/** Parse and validate rules YAML. `file` names the file in messages. Never throws for bad input. */
export function parseRulesYaml(text: string, file: string): RulesYamlResult {
	if (text.length > MAX_RULES_BYTES) {
		return {
			ok: false,
			errors: [
				`${file}: the file is too large to be a rules file (${Math.ceil(text.length / 1024)} KB; the limit is ${MAX_RULES_BYTES / 1024} KB)`
			]
		};
	}
	try {
		return parseBounded(text, file);
	} catch (e) {
		// Only a nesting deep enough to exhaust the stack gets here (the limits come first).
		const why =
			e instanceof RangeError ? 'it is nested too deeply to read' : 'it could not be read';
		return { ok: false, errors: [`${file}: the file is not a valid rules file: ${why}`] };
	}
}

function parseBounded(text: string, file: string): RulesYamlResult {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
	if (doc.errors.length > 0) {
		// The parser recurses: past a few thousand levels it runs out of stack at every level.
		if (doc.errors.some((e) => /call stack/i.test(e.message))) {
			return {
				ok: false,
				errors: [`${file}: the file is not a valid rules file: it is nested too deeply to read`]
			};
		}
		return {
			ok: false,
			errors: doc.errors.slice(0, 10).map((e) => {
				const pos = e.linePos?.[0];
				const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
				return `${where}: the file is not valid YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`;
			})
		};
	}
	let data: unknown;
	try {
		data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
	} catch (e) {
		if (e instanceof ReferenceError && /alias/i.test(e.message)) {
			return {
				ok: false,
				errors: [
					`${file}: the file uses aliases (*name) too many times (the limit is ${MAX_ALIAS_COUNT}): write the values out instead`
				]
			};
		}
		throw e;
	}
	const deep = tooDeep(doc.contents, lineCounter);
	if (deep) {
		return {
			ok: false,
			errors: [
				`${file}:${deep.line}:${deep.col}: the file nests lists and mappings more than ${MAX_RULES_DEPTH} deep, far more than a rules file needs`
			]
		};
	}
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

/** Where nesting first goes past MAX_RULES_DEPTH (walked without recursion), or null. */
function tooDeep(root: unknown, lc: LineCounter): { line: number; col: number } | null {
	const stack: [unknown, number][] = [[root, 0]];
	while (stack.length > 0) {
		const [node, depth] = stack.pop() as [unknown, number];
		if (!isMap(node) && !isSeq(node)) continue;
		if (depth >= MAX_RULES_DEPTH) {
			const offset = node.range?.[0];
			return offset === undefined ? { line: 1, col: 1 } : lc.linePos(offset);
		}
		for (const item of node.items) {
			if (isMap(node)) {
				const pair = item as { value?: unknown };
				stack.push([pair.value, depth + 1]);
			} else stack.push([item, depth + 1]);
		}
	}
	return null;
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
