/**
 * The evaluation export: the caseload's episodes (app/caseload.ts) as an anonymised CSV with its
 * data dictionary (domain/evaluation.ts), named with the full rules (their title and codes).
 */
import {
	dataDictionary,
	evaluationCsv,
	evaluationExport,
	type EvaluationExport
} from '../domain/evaluation.ts';
import { currentRules, findRules } from '../rules-registry.ts';
import { loadEpisodes } from './caseload.ts';
import type { AppContext } from './context.ts';

export interface EvaluationFiles {
	today: string;
	export: EvaluationExport;
	csv: string;
	dictionary: string;
	/** File names carry the date and the count, never a case reference. */
	csvName: string;
	dictionaryName: string;
	unreadable: number;
}

/** The evaluation export's rows, CSV and data dictionary. */
export async function loadEvaluation(
	ctx: AppContext,
	training: boolean,
	onProgress?: (done: number, of: number) => void
): Promise<EvaluationFiles> {
	const data = await loadEpisodes(ctx, onProgress);
	const c = { today: data.today, current: currentRules, rulesFor: findRules };
	const x = evaluationExport(data.episodes, c);
	const stem = `homeward-${training ? 'training-' : ''}evaluation-${data.today}`;
	return {
		today: data.today,
		export: x,
		csv: evaluationCsv(x),
		dictionary: dataDictionary(x, c),
		csvName: `${stem}-${x.rows.length}-episodes.csv`,
		dictionaryName: `${stem}-data-dictionary.md`,
		unreadable: data.unreadable
	};
}
