/**
 * Training scenarios: fictional, fully answered cases that trainers walk through in a room.
 * Pure TypeScript (zod and the domain core only): no Svelte, DOM or Dexie imports.
 *
 * One scenario is one YAML file in `scenarios/` (the full guide is `README.md` beside this file):
 *
 *   id: alcohol-recovery            # lower-case words joined by hyphens; the file is `<id>.yaml`
 *   title: 'Fictional: …'           # "fictional" must appear in the title or the summary
 *   fictional: true                 # required, and must be exactly true
 *   summary: >- …                   # one line
 *   narrative: >- …                 # the trainer's story: a few short paragraphs
 *   rules: { id: reunification-readiness, version: 1.0.0 }   # the rules version it was written for
 *   caseDetails:                    # the shape of CaseDetailsSchema (src/lib/domain/assessment.ts)
 *     caseRef: TRAIN-01             # always TRAIN-<number>
 *     ageBand: 5-10                 # required here (no blank)
 *     legalStatus: interim-care-order
 *     assessmentDate: '2026-11-23'  # YYYY-MM-DD; the engine's "today" for this scenario
 *     assessorName: Training assessor
 *     assessorRole: Social worker
 *     returningTo: Mother (single-parent household)
 *   answers: { factor-id: value }   # every required question that applies is answered
 *   notes: { factor-id: evidence }  # evidence notes, only for questions that are asked
 *   trainerNotes: { step-id: text } # step: case-details, a domain id, check-answers or result
 *   expected:
 *     band: ready-with-plan         # exactly the band the engine gives
 *     hardStops: []                 # exactly the hard stops the engine gives
 *     planIncludes: [service-id]    # services the plan must include
 *     planExcludes: [service-id]    # optional: services the plan must not include
 *
 * `parseScenario` checks the structure with zod, then everything against the pinned rules version:
 * answers (with `checkAnswers`), completeness, notes, trainer steps and the expected ids. Whether
 * the engine really gives the expected outcome is checked by `compareWithExpected` (and the golden
 * tests in tests/unit/scenarios.test.ts), because that is what the scenario is for.
 */
import { z } from 'zod';
import { answerState, checkAnswers, factsFromCase } from '../domain/answers.ts';
import { isIsoDate } from '../domain/dates.ts';
import { assess, type AssessmentResult } from '../domain/engine.ts';
import type { Rules } from '../domain/rules.ts';
import { wizardSteps } from '../flow/steps.ts';
import { AGE_BANDS, CaseDetailsSchema, LEGAL_STATUSES } from '../domain/assessment.ts';
import {
	NOT_PROVIDED_REASONS,
	OUTCOMES,
	RE_ENTRY_NEED,
	RETURNED_TO,
	REVIEW_NEXT,
	SUPPORT_STATES
} from '../domain/follow-up.ts';

/** Finds the rules version a scenario was written for (the app's registry; rules/ in tests). */
export type FindRules = (id: string, version: string) => Rules | undefined;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MISSING = 'is required but missing';
/** A zod error option: "required" when the field is absent, otherwise the given message. */
const or = (message: string) => ({
	error: (issue: { input?: unknown }) => (issue.input === undefined ? MISSING : message)
});
const text = z.string(or('must be text')).trim().min(1, 'must not be empty');
const ids = z.array(text);

/** Case details as stored with an assessment, tightened so they never pass for a real case. */
const ScenarioCaseDetailsSchema = z.strictObject({
	...CaseDetailsSchema.shape,
	caseRef: z
		.string(or('must be text'))
		.regex(
			/^TRAIN-\d{2,}$/,
			'must be a training reference such as "TRAIN-01", so it is never mistaken for a real case'
		),
	ageBand: z.enum(AGE_BANDS, or(`must be one of ${AGE_BANDS.join(', ')}`)),
	legalStatus: z.enum(LEGAL_STATUSES, or(`must be one of ${LEGAL_STATUSES.join(', ')}`)),
	assessmentDate: z
		.string(or('must be text'))
		.refine(isIsoDate, 'must be a real date written YYYY-MM-DD, such as "2026-11-23"'),
	assessorName: z.literal(
		'Training assessor',
		or('must be "Training assessor": scenarios never name a real person')
	),
	assessorRole: text,
	returningTo: text
});

const day = z
	.string(or('must be text'))
	.refine(isIsoDate, 'must be a real date written YYYY-MM-DD, such as "2026-11-23"');

/**
 * Fictional follow-up (issue 15), so training mode's caseload and evaluation export have something
 * to show: the case as signed on its own (earlier) assessment date, then the return, the support
 * given for items of its chosen plan, reviews and outcomes, all fictional.
 */
export const ScenarioFollowUpSchema = z.strictObject({
	/** The assessment date of the signed case (its plan is dated from it). */
	assessmentDate: day,
	plannedReturnDate: day,
	signedOn: day,
	returned: z.strictObject({
		date: day,
		planned: z.boolean(),
		returnedTo: z.enum(RETURNED_TO)
	}),
	support: z.array(
		z.strictObject({
			/** A key of the chosen plan (a service id). */
			item: text,
			state: z.enum(SUPPORT_STATES),
			date: day,
			reason: z.enum(NOT_PROVIDED_REASONS).nullable().default(null)
		})
	),
	reviews: z.array(
		z.strictObject({
			date: day,
			/** The schedule item it answers (follow-up-schedule.ts keys), or null for an extra review. */
			due: z.string().nullable().default(null),
			supportInPlace: z.enum(['yes', 'partly', 'no']),
			newConcerns: z.boolean(),
			concerns: z.string().default(''),
			childViews: z.string().default(''),
			parentViews: z.string().default(''),
			next: z.enum(REVIEW_NEXT)
		})
	),
	outcomes: z.array(
		z.strictObject({
			check: text,
			date: day,
			outcome: z.enum(OUTCOMES),
			reEntry: z
				.strictObject({ date: day, planned: z.boolean(), need: z.enum(RE_ENTRY_NEED) })
				.nullable()
				.default(null)
		})
	)
});
export type ScenarioFollowUp = z.infer<typeof ScenarioFollowUpSchema>;

export const ScenarioSchema = z
	.strictObject({
		id: z
			.string(or('must be text'))
			.regex(SLUG, 'must be lower-case words joined by hyphens, such as "alcohol-recovery"'),
		title: text,
		fictional: z.literal(true, {
			error: (issue) =>
				issue.input === undefined
					? 'is required: every training scenario must say "fictional: true"'
					: 'must be true: every training scenario is a fictional case'
		}),
		summary: text.refine((s) => !s.includes('\n'), 'must be a single line'),
		narrative: text,
		rules: z.strictObject({ id: text, version: text }),
		caseDetails: ScenarioCaseDetailsSchema,
		answers: z.record(
			z.string(),
			z.string("must be a text value such as \"adequate\" (write 'yes' and 'no' in quotes)")
		),
		notes: z.record(z.string(), text).default({}),
		trainerNotes: z.record(z.string(), text).default({}),
		followUp: ScenarioFollowUpSchema.optional(),
		expected: z.strictObject({
			band: text,
			hardStops: ids,
			planIncludes: ids,
			planExcludes: ids.default([])
		})
	})
	.refine((s) => /fictional/i.test(`${s.title} ${s.summary}`), {
		message: 'the title or the summary must say that the case is fictional',
		path: ['title']
	});

export type Scenario = z.infer<typeof ScenarioSchema>;

export type ParseScenarioResult =
	{ ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/**
 * Steps of the wizard for these rules, in order, that a trainer note may be attached to: taken from
 * the wizard's own step list, so the two can never disagree.
 */
export function trainerSteps(rules: Rules): string[] {
	return wizardSteps(rules).filter((step) => step !== 'tasks' && step !== 'sign-off');
}

const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

function pathOf(path: readonly PropertyKey[]): string {
	return path.reduce<string>(
		(out, part) =>
			typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part),
		''
	);
}

function zodMessage(issue: z.core.$ZodIssue): string {
	if (issue.code === 'unrecognized_keys') {
		return `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}: check the spelling, or remove it`;
	}
	if (/received undefined/.test(issue.message)) return MISSING;
	if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
		return `has the wrong type: ${issue.message.replace(/^Invalid input: /, '')}`;
	}
	return issue.message;
}

/**
 * Validate raw scenario data (parsed YAML) against the schema and the rules version it names.
 * Never throws for bad input. `source` (a file name) is added to messages when given.
 */
export function parseScenario(
	data: unknown,
	findRules: FindRules,
	source?: string
): ParseScenarioResult {
	const rawId = typeof data === 'object' && data !== null && 'id' in data ? data.id : undefined;
	const name =
		typeof rawId === 'string' && rawId !== '' ? `Scenario "${rawId}"` : 'A scenario without an id';
	const prefix = source ? `${name} (${source})` : name;
	const fail = (problems: string[]): ParseScenarioResult => ({
		ok: false,
		errors: problems.map((p) => sentence(`${prefix}: ${p}`))
	});

	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		return fail([
			'the file must hold a mapping of fields (id, title, fictional, …), not a list or a single value'
		]);
	}
	const parsed = ScenarioSchema.safeParse(data);
	if (!parsed.success) {
		return fail(
			parsed.error.issues.map((i) => `${pathOf(i.path) || 'the scenario'}: ${zodMessage(i)}`)
		);
	}
	const scenario = parsed.data;
	const rules = findRules(scenario.rules.id, scenario.rules.version);
	if (!rules) {
		return fail([
			`rules: it was written for rules "${scenario.rules.id}" version ${scenario.rules.version}, which is not built into Homeward`
		]);
	}
	const problems = checkAgainstRules(scenario, rules);
	return problems.length > 0 ? fail(problems) : { ok: true, scenario };
}

/** Everything about a structurally valid scenario that depends on its rules version. */
function checkAgainstRules(scenario: Scenario, rules: Rules): string[] {
	const problems: string[] = [];
	const { id, version } = rules.data;
	const under = `rules ${id} ${version}`;

	const checked = checkAnswers(rules, scenario.answers);
	if (!checked.ok) {
		for (const issue of checked.issues) problems.push(`answers.${issue.factor}: ${issue.message}`);
		return problems;
	}

	const { visible } = answerState(rules, scenario.answers, factsFromCase(scenario.caseDetails));
	for (const factor of Object.keys(scenario.answers)) {
		if (!visible.has(factor)) {
			problems.push(
				`answers.${factor}: this question is not asked with the other answers given (its condition does not hold), so the answer would be ignored; remove it`
			);
		}
	}
	const unanswered = [...visible].filter(
		(f) => rules.factors.get(f)?.factor.required && scenario.answers[f] === undefined
	);
	if (unanswered.length > 0) {
		problems.push(
			`answers: every question that applies must be answered; missing ${unanswered.map((f) => `"${f}"`).join(', ')}`
		);
	}

	for (const factor of Object.keys(scenario.notes)) {
		if (!rules.factors.has(factor)) {
			problems.push(
				`notes.${factor}: a note for unknown factor "${factor}": it is not in ${under}`
			);
		} else if (!visible.has(factor)) {
			problems.push(`notes.${factor}: a note for a question that is not asked with these answers`);
		}
	}

	const steps = trainerSteps(rules);
	for (const step of Object.keys(scenario.trainerNotes)) {
		if (!steps.includes(step)) {
			problems.push(
				`trainerNotes.${step}: unknown step "${step}" (steps in ${under}: ${steps.join(', ')})`
			);
		}
	}

	const bands = rules.data.bands.map((b) => b.id);
	if (!bands.includes(scenario.expected.band)) {
		problems.push(
			`expected.band: unknown band "${scenario.expected.band}" (bands in ${under}: ${bands.join(', ')})`
		);
	}
	const hardStops = new Set(rules.data.hardStops.map((h) => h.id));
	scenario.expected.hardStops.forEach((h, i) => {
		if (!hardStops.has(h))
			problems.push(`expected.hardStops[${i}]: unknown hard stop "${h}" in ${under}`);
	});
	const services = new Set(rules.data.support.map((s) => s.id));
	for (const field of ['planIncludes', 'planExcludes'] as const) {
		scenario.expected[field].forEach((s, i) => {
			if (!services.has(s))
				problems.push(`expected.${field}[${i}]: unknown service "${s}" in ${under}`);
		});
	}
	for (const s of scenario.expected.planIncludes) {
		if (scenario.expected.planExcludes.includes(s)) {
			problems.push(`expected: service "${s}" is in both planIncludes and planExcludes`);
		}
	}
	return problems;
}

/** The engine's result for a scenario, under its own rules version, on its assessment date. */
export function assessScenario(scenario: Scenario, rules: Rules): AssessmentResult {
	return assess(rules, scenario.answers, {
		today: scenario.caseDetails.assessmentDate,
		facts: factsFromCase(scenario.caseDetails)
	});
}

export { compareWithExpected } from './expected.ts';
