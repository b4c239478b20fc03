/**
 * PouchDB for the browser (IndexedDB and HTTP adapters, replication), loaded only when team mode
 * is on: this is the one place that names the package, and only through `import()`, so none of
 * it is in the first load.
 */
import type { PouchConstructor } from './bridge.ts';

export async function loadPouch(): Promise<PouchConstructor> {
	const { default: PouchDB } = await import('pouchdb-browser');
	return PouchDB as PouchConstructor;
}
