/**
 * The practitioner's choices for the support plan, as stored: edits on top of the recommendation
 * (see plan.ts for what they mean). Kept apart from plan.ts so that the stored record's schema,
 * which the first page loads, carries no more than these shapes.
 */
import type { Phase } from './rules-schema.ts';

/** Fields of a recommended item the practitioner may change. */
export interface ItemEdit {
	goal?: string | undefined;
	owner?: string | undefined;
	/** YYYY-MM-DD */
	startDate?: string | undefined;
	weeks?: number | undefined;
	weeklyCost?: number | undefined;
}

/** An item the practitioner added that the rules did not recommend. */
export interface AddedItem {
	id: string;
	name: string;
	phase: Phase;
	goal: string;
	owner: string;
	/** YYYY-MM-DD, or '' to start at the phase's usual date (today, or the return date). */
	startDate: string;
	weeks: number;
	weeklyCost: number;
	/** Why it was added. */
	reason: string;
}

export interface PlanChoices {
	/** YYYY-MM-DD, or '' while no return date is planned. */
	plannedReturnDate: string;
	/** Placement type to compare costs with; '' for the rules file's default. */
	placement: string;
	/** The authority's own weekly cost for that placement, replacing the reference figure. */
	placementWeeklyCost: number | null;
	/** service id → changed fields */
	changes: Record<string, ItemEdit>;
	/** service id → why the recommended service was taken out */
	removed: Record<string, string>;
	added: AddedItem[];
}

export const emptyPlanChoices = (): PlanChoices => ({
	plannedReturnDate: '',
	placement: '',
	placementWeeklyCost: null,
	changes: {},
	removed: {},
	added: []
});
