/**
 * The panel summary of one stored assessment: everything the printed summary shows, worked out
 * from the record and the rules it pins. Plain TypeScript (no Svelte, no DOM, no storage calls),
 * so what the panel reads is unit-tested like the engine.
 */
import { answerState, factsFromCase } from './answers.ts';
import type { Rules } from './compile.ts';
import { assessDecided, decisionStands } from './decision.ts';
import type { AssessmentResult } from './engine.ts';
import { whatWouldChange, type WhatWouldChange } from './what-would-change.ts';
import { assessOptionsFrom, choosePlan, type ChosenPlan } from './plan.ts';
import { verifyTrail, type AuditEntry, type TrailCheck } from './audit.ts';
import { HAND_OVER_FIELD } from './hand-over.ts';
import {
	approvalState,
	DECLARATION,
	timeInCare,
	type ApprovalState,
	type PracticeRecord
} from './governance.ts';
import { STATUS_LABELS } from './wording.ts';
import {
	approvalReasonsOf,
	finalBand,
	type Assessment,
	type DecisionRecord,
	type ReviewCopy
} from './assessment.ts';

export interface AppliedAnswer {
	factor: string;
	label: string;
	question: string;
	answer: string;
	note: string;
	/** On a review: the date of the assessment this note was copied from, until it was edited. */
	copiedFrom: string | null;
}

export interface PanelSummary {
	result: AssessmentResult;
	plan: ChosenPlan;
	/** The smallest set of changes to the answers that would move the band up. */
	change: WhatWouldChange | null;
	/** The decision, if it is about the band the answers now give (a stale one is not shown). */
	decision: DecisionRecord | null;
	scoredBand: { id: string; label: string } | null;
	finalBand: { id: string; label: string } | null;
	/** Why the decision needs a manager's approval, as sentences (empty when it does not). */
	approvalReasons: string[];
	signed: boolean;
	/** Only the questions that applied, by section, with answers and evidence notes. */
	applied: { domain: string; title: string; answers: AppliedAnswer[] }[];
	governance: GovernanceSummary;
}

/** One entry of the history of changes, in words for the panel. */
export interface PrintedChange {
	seq: number;
	at: string;
	who: string;
	label: string;
	old: string;
	new: string;
	reason: string;
}

/** What the panel reads about approval, the practitioner's own record and the changes made. */
export interface GovernanceSummary {
	approval: ApprovalState;
	practice: PracticeRecord;
	/** Time in care at the date of assessment, in words, or null when the date is not given. */
	timeInCare: string | null;
	/** The declaration the assessor confirmed, or null when they did not (older records). */
	declaration: string | null;
	/** Every entry of the history of changes, oldest first. */
	changes: PrintedChange[];
	trail: TrailCheck;
}

const CASE_FIELDS: Record<string, string> = {
	caseRef: 'Case reference',
	ageBand: 'Child’s age',
	legalStatus: 'Legal status',
	assessmentDate: 'Date of assessment',
	assessorName: 'Assessor’s name',
	assessorRole: 'Assessor’s role',
	returningTo: 'Returning to',
	cameIntoCare: 'Date the child came into care'
};
const PLAN_FIELDS: Record<string, string> = {
	plannedReturnDate: 'Planned return date',
	placement: 'Placement compared against',
	placementWeeklyCost: 'Weekly cost of the placement',
	edits: 'Changes to the support plan'
};

/** The history of changes in words, oldest first. */
export function printedTrail(rules: Rules, trail: readonly AuditEntry[]): PrintedChange[] {
	return trail.map((e) => ({
		seq: e.seq,
		at: e.at,
		who: e.who,
		label: fieldLabel(rules, e.field),
		old: valueLabel(rules, e.field, e.old),
		new: valueLabel(rules, e.field, e.new),
		reason: e.reason
	}));
}

/** A tracked field or event of the history of changes, in words. */
export function fieldLabel(rules: Rules, field: string): string {
	const [kind, key = ''] = field.split(/:(.*)/s);
	const factor = rules.factors.get(key)?.factor.label ?? key;
	switch (kind) {
		case 'answer':
			return `Answer: ${factor}`;
		case 'note':
			return `Evidence note: ${factor}`;
		case 'case':
			return CASE_FIELDS[key] ?? key;
		case 'plan':
			return PLAN_FIELDS[key] ?? key;
		case 'decision':
			return 'Decision';
		case 'status':
			return 'Status';
		case 'approval':
			return 'Manager’s review';
		case HAND_OVER_FIELD:
			return 'Author (handed over)';
		default:
			return field;
	}
}

/** A value of the history of changes, in words: answers as their option labels, statuses as words. */
export function valueLabel(rules: Rules, field: string, value: string): string {
	if (value === '') return 'Not set';
	const [kind, key = ''] = field.split(/:(.*)/s);
	if (kind === 'answer') {
		const info = rules.factors.get(key);
		const option =
			info && [...info.scale.options, ...info.scale.neutral].find((o) => o.value === value);
		return option?.label ?? value;
	}
	if (kind === 'status' || (kind === 'approval' && value in STATUS_LABELS))
		return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? value;
	if (kind === 'decision') {
		const m = /^(Override to|Agree with) ([^:]+)(.*)$/s.exec(value);
		const band = m && rules.data.bands.find((b) => b.id === m[2]);
		return m && band ? `${m[1]} ${band.label}${m[3]}` : value;
	}
	if (field === 'plan:edits') return 'Edited (see the support plan)';
	return value;
}

/** Everything the printed panel summary shows, from an assessment and the rules it pins. */
export function panelSummary(
	rules: Rules,
	record: Assessment & { reviewCopy?: ReviewCopy | null }
): PanelSummary {
	const assessmentDate = record.caseDetails.assessmentDate;
	const facts = factsFromCase(record.caseDetails);
	const result = assessDecided(
		rules,
		record.answers,
		{ today: assessmentDate, facts, ...assessOptionsFrom(record.planning) },
		record.decision
	);
	const plan = choosePlan(rules, result, record.planning, assessmentDate);
	const decision = decisionStands(record.decision, result.band);
	const band = (id: string | null) => {
		const b = rules.data.bands.find((x) => x.id === id);
		return b ? { id: b.id, label: b.label } : null;
	};
	const { visible } = answerState(rules, record.answers, facts);
	const applied = rules.data.domains
		.map((d) => ({
			domain: d.id,
			title: d.title,
			answers: d.factors
				.filter((f) => visible.has(f.id))
				.map((f) => {
					const info = rules.factors.get(f.id);
					const value = record.answers[f.id];
					const option = info
						? [...info.scale.options, ...info.scale.neutral].find((o) => o.value === value)
						: undefined;
					return {
						factor: f.id,
						label: f.label,
						question: f.question,
						answer: value === undefined ? 'Not answered' : (option?.label ?? value),
						note: record.notes[f.id] ?? '',
						copiedFrom: record.reviewCopy?.notesFrom[f.id] ?? null
					};
				})
		}))
		.filter((d) => d.answers.length > 0);
	return {
		result,
		plan,
		change:
			result.band === null
				? null
				: whatWouldChange(rules, record.answers, {
						today: assessmentDate,
						facts
					}),
		decision,
		scoredBand: band(result.band),
		finalBand: band(finalBand(decision, result.band)),
		approvalReasons: approvalReasonsOf(decision),
		signed: record.status === 'signed',
		applied,
		governance: {
			approval: approvalState(
				approvalReasonsOf(decision).length > 0,
				record.status,
				record.managerReviews
			),
			practice: record.practice,
			timeInCare: timeInCare(record.practice.cameIntoCare, assessmentDate)?.text ?? null,
			declaration: record.signOff?.declaration === true ? DECLARATION : null,
			changes: printedTrail(rules, record.audit.trail),
			trail: verifyTrail(record.audit.trail)
		}
	};
}
