/**
 * The shape of a Homeward rules file, as zod schemas.
 *
 * This module describes structure only (field names, types, required fields). The checks that
 * look across the file — unknown ids, duplicate ids, thresholds that overlap, bands no answers can
 * reach — live in `rules.ts`, because they need the whole file to decide. Keeping the two
 * apart also keeps this schema convertible to JSON Schema for editors (`npm run rules:schema`).
 *
 * Objects are strict: a misspelt key in a hand-edited file is an error, not silently ignored.
 *
 * Longer than 300 lines because it is the whole rules file format, one schema per section, with the
 * descriptions that become the JSON Schema editors show; splitting it would scatter one format.
 */
import { z } from 'zod';
import { PHASES } from './phases.ts';

export { PHASES };
export const STATUSES = ['draft', 'active', 'retired'] as const;

const id = (what: string) =>
	z
		.string()
		.regex(
			/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
			`${what} must be lower-case letters and digits joined by single hyphens, starting with a letter`
		)
		.describe(`The ${what}: lower-case words joined by hyphens, e.g. "family-time".`);

// Fact values follow the app's own codes, such as the age bands "1-4" and "16-17".
const factValue = (what: string) =>
	z
		.string()
		.regex(
			/^[a-z0-9]+(-[a-z0-9]+)*$/,
			`${what} must be lower-case letters and digits joined by single hyphens`
		)
		.describe(`The ${what}, e.g. "under-1" or "5-10".`);

const text = (what: string, min = 1) =>
	z
		.string()
		.trim()
		.min(
			min,
			min === 1 ? `${what} must not be empty` : `${what} must be at least ${min} characters`
		)
		.describe(what);

const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date must be written YYYY-MM-DD')
	.describe('A date, YYYY-MM-DD.');

/** A publication date as precise as it is known: a year, a month or a day. */
const sourceDate = z
	.string()
	.regex(
		/^\d{4}(-\d{2}(-\d{2})?)?$/,
		'a source date must be written YYYY, YYYY-MM or YYYY-MM-DD (as precise as it is known)'
	)
	.describe('When the source was published: YYYY, YYYY-MM or YYYY-MM-DD, as precise as known.');

export const OptionSchema = z
	.strictObject({
		value: id('option value'),
		label: text('Option label'),
		description: text('Option description').optional(),
		score: z
			.number()
			.min(-10)
			.max(10)
			.optional()
			.describe('Score for ordered scales only; must rise from the first option to the last.')
	})
	.describe('One answer a practitioner can give.');

export const ScaleSchema = z
	.strictObject({
		id: id('scale id'),
		label: text('Scale label'),
		description: text('Scale description').optional(),
		ordered: z
			.boolean()
			.describe(
				'true: options run from most concerning to most reassuring and carry scores. false: categories (facts that decide which questions apply), not scored.'
			),
		options: z.array(OptionSchema).min(2, 'a scale needs at least two options'),
		neutral: z
			.array(OptionSchema)
			.default([])
			.describe('Answers outside the order, such as "Not known": recorded, never scored.')
	})
	.describe('A set of answers shared by several factors.');

/**
 * A condition over answers. Exactly one form per object:
 * `{factor, is}` (one value or a list), `{factor, atMost}` / `{factor, atLeast}` (ordered scales:
 * this value or more concerning / more reassuring), `{all: [...]}`, `{any: [...]}`.
 * A test on a factor that is unanswered or hidden is false.
 */
export interface Condition {
	factor?: string | undefined;
	/** A case fact (declared under `facts`) instead of a factor: tested with `is` only. */
	fact?: string | undefined;
	is?: string | string[] | undefined;
	atMost?: string | undefined;
	atLeast?: string | undefined;
	all?: Condition[] | undefined;
	any?: Condition[] | undefined;
}

export const ConditionSchema: z.ZodType<Condition> = z
	.strictObject({
		factor: id('factor id').optional(),
		fact: id('case fact id')
			.optional()
			.describe('Test a case fact (declared under "facts") instead of an answer; use "is".'),
		is: z.union([factValue('value'), z.array(factValue('value')).min(1)]).optional(),
		atMost: id('option value').optional(),
		atLeast: id('option value').optional(),
		get all() {
			return z.array(ConditionSchema).min(1).optional();
		},
		get any() {
			return z.array(ConditionSchema).min(1).optional();
		}
	})
	.describe(
		'A test on answers and case facts: {factor, is} | {factor, atMost} | {factor, atLeast} | {fact, is} | {all: [...]} | {any: [...]}'
	);

export const FactorSchema = z
	.strictObject({
		id: id('factor id'),
		question: text('Question'),
		label: text('Short label').describe('A few words for summaries, charts and print.'),
		guidance: text('Guidance for practitioners', 40),
		scale: id('scale id'),
		weight: z
			.number()
			.min(0)
			.max(10)
			.default(1)
			.describe(
				'Weight in the domain score; 0 keeps a factor out of scores (used by hard stops or the plan only).'
			),
		required: z.boolean().default(true),
		showIf: ConditionSchema.optional().describe(
			'Ask this question only when the condition holds; may refer only to earlier, unscored (categorical) factors.'
		),
		sources: z.array(id('source id')).default([])
	})
	.describe('One thing the practitioner rates.');

export const DomainSchema = z
	.strictObject({
		id: id('domain id'),
		title: text('Domain title'),
		summary: text('Domain summary'),
		weight: z.number().gt(0, 'a domain weight must be greater than 0').max(10).default(1),
		unscored: z
			.literal(true)
			.optional()
			.describe(
				'true: this section never has a score; its answers work only through visibility, hard stops, caps and the plan (every factor has weight 0).'
			),
		factors: z.array(FactorSchema).min(1, 'a domain needs at least one factor')
	})
	.describe('A section of the assessment: one page of the wizard.');

export const HardStopSchema = z
	.strictObject({
		id: id('hard stop id'),
		label: text('Hard stop label'),
		explanation: text('Hard stop explanation'),
		when: ConditionSchema,
		sources: z.array(id('source id')).default([])
	})
	.describe('A policy override: when it holds, the least-ready band applies whatever the totals.');

/** A score range: `from` (inclusive) and `below` (exclusive). The first item has no `from`, the last no `below`. */
const rangeFields = {
	from: z
		.number()
		.optional()
		.describe('Lowest score in this range (inclusive). Omit on the first.'),
	below: z.number().optional().describe('Scores below this number (exclusive). Omit on the last.')
};

export const BandSchema = z
	.strictObject({
		id: id('band id'),
		label: text('Band label'),
		meaning: text('Band meaning'),
		plan: z
			.enum(['return', 'work-before-return'])
			.optional()
			.describe(
				'"work-before-return": the plan holds only the work needed before a return can be considered (no return logistics, no reviews after a return, no cost comparison with the placement). Default "return".'
			),
		...rangeFields
	})
	.describe('A readiness band. Bands are listed least ready first.');

export const JudgementLevelSchema = z.strictObject({
	id: id('level id'),
	label: text('Level label'),
	...rangeFields
});

export const JudgementSchema = z
	.strictObject({
		id: id('judgement id'),
		label: text('Judgement label'),
		description: text('Judgement description'),
		domains: z.array(id('domain id')).min(1),
		levels: z.array(JudgementLevelSchema).min(2, 'a judgement needs at least two levels')
	})
	.describe(
		'A separate judgement (for example risk, quality of family time, safety) made from some domains. Levels are listed least ready first.'
	);

export const CapSchema = z
	.strictObject({
		judgement: id('judgement id'),
		level: id('level id'),
		maxBand: id('band id'),
		reason: text('Cap reason')
	})
	.describe('While the judgement is at this level, the band can be no higher than maxBand.');

export const ServiceSchema = z
	.strictObject({
		id: id('service id'),
		service: text('Service name'),
		description: text('Service description'),
		phase: z.enum(PHASES),
		typicalWeeks: z.number().int().min(1).max(156),
		weeklyCost: z.number().min(0).describe('Indicative cost per week in pounds.'),
		owner: text('Default owner'),
		goal: text('Goal', 10).describe(
			'A goal written so that a review can check whether it was met.'
		),
		recommendWhen: ConditionSchema.optional().describe(
			'When the answers call for this service. Omit only with "bands": the service then comes with every result in those bands.'
		),
		bands: z
			.array(id('band id'))
			.min(1)
			.optional()
			.describe('Offer this service only when the final band is one of these.'),
		ages: z
			.array(factValue('age band'))
			.min(1)
			.optional()
			.describe(
				'The values of the case fact "age-band" this service suits; it is never offered for another age band.'
			),
		replacedBy: z
			.array(id('service id'))
			.min(1)
			.optional()
			.describe(
				'Leave this service out when any of these is recommended (a more intensive or a different service takes its place).'
			),
		costSource: id('source id')
			.optional()
			.describe(
				'Where the weekly cost comes from: a source id (a local estimate is a source too).'
			),
		costDate: sourceDate.optional().describe('When the weekly cost was set or published.'),
		sources: z.array(id('source id')).default([])
	})
	.describe('A kind of support the plan can recommend.');

export const ReviewSchema = z
	.strictObject({
		id: id('review id'),
		label: text('Review label'),
		anchor: z
			.enum(['assessment', 'return'])
			.describe('Counted from the assessment date or the return date.'),
		offsetDays: z.array(z.number().int().min(0).max(1095)).min(1)
	})
	.describe('Reviews held a number of days after the anchor date.');

export const PlanDatesSchema = z
	.strictObject({
		atReturn: z
			.enum(['from-return', 'until-return'])
			.describe(
				'Support at the return: "until-return" leads up to the planned return date and ends on it (starting its length before, never before the assessment); "from-return" starts on the return date (rules before 1.2.0).'
			),
		reviewsBeforeReturn: z
			.enum(['all', 'until-return'])
			.describe(
				'Reviews counted from the assessment: "until-return" lists only those before the planned return date (after it, the reviews after a return take over); "all" lists every one (rules before 1.2.0).'
			)
	})
	.describe(
		'How plan items and reviews are dated around the planned return. Without it: "from-return" and "all", as rules before 1.2.0.'
	);

export const OutcomeCheckSchema = z
	.strictObject({
		id: id('outcome check id'),
		label: text('Outcome check label'),
		afterReturnDays: z.number().int().min(1).max(1095)
	})
	.describe('When the outcome of a return is recorded: a number of days after the return.');

export const FollowUpRulesSchema = z
	.strictObject({
		outcomeChecks: z.array(OutcomeCheckSchema).min(1),
		reassessment: z
			.strictObject({
				label: text('Reassessment label'),
				everyDays: z.number().int().min(7).max(365),
				untilDaysAfterReturn: z.number().int().min(0).max(1095)
			})
			.describe(
				'A review assessment (the readiness assessment again, pre-filled) every so many days, from the decision until so many days after the return.'
			),
		dueSoonDays: z
			.number()
			.int()
			.min(1)
			.max(90)
			.describe('A review or outcome is "due soon" this many days before its date.'),
		sources: z.array(id('source id')).min(1)
	})
	.describe('After the decision: when reviews, reassessments and outcomes are due.');

export const SourceSchema = z.strictObject({
	id: id('source id'),
	citation: text('Citation'),
	url: z.url().optional(),
	date: sourceDate.optional()
});

export const FactSchema = z
	.strictObject({
		id: id('case fact id'),
		label: text('Case fact label'),
		values: z
			.array(z.strictObject({ value: factValue('fact value'), label: text('Fact value label') }))
			.min(2, 'a case fact needs at least two values')
	})
	.describe(
		'A fact about the case given with the assessment (such as the age band), not a question: conditions may test it with {fact, is}.'
	);

export const ConditionalCapSchema = z
	.strictObject({
		id: id('cap id'),
		when: ConditionSchema,
		maxBand: id('band id'),
		reason: text('Cap reason'),
		sources: z.array(id('source id')).default([])
	})
	.describe(
		'While the condition holds, the band can be no higher than maxBand. The condition may only point towards concern.'
	);

export const EvidenceRulesSchema = z
	.strictObject({
		maxUnknownShare: z
			.number()
			.gt(0)
			.lt(1)
			.describe(
				'The share of scored questions that apply which may be "not known" before the cap below applies.'
			),
		maxBand: id('band id').describe('The highest band while more than that share is not known.'),
		reason: text('Reason shown when the share is exceeded'),
		gather: z
			.strictObject({
				owner: text('Who gathers the evidence'),
				withinDays: z.number().int().min(1).max(365)
			})
			.describe(
				'Each section with "not known" answers gets an "evidence to gather" plan item: who, and by when.'
			)
	})
	.describe('How gaps in evidence count: they are never reassurance.');

export const PlacementCostSchema = z.strictObject({
	id: id('placement id'),
	label: text('Placement label'),
	weeklyCost: z.number().gt(0),
	source: id('source id'),
	date: isoDate
});

export const RulesSchema = z
	.strictObject({
		$schema: z.string().optional(),
		id: id('rules id'),
		version: z
			.string()
			.regex(/^\d+\.\d+\.\d+$/, 'version must be a semantic version such as 1.0.0')
			.describe('Semantic version: MAJOR.MINOR.PATCH.'),
		title: text('Title'),
		status: z.enum(STATUSES),
		published: isoDate,
		description: text('Description'),
		sources: z.array(SourceSchema).min(1, 'cite at least one source'),
		facts: z.array(FactSchema).optional(),
		scales: z.array(ScaleSchema).min(1),
		domains: z.array(DomainSchema).min(1),
		hardStops: z.array(HardStopSchema).default([]),
		judgements: z.array(JudgementSchema).default([]),
		caps: z.array(CapSchema).default([]),
		conditionalCaps: z.array(ConditionalCapSchema).optional(),
		evidence: EvidenceRulesSchema.optional(),
		bands: z.array(BandSchema).min(2, 'list at least two bands'),
		support: z.array(ServiceSchema).default([]),
		afterReturnSupportWeeks: z
			.number()
			.int()
			.min(1)
			.describe('Minimum weeks support continues after return.'),
		reviews: z.array(ReviewSchema).default([]),
		planDates: PlanDatesSchema.optional(),
		followUp: FollowUpRulesSchema.optional(),
		referenceCosts: z.strictObject({
			comparisonWeeks: z.number().int().min(1).max(156),
			defaultPlacement: id('placement id'),
			placements: z.array(PlacementCostSchema).min(1),
			reEntry: z
				.strictObject({
					label: text('Re-entry label'),
					cost: z.number().gt(0),
					source: id('source id'),
					date: sourceDate
				})
				.optional()
		}),
		decision: z.strictObject({
			minReasonLength: z.number().int().min(1).max(2000),
			managerApprovalBeyondSteps: z
				.number()
				.int()
				.min(0)
				.describe('An override that moves more bands than this needs a manager’s approval.')
		})
	})
	.describe('A Homeward rules file: one version of an assessment.');

export type Option = z.infer<typeof OptionSchema>;
export type Scale = z.infer<typeof ScaleSchema>;
export type Factor = z.infer<typeof FactorSchema>;
export type Domain = z.infer<typeof DomainSchema>;
export type HardStop = z.infer<typeof HardStopSchema>;
export type Band = z.infer<typeof BandSchema>;
export type Judgement = z.infer<typeof JudgementSchema>;
export type Cap = z.infer<typeof CapSchema>;
export type ConditionalCap = z.infer<typeof ConditionalCapSchema>;
export type Fact = z.infer<typeof FactSchema>;
export type EvidenceRules = z.infer<typeof EvidenceRulesSchema>;
export type Service = z.infer<typeof ServiceSchema>;
export type Review = z.infer<typeof ReviewSchema>;
export type FollowUpRules = z.infer<typeof FollowUpRulesSchema>;
export type PlanDates = z.infer<typeof PlanDatesSchema>;
export type Phase = (typeof PHASES)[number];
/** A rules file after structural validation (defaults filled in). Use `parseRules` to get one. */
export type RulesData = z.infer<typeof RulesSchema>;
