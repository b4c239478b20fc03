/**
 * A compact digest of one assessment for the caseload view and the evaluation export: codes,
 * bands, dates, weeks and pounds only. It holds no case reference, no name and no free text
 * (notes, reasons, views, concerns, an added plan item's own words), so nothing built from it can
 * leak them: the caseload's figures and the export's rows are computed from digests alone.
 *
 * It is stored beside the record in the `caseload` table, as one short string
 * (caseload-codec.ts), so the caseload view of 5,000 assessments reads small rows rather than
 * every record in full. It needs the rules the record pins (the chosen plan's weeks and costs come
 * from the engine), which the storage layer does not load: the app computes it (`app/caseload.ts`),
 * and every ordinary save deletes the record's row, so it is brought up to date the next time the
 * caseload is shown.
 *
 * This file is the shape: the zod schema is the digest's specification, which the codec's tests
 * hold its fast decoder to, and what an older database's digests are checked with when they are
 * moved (storage/schema.ts). caseload-record.ts makes a digest.
 */
import * as z from 'zod/mini';
import {
	NOT_PROVIDED_REASONS,
	OTHER_PLANS,
	OUTCOMES,
	RE_ENTRY_NEED,
	RETURNED_TO,
	REVIEW_NEXT,
	SUPPORT_STATES
} from './follow-up.ts';
import { STATUSES } from './lifecycle.ts';

/**
 * The stored encoding's version (caseload-codec.ts), raised whenever the digest's shape or its
 * encoding changes: a row of another version is then recomputed, never misread. Version 1 was the
 * same shape as an object with `v: 1` in each summary row (database version 4).
 */
export const DIGEST_VERSION = 2;

const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const count = z.number().check(z.minimum(0));

export const CaseloadDigestSchema = z.object({
	rules: z.object({ id: z.string(), version: z.string() }),
	status: z.enum(STATUSES),
	/** When the record was started (ISO timestamp): orders the assessments of one episode. */
	created: z.string(),
	/** The assessment date, or null when not a date. */
	assessed: z.nullable(date),
	ageBand: z.string(),
	legalStatus: z.string(),
	/** The band the answers gave (the one the decision was made about, once decided). */
	scored: z.nullable(z.string()),
	/** The practitioner's band, once a decision is recorded. */
	decided: z.nullable(z.string()),
	override: z.boolean(),
	approvalNeeded: z.boolean(),
	decidedOn: z.nullable(date),
	signedOn: z.nullable(date),
	/** The placement the plan's costs were compared with (weekly, indicative). */
	placement: z.nullable(z.object({ id: z.string(), weeklyCost: count, own: z.boolean() })),
	/** The chosen plan's support items (not "evidence to gather"): service id or "own" for an added item. */
	plan: z.array(
		z.object({
			key: z.string(),
			service: z.string(),
			phase: z.string(),
			weeks: count,
			weeklyCost: count
		})
	),
	/** Where each plan item's support stands: its latest state, when it began and ended. */
	support: z.array(
		z.object({
			item: z.string(),
			state: z.enum(SUPPORT_STATES),
			started: z.nullable(date),
			ended: z.nullable(date),
			reason: z.nullable(z.enum(NOT_PROVIDED_REASONS))
		})
	),
	/** The return event that stands (the last recorded), or null. */
	returned: z.nullable(
		z.object({
			kind: z.enum(['home', 'other-plan']),
			date,
			planned: z.nullable(z.boolean()),
			returnedTo: z.nullable(z.enum(RETURNED_TO)),
			plan: z.nullable(z.enum(OTHER_PLANS))
		})
	),
	reviews: z.array(
		z.object({
			date,
			due: z.nullable(z.string()),
			inPlace: z.enum(['yes', 'partly', 'no']),
			newConcerns: z.boolean(),
			next: z.enum(REVIEW_NEXT)
		})
	),
	outcomes: z.array(
		z.object({
			check: z.string(),
			date,
			outcome: z.enum(OUTCOMES),
			reEntry: z.nullable(z.object({ date, planned: z.boolean(), need: z.enum(RE_ENTRY_NEED) }))
		})
	),
	closed: z.nullable(date),
	/**
	 * The dates the follow-up schedule counts from (`scheduleInputOf` in follow-up-schedule.ts),
	 * once decided; what is due is worked out on the day the caseload is shown, with the rules.
	 */
	schedule: z.nullable(
		z.object({
			assessmentDate: z.nullable(date),
			decisionDate: z.nullable(date),
			returnDate: z.nullable(date),
			otherPlanDate: z.nullable(date),
			reviewsBeforeReturn: z.enum(['all', 'until-return'])
		})
	)
});
export type CaseloadDigest = z.infer<typeof CaseloadDigestSchema>;
