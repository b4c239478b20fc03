/**
 * The whole import in one call, for a page that has already asked what to do about assessments
 * that are stored already (`AssessmentStore.findExisting`): check the file, then store all of it
 * or none of it. Never rejects: every outcome is counts or sentences.
 */
import type { AssessmentStore } from '../assessments.ts';
import { StorageError } from '../errors.ts';
import { parseExport, type ExportFile, type ParseOptions } from './format.ts';
import type { ImportChoices, ImportCounts } from './import-plan.ts';

export interface ImportOptions extends ParseOptions {
	choices: ImportChoices;
}

export type ImportOutcome =
	{ ok: true; file: ExportFile; counts: ImportCounts } | { ok: false; problems: string[] };

const NOTHING = 'Nothing was imported.';
const FAULT = `Homeward could not finish the import because of a fault, so ${NOTHING.toLowerCase()} Everything stored before is as it was. Reload the page and try again; if it happens again, contact your IT support.`;

/** Checks an export's text and stores every assessment in it, or none of them. */
export async function importExport(
	store: AssessmentStore,
	text: string,
	options: ImportOptions
): Promise<ImportOutcome> {
	const parsed = parseExport(text, options);
	if (!parsed.ok) return parsed;
	try {
		const counts = await store.importRecords(parsed.file.assessments, options.choices);
		return { ok: true, file: parsed.file, counts };
	} catch (e) {
		return { ok: false, problems: [importFailure(e)] };
	}
}

/** The sentence for an import the store refused or could not finish (nothing was stored). */
export function importFailure(e: unknown): string {
	if (!(e instanceof StorageError)) return FAULT;
	switch (e.kind) {
		// The store's own refusals already say what happened and what to do, in import's terms.
		case 'read-only':
		case 'conflict':
			return e.message;
		case 'quota':
			return `This device ran out of storage space during the import, so ${NOTHING.toLowerCase()} Everything stored before is as it was. Free up space, then import the file again.`;
		case 'unavailable':
			return `Homeward cannot use this device’s storage at the moment, so ${NOTHING.toLowerCase()} Reload the page and try again. If you are in a private or incognito window, use a normal window instead.`;
		default:
			return FAULT;
	}
}
