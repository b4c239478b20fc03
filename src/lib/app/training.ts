/** Use cases of training mode: a fictional scenario loaded as a training case. */
import { findRules } from '../rules-registry.ts';
import { factsFromCase } from '../domain/answers.ts';
import { emptyAudit, recordEvent, startTrailOnCompletion } from '../domain/audit.ts';
import { assess } from '../domain/engine.ts';
import { emptyPracticeRecord } from '../domain/governance.ts';
import { emptyPlanChoices } from '../domain/plan-choices.ts';
import type { Rules } from '../domain/rules.ts';
import { RECORD_SCHEMA_VERSION, type AssessmentRecord } from '../storage/record.ts';
import type { Scenario, ScenarioFollowUp } from '../training/scenario.ts';
import type { AppContext } from './context.ts';

/**
 * Starts a training case from scenario `s` under the rules it was written for, answered as the
 * scenario says or blank for a group to answer. Null when this build lacks those rules.
 */
export async function startTrainingCase(
	ctx: AppContext,
	s: Scenario,
	answered: boolean
): Promise<AssessmentRecord | null> {
	const rules = findRules(s.rules.id, s.rules.version);
	if (!rules) return null;
	return ctx.store.create({
		rules: { id: rules.data.id, version: rules.data.version, hash: rules.hash },
		caseDetails: { ...s.caseDetails },
		answers: answered ? { ...s.answers } : {},
		notes: answered ? { ...s.notes } : {}
	});
}

/**
 * The fictional follow-up examples (scenarios with a `followUp` block) as signed training cases
 * with their return, support, reviews and outcomes, so training mode's caseload and evaluation
 * export have something to show. Each is signed on its own date with the history a signed case
 * has; stored all or nothing through the store's import (validated, summary rows written).
 * A scenario already added is skipped. Returns how many were added.
 */
export async function addFollowUpExamples(
	ctx: AppContext,
	scenarios: readonly Scenario[]
): Promise<number> {
	const records: AssessmentRecord[] = [];
	for (const s of scenarios) {
		const rules = findRules(s.rules.id, s.rules.version);
		if (!rules || !s.followUp) continue;
		records.push(followUpExample(s, s.followUp, rules, exampleId(s)));
	}
	const counts = await ctx.store.importRecords(records, { onExisting: 'skip' });
	return counts.added;
}

/** A stable id per scenario (in the form Homeward makes), so adding the examples twice adds nothing. */
function exampleId(s: Scenario): string {
	let h = 0;
	for (const c of s.id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
	return `${h.toString(16).padStart(8, '0')}-0000-4000-8000-${'f'.repeat(12)}`;
}

function followUpExample(
	s: Scenario,
	f: ScenarioFollowUp,
	rules: Rules,
	id: string
): AssessmentRecord {
	const at = (date: string, time = '12:00') => `${date}T${time}:00.000Z`;
	const who = s.caseDetails.assessorName;
	const caseDetails = { ...s.caseDetails, assessmentDate: f.assessmentDate };
	const planning = { ...emptyPlanChoices(), plannedReturnDate: f.plannedReturnDate };
	const band = assess(rules, s.answers, {
		today: f.assessmentDate,
		facts: factsFromCase(caseDetails),
		plannedReturnDate: f.plannedReturnDate
	}).band;
	const by = (date: string) => ({ recordedAt: at(date, '16:00'), recordedBy: who });
	const draft: AssessmentRecord = {
		id,
		schemaVersion: RECORD_SCHEMA_VERSION,
		rules: { id: rules.data.id, version: rules.data.version, hash: rules.hash },
		caseDetails,
		answers: { ...s.answers },
		notes: { ...s.notes },
		visited: [],
		position: null,
		status: 'completed' as const,
		band,
		decision: band
			? { kind: 'agree' as const, computedBand: band, decidedAt: at(f.assessmentDate) }
			: null,
		planning,
		signOff: null,
		practice: {
			...emptyPracticeRecord(),
			analysis: `Fictional training analysis for ${s.caseDetails.caseRef}: the evidence supports the band and the plan.`
		},
		managerReviews: [],
		audit: emptyAudit(),
		reviewCopy: null,
		followUp: {
			returns: [{ kind: 'home' as const, ...f.returned, ...by(f.returned.date) }],
			support: f.support.map((e) => ({
				...e,
				reason: e.state === 'not-provided' ? e.reason : null,
				...by(e.date)
			})),
			reviews: f.reviews.map((r, i) => ({
				id: `${id}-review-${i + 1}`,
				...r,
				reassessment: null,
				...by(r.date)
			})),
			outcomes: f.outcomes.map((o) => ({ ...o, ...by(o.date) })),
			closed: null
		},
		reviewOf: null,
		supersedes: null,
		supersededBy: null,
		revision: 3,
		createdAt: at(f.assessmentDate, '09:00'),
		updatedAt: at(f.outcomes.at(-1)?.date ?? f.signedOn, '16:00')
	};
	const completed = startTrailOnCompletion(draft, at(f.assessmentDate, '11:00'));
	const signedAt = at(f.signedOn, '10:00');
	return {
		...completed,
		status: 'signed',
		signOff: { assessorName: who, date: f.signedOn, managerName: '', declaration: true, signedAt },
		audit: recordEvent(completed.audit, {
			at: signedAt,
			who,
			field: 'status',
			old: 'completed',
			new: 'signed',
			reason: 'Signed off by the assessor with the declaration.'
		})
	};
}
