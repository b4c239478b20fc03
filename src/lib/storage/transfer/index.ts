/**
 * Export and import, and passphrase-protected exports: the public API (README.md beside this file
 * describes the file formats and every message a person can see).
 */
export {
	createExport,
	parseExport,
	importSizeProblem,
	ExportFileSchema,
	EXPORT_FORMAT,
	EXPORT_FORMAT_VERSION,
	ENCRYPTED_FORMAT,
	MAX_IMPORT_BYTES,
	MAX_LISTED_PROBLEMS,
	MAX_IMPORT_RECORDS,
	sealOf,
	type ExportFile,
	type ExportOptions,
	type KnownRules,
	type ParseOptions,
	type ParseResult
} from './format.ts';
export {
	encryptExport,
	decryptExport,
	isEncryptedExport,
	ENCRYPTED_FORMAT_VERSION,
	MIN_ITERATIONS,
	MAX_ITERATIONS,
	type DecryptResult,
	type EncryptedFile,
	type EncryptOptions
} from './crypto.ts';
export {
	EXISTING_CHOICES,
	type ExistingChoice,
	type ImportChoices,
	type ImportCounts
} from './import-plan.ts';
export { importExport, importFailure, type ImportOptions, type ImportOutcome } from './import.ts';
