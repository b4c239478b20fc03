/**
 * Preloaded (`node --import`) into the test team server (tests/team-server.ts) to mend one line of pouchdb-server
 * 4.2's validation plugin (pouchdb-validation 4.2, lib/index.js). Before calling
 * validate_doc_update it sets the new document's `_revisions` to the *stored* revision's, so a
 * replicated write (`_bulk_docs` with `new_edits: false`, the way PouchDB pushes) that passes
 * validation is stored with the old revision history and silently dropped. Apache CouchDB has no
 * such step. The mend keeps a `_revisions` the client sent; if the plugin's text changes, the
 * server refuses to start rather than run unmended.
 */
import Module from 'node:module';
import { join } from 'node:path';

const TARGET = join('pouchdb-validation', 'lib', 'index.js');
const BROKEN = 'newDoc._revisions = (oldDoc || {})._revisions;';
const MENDED = 'if (!newDoc._revisions) newDoc._revisions = (oldDoc || {})._revisions;';

/** @type {{ _compile(this: unknown, content: string, filename: string): unknown }} */
const proto = /** @type {any} */ (Module.prototype);
const compile = proto._compile;
proto._compile = function (content, filename) {
	if (filename.endsWith(TARGET)) {
		if (!content.includes(BROKEN))
			throw new Error(`${filename} no longer has the line tests/pouchdb-server-fix.js mends`);
		content = content.replace(BROKEN, MENDED);
	}
	return compile.call(this, content, filename);
};
