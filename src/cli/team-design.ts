/**
 * Builds the team database's design document (`_design/homeward`): the rules of who may write
 * what (`domain/team-rules.ts`) and the record schema (`storage/record.ts`), bundled as they are
 * at this moment into one `validate_doc_update` function. So the server enforces exactly the
 * code the unit tests test, and a schema change reaches the server by running `team:setup` again.
 *
 * The function is ES2017 syntax (esbuild lowers the rest): CouchDB's couchjs parses every design
 * function with esprima 4 (`rewrite_anon_fun`) before its engine sees it, and esprima 4 reads
 * ES2017. Small shims cover what the engines lack (see SHIMS). For CouchDB 3's JavaScript
 * engines: SpiderMonkey (78, 91 and later) and QuickJS (CouchDB 3.4 and later).
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { RECORD_SCHEMA_VERSION } from '../lib/storage/record.ts';
import { DESIGN_DOC_ID } from '../lib/storage/team/team-document.ts';

const ENTRY = fileURLToPath(new URL('../lib/storage/team/validate-doc-update.ts', import.meta.url));

/** The syntax level of the bundle: what esprima 4 (and so couchjs) parses. */
export const DESIGN_TARGET = 'es2017';

/**
 * What the bundle needs that CouchDB's engines lack, defined only where missing: `TextEncoder`
 * (neither couchjs nor QuickJS has it; the history's SHA-256 hashes UTF-8 bytes), and the
 * library calls newer than SpiderMonkey 78/91 (`Object.hasOwn`, `Array.prototype.at`).
 */
export const SHIMS = [
	// UTF-8 as TextEncoder writes it: a lone surrogate becomes U+FFFD.
	'if (typeof TextEncoder === "undefined") globalThis.TextEncoder = function () {}, TextEncoder.prototype.encode = function (s) { s = String(s); var out = []; for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) { var d = s.charCodeAt(i + 1); if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; } else c = 0xfffd; } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; if (c < 0x80) out.push(c); else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63)); else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)); else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)); } return new Uint8Array(out); };',
	'if (!Object.hasOwn) Object.hasOwn = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };',
	'if (!Array.prototype.at) Object.defineProperty(Array.prototype, "at", { configurable: true, writable: true, value: function (i) { i = Math.trunc(i) || 0; if (i < 0) i += this.length; return i < 0 || i >= this.length ? undefined : this[i]; } });'
].join('\n');

export interface DesignDocument {
	_id: typeof DESIGN_DOC_ID;
	_rev?: string;
	language: 'javascript';
	validate_doc_update: string;
	homeward: {
		/** The record schema version the function accepts. */
		recordSchemaVersion: number;
		/** SHA-256 of the function's source: the same build gives the same hash. */
		validateHash: string;
	};
}

/** The design document as it would be installed now. */
export async function buildDesignDocument(): Promise<DesignDocument> {
	const result = await build({
		entryPoints: [ENTRY],
		bundle: true,
		format: 'iife',
		globalName: 'homeward',
		platform: 'neutral',
		target: DESIGN_TARGET,
		minify: true,
		legalComments: 'none',
		write: false,
		logLevel: 'silent'
	});
	const bundle = result.outputFiles[0]?.text;
	if (bundle === undefined) throw new Error('esbuild produced no output for the design document');
	// CouchDB compiles the source as one function expression. The bundle (the schema and rules)
	// is evaluated on the first call and kept on the engine's global object under a name of its
	// own content's hash, so later writes skip building the zod schemas again (a QuickJS write
	// measured 23 ms without this). Where the global cannot be written it is rebuilt each call.
	const key = `__homeward_${createHash('sha256').update(SHIMS).update(bundle).digest('hex').slice(0, 16)}`;
	const source = [
		'function (newDoc, oldDoc, userCtx, secObj) {',
		"var g = typeof globalThis === 'object' ? globalThis : {};",
		`var h = g.${key};`,
		'if (!h) {',
		SHIMS,
		bundle,
		'h = homeward;',
		`try { g.${key} = h; } catch (e) {}`,
		'}',
		'h.validateDocUpdate(newDoc, oldDoc, userCtx, secObj);',
		'}'
	].join('\n');
	return {
		_id: DESIGN_DOC_ID,
		language: 'javascript',
		validate_doc_update: source,
		homeward: {
			recordSchemaVersion: RECORD_SCHEMA_VERSION,
			validateHash: createHash('sha256').update(source).digest('hex')
		}
	};
}
