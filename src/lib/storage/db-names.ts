/**
 * The databases' names and the schema version this build writes, without Dexie, for code on the
 * first page's first load (first-page.ts). db.ts and schema.ts hold the real definitions; a unit
 * test checks that these agree with them.
 */
export const DEFAULT_DB_NAME = 'homeward';
/** Training mode keeps its fictional cases apart from real ones in their own database. */
export const TRAINING_DB_NAME = 'homeward-training';
/** The newest entry of SCHEMA_VERSIONS (Dexie's number; IndexedDB holds ten times it). */
export const CURRENT_DB_VERSION = 5;
