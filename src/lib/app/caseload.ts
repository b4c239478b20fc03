/**
 * The caseload view and the evaluation export: both read the summary rows' caseload digests
 * (never the records in full), bring up to date the few rows written since the last view, and
 * compute everything else in the domain (episodes.ts, caseload.ts, evaluation.ts).
 */
import { CaseloadDigestSchema } from '../domain/caseload-digest.ts';
import { caseloadDigest } from '../domain/caseload-record.ts';
import { caseload, type CaseloadFigures } from '../domain/caseload.ts';
import { episodesOf, type Episode } from '../domain/episodes.ts';
import {
	dataDictionary,
	evaluationCsv,
	evaluationExport,
	type EvaluationExport
} from '../domain/evaluation.ts';
import { currentRules, findRules, pinnedRules } from '../rules-registry.ts';
import type { AssessmentRecord } from '../storage/record.ts';
import { today, type AppContext } from './context.ts';

/** How many records are brought up to date per transaction (the page stays responsive between). */
export const REFRESH_BATCH = 200;

const digestOf = (record: AssessmentRecord) => caseloadDigest(record, pinnedRules(record.rules));

export interface CaseloadData {
	today: string;
	episodes: Episode[];
	/** Case references by record id, for the caseload's links (the export never has them). */
	caseRefs: Map<string, string>;
	/** Records that could not be read: left out, and the page says so. */
	unreadable: number;
	/** Rows brought up to date on this visit. */
	refreshed: number;
}

/**
 * The episodes on this device. Rows without a current digest are brought up to date first, in
 * batches; `onProgress(done, of)` is told as they are (after an upgrade, that may be all of them).
 */
export async function loadEpisodes(
	ctx: AppContext,
	onProgress: (done: number, of: number) => void = () => {}
): Promise<CaseloadData> {
	const first = await checked(ctx);
	const { stale } = first;
	let { rows } = first;
	let unreadable = 0;
	if (stale.length > 0) {
		for (let i = 0; i < stale.length; i += REFRESH_BATCH) {
			onProgress(i, stale.length);
			const corrupt = await ctx.store.refreshCaseload(stale.slice(i, i + REFRESH_BATCH), digestOf);
			unreadable += corrupt.length;
			await new Promise((resolve) => setTimeout(resolve, 0));
		}
		onProgress(stale.length, stale.length);
		({ rows } = await checked(ctx));
	}
	return {
		today: today(ctx),
		episodes: episodesOf(rows.flatMap((r) => (r.digest ? [{ ...r, digest: r.digest }] : []))),
		caseRefs: new Map(rows.map((r) => [r.id, r.caseRef])),
		unreadable,
		refreshed: stale.length - unreadable
	};
}

/**
 * The summary rows with their digests checked: a row without a digest of the current version
 * (any write since the last view stores the summary alone) or without a readable row is stale.
 */
async function checked(ctx: AppContext) {
	const { rows, unsummarised } = await ctx.store.caseloadRows();
	const stale = [...unsummarised];
	const out = rows.map((r) => {
		const parsed = CaseloadDigestSchema.safeParse(r.caseload);
		if (!parsed.success) stale.push(r.id);
		return { ...r, digest: parsed.success ? parsed.data : null };
	});
	return { rows: out, stale };
}

const context = (day: string) => ({ today: day, current: currentRules, rulesFor: findRules });

/** The caseload view's figures. */
export async function loadCaseload(
	ctx: AppContext,
	onProgress?: (done: number, of: number) => void
): Promise<CaseloadData & { figures: CaseloadFigures }> {
	const data = await loadEpisodes(ctx, onProgress);
	return { ...data, figures: caseload(data.episodes, context(data.today)) };
}

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
	const c = context(data.today);
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
