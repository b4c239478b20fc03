/**
 * One child's episode: assessment → decision → return → support → outcomes, gathered from the
 * assessments that belong to it. A review (a re-assessment pre-filled from an earlier one,
 * `reviewOf`) and a new version of a signed assessment (`supersedes`) belong to the same episode
 * as the assessment they came from, so the episode is every assessment linked to another by either.
 *
 * Built from caseload digests (caseload-digest.ts), never from full records: what an episode holds
 * is codes, bands and dates, with no case reference and no free text.
 */
import type { CaseloadDigest } from './caseload-digest.ts';

export const STAGES = ['assessing', 'awaiting-approval', 'decided', 'at-home', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

/** One stored assessment as the caseload reads it: its links and its digest. */
export interface EpisodeInput {
	id: string;
	reviewOf: string | null;
	supersedes: string | null;
	digest: CaseloadDigest;
}

export interface Episode {
	/** The assessments' ids, oldest first (for the caseload's links; never exported). */
	ids: string[];
	/** Their digests, in the same order. */
	assessments: CaseloadDigest[];
	stage: Stage;
	/** The assessment whose decision stands: the latest signed or awaiting approval; else null. */
	decision: CaseloadDigest | null;
	/** The assessment whose plan the support follows: the one the return was recorded on, else the decision's. */
	followed: CaseloadDigest | null;
	/** Its id (the caseload links to it; never exported). */
	followedId: string | null;
	/** The band the answers gave: the decision's, or the latest assessment's so far. */
	scored: string | null;
	/** The practitioner's band, once decided. */
	decided: string | null;
	returned: CaseloadDigest['returned'];
	reviews: CaseloadDigest['reviews'];
	outcomes: CaseloadDigest['outcomes'];
	closed: string | null;
}

const ENDED = new Set(['returned-to-care', 'other-permanence']);

/** The stage an episode is at, from its decision and what followed it. */
export function stageOf(
	e: Pick<Episode, 'assessments' | 'decision' | 'returned' | 'outcomes' | 'closed'>
): Stage {
	const lastOutcome = e.outcomes.at(-1);
	if (e.closed !== null || e.returned?.kind === 'other-plan') return 'closed';
	if (lastOutcome && ENDED.has(lastOutcome.outcome)) return 'closed';
	if (e.returned?.kind === 'home') return 'at-home';
	if (e.decision?.status === 'signed') return 'decided';
	if (e.decision?.status === 'awaiting-approval') return 'awaiting-approval';
	return 'assessing';
}

const byDateThenOrder = <T extends { date: string }>(xs: { x: T; order: number }[]): T[] =>
	xs
		.sort((a, b) => (a.x.date < b.x.date ? -1 : a.x.date > b.x.date ? 1 : a.order - b.order))
		.map((e) => e.x);

/** The episodes these assessments make, oldest first (by their first assessment started). */
export function episodesOf(inputs: readonly EpisodeInput[]): Episode[] {
	const byId = new Map(inputs.map((i) => [i.id, i]));
	const parent = new Map<string, string>(inputs.map((i) => [i.id, i.id]));
	const find = (id: string): string => {
		let root = id;
		while (parent.get(root) !== root) root = parent.get(root)!;
		for (let at = id; at !== root;) {
			const next = parent.get(at)!;
			parent.set(at, root);
			at = next;
		}
		return root;
	};
	const union = (a: string, b: string | null) => {
		// A link to an assessment no longer stored (deleted) joins nothing.
		if (b === null || !byId.has(b)) return;
		const [ra, rb] = [find(a), find(b)];
		if (ra !== rb) parent.set(ra, rb);
	};
	for (const i of inputs) {
		union(i.id, i.reviewOf);
		union(i.id, i.supersedes);
	}
	const groups = new Map<string, EpisodeInput[]>();
	for (const i of inputs) {
		const root = find(i.id);
		const group = groups.get(root);
		if (group) group.push(i);
		else groups.set(root, [i]);
	}
	const episodes = [...groups.values()].map(toEpisode);
	return episodes.sort((a, b) => {
		const [x, y] = [a.assessments[0]!.created, b.assessments[0]!.created];
		return x < y ? -1 : x > y ? 1 : a.ids[0]! < b.ids[0]! ? -1 : 1;
	});
}

function toEpisode(group: EpisodeInput[]): Episode {
	group.sort((a, b) =>
		a.digest.created !== b.digest.created
			? a.digest.created < b.digest.created
				? -1
				: 1
			: a.id < b.id
				? -1
				: 1
	);
	const assessments = group.map((g) => g.digest);
	const decision =
		assessments.findLast((d) => d.status === 'signed' || d.status === 'awaiting-approval') ?? null;
	// The return that stands: the latest by date; on one date, the one on the later assessment.
	let returned: CaseloadDigest['returned'] = null;
	let followedAt = decision ? assessments.indexOf(decision) : -1;
	assessments.forEach((d, i) => {
		if (d.returned && (returned === null || d.returned.date >= returned.date)) {
			returned = d.returned;
			followedAt = i;
		}
	});
	const followed = assessments[followedAt] ?? null;
	const latest = assessments.at(-1)!;
	const reviews = byDateThenOrder(
		assessments.flatMap((d, i) => d.reviews.map((x, j) => ({ x, order: i * 1000 + j })))
	);
	const outcomes = byDateThenOrder(
		assessments.flatMap((d, i) => d.outcomes.map((x, j) => ({ x, order: i * 1000 + j })))
	);
	const closedDates = assessments.map((d) => d.closed).filter((c): c is string => c !== null);
	const closed = closedDates.length > 0 ? closedDates.sort().at(-1)! : null;
	const base = { assessments, decision, returned, outcomes, closed };
	return {
		ids: group.map((g) => g.id),
		...base,
		stage: stageOf(base),
		followed,
		followedId: group[followedAt]?.id ?? null,
		scored: decision ? decision.scored : latest.scored,
		decided: decision ? decision.decided : null,
		reviews
	};
}
