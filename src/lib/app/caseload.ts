/**
 * The caseload view: it reads every record's caseload digest (never the records in full), brings
 * up to date the few written since the last view, and computes everything else in the domain
 * (episodes.ts, caseload.ts). The evaluation export (evaluation.ts) reads the same episodes.
 *
 * What it loads is kept small, since the view reads 5,000 digests before it can show anything:
 * the digests' own decoder (domain/caseload-codec.ts) and the rules as the caseload reads them
 * (rules-caseload.ts). The full rules and the engine, which a digest is computed with, load only
 * when some digest is missing or stale (caseload-refresh.ts); the real caseload page loads the
 * store and Dexie only then too (`loadCaseloadOnDevice`).
 */
import { decodeCaseloadEntry } from '../domain/caseload-codec.ts';
import { caseload, type CaseloadFigures } from '../domain/caseload.ts';
import { episodesOf, type Episode, type EpisodeInput } from '../domain/episodes.ts';
import { caseloadCurrentRules, caseloadRulesFor } from '../rules-caseload.ts';
import { readCaseloadDirect } from '../storage/caseload-direct.ts';
import { DEFAULT_DB_NAME } from '../storage/db-names.ts';
import type { CaseloadRows } from '../storage/store-types.ts';
import { systemClock, today, todayIso, type AppContext } from './context.ts';

/** How many records are brought up to date per transaction (the page stays responsive between). */
export const REFRESH_BATCH = 200;

export interface CaseloadData {
	today: string;
	episodes: Episode[];
	/** Case references by record id, for the caseload's links (the export never has them). */
	caseRefs: Map<string, string>;
	/** Records that could not be read: left out, and the page says so. */
	unreadable: number;
	/** Digests brought up to date on this visit. */
	refreshed: number;
}

/**
 * The episodes on this device. Records without a current digest are brought up to date first, in
 * batches; `onProgress(done, of)` is told as they are (after an upgrade, that may be all of them).
 */
export async function loadEpisodes(
	ctx: AppContext,
	onProgress: (done: number, of: number) => void = () => {}
): Promise<CaseloadData> {
	const first = decoded(await ctx.store.caseloadRows());
	const { stale } = first;
	let { entries } = first;
	let unreadable = 0;
	if (stale.length > 0) {
		const { storedDigestOf } = await import('./caseload-refresh.ts');
		for (let i = 0; i < stale.length; i += REFRESH_BATCH) {
			onProgress(i, stale.length);
			const batch = stale.slice(i, i + REFRESH_BATCH);
			const corrupt = await ctx.store.refreshCaseload(batch, storedDigestOf);
			unreadable += corrupt.length;
			await new Promise((resolve) => setTimeout(resolve, 0));
		}
		onProgress(stale.length, stale.length);
		({ entries } = decoded(await ctx.store.caseloadRows()));
	}
	return dataOf(entries, today(ctx), unreadable, stale.length - unreadable);
}

type Entry = EpisodeInput & { caseRef: string };

/**
 * The stored digests decoded: a record without one of the current version (any write since the
 * last view deletes it) is stale.
 */
function decoded({ rows, missing }: CaseloadRows): { entries: Entry[]; stale: string[] } {
	const stale = [...missing];
	const entries: Entry[] = [];
	for (const row of rows) {
		const entry = decodeCaseloadEntry(row.digest);
		if (entry) entries.push({ id: row.id, ...entry });
		else stale.push(row.id);
	}
	return { entries, stale };
}

function dataOf(entries: Entry[], day: string, unreadable: number, refreshed: number) {
	performance.mark('homeward:caseload-read');
	return {
		today: day,
		episodes: episodesOf(entries),
		caseRefs: new Map(entries.map((e) => [e.id, e.caseRef])),
		unreadable,
		refreshed
	};
}

const withFigures = (data: CaseloadData): CaseloadData & { figures: CaseloadFigures } => {
	const figures = caseload(data.episodes, {
		today: data.today,
		current: caseloadCurrentRules,
		rulesFor: caseloadRulesFor
	});
	performance.mark('homeward:caseload-figures');
	return { ...data, figures };
};

/** The caseload view's figures. */
export async function loadCaseload(
	ctx: AppContext,
	onProgress?: (done: number, of: number) => void
): Promise<CaseloadData & { figures: CaseloadFigures }> {
	return withFigures(await loadEpisodes(ctx, onProgress));
}

/**
 * The caseload of the real cases on this device, as fast as it allows: read straight from
 * IndexedDB (storage/caseload-direct.ts) when every digest is current, so neither the store nor
 * Dexie loads; otherwise through the store (loaded then, with the composition root), which
 * brings the missing and stale digests up to date first. Either way the same figures.
 */
export async function loadCaseloadOnDevice(
	onProgress?: (done: number, of: number) => void
): Promise<CaseloadData & { figures: CaseloadFigures }> {
	const rows = await readCaseloadDirect(DEFAULT_DB_NAME);
	const direct = rows ? decoded(rows) : null;
	// Which way the figures came, for the benchmark and the browser tests to see.
	performance.mark('homeward:caseload-way', {
		detail: direct?.stale.length === 0 ? 'direct' : 'store'
	});
	if (direct?.stale.length === 0)
		return withFigures(dataOf(direct.entries, todayIso(systemClock()), 0, 0));
	const { app } = await import('./root.ts');
	return loadCaseload(app(), onProgress);
}
