/**
 * The evaluation export: one anonymised row per child's episode (assessment → decision → return
 * → support → outcomes), and a data dictionary naming every column, its codes, its source in the
 * rules file and, where there is one, the matching field of the DfE's looked-after children return
 * (SSDA903) or the children in need census.
 *
 * What it leaves out, by construction: it is built from caseload digests (caseload-digest.ts),
 * which hold no case reference, no name, no record id and no free text. Ages are the age band the
 * case details already use, and every date is reduced to its month (YYYY-MM). Episodes are
 * numbered 1, 2, 3 … in the order their first assessment was started.
 */
import { toCsv, type Cell } from './csv.ts';
import { episodeSchedule, episodeSupport, direction, supportCounts } from './caseload.ts';
import { STAGES, type Episode } from './episodes.ts';
import {
	NOT_PROVIDED_REASONS,
	OTHER_PLANS,
	OUTCOMES,
	RE_ENTRY_NEED,
	RETURNED_TO
} from './follow-up.ts';
import { AGE_BANDS, LEGAL_STATUSES } from './assessment.ts';
import type { Rules } from './rules.ts';

export interface ExportContext {
	today: string;
	/** The current rules: their bands, services and outcome checks name the codes. */
	current: Rules;
	rulesFor: (id: string, version: string) => Rules | undefined;
}

export interface Column {
	name: string;
	meaning: string;
	/** The codes the column holds, in words. */
	codes: string;
	/** Where the codes are defined. */
	source: string;
	/** The matching field of SSDA903 or the children in need census, or null. */
	national: string | null;
	value: (e: Episode, ctx: ExportContext) => Cell;
}

/** 2026-11-23 → 2026-11; anything that is not a date → empty. */
export const monthOf = (date: string | null | undefined): string | null =>
	date && /^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 7) : null;

const FOLLOW_UP_CODES =
	'Homeward’s own code list (src/lib/domain/follow-up.ts), not the rules file';
const yesNo = 'yes, no; empty when not applicable';
const MONTH = 'a month, YYYY-MM; empty when not yet known';

const first = (e: Episode) => e.assessments[0]!;
const lastReEntry = (e: Episode) => e.outcomes.findLast((o) => o.reEntry !== null)?.reEntry ?? null;
const supportOf = (e: Episode, ctx: ExportContext) =>
	supportCounts(e) ? episodeSupport(e, ctx.today) : [];
const overdue = (e: Episode, ctx: ExportContext) =>
	episodeSchedule(e, ctx.today, ctx.rulesFor, ctx.current).filter((i) => i.status === 'overdue');
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The export's columns, the outcome checks taken from the current rules. */
export function evaluationColumns(current: Rules): Column[] {
	const bands = current.data.bands.map((b) => b.id).join(', ');
	const services =
		'a service id of the rules’ `support` catalogue, or own (an item the practitioner added)';
	const checks = current.data.followUp?.outcomeChecks ?? [];
	const columns: Column[] = [
		{
			name: 'episode',
			meaning:
				'The episode’s number in this file (1, 2, 3 … in the order the first assessment was started). Not a case reference and not stored anywhere: the same episode has another number in another export.',
			codes: 'a whole number',
			source: 'this export',
			national: null,
			value: () => null
		},
		{
			name: 'rules_version',
			meaning:
				'The rules version of the assessment whose decision stands (else the latest assessment).',
			codes: 'a semantic version such as 1.2.0',
			source: '`version`',
			national: null,
			value: (e) => (e.decision ?? e.assessments.at(-1)!).rules.version
		},
		{
			name: 'assessments',
			meaning: 'How many assessments the episode holds (the first, its reviews and new versions).',
			codes: 'a whole number, 1 or more',
			source: 'the stored assessments and their links',
			national: null,
			value: (e) => e.assessments.length
		},
		{
			name: 'age_band',
			meaning: 'The child’s age band at the first assessment (never a date of birth).',
			codes: AGE_BANDS.join(', ') + '; empty when not given',
			source: '`facts`: age-band',
			national:
				'SSDA903 date of birth (DOB); children in need census PersonBirthDate. This is a band of it at the assessment',
			value: (e) => first(e).ageBand || null
		},
		{
			name: 'legal_status',
			meaning: 'The child’s legal status at the first assessment.',
			codes: LEGAL_STATUSES.join(', ') + '; empty when not given',
			source: '`facts`: legal-status',
			national:
				'SSDA903 legal status (LS): section-20 is V2 (a single period of accommodation under section 20), interim-care-order C1, care-order C2 (full care order), placement-order E1 (placement order granted)',
			value: (e) => first(e).legalStatus || null
		},
		{
			name: 'first_assessed_month',
			meaning: 'The month of the first assessment.',
			codes: MONTH,
			source: 'case details: assessment date',
			national: null,
			value: (e) => monthOf(first(e).assessed)
		},
		{
			name: 'stage',
			meaning:
				'Where the episode stands: still being assessed, awaiting a manager’s approval, decided (signed, no return yet), at home, or closed (follow-up closed, another plan made, returned to care or another permanence plan).',
			codes: STAGES.join(', '),
			source: 'Homeward’s lifecycle and follow-up',
			national: null,
			value: (e) => e.stage
		},
		{
			name: 'scored_band',
			meaning: 'The band the answers gave (the one the decision was made about).',
			codes: `a band id of the rules’ \`bands\` (${bands}); empty before every required question is answered`,
			source: '`bands[].id`',
			national: null,
			value: (e) => e.scored
		},
		{
			name: 'decided_band',
			meaning: 'The practitioner’s band, once a decision is recorded.',
			codes: `a band id (${bands}); empty before a decision`,
			source: '`bands[].id`',
			national: null,
			value: (e) => e.decided
		},
		{
			name: 'band_change',
			meaning:
				'Whether the decided band differs from the scored one, and which way by the rules’ order of bands (least ready first): raised is towards a return.',
			codes: 'none, raised, lowered; empty before a decision',
			source: 'the order of `bands`',
			national: null,
			value: (e, ctx) =>
				e.decision && e.decided !== null
					? (direction(
							ctx.rulesFor(e.decision.rules.id, e.decision.rules.version),
							e.scored,
							e.decided
						) ?? 'none')
					: null
		},
		{
			name: 'approval_needed',
			meaning: 'Whether the decision needed a manager’s approval.',
			codes: yesNo,
			source: '`decision.managerApprovalBeyondSteps` and the hard stops',
			national: null,
			value: (e) => (e.decision ? e.decision.approvalNeeded : null)
		},
		{
			name: 'decided_month',
			meaning: 'The month the decision was recorded.',
			codes: MONTH,
			source: 'the decision',
			national: null,
			value: (e) => monthOf(e.decision?.decidedOn)
		},
		{
			name: 'return',
			meaning: 'Whether the child went home, or another plan was made instead.',
			codes: 'home, other-plan; empty when neither is recorded',
			source: FOLLOW_UP_CODES,
			national: 'SSDA903 reason episode ceased (REC): a return home is E4A or E4B',
			value: (e) => e.returned?.kind ?? null
		},
		{
			name: 'return_month',
			meaning: 'The month the child went home (or the other plan was made).',
			codes: MONTH,
			source: FOLLOW_UP_CODES,
			national: 'SSDA903 date episode ceased (DEC), reduced to its month',
			value: (e) => monthOf(e.returned?.date)
		},
		{
			name: 'return_planned',
			meaning:
				'Whether the return was planned (an unplanned return includes one before any decision).',
			codes: yesNo,
			source: FOLLOW_UP_CODES,
			national:
				'SSDA903 REC: E4A (returned home as part of the care planning process) is yes, E4B (not) is no',
			value: (e) => (e.returned?.kind === 'home' ? e.returned.planned : null)
		},
		{
			name: 'returned_to',
			meaning: 'Who the child went home to: a relationship, never a name.',
			codes: RETURNED_TO.join(', '),
			source: FOLLOW_UP_CODES,
			national: null,
			value: (e) => e.returned?.returnedTo ?? null
		},
		{
			name: 'other_plan',
			meaning: 'The plan made when the child did not go home.',
			codes: OTHER_PLANS.join(', '),
			source: FOLLOW_UP_CODES,
			national:
				'SSDA903 reason episode ceased (REC), once a plan that ends the episode is carried out: adoption E11 or E12, special guardianship E45 to E48; kinship and long-term fostering are placement types (U1 to U6) while the child stays looked after',
			value: (e) => e.returned?.plan ?? null
		},
		{
			name: 'support_items',
			meaning: 'Items of support in the chosen plan (evidence to gather is not counted).',
			codes: 'a whole number; empty before the decision is signed',
			source: '`support` (the plan the engine recommends, with the practitioner’s changes)',
			national: null,
			value: (e, ctx) => (e.decision ? supportOf(e, ctx).length : null)
		},
		{
			name: 'support_services',
			meaning: 'The services in the chosen plan, separated by spaces.',
			codes: services,
			source: '`support[].id`',
			national: null,
			value: (e, ctx) =>
				supportOf(e, ctx)
					.map((s) => s.item.service)
					.join(' ') || null
		},
		{
			name: 'support_weeks_planned',
			meaning: 'Weeks of support planned, added up over the items.',
			codes: 'a whole number of weeks',
			source: '`support[].typicalWeeks`, or the practitioner’s length',
			national: null,
			value: (e, ctx) => sum(supportOf(e, ctx).map((s) => s.item.weeks))
		},
		{
			name: 'support_cost_planned',
			meaning: 'Indicative cost of the support planned: weeks × weekly cost, in whole pounds.',
			codes: 'whole pounds (indicative)',
			source:
				'`support[].weeklyCost` with its `costSource` and `costDate`, or the practitioner’s figure',
			national: null,
			value: (e, ctx) =>
				Math.round(sum(supportOf(e, ctx).map((s) => s.item.weeks * s.item.weeklyCost)))
		},
		{
			name: 'support_items_provided',
			meaning: 'Items whose support started, is in place or has ended.',
			codes: 'a whole number',
			source: FOLLOW_UP_CODES,
			national: null,
			value: (e, ctx) => supportOf(e, ctx).filter((s) => s.provided).length
		},
		{
			name: 'support_items_not_provided',
			meaning: 'Items recorded as not provided.',
			codes: 'a whole number',
			source: FOLLOW_UP_CODES,
			national: null,
			value: (e, ctx) => supportOf(e, ctx).filter((s) => s.state === 'not-provided').length
		},
		{
			name: 'not_provided_reasons',
			meaning: 'Why items were not provided, one code per item, separated by spaces.',
			codes: NOT_PROVIDED_REASONS.join(', '),
			source: FOLLOW_UP_CODES,
			national: null,
			value: (e, ctx) =>
				supportOf(e, ctx)
					.flatMap((s) => (s.state === 'not-provided' && s.reason ? [s.reason] : []))
					.sort()
					.join(' ') || null
		},
		{
			name: 'support_weeks_given',
			meaning:
				'Weeks of support given so far, from each item’s start to its end (or to the day of the export), at most its planned length.',
			codes: 'a whole number of weeks',
			source: FOLLOW_UP_CODES,
			national: null,
			value: (e, ctx) => sum(supportOf(e, ctx).map((s) => s.weeks))
		},
		{
			name: 'support_cost_given',
			meaning:
				'Indicative cost of the support given so far: weeks given × weekly cost, in whole pounds.',
			codes: 'whole pounds (indicative)',
			source: '`support[].weeklyCost`, or the practitioner’s figure',
			national: null,
			value: (e, ctx) => Math.round(sum(supportOf(e, ctx).map((s) => s.cost)))
		},
		{
			name: 'reviews_held',
			meaning: 'Reviews recorded after the decision.',
			codes: 'a whole number',
			source: '`reviews` and `followUp.reassessment` (when they are due)',
			national: null,
			value: (e) => e.reviews.length
		},
		{
			name: 'reviews_new_concerns',
			meaning: 'Reviews that recorded new concerns.',
			codes: 'a whole number',
			source: FOLLOW_UP_CODES,
			national: null,
			value: (e) => e.reviews.filter((r) => r.newConcerns).length
		},
		{
			name: 'reviews_step_up',
			meaning: 'Reviews that decided to step support up.',
			codes: 'a whole number',
			source: FOLLOW_UP_CODES,
			national: null,
			value: (e) => e.reviews.filter((r) => r.next === 'step-up').length
		},
		{
			name: 'reviews_overdue',
			meaning:
				'Reviews and reassessments overdue on the day of the export (cases decided or at home).',
			codes: 'a whole number',
			source: '`reviews` (from the assessment and the return) and `followUp.reassessment`',
			national: null,
			value: (e, ctx) => overdue(e, ctx).filter((i) => i.kind !== 'outcome').length
		},
		{
			name: 'outcomes_overdue',
			meaning: 'Outcome checks overdue on the day of the export.',
			codes: 'a whole number',
			source: '`followUp.outcomeChecks`',
			national: null,
			value: (e, ctx) => overdue(e, ctx).filter((i) => i.kind === 'outcome').length
		}
	];
	for (const check of checks) {
		const col = `outcome_${check.id.replace(/-/g, '_')}`;
		columns.push(
			{
				name: col,
				meaning: `${check.label} (${check.afterReturnDays} days after the return): the latest recorded.`,
				codes: OUTCOMES.join(', ') + '; empty when not recorded',
				source: `\`followUp.outcomeChecks\`: ${check.id}`,
				national: null,
				value: (e) => e.outcomes.findLast((o) => o.check === check.id)?.outcome ?? null
			},
			{
				name: `${col}_month`,
				meaning: `The month that outcome was recorded for.`,
				codes: MONTH,
				source: `\`followUp.outcomeChecks\`: ${check.id}`,
				national: null,
				value: (e) => monthOf(e.outcomes.findLast((o) => o.check === check.id)?.date)
			}
		);
	}
	columns.push(
		{
			name: 're_entry',
			meaning: 'Whether the child returned to care after going home (from the outcomes recorded).',
			codes: 'yes, no; empty when no outcome is recorded',
			source: FOLLOW_UP_CODES,
			national: 'SSDA903: a new episode of care (its date episode started, DECOM)',
			value: (e) => (e.outcomes.length === 0 ? null : lastReEntry(e) !== null)
		},
		{
			name: 're_entry_month',
			meaning: 'The month the child returned to care.',
			codes: MONTH,
			source: FOLLOW_UP_CODES,
			national: 'SSDA903 date episode commenced (DECOM), reduced to its month',
			value: (e) => monthOf(lastReEntry(e)?.date)
		},
		{
			name: 're_entry_planned',
			meaning: 'Whether the return to care was planned.',
			codes: yesNo,
			source: FOLLOW_UP_CODES,
			national: null,
			value: (e) => lastReEntry(e)?.planned ?? null
		},
		{
			name: 're_entry_need',
			meaning: 'Why the child returned to care, as a category of need.',
			codes: `${RE_ENTRY_NEED.join(', ')} (N1 abuse or neglect, N2 child’s disability, N3 parental illness or disability, N4 family in acute stress, N5 family dysfunction, N6 socially unacceptable behaviour, N7 low income, N8 absent parenting)`,
			source: FOLLOW_UP_CODES,
			national:
				'Children in need census PrimaryNeedCode; SSDA903 category of need (CIN) at the start of the new episode. The same codes, N1 to N8',
			value: (e) => lastReEntry(e)?.need ?? null
		},
		{
			name: 'closed_month',
			meaning: 'The month the follow-up was closed.',
			codes: MONTH,
			source: FOLLOW_UP_CODES,
			national: null,
			value: (e) => monthOf(e.closed)
		}
	);
	return columns;
}

/** What the export leaves out, and why: shown on the export page and in the dictionary. */
export const LEFT_OUT: readonly string[] = [
	'Case references, record ids and every name (the assessor’s, the manager’s, anyone named in the case details): an evaluation needs none of them, and with them a row points at a child.',
	'All free text: evidence notes, the analysis, the child’s and parents’ views, reasons for a decision, a removal or a closure, review concerns, and the names and goals of support the practitioner added. Free text cannot be checked for names before it leaves the device.',
	'Full dates: each is reduced to its month (YYYY-MM); ages are the age band, never a date of birth.',
	'The answers to each question: the bands carry what they add up to.',
	'Training cases, from an export of real ones (and real cases from training mode’s).'
];

export interface EvaluationExport {
	columns: Column[];
	header: string[];
	rows: Cell[][];
}

/** One row per episode, numbered in the order given (episodesOf gives the order of first assessment). */
export function evaluationExport(
	episodes: readonly Episode[],
	ctx: ExportContext
): EvaluationExport {
	const columns = evaluationColumns(ctx.current);
	const rows = episodes.map((e, i) =>
		columns.map((c) => (c.name === 'episode' ? i + 1 : c.value(e, ctx)))
	);
	return { columns, header: columns.map((c) => c.name), rows };
}

export const evaluationCsv = (x: EvaluationExport): string => toCsv(x.header, x.rows);

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The data dictionary, in Markdown: every column, its codes, its source and its national match. */
export function dataDictionary(x: EvaluationExport, ctx: ExportContext): string {
	const { data } = ctx.current;
	const lines = [
		'# Homeward evaluation export: data dictionary',
		'',
		`One row per child's episode (assessment → decision → return → support → outcomes). Codes are those of the rules "${data.title}" version ${data.version} and Homeward's own follow-up codes. Costs are indicative: weekly costs come from the rules file, each with its source and date, or from the practitioner's own figure.`,
		'',
		'## What is left out',
		'',
		...LEFT_OUT.map((l) => `- ${l}`),
		'',
		'## Columns',
		'',
		'| Column | Meaning | Codes | Source in the rules file | SSDA903 or children in need census |',
		'| --- | --- | --- | --- | --- |',
		...x.columns.map(
			(c) =>
				`| \`${c.name}\` | ${md(c.meaning)} | ${md(c.codes)} | ${md(c.source)} | ${md(c.national ?? '—')} |`
		),
		'',
		'National field names and codes follow the DfE’s SSDA903 and children in need census guides (checked on 3 December 2026 against published code lists: SSDA903 DOB, LS, REC, DEC, DECOM and CIN; the census’s PersonBirthDate and PrimaryNeedCode). Check the guide for the year before matching rows to a return.',
		''
	];
	return lines.join('\n');
}
