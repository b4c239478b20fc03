/**
 * What the caseload's figures and words read from a rules file: band order and labels, service
 * names, the review schedule and follow-up block, and the reference placement costs with their
 * sources. Full `Rules` satisfy it; so does the small view of each rules file made at build time
 * (`?caseload` imports, see vite.config.ts and rules-caseload.ts), which is all the caseload view
 * loads: it shows its figures without the full rules or the engine, which load only when a
 * digest has to be recomputed.
 */
import type { FollowUpRules, ScheduleRules } from './follow-up-schedule.ts';
import type { RulesData } from './rules-schema.ts';

export interface CaseloadRules {
	data: {
		id: string;
		version: string;
		status: RulesData['status'];
		/** Least ready first. */
		bands: readonly { id: string; label: string }[];
		support: readonly { id: string; service: string }[];
		reviews: ScheduleRules['reviews'];
		followUp?: FollowUpRules | undefined;
		referenceCosts: {
			defaultPlacement: string;
			placements: readonly {
				id: string;
				label: string;
				weeklyCost: number;
				source: string;
				date: string;
			}[];
		};
		/** The sources the placement costs cite (the full rules have every source). */
		sources: readonly { id: string; citation: string }[];
	};
}

/** The caseload's view of validated rules data: only what CaseloadRules names. */
export function caseloadRulesOf(data: RulesData): CaseloadRules {
	const { defaultPlacement, placements } = data.referenceCosts;
	const cited = new Set(placements.map((p) => p.source));
	return {
		data: {
			id: data.id,
			version: data.version,
			status: data.status,
			bands: data.bands.map((b) => ({ id: b.id, label: b.label })),
			support: data.support.map((s) => ({ id: s.id, service: s.service })),
			reviews: data.reviews.map((r) => ({
				id: r.id,
				label: r.label,
				anchor: r.anchor,
				offsetDays: [...r.offsetDays]
			})),
			...(data.followUp ? { followUp: data.followUp } : {}),
			referenceCosts: {
				defaultPlacement,
				placements: placements.map(({ id, label, weeklyCost, source, date }) => ({
					id,
					label,
					weeklyCost,
					source,
					date
				}))
			},
			sources: data.sources
				.filter((s) => cited.has(s.id))
				.map((s) => ({ id: s.id, citation: s.citation }))
		}
	};
}
