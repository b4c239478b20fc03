/**
 * The lifecycle of an assessment, as one table: draft → completed (every required answer and a
 * decision) → awaiting approval (signed by the practitioner, when the decision needs a manager)
 * → signed; a manager's return sends it back to draft. Every move the app makes goes through
 * `nextStatus` (and `progressStatus` while it is written), so the pages, the store and the tests can never disagree about what is allowed.
 */

export const STATUSES = ['draft', 'completed', 'awaiting-approval', 'signed'] as const;
export type AssessmentStatus = (typeof STATUSES)[number];

/** What can happen to an assessment. */
export type LifecycleEvent =
	| 'complete' // every required question answered and a decision recorded
	| 'incomplete' // an answer or the decision removed again
	| 'sign' // the practitioner signs off with the declaration
	| 'approve' // a manager approves a decision that needed approval
	| 'return'; // a manager returns it with comments

type Table = Record<
	AssessmentStatus,
	Partial<Record<LifecycleEvent, AssessmentStatus | 'by-approval'>>
>;

const TABLE: Table = {
	draft: { complete: 'completed', incomplete: 'draft' },
	completed: { complete: 'completed', incomplete: 'draft', sign: 'by-approval' },
	'awaiting-approval': { approve: 'signed', return: 'draft' },
	signed: {}
};

/**
 * The status after `event`, or null when the event is not allowed from `status`. Signing leads
 * to "awaiting approval" when the decision needs a manager's approval, otherwise to "signed".
 */
export function nextStatus(
	status: AssessmentStatus,
	event: LifecycleEvent,
	needsApproval: boolean
): AssessmentStatus | null {
	const next = TABLE[status][event];
	if (next === undefined) return null;
	if (next === 'by-approval') return needsApproval ? 'awaiting-approval' : 'signed';
	return next;
}

/** Only a draft or a completed assessment may be changed; one with a manager, or signed, may not. */
export const canChange = (status: AssessmentStatus): boolean =>
	status === 'draft' || status === 'completed';

/** Why this assessment cannot be signed, or null when it can (only a completed one can). */
export function signRefusal(
	status: AssessmentStatus
): 'already-signed' | 'awaiting-approval' | 'not-completed' | null {
	if (status === 'signed') return 'already-signed';
	if (status === 'awaiting-approval') return 'awaiting-approval';
	return status === 'completed' ? null : 'not-completed';
}

/** True once nobody can change the assessment any more from the wizard (it is with a manager, or final). */
export const isFinished = (status: AssessmentStatus): boolean => !canChange(status);

/**
 * Whether an assessment being written is a draft or completed: completed once every required
 * question is answered, a decision recorded and the practitioner has reached sign-off. Reaching
 * sign-off is part of it so that the first pass through the plan needs no reasons: the history of
 * changes starts at completion, and every change after it needs one.
 */
export function progressStatus(p: {
	complete: boolean;
	decided: boolean;
	reachedSignOff: boolean;
}): 'draft' | 'completed' {
	return p.complete && p.decided && p.reachedSignOff ? 'completed' : 'draft';
}
