/**
 * Each rules version's schedule after the decision (reviews and follow-up block), built at build
 * time (`?schedule` in vite.config.ts): what summary rows need to say what is due, without the full
 * rules. Loaded with the store (app/root.ts), never on the first page's first load.
 */
import { scheduleRulesIn, type RulesScheduleEntry } from './domain/rules-index.ts';
import type { ScheduleRules } from './domain/follow-up-schedule.ts';

const entries = Object.values(
	import.meta.glob<RulesScheduleEntry>('/rules/*/*.yaml', {
		eager: true,
		query: '?schedule',
		import: 'default'
	})
);

/** The schedule for assessments under rules `id` `version` (see `scheduleRulesIn`). */
export const scheduleFor = (id: string, version: string): ScheduleRules | null =>
	scheduleRulesIn(entries, id, version);
