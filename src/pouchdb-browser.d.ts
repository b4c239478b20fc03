// PouchDB 9 ships no types; storage/team/bridge.ts declares the part of it Homeward uses.
declare module 'pouchdb-browser' {
	const PouchDB: unknown;
	export default PouchDB;
}
