/**
 * The shape of an assessment result: what `assess` returns and the options it takes. Types only,
 * so that pages, the panel summary and the command line can name a result without the engine.
 */
import type { CaseFacts } from './answers.ts';
import type { Phase } from './rules-schema.ts';

export interface AssessOptions {
	/** The assessment date, YYYY-MM-DD: review dates and plan start dates count from it. */
	today: string;
	/** The planned date of return, if known: after-return dates count from it. */
	plannedReturnDate?: string | undefined;
	/** Placement to compare costs against; defaults to the rules file's default placement. */
	placement?: string | undefined;
	/** The user's own weekly cost for that placement, replacing the rules file's reference figure. */
	placementWeeklyCost?: number | undefined;
	/** Case facts (age band, legal status…) the rules declare under `facts`; unknown ones are ignored. */
	facts?: CaseFacts | undefined;
	/**
	 * The band the practitioner decided on, when it differs from the computed one. The plan follows
	 * the decided band (a "not safe" decision gets no return plan); the band itself stays computed.
	 */
	decidedBand?: string | undefined;
}

/** One answer as the result explains it. */
export interface Evidence {
	factor: string;
	label: string;
	domain: string;
	value: string;
	valueLabel: string;
	/** The option's score, or null for a neutral answer or an unscored fact. */
	score: number | null;
	weight: number;
	/** Set when this is a case fact (age band, legal status…), not an answer. */
	fact?: true;
}

export interface DomainResult {
	id: string;
	title: string;
	weight: number;
	/** Weighted mean of rated answers, from the scale's lowest to highest score; null when none are rated. */
	score: number | null;
	/** Questions that apply (are shown) in this domain, and how many of them are answered. */
	applicable: number;
	answered: number;
	strengths: Evidence[];
	concerns: Evidence[];
	/** Neutral answers ("not known"): gaps in the evidence. */
	unknowns: Evidence[];
	missing: string[];
	/** Rated questions that apply (ordered scales) and how many have a real rating, not "not known". */
	coverage: { rated: number; of: number };
}

export interface JudgementResult {
	id: string;
	label: string;
	score: number | null;
	level: string;
	levelLabel: string;
	/** The band this level holds the result down to, if a cap applies. */
	maxBand: string | null;
	capReason: string | null;
}

export interface HardStopResult {
	id: string;
	label: string;
	explanation: string;
	because: Evidence[];
}

export interface PlanItem {
	/** 'evidence': gather what is "not known" (generated from the rules' `evidence` settings). */
	kind?: 'service' | 'evidence' | undefined;
	service: string;
	name: string;
	description: string;
	phase: Phase;
	/** Factor ids whose answers recommended this service. */
	because: string[];
	evidence: Evidence[];
	goal: string;
	owner: string;
	weeks: number;
	weeklyCost: number;
	/** Indicative cost within the comparison period. */
	cost: number;
	startDate: string | null;
	endDate: string | null;
}

export interface ReviewDate {
	review: string;
	label: string;
	anchor: 'assessment' | 'return';
	offsetDays: number;
	/** Null for reviews counted from a return date that is not yet planned. */
	date: string | null;
}

export interface CostComparison {
	weeks: number;
	planCost: number;
	placement: {
		id: string;
		label: string;
		weeklyCost: number;
		source: string;
		date: string;
		userFigure: boolean;
	};
	placementCost: number;
	/** Placement cost minus plan cost over the same weeks. */
	difference: number;
	reEntry: { label: string; cost: number; source: string; date: string } | null;
	basis: string;
	indicative: true;
	/**
	 * False when the plan is work before a return can be considered: comparing it with the cost of
	 * the placement would read as a costed case for a return nobody recommends.
	 */
	forReturn?: boolean | undefined;
}

/** A conditional cap that holds, with the answers and facts behind it. */
export interface ConditionalCapResult {
	id: string;
	maxBand: string;
	reason: string;
	because: Evidence[];
	/** True when it set or shared the final (lowest) limit on the band. */
	binding: boolean;
}

export interface AssessmentResult {
	rules: { id: string; version: string; hash: string; title: string };
	complete: boolean;
	/** Required questions that apply and are unanswered, in file order. */
	missing: string[];
	/** The computed readiness band; null until complete. */
	band: string | null;
	bandLabel: string | null;
	hardStops: HardStopResult[];
	domains: DomainResult[];
	judgements: JudgementResult[];
	plan: PlanItem[];
	reviews: ReviewDate[];
	costs: CostComparison;
	explanation: {
		overallScore: number | null;
		scoreBand: string;
		caps: { judgement: string; level: string; maxBand: string; reason: string }[];
		/** The band reached before completeness is considered (for explaining drafts). */
		provisionalBand: string;
		steps: string[];
		/** Conditional caps that hold (rules with `conditionalCaps`). */
		conditionalCaps?: ConditionalCapResult[] | undefined;
		/** How much of the evidence is "not known" (rules with `evidence`). */
		evidence?:
			| {
					unknown: number;
					scored: number;
					share: number;
					maxShare: number;
					capped: boolean;
			  }
			| undefined;
	};
	/** The band the plan was built for: the decided band if given, else the computed one. */
	planBand?: string | undefined;
}
