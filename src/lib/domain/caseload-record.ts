/**
 * What one stored assessment contributes to the caseload: its digest (caseload-digest.ts), made
 * from the record and the rules it pins. The chosen plan comes from the engine, as everywhere else.
 */
import { assessOptionsFrom, choosePlan } from './plan.ts';
import { assessDecided } from './decision.ts';
import { factsFromCase } from './answers.ts';
import type { CaseloadDigest } from './caseload-digest.ts';
import type { FollowUp } from './follow-up.ts';
import { scheduleInputOf } from './follow-up-schedule.ts';
import type { Assessment } from './assessment.ts';
import type { Rules } from './rules.ts';

/** What the digest is made from: a stored assessment (the record satisfies this). */
export type DigestSource = Assessment & {
	band: string | null;
	createdAt: string;
	followUp: FollowUp;
	rules: { id: string; version: string };
};

const isDate = (s: string | undefined | null): s is string =>
	typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s);
const dayOf = (iso: string | undefined | null): string | null =>
	iso && isDate(iso.slice(0, 10)) ? iso.slice(0, 10) : null;

/** Each plan item's support as it stands after its events (oldest first). */
export function supportStates(events: FollowUp['support']): CaseloadDigest['support'] {
	const byItem = new Map<string, CaseloadDigest['support'][number]>();
	for (const e of events) {
		const was = byItem.get(e.item);
		const begins = e.state === 'started' || e.state === 'in-place';
		byItem.set(e.item, {
			item: e.item,
			state: e.state,
			started: begins
				? (was?.started ?? e.date)
				: e.state === 'ended'
					? (was?.started ?? null)
					: null,
			ended: e.state === 'ended' ? e.date : null,
			reason: e.state === 'not-provided' ? e.reason : null
		});
	}
	return [...byItem.values()];
}

/**
 * The digest of one assessment. `rules` are the rules it pins (undefined when this build lacks
 * them: then the plan is left empty rather than built under other rules).
 */
export function caseloadDigest(record: DigestSource, rules: Rules | undefined): CaseloadDigest {
	const { decision, caseDetails, followUp } = record;
	const assessed = isDate(caseDetails.assessmentDate) ? caseDetails.assessmentDate : null;
	let plan: CaseloadDigest['plan'] = [];
	let placement: CaseloadDigest['placement'] = null;
	// A plan is agreed only with a decision; before one, nothing is demanded of any service.
	if (rules && decision && assessed) {
		const result = assessDecided(
			rules,
			record.answers,
			{ today: assessed, facts: factsFromCase(caseDetails), ...assessOptionsFrom(record.planning) },
			decision
		);
		const chosen = choosePlan(rules, result, record.planning, assessed);
		plan = chosen.items
			.filter((i) => i.recommended?.kind !== 'evidence')
			.map((i) => ({
				key: i.key,
				service: i.origin === 'added' ? 'own' : i.key,
				phase: i.phase,
				weeks: i.weeks,
				weeklyCost: i.weeklyCost
			}));
		const p = chosen.costs.placement;
		placement = { id: p.id, weeklyCost: p.weeklyCost, own: p.userFigure };
	}
	const last = followUp.returns.at(-1);
	return {
		rules: { id: record.rules.id, version: record.rules.version },
		status: record.status,
		created: record.createdAt,
		assessed,
		ageBand: caseDetails.ageBand,
		legalStatus: caseDetails.legalStatus,
		scored: decision ? decision.computedBand : record.band,
		decided: decision
			? decision.kind === 'override'
				? decision.band
				: decision.computedBand
			: null,
		override: decision?.kind === 'override',
		approvalNeeded: decision?.kind === 'override' && decision.needsManagerApproval,
		decidedOn: dayOf(decision?.decidedAt),
		signedOn: record.signOff
			? (dayOf(record.signOff.date) ?? dayOf(record.signOff.signedAt))
			: null,
		placement,
		plan,
		support: supportStates(followUp.support),
		returned: last
			? last.kind === 'home'
				? {
						kind: 'home',
						date: last.date,
						planned: last.planned,
						returnedTo: last.returnedTo,
						plan: null
					}
				: { kind: 'other-plan', date: last.date, planned: null, returnedTo: null, plan: last.plan }
			: null,
		reviews: followUp.reviews.map((r) => ({
			date: r.date,
			due: r.due,
			inPlace: r.supportInPlace,
			newConcerns: r.newConcerns,
			next: r.next
		})),
		outcomes: followUp.outcomes.map((o) => ({
			check: o.check,
			date: o.date,
			outcome: o.outcome,
			reEntry: o.reEntry
		})),
		closed: followUp.closed?.date ?? null,
		schedule: rules && decision ? scheduleDates(record, rules) : null
	};
}

function scheduleDates(record: DigestSource, rules: Rules): CaseloadDigest['schedule'] {
	const { assessmentDate, decisionDate, returnDate, otherPlanDate, reviewsBeforeReturn } =
		scheduleInputOf(record, rules);
	return { assessmentDate, decisionDate, returnDate, otherPlanDate, reviewsBeforeReturn };
}
