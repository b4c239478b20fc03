/**
 * The team a device is connected to, as localStorage keeps it, and what the user's roles let
 * them do on this device; and the first page's list of what awaits a manager's approval. Every
 * user and case is fictional.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	approvalRefusal,
	askToDelete,
	DELETIONS_KEY,
	deleteRefusal,
	isTeamManager,
	readTeamConfig,
	roleWords,
	sessionRoles,
	takeDeletionRequest,
	writeTeamConfig,
	type TeamConfig
} from '../../src/lib/app/team-config.ts';
import { approvalViewer, watchAwaitingApproval } from '../../src/lib/app/approval-list.ts';
import { TEAM_CONFIG_KEY } from '../../src/lib/app/team-key.ts';
import { REFUSALS, TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import type { AwaitingApproval } from '../../src/lib/app/approval-list.ts';
import { teamDoc } from '../fixtures/team-docs.ts';

class MemoryStorage {
	#m = new Map<string, string>();
	getItem = (k: string) => this.#m.get(k) ?? null;
	setItem = (k: string, v: string) => void this.#m.set(k, v);
	removeItem = (k: string) => void this.#m.delete(k);
}
beforeEach(() => vi.stubGlobal('localStorage', new MemoryStorage()));
afterEach(() => vi.unstubAllGlobals());

const team = (roles: string[]): TeamConfig => ({
	server: '/couchdb/',
	db: 'homeward-team-a',
	user: 'pat-fictional',
	roles
});

describe('the team config on this device', () => {
	it('reads back what was written, roles included', () => {
		writeTeamConfig(team([TEAM_ROLES.manager]));
		expect(readTeamConfig()).toEqual(team([TEAM_ROLES.manager]));
	});

	it('a device connected before roles were kept reads as having none', () => {
		localStorage.setItem(
			TEAM_CONFIG_KEY,
			JSON.stringify({ server: '/couchdb/', db: 'homeward-team-a', user: 'pat-fictional' })
		);
		expect(readTeamConfig()).toEqual(team([]));
	});

	it.each([
		['not JSON', '{'],
		['roles that are not a list of names', JSON.stringify({ ...team([]), roles: 'manager' })],
		['a server that is not a path', JSON.stringify({ ...team([]), server: 'https://x.example/' })],
		['no user', JSON.stringify({ ...team([]), user: '' })]
	])('is null when what is stored is %s', (_, raw) => {
		localStorage.setItem(TEAM_CONFIG_KEY, raw);
		expect(readTeamConfig()).toBeNull();
	});
});

describe('the roles CouchDB’s _session reports', () => {
	it.each([
		[
			'a sign-in answer',
			{ ok: true, name: 'pat-fictional', roles: [TEAM_ROLES.practitioner] },
			[TEAM_ROLES.practitioner]
		],
		[
			'a session answer',
			{ ok: true, userCtx: { name: 'pat-fictional', roles: [TEAM_ROLES.manager] } },
			[TEAM_ROLES.manager]
		],
		['another user’s session', { userCtx: { name: 'sam-fictional', roles: ['x'] } }, null],
		['no one signed in (an ended session)', { userCtx: { name: null, roles: [] } }, null],
		['roles that are not names', { name: 'pat-fictional', roles: [1] }, null],
		['nothing', null, null]
	])('%s', (_, body, roles) => {
		expect(sessionRoles(body, 'pat-fictional')).toEqual(roles);
	});
});

describe('what the roles let this device do', () => {
	it.each([
		[[TEAM_ROLES.manager], true, 'Manager'],
		[[TEAM_ROLES.practitioner, TEAM_ROLES.manager], true, 'Manager'],
		[['_admin'], true, 'Server administrator (writes as a manager)'],
		[[TEAM_ROLES.practitioner], false, 'Practitioner'],
		[[], false, 'No Homeward role on this device’s last sign-in']
	])('%o: manager %s, “%s”', (roles, manager, words) => {
		expect(isTeamManager(team(roles))).toBe(manager);
		expect(roleWords(team(roles))).toBe(words);
	});

	it('without a team, anything may be deleted on this device, as before team mode', () => {
		for (const status of ['draft', 'completed', 'awaiting-approval', 'signed'] as const)
			expect(deleteRefusal(null, status)).toBeNull();
		expect(isTeamManager(null)).toBe(false);
	});

	it.each([
		[[TEAM_ROLES.practitioner], 'draft', REFUSALS.managerOnlyDelete, 'ask your manager'],
		[[TEAM_ROLES.practitioner], 'signed', REFUSALS.managerOnlyDelete, 'It stays on every device'],
		[[TEAM_ROLES.manager], 'signed', REFUSALS.signedNoDelete, 'It stays on every device'],
		[[TEAM_ROLES.manager], 'draft', null, null],
		[[TEAM_ROLES.manager], 'awaiting-approval', null, null]
	] as const)('in a team, %o deleting a %s case: %s', (roles, status, reason, action) => {
		const refusal = deleteRefusal(team([...roles]), status);
		expect(refusal?.reason ?? null).toBe(reason);
		if (action === null) expect(refusal).toBeNull();
		else expect(refusal?.action).toContain(action);
	});

	it.each([
		['no team (approval on this device, as before team mode)', null, null],
		['a manager', [TEAM_ROLES.manager], null],
		['a server admin', ['_admin'], null],
		['a practitioner', [TEAM_ROLES.practitioner], REFUSALS.managerOnlyReview],
		['a user with no Homeward role', [], REFUSALS.notMember]
	] as const)('the approval form, for %s: %s', (_who, roles, reason) => {
		const refusal = approvalRefusal(roles === null ? null : team([...roles]));
		expect(refusal?.reason ?? null).toBe(reason);
	});
});

describe('a person’s request to delete a team case on this device', () => {
	it('is used up once taken, and only for the case asked', () => {
		askToDelete('00000000-0000-4000-8000-000000000801');
		askToDelete('00000000-0000-4000-8000-000000000801');
		askToDelete('00000000-0000-4000-8000-000000000802');
		expect(takeDeletionRequest('00000000-0000-4000-8000-000000000803')).toBe(false);
		expect(takeDeletionRequest('00000000-0000-4000-8000-000000000801')).toBe(true);
		expect(takeDeletionRequest('00000000-0000-4000-8000-000000000801')).toBe(false);
		expect(takeDeletionRequest('00000000-0000-4000-8000-000000000802')).toBe(true);
		expect(localStorage.getItem(DELETIONS_KEY)).toBeNull();
	});

	it('nothing readable stored is no request', () => {
		localStorage.setItem(DELETIONS_KEY, '{"not":"a list"}');
		expect(takeDeletionRequest('x')).toBe(false);
		localStorage.setItem(DELETIONS_KEY, '[');
		expect(takeDeletionRequest('x')).toBe(false);
	});
});

describe('the first page’s list of what awaits a manager’s approval', () => {
	let store: AssessmentStore;
	beforeEach(() => {
		store = new AssessmentStore(
			new HomewardDb(`approvals-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange })
		);
	});

	it.each([
		[null, 'no-team'],
		[team([TEAM_ROLES.practitioner]), 'practitioner'],
		[team([TEAM_ROLES.manager]), 'manager']
	] as const)('who is looking: %o is %s', (config, viewer) => {
		if (config) writeTeamConfig(config);
		expect(approvalViewer()).toBe(viewer);
	});

	it('lists only those awaiting approval, longest waiting first, and follows changes (sync’s too)', async () => {
		const waitingLong = teamDoc('awaiting-approval', '00000000-0000-4000-8000-000000000701');
		const waitingLess = teamDoc('awaiting-approval', '00000000-0000-4000-8000-000000000702');
		const later = {
			...waitingLess.record,
			caseDetails: { ...waitingLess.record.caseDetails, caseRef: 'FICT-WAIT-2' },
			updatedAt: '2026-11-25T10:00:00.000Z'
		};
		await store.putReplicated(waitingLong.record, null);
		await store.putReplicated(later, null);
		await store.putReplicated(
			teamDoc('draft', '00000000-0000-4000-8000-000000000703').record,
			null
		);
		await store.putReplicated(
			teamDoc('signed', '00000000-0000-4000-8000-000000000704').record,
			null
		);
		writeTeamConfig(team([TEAM_ROLES.manager]));

		const seen: AwaitingApproval[] = [];
		const stop = watchAwaitingApproval(
			{ store, clock: () => new Date('2026-11-26T10:00:00Z'), newId: () => 'x' },
			(l) => seen.push(l),
			(e) => {
				throw e;
			}
		);
		const until = async (n: number) => {
			for (let i = 0; seen.length < n; i++) {
				if (i > 250) throw new Error(`only ${seen.length} lists seen`);
				await new Promise((r) => setTimeout(r, 20));
			}
		};
		await until(1);
		expect(seen[0]).toEqual({
			viewer: 'manager',
			entries: [
				{
					id: waitingLong.record.id,
					caseRef: waitingLong.record.caseDetails.caseRef,
					since: waitingLong.record.updatedAt
				},
				{ id: later.id, caseRef: 'FICT-WAIT-2', since: later.updatedAt }
			]
		});
		// Approved (here, or on a manager's device and brought by sync): it leaves the list.
		await store.review(waitingLong.record.id, {
			outcome: 'approved',
			name: 'M. Fictional',
			role: 'Team manager',
			date: '2026-11-26',
			comment: ''
		});
		await until(2);
		expect(seen.at(-1)?.entries.map((e) => e.caseRef)).toEqual(['FICT-WAIT-2']);
		stop();
	});
});
