/**
 * The team this device is connected to, as `localStorage` keeps it (validated on every read), and
 * what the signed-in user's roles let them do here. Small, with none of the sync code, so the
 * first page's approval list and the delete page can ask it without loading the bridge.
 */
import * as z from 'zod/mini';
import {
	actorOf,
	deletionRefusal,
	membershipRefusal,
	REFUSALS,
	TEAM_DB_NAME,
	TEAM_ROLES
} from '../domain/team-rules.ts';
import type { AssessmentStatus } from '../domain/assessment.ts';
import { TEAM_CONFIG_KEY } from './team-key.ts';

export const TeamConfigSchema = z.object({
	/** The server's path on this origin (behind the council's reverse proxy), ending in `/`. */
	server: z.string().check(z.regex(/^\/[^?#]*\/$/)),
	db: z.string().check(z.regex(TEAM_DB_NAME)),
	user: z.string().check(z.minLength(1)),
	/**
	 * The user's CouchDB roles as `_session` last reported them (at sign-in, and each time sync
	 * starts while the server can be reached). Only for what the app shows: the server decides
	 * again on every write. A device connected before roles were kept reads as having none.
	 */
	roles: z._default(z.array(z.string()), () => [])
});
export type TeamConfig = z.infer<typeof TeamConfigSchema>;

/** The team this device is connected to, or null (never throws). */
export function readTeamConfig(): TeamConfig | null {
	try {
		const raw = localStorage.getItem(TEAM_CONFIG_KEY);
		if (raw === null) return null;
		const parsed = TeamConfigSchema.safeParse(JSON.parse(raw));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

export function writeTeamConfig(config: TeamConfig): void {
	localStorage.setItem(TEAM_CONFIG_KEY, JSON.stringify(config));
}

/** The roles in a `_session` answer (`{ userCtx: { name, roles } }` or `{ name, roles }`), if any. */
export function sessionRoles(body: unknown, user: string): string[] | null {
	const Session = z.object({ name: z.nullable(z.string()), roles: z.array(z.string()) });
	const parsed = z.union([z.object({ userCtx: Session }), Session]).safeParse(body ?? {});
	if (!parsed.success) return null;
	const ctx = 'userCtx' in parsed.data ? parsed.data.userCtx : parsed.data;
	return ctx.name === user ? ctx.roles : null;
}

/** Whether the signed-in user is one of the team's managers (a server admin counts as one). */
export function isTeamManager(config: TeamConfig | null): boolean {
	return (
		config !== null && actorOf({ name: config.user, roles: config.roles }, {}).kind === 'manager'
	);
}

/** Roles in words, for the Team page. */
export function roleWords(config: TeamConfig): string {
	if (config.roles.includes('_admin')) return 'Server administrator (writes as a manager)';
	if (config.roles.includes(TEAM_ROLES.manager)) return 'Manager';
	if (config.roles.includes(TEAM_ROLES.practitioner)) return 'Practitioner';
	return 'No Homeward role on this device’s last sign-in';
}

/**
 * Whether this device may delete an assessment: null when it may (not in team mode, or a
 * manager deleting an unsigned case), else the sentence to show. In team mode every real case is
 * the team's, and the server's rule (`deletionRefusal`) is asked here first, so a practitioner is
 * told at once instead of the deletion being refused later.
 */
export function deleteRefusal(
	config: TeamConfig | null,
	status: AssessmentStatus
): { reason: string; action: string } | null {
	if (config === null) return null;
	const refusal = deletionRefusal(actorOf({ name: config.user, roles: config.roles }, {}), status);
	if (refusal === null) return null;
	return {
		reason: refusal.reason,
		action:
			status === 'signed'
				? 'It stays on every device in your team and on the team server.'
				: 'It is shared with your team, so it stays on every device and on the team server. If it should be deleted, ask your manager to delete it on their device.'
	};
}

/** Refused unless a manager: the server's sentence for a non-member, else `reason` and `action`. */
function managerOnly(
	config: TeamConfig,
	reason: string,
	action: string
): { reason: string; action: string } | null {
	const actor = actorOf({ name: config.user, roles: config.roles }, {});
	const member = membershipRefusal(actor);
	if (member) return { reason: member.reason, action: '' };
	return actor.kind === 'manager' ? null : { reason, action };
}

/**
 * Whether this device may record a manager's approval or return: null when it may (not in team
 * mode, or a manager), else the sentence to show. The server refuses a practitioner's review
 * (`REFUSALS.managerOnlyReview`), so they are told here instead of being offered a form.
 */
export function approvalRefusal(
	config: TeamConfig | null
): { reason: string; action: string } | null {
	if (config === null) return null;
	return managerOnly(
		config,
		REFUSALS.managerOnlyReview,
		'Your team’s manager approves or returns it on their device; their decision shows here once this device has synced.'
	);
}

/**
 * Whether this device may hand team cases over to another practitioner: null for a manager, else
 * the sentence to show (the server refuses anyone else's change of author). Team mode only: the
 * hand-over page says so without a team.
 */
export function handOverRefusal(config: TeamConfig): { reason: string; action: string } | null {
	return managerOnly(
		config,
		REFUSALS.managerOnlyHandOver,
		'When a practitioner leaves, ask your team’s manager to hand their assessments over on the manager’s device.'
	);
}

/** The cases a person asked to delete on this device, until the sync bridge has acted on them. */
export const DELETIONS_KEY = 'homeward-team-deletions';

function readDeletions(): string[] {
	try {
		const parsed = z
			.array(z.string())
			.safeParse(JSON.parse(localStorage.getItem(DELETIONS_KEY) ?? '[]'));
		return parsed.success ? parsed.data : [];
	} catch {
		return [];
	}
}

/**
 * Records that the person asked to delete this team case here (before it is removed from the
 * store): only such a removal is sent to the team as a deletion.
 */
export function askToDelete(id: string): void {
	const ids = readDeletions();
	if (!ids.includes(id)) localStorage.setItem(DELETIONS_KEY, JSON.stringify([...ids, id]));
}

/** Whether the person asked to delete this case here; the request is used up. */
export function takeDeletionRequest(id: string): boolean {
	const ids = readDeletions();
	if (!ids.includes(id)) return false;
	const rest = ids.filter((i) => i !== id);
	try {
		if (rest.length === 0) localStorage.removeItem(DELETIONS_KEY);
		else localStorage.setItem(DELETIONS_KEY, JSON.stringify(rest));
	} catch {
		// A full localStorage: the request stays, and is used up the next time.
	}
	return true;
}
