/**
 * The first page's "awaiting approval" list: the assessments on this device waiting for a
 * manager's approval or return, oldest first, and whether the person here is the one to give it
 * (a manager signed in to a team; on a device with no team, whoever records it).
 */
import type { AssessmentSummary } from '../storage/record.ts';
import type { StorageError } from '../storage/errors.ts';
import type { AppContext } from './context.ts';
import { isTeamManager, readTeamConfig } from './team-config.ts';

export interface AwaitingApproval {
	/** Who is looking: a team's manager (theirs to approve), a team's practitioner, or no team. */
	viewer: 'manager' | 'practitioner' | 'no-team';
	entries: { id: string; caseRef: string; since: string }[];
}

/** Who is looking, from the team this device is connected to. */
export function approvalViewer(): AwaitingApproval['viewer'] {
	const config = readTeamConfig();
	if (config === null) return 'no-team';
	return isTeamManager(config) ? 'manager' : 'practitioner';
}

const entriesOf = (list: AssessmentSummary[]): AwaitingApproval['entries'] =>
	list.map((s) => ({ id: s.id, caseRef: s.caseRef, since: s.updatedAt }));

/** Follows the list (now and after every change, including ones sync brings); returns a stop. */
export function watchAwaitingApproval(
	ctx: AppContext,
	onChange: (list: AwaitingApproval) => void,
	onError: (error: StorageError) => void
): () => void {
	const viewer = approvalViewer();
	return ctx.store.watchAwaitingApproval(
		(list) => onChange({ viewer, entries: entriesOf(list) }),
		onError
	);
}
