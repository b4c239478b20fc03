/**
 * A small index of a rules file: what the first page shows about the rules in use and needs to
 * name a stored assessment's band, without the questions, guidance and support catalogue. Built
 * at build time (see vite.config.ts), so the first page loads neither the rules text nor a hash.
 */
import type { RulesData } from './rules-schema.ts';
import type { ScheduleRules } from './follow-up-schedule.ts';

export interface RulesIndexEntry {
	id: string;
	version: string;
	title: string;
	status: RulesData['status'];
	published: string;
	/** The content hash of the full file, as `compileRules` computes it. */
	hash: string;
	domains: { id: string; title: string; summary: string }[];
	bands: { id: string; label: string }[];
	counts: { factors: number; hardStops: number; support: number };
}

/** A rules version's schedule after the decision (`?schedule` imports, see vite.config.ts). */
export interface RulesScheduleEntry {
	id: string;
	version: string;
	schedule: ScheduleRules;
}

/** The index entry of validated rules data whose content hash is `hash`. */
export function rulesIndexEntry(data: RulesData, hash: string): RulesIndexEntry {
	return {
		id: data.id,
		version: data.version,
		title: data.title,
		status: data.status,
		published: data.published,
		hash,
		domains: data.domains.map((d) => ({ id: d.id, title: d.title, summary: d.summary })),
		bands: data.bands.map((b) => ({ id: b.id, label: b.label })),
		counts: {
			factors: data.domains.reduce((n, d) => n + d.factors.length, 0),
			hardStops: data.hardStops.length,
			support: data.support.length
		}
	};
}

const semverKey = (v: string) =>
	v
		.split('.')
		.map((n) => n.padStart(6, '0'))
		.join('.');

/** Order by version, oldest first (1.10.0 after 1.9.0). */
export function byVersion<T extends { version: string }>(a: T, b: T): number {
	return semverKey(a.version).localeCompare(semverKey(b.version));
}

/** The version new assessments use: the newest active one. */
export function newestActive<T extends { version: string; status: string }>(
	entries: readonly T[]
): T | undefined {
	return [...entries]
		.filter((e) => e.status === 'active')
		.sort(byVersion)
		.at(-1);
}

/**
 * The schedule for assessments under rules `id` `version`: its own, with the follow-up block of the
 * newest version that has one when it has none (rules/CHANGELOG.md, 1.2.0). Null when this build
 * does not have that version.
 */
export function scheduleRulesIn(
	entries: readonly RulesScheduleEntry[],
	id: string,
	version: string
): ScheduleRules | null {
	const entry = entries.find((e) => e.id === id && e.version === version);
	if (!entry) return null;
	if (entry.schedule.followUp !== null) return entry.schedule;
	const newest = entries
		.filter((e) => e.id === id && e.schedule.followUp !== null)
		.sort(byVersion)
		.at(-1);
	return { ...entry.schedule, followUp: newest?.schedule.followUp ?? null };
}
