/**
 * Use cases of export and import. The page runs the steps (choose a file, unlock it, check it,
 * answer for the assessments already here, import) and shows what each returns; the clock, the
 * store and the rules this build knows come from here.
 */
import { exportFileName, type Clash } from './data-forms.ts';
import { findRules } from '../rules-registry.ts';
import type { ExportSelection } from '../storage/assessments.ts';
import { toStorageError } from '../storage/errors.ts';
import type { AssessmentRecord } from '../storage/record.ts';
import {
	createExport,
	decryptExport,
	encryptExport,
	importFailure,
	importSizeProblem,
	isEncryptedExport,
	parseExport,
	type ExistingChoice,
	type ExportFile,
	type ImportCounts
} from '../storage/transfer/index.ts';
import { today, type AppContext } from './context.ts';

export { decryptExport, importSizeProblem, isEncryptedExport };
export type { ExistingChoice, ExportFile, ExportSelection, ImportCounts };

/** The assessments an export can hold: all of them, or the one with this id. */
export function exportSelection(ctx: AppContext, id: string | null): Promise<ExportSelection> {
	return ctx.store.exportRecords(id === null ? undefined : [id]);
}

/** An export file's text and name, protected with `passphrase` when one is given. */
export async function exportAssessments(
	ctx: AppContext,
	records: readonly AssessmentRecord[],
	options: { training: boolean; passphrase: string | null }
): Promise<{ text: string; name: string }> {
	let text = createExport(records, { now: ctx.clock(), training: options.training });
	if (options.passphrase !== null) text = await encryptExport(text, options.passphrase);
	const name = exportFileName({
		today: today(ctx),
		count: records.length,
		training: options.training,
		protect: options.passphrase !== null
	});
	return { text, name };
}

/** An assessment in the file that is already on this device. */
export interface ImportClash extends Clash {
	/** The copy on this device; null when it is damaged (the file's copy may repair it). */
	stored: AssessmentRecord | null;
	incoming: AssessmentRecord;
}

export type CheckedImport =
	| { ok: true; file: ExportFile; clashes: ImportClash[] }
	| { ok: false; problems: readonly string[] };

/**
 * Checks an export file's text completely before anything is stored or asked: its format, its
 * rules, training or real, and which of its assessments are already on this device.
 */
export async function checkImportFile(
	ctx: AppContext,
	text: string,
	training: boolean
): Promise<CheckedImport> {
	const parsed = parseExport(text, { knownRules: findRules, training });
	if (!parsed.ok) return { ok: false, problems: parsed.problems };
	try {
		const byId = new Map(parsed.file.assessments.map((r) => [r.id, r]));
		const existing = await ctx.store.findExisting([...byId.keys()]);
		const clashes: ImportClash[] = [];
		for (const [i, id] of existing.entries()) {
			let stored: AssessmentRecord | null = null;
			try {
				stored = await ctx.store.get(id);
			} catch {
				// A damaged stored copy: the file's copy may replace it, which is how a backup repairs it.
			}
			const incoming = byId.get(id);
			if (!incoming) continue;
			const ref = incoming.caseDetails.caseRef.trim();
			clashes.push({
				id,
				field: `clash-${i}`,
				name: ref ? `the assessment for case ${ref}` : 'the assessment with no case reference',
				stored,
				incoming
			});
		}
		return { ok: true, file: parsed.file, clashes };
	} catch (e) {
		return { ok: false, problems: [importProblem(e)] };
	}
}

/** Stores a checked file's assessments all or nothing, deciding each clash with `decide`. */
export function importFile(
	ctx: AppContext,
	file: ExportFile,
	decide: (id: string) => ExistingChoice
): Promise<ImportCounts> {
	return ctx.store.importRecords(file.assessments, decide);
}

/** The sentence for an import that failed part-way ("… Nothing was imported."). */
export function importProblem(e: unknown): string {
	return importFailure(toStorageError(e));
}
