/**
 * Settling a conflict (issue 16, "no silent overwrite"): a case changed on this device and on
 * another while they were apart. Both versions stay (this device's in Dexie, the other as a
 * revision in the team's copy, CouchDB keeping every leaf) until a person has chosen, field by
 * field, on the conflict page; the record put together from their choices (`resolveConflict`,
 * on top of the winning revision so its history is extended) is then saved as a new revision on
 * this device and in the team's copy, and only after that are the losing revisions deleted.
 * Loaded with team mode only.
 */
import { pinnedRules } from '../rules-registry.ts';
import {
	choiceKey,
	describeConflict,
	type DraftConflict,
	type Side
} from '../domain/draft-conflict.ts';
import { settleRefusal, settlement, type Choice } from '../domain/draft-conflict-settle.ts';
import { chooseMessage, conflictRows, type ConflictRow } from '../domain/draft-conflict-words.ts';
import { AssessmentRecordSchema, type AssessmentRecord } from '../storage/record.ts';
import type { ConflictVersions } from '../storage/team/bridge.ts';
import { app } from './root.ts';
import { startTeamSync } from './team.ts';

export type { ConflictRow } from '../domain/draft-conflict-words.ts';
export type { Side } from '../domain/draft-conflict.ts';
export type { Choice } from '../domain/draft-conflict-settle.ts';

export interface ConflictPage {
	id: string;
	caseRef: string;
	/** Every field that differs, in words, with the choice it needs. */
	rows: ConflictRow[];
	/** Why it cannot be settled here (a signed record), or null when it can. */
	readOnly: string | null;
	/** False when this device holds no version of its own: both are versions from the team. */
	mineIsHere: boolean;
	/** When each version was last changed. */
	mineUpdatedAt: string;
	theirsUpdatedAt: string;
	/** For settling: the versions read, the conflict described, the side written on top of. */
	versions: ConflictVersions;
	conflict: DraftConflict;
	keep: Side;
}

export type LoadedConflict =
	| { ok: true; page: ConflictPage }
	| { ok: false; kind: 'none' | 'no-team' | 'problem'; message: string };

/** The conflict on case `id`, read for the conflict page. */
export async function loadConflict(id: string): Promise<LoadedConflict> {
	const bridge = await startTeamSync();
	if (!bridge)
		return { ok: false, kind: 'no-team', message: 'This device is not connected to a team.' };
	let versions: ConflictVersions | null;
	try {
		versions = await bridge.versions(id);
	} catch (e) {
		return {
			ok: false,
			kind: 'problem',
			message: `The versions of this assessment could not be read (${
				e instanceof Error ? e.message : String(e)
			}). Nothing has been changed. Tell your team’s administrator.`
		};
	}
	if (!versions)
		return {
			ok: false,
			kind: 'none',
			message:
				'There is no conflict to settle on this assessment: it may have been settled already, here or on another device.'
		};
	const { mine } = versions;
	const theirs = versions.theirs.record;
	const conflict = describeConflict(mine, theirs, versions.base);
	const rules = pinnedRules(theirs.rules) ?? pinnedRules(mine.rules);
	return {
		ok: true,
		page: {
			id,
			caseRef: theirs.caseDetails.caseRef || mine.caseDetails.caseRef || id,
			rows: conflictRows(rules, conflict),
			readOnly: settleRefusal(mine, theirs),
			mineIsHere: versions.mineIsHere,
			mineUpdatedAt: mine.updatedAt,
			theirsUpdatedAt: theirs.updatedAt,
			versions,
			conflict,
			// The winning revision's side, so the resolution extends its history.
			keep: versions.winner.rev === versions.theirs.rev ? 'theirs' : 'mine'
		}
	};
}

/** Each row's choice as the form starts: the suggested side where only one side changed it. */
export function initialChoices(page: ConflictPage): Record<string, Side> {
	return Object.fromEntries(
		page.rows.flatMap((r) => (r.suggested ? [[r.key, r.suggested] as const] : []))
	);
}

/** The form field of the row at `index` (the error summary links to it). */
export const rowField = (index: number): string => `conflict-field-${index}`;

export type SettleOutcome =
	| { ok: true }
	| { ok: false; errors: { field: string; message: string }[] }
	| { ok: false; message: string };

/**
 * Settles the conflict with the rows' choices (row key → side), or with one side entirely. Refuses,
 * changing nothing, a signed record, a missing choice (each named) or versions that moved on.
 */
export async function settleConflict(page: ConflictPage, choice: Choice): Promise<SettleOutcome> {
	if (page.readOnly) return { ok: false, message: page.readOnly };
	const { mine } = page.versions;
	const theirs = page.versions.theirs.record;
	const now = app().clock().toISOString();
	const resolution = settlement(mine, theirs, page.conflict, choice, page.keep, now);
	if (!resolution.ok) {
		const unchosen = new Set(resolution.unchosen.map((f) => choiceKey(f.path)));
		return {
			ok: false,
			errors: page.rows.flatMap((row, i) =>
				unchosen.has(row.key) ? [{ field: rowField(i), message: chooseMessage(row.label) }] : []
			)
		};
	}
	const parsed = AssessmentRecordSchema.safeParse(resolution.record);
	if (!parsed.success)
		return {
			ok: false,
			message:
				'These choices do not make a whole assessment, so nothing was saved. Choose one version entirely, or ask your manager.'
		};
	const bridge = await startTeamSync();
	if (!bridge) return { ok: false, message: 'This device is not connected to a team.' };
	try {
		const settled = await bridge.settle(page.versions, parsed.data satisfies AssessmentRecord);
		return settled.ok ? { ok: true } : { ok: false, message: settled.reason };
	} catch (e) {
		return {
			ok: false,
			message: `The chosen version could not be saved (${
				e instanceof Error ? e.message : String(e)
			}). Both versions are still kept: try again.`
		};
	}
}
