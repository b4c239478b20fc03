/**
 * Preloaded (`node --import`) into the test team server (tests/team-server.ts) to mend two places
 * in pouchdb-server 4.2's validation plugin (pouchdb-validation 4.2, lib/index.js) where it
 * differs from Apache CouchDB in what the team's rules depend on:
 * - Before calling validate_doc_update it sets the new document's `_revisions` to the *stored*
 *   revision's, so a replicated write (`_bulk_docs` with `new_edits: false`, the way PouchDB
 *   pushes) that passes validation is stored with the old revision history and silently dropped.
 *   Apache CouchDB has no such step. The mend keeps a `_revisions` the client sent.
 * - It passes the *winning* revision as `oldDoc`. CouchDB passes the revision the new one is
 *   written on: for a replicated write the nearest ancestor on its own path that it holds
 *   (couch_db.erl, `prep_and_validate_replicated_updates`), for an ordinary write the `_rev` it
 *   names. Without this, a device's edit made apart from another's is judged against the other's
 *   (its history of changes then looks rewritten) and refused, so no conflict ever reaches the
 *   server. The mend looks the parent up the same way, falling back to the plugin's own lookup.
 * And one place in express-pouchdb 4.2 (lib/compression.js): it gzips every response a client
 * accepts gzip for (all browsers, Node's fetch), and the compressor holds back the few bytes of a
 * long-polled changes feed's heartbeat, so nothing arrives until a change does. Apache CouchDB
 * does not compress its responses and sends each heartbeat as it goes; Homeward counts a changes
 * feed silent for longer than its heartbeat and a grace as a lost connection
 * (storage/team/watched-fetch.ts). The mend leaves responses uncompressed, as CouchDB does.
 * If a mended file's text changes, the server refuses to start rather than run unmended.
 */
import Module from 'node:module';
import { join } from 'node:path';

const TARGET = join('pouchdb-validation', 'lib', 'index.js');
const COMPRESSION = join('express-pouchdb', 'lib', 'compression.js');
const COMPRESS = "app.use(require('compression')());";
const BROKEN = 'newDoc._revisions = (oldDoc || {})._revisions;';
const MENDED = 'if (!newDoc._revisions) newDoc._revisions = (oldDoc || {})._revisions;';
const WINNER = 'var oldDocPromise = oldDoc(db, newDoc._id);';
const PARENT = `var oldDocPromise = (function parentDoc() {
      var revs = newDoc._revisions;
      var path = revs && Array.isArray(revs.ids)
        ? revs.ids.slice(1).map(function (hash, i) { return (revs.start - 1 - i) + '-' + hash; })
        : newDoc._rev ? [newDoc._rev] : [];
      return path.reduce(function (found, rev) {
        return found.then(function (doc) {
          return doc || db.get(newDoc._id, {rev: rev, revs: true}).catch(function () { return null; });
        });
      }, Promise.resolve(null)).then(function (doc) { return doc || oldDoc(db, newDoc._id); });
    })();`;

/** @type {{ _compile(this: unknown, content: string, filename: string): unknown }} */
const proto = /** @type {any} */ (Module.prototype);
const compile = proto._compile;
proto._compile = function (content, filename) {
	if (filename.endsWith(TARGET)) {
		for (const line of [BROKEN, WINNER])
			if (!content.includes(line))
				throw new Error(`${filename} no longer has the line tests/pouchdb-server-fix.js mends`);
		content = content.replace(BROKEN, MENDED).replace(WINNER, PARENT);
	}
	if (filename.endsWith(COMPRESSION)) {
		if (!content.includes(COMPRESS))
			throw new Error(`${filename} no longer has the line tests/pouchdb-server-fix.js mends`);
		content = content.replace(COMPRESS, '// Uncompressed, as Apache CouchDB answers.');
	}
	return compile.call(this, content, filename);
};
