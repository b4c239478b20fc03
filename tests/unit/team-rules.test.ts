import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	actorOf,
	deletionRefusal,
	REFUSALS,
	TEAM_ROLES,
	teamWriteRefusal,
	type Actor,
	type TeamWrite
} from '../../src/lib/domain/team-rules.ts';
import {
	AUTHOR,
	CHANGES,
	COLLEAGUE,
	handOverBy,
	MANAGER,
	STATES,
	teamDoc,
	type Change,
	type State
} from '../fixtures/team-docs.ts';
import { handOverChange, isHandOver } from '../../src/lib/domain/hand-over.ts';
import { recordEvent } from '../../src/lib/domain/audit.ts';

const author: Actor = { kind: 'practitioner', name: AUTHOR };
const colleague: Actor = { kind: 'practitioner', name: COLLEAGUE };
const manager: Actor = { kind: 'manager', name: MANAGER, admin: false };
const admin: Actor = { kind: 'manager', name: 'team-admin', admin: true };

/** What the rules answer: 'ok', or which refusal. */
type Outcome = 'ok' | keyof typeof REFUSALS | 'authorOnly' | 'trailBroken';

function outcome(actor: Actor, write: TeamWrite): Outcome {
	const refusal = teamWriteRefusal(actor, write);
	if (refusal === null) return 'ok';
	const key = (Object.keys(REFUSALS) as (keyof typeof REFUSALS)[]).find(
		(k) => REFUSALS[k] === refusal.reason
	);
	if (key) return key;
	if (refusal.reason.startsWith('Only the assessment’s author')) return 'authorOnly';
	if (refusal.reason.startsWith('The history of changes has been tampered with'))
		return 'trailBroken';
	throw new Error(`unexpected refusal: ${refusal.reason}`);
}

function write(change: Change, state: State): TeamWrite {
	const prev = teamDoc(state);
	if (change === 'delete') return { kind: 'delete', prev };
	if (change === 'resolve') return { kind: 'resolve', prev, into: `2-${'a'.repeat(32)}` };
	return { kind: 'update', prev, next: CHANGES[change](prev) };
}

// [the author, another practitioner, a manager] for each state. An admin writes as a manager.
type Row = Record<State, [Outcome, Outcome, Outcome]>;
const sameForAll = (o: Outcome): [Outcome, Outcome, Outcome] => [o, o, o];
const byAuthorOrManager: [Outcome, Outcome, Outcome] = ['ok', 'authorOnly', 'ok'];

const TABLE: Record<Change, Row> = {
	edit: {
		draft: byAuthorOrManager,
		completed: byAuthorOrManager,
		'awaiting-approval': sameForAll('awaiting'),
		signed: sameForAll('signedNoChange')
	},
	touch: {
		draft: byAuthorOrManager,
		completed: byAuthorOrManager,
		'awaiting-approval': sameForAll('ok'),
		signed: sameForAll('ok')
	},
	sign: {
		draft: byAuthorOrManager,
		completed: byAuthorOrManager,
		// Already awaiting with the same sign-off: nothing but bookkeeping changes.
		'awaiting-approval': sameForAll('ok'),
		signed: sameForAll('signedNoChange')
	},
	signWithoutApproval: {
		// The fixture's draft has no decision yet, so nothing needs approval.
		draft: byAuthorOrManager,
		completed: ['approvalFirst', 'authorOnly', 'approvalFirst'],
		'awaiting-approval': sameForAll('awaiting'),
		signed: sameForAll('ok')
	},
	approve: {
		draft: ['managerOnlyReview', 'managerOnlyReview', 'reviewNeedsAwaiting'],
		completed: ['managerOnlyReview', 'managerOnlyReview', 'reviewNeedsAwaiting'],
		'awaiting-approval': ['managerOnlyReview', 'managerOnlyReview', 'ok'],
		signed: sameForAll('signedNoChange')
	},
	return: {
		draft: ['managerOnlyReview', 'managerOnlyReview', 'reviewNeedsAwaiting'],
		completed: ['managerOnlyReview', 'managerOnlyReview', 'reviewNeedsAwaiting'],
		'awaiting-approval': ['managerOnlyReview', 'managerOnlyReview', 'ok'],
		signed: sameForAll('signedNoChange')
	},
	link: {
		draft: byAuthorOrManager,
		completed: byAuthorOrManager,
		'awaiting-approval': sameForAll('awaiting'),
		signed: sameForAll('ok')
	},
	handOver: {
		draft: ['managerOnlyHandOver', 'managerOnlyHandOver', 'ok'],
		completed: ['managerOnlyHandOver', 'managerOnlyHandOver', 'ok'],
		'awaiting-approval': ['managerOnlyHandOver', 'managerOnlyHandOver', 'awaiting'],
		// So that someone carries on the follow-up when a worker leaves.
		signed: ['managerOnlyHandOver', 'managerOnlyHandOver', 'ok']
	},
	// A change of author must be in the history, as it was made.
	handOverUnrecorded: {
		draft: ['managerOnlyHandOver', 'managerOnlyHandOver', 'handOverEntry'],
		completed: ['managerOnlyHandOver', 'managerOnlyHandOver', 'handOverEntry'],
		'awaiting-approval': ['managerOnlyHandOver', 'managerOnlyHandOver', 'handOverEntry'],
		signed: ['managerOnlyHandOver', 'managerOnlyHandOver', 'handOverEntry']
	},
	handOverMisrecorded: {
		draft: ['managerOnlyHandOver', 'managerOnlyHandOver', 'handOverEntry'],
		completed: ['managerOnlyHandOver', 'managerOnlyHandOver', 'handOverEntry'],
		'awaiting-approval': ['managerOnlyHandOver', 'managerOnlyHandOver', 'handOverEntry'],
		signed: ['managerOnlyHandOver', 'managerOnlyHandOver', 'handOverEntry']
	},
	// No one may write that a case was handed over when it was not.
	handOverClaimed: {
		draft: sameForAll('handOverEntry'),
		completed: sameForAll('handOverEntry'),
		'awaiting-approval': sameForAll('handOverEntry'),
		signed: sameForAll('handOverEntry')
	},
	// The one part of a signed record that still grows.
	recordReturn: {
		draft: byAuthorOrManager,
		completed: byAuthorOrManager,
		'awaiting-approval': sameForAll('awaiting'),
		signed: byAuthorOrManager
	},
	rewriteHistory: {
		draft: sameForAll('trailKept'),
		completed: sameForAll('trailKept'),
		'awaiting-approval': sameForAll('trailKept'),
		signed: sameForAll('trailKept')
	},
	dropHistory: {
		draft: sameForAll('trailKept'),
		completed: sameForAll('trailKept'),
		'awaiting-approval': sameForAll('trailKept'),
		signed: sameForAll('trailKept')
	},
	breakChain: {
		draft: ['trailBroken', 'authorOnly', 'trailBroken'],
		completed: ['trailBroken', 'authorOnly', 'trailBroken'],
		'awaiting-approval': sameForAll('awaiting'),
		signed: sameForAll('signedNoChange')
	},
	delete: {
		draft: ['managerOnlyDelete', 'managerOnlyDelete', 'ok'],
		completed: ['managerOnlyDelete', 'managerOnlyDelete', 'ok'],
		'awaiting-approval': ['managerOnlyDelete', 'managerOnlyDelete', 'ok'],
		signed: ['managerOnlyDelete', 'managerOnlyDelete', 'signedNoDelete']
	},
	// Tombstoning the losing revision of a conflict.
	resolve: {
		draft: byAuthorOrManager,
		completed: byAuthorOrManager,
		'awaiting-approval': ['resolveNeedsManager', 'resolveNeedsManager', 'ok'],
		signed: ['resolveNeedsManager', 'resolveNeedsManager', 'ok']
	}
};

const cases = (Object.keys(TABLE) as Change[]).flatMap((change) =>
	STATES.map((state) => ({ change, state, expected: TABLE[change][state] }))
);

describe('who may change a team assessment: every change × state × role', () => {
	it.each(cases)('$change on a $state assessment', ({ change, state, expected }) => {
		const [byAuthor, byColleague, byManager] = expected;
		expect(outcome(author, write(change, state))).toBe(byAuthor);
		expect(outcome(colleague, write(change, state))).toBe(byColleague);
		expect(outcome(manager, write(change, state))).toBe(byManager);
		// The fixture's hand-over entry names mo-fictional: an admin's must name the admin.
		expect(outcome(admin, write(change, state))).toBe(
			change === 'handOver' ? 'handOverEntry' : byManager
		);
		// Not a member, or not signed in: refused before anything about the document is said.
		expect(outcome({ kind: 'outsider', name: 'oz-fictional' }, write(change, state))).toBe(
			'notMember'
		);
		const anonymous = teamWriteRefusal({ kind: 'anonymous' }, write(change, state));
		expect(anonymous).toEqual({ status: 'unauthorized', reason: REFUSALS.signIn });
	});

	it('every refusal but signing in is a 403 with a sentence', () => {
		for (const { change, state } of cases)
			for (const actor of [author, colleague, manager, admin]) {
				const refusal = teamWriteRefusal(actor, write(change, state));
				if (refusal === null) continue;
				expect(refusal.status).toBe('forbidden');
				expect(refusal.reason).toMatch(/^[A-Z].*\.$/);
			}
	});
});

describe('a new assessment on the team server', () => {
	const create = (state: State, over: Partial<ReturnType<typeof teamDoc>> = {}): TeamWrite => ({
		kind: 'create',
		next: { ...teamDoc(state), ...over }
	});

	it.each(STATES)('its author may add one that is already %s (it was made offline)', (state) => {
		expect(outcome(author, create(state))).toBe('ok');
	});

	it('must name the practitioner adding it as its author; a manager may name anyone', () => {
		expect(outcome(colleague, create('draft'))).toBe('authorIsYou');
		expect(outcome(manager, create('draft'))).toBe('ok');
	});

	it('cannot arrive carrying a manager’s review unless a manager adds it', () => {
		const approved = CHANGES.approve(teamDoc('awaiting-approval'));
		expect(outcome(author, { kind: 'create', next: approved })).toBe('managerOnlyReview');
		expect(outcome(manager, { kind: 'create', next: approved })).toBe('ok');
	});

	it('cannot be signed off without the approval its decision needs, whoever adds it', () => {
		const signed = CHANGES.signWithoutApproval(teamDoc('completed'));
		expect(outcome(author, { kind: 'create', next: signed })).toBe('approvalFirst');
		expect(outcome(manager, { kind: 'create', next: signed })).toBe('approvalFirst');
	});

	it('cannot be signed, or await approval, without the practitioner’s sign-off', () => {
		for (const state of ['signed', 'awaiting-approval'] as const) {
			const d = teamDoc(state);
			const next = { ...d, record: { ...d.record, signOff: null } };
			expect(outcome(author, { kind: 'create', next })).toBe('signOffMissing');
		}
	});

	it('cannot carry a broken history of changes', () => {
		const broken = CHANGES.breakChain(teamDoc('draft'));
		expect(outcome(author, { kind: 'create', next: broken })).toBe('trailBroken');
		expect(outcome(manager, { kind: 'create', next: broken })).toBe('trailBroken');
	});

	it('a conflict on a revision the server cannot read is a manager’s to settle', () => {
		const into = `3-${'b'.repeat(32)}`;
		expect(outcome(manager, { kind: 'resolve', prev: null, into })).toBe('ok');
		expect(outcome(author, { kind: 'resolve', prev: null, into })).toBe('resolveNeedsManager');
	});

	it('a manager may delete one the server has never seen, a practitioner may not', () => {
		expect(outcome(manager, { kind: 'delete', prev: null })).toBe('ok');
		expect(outcome(author, { kind: 'delete', prev: null })).toBe('managerOnlyDelete');
	});
});

describe('an assessment keeps its id', () => {
	it('an update that changes the record id is refused, even for a manager', () => {
		const prev = teamDoc('draft');
		const next = {
			...prev,
			record: { ...prev.record, id: '00000000-0000-4000-8000-0000000000bb' }
		};
		expect(outcome(manager, { kind: 'update', prev, next })).toBe('idKept');
	});
});

describe('a manager records one review at a time, with its outcome', () => {
	it('two reviews in one write are refused', () => {
		const prev = teamDoc('awaiting-approval');
		const once = CHANGES.approve(prev);
		const twice = {
			...once,
			record: {
				...once.record,
				managerReviews: [...once.record.managerReviews, ...once.record.managerReviews]
			}
		};
		expect(outcome(manager, { kind: 'update', prev, next: twice })).toBe('oneReview');
	});

	it('an approval that leaves the assessment awaiting, or a return that signs it, is refused', () => {
		const prev = teamDoc('awaiting-approval');
		const approved = CHANGES.approve(prev);
		const returned = CHANGES.return(prev);
		const stuck = {
			...approved,
			record: { ...approved.record, status: 'awaiting-approval' as const }
		};
		const signedByReturn = {
			...returned,
			record: { ...returned.record, status: 'signed' as const }
		};
		expect(outcome(manager, { kind: 'update', prev, next: stuck })).toBe('reviewOutcome');
		expect(outcome(manager, { kind: 'update', prev, next: signedByReturn })).toBe('reviewOutcome');
	});

	it('a manager cannot change the answers while approving', () => {
		const prev = teamDoc('awaiting-approval');
		const approved = CHANGES.approve(prev);
		const next = {
			...approved,
			record: { ...approved.record, answers: { 'child-wishes': 'adequate' } }
		};
		expect(outcome(manager, { kind: 'update', prev, next })).toBe('awaiting');
	});

	it('a manager’s approval adds their name to the sign-off and changes nothing else of it', () => {
		const prev = teamDoc('awaiting-approval');
		const approved = CHANGES.approve(prev);
		const signOff = approved.record.signOff;
		if (!signOff) throw new Error('fixture');
		const reworded = {
			...approved,
			record: { ...approved.record, signOff: { ...signOff, assessorName: 'Someone Else' } }
		};
		expect(signOff.managerName).toBe('M. Fictional');
		expect(outcome(manager, { kind: 'update', prev, next: approved })).toBe('ok');
		expect(outcome(manager, { kind: 'update', prev, next: reworded })).toBe('awaiting');
	});

	it('a review once written cannot be reworded or removed', () => {
		const prev = CHANGES.return(teamDoc('awaiting-approval'));
		const [first] = prev.record.managerReviews;
		if (!first) throw new Error('fixture');
		const reworded = CHANGES.touch({
			...prev,
			record: { ...prev.record, managerReviews: [{ ...first, comment: 'Changed later.' }] }
		});
		const removed = CHANGES.touch({ ...prev, record: { ...prev.record, managerReviews: [] } });
		for (const actor of [author, manager]) {
			expect(outcome(actor, { kind: 'update', prev, next: reworded })).toBe('reviewsKept');
			expect(outcome(actor, { kind: 'update', prev, next: removed })).toBe('reviewsKept');
		}
	});
});

describe('a signed assessment takes one link to its new version, once', () => {
	it('the link cannot be moved to another version or removed', () => {
		const prev = CHANGES.link(teamDoc('signed'));
		const moved = {
			...prev,
			record: { ...prev.record, supersededBy: '00000000-0000-4000-8000-0000000000cc' }
		};
		const removed = { ...prev, record: { ...prev.record, supersededBy: null } };
		expect(outcome(manager, { kind: 'update', prev, next: moved })).toBe('signedNoChange');
		expect(outcome(manager, { kind: 'update', prev, next: removed })).toBe('signedNoChange');
		expect(outcome(manager, { kind: 'update', prev, next: CHANGES.touch(prev) })).toBe('ok');
	});
});

describe('what happened after the decision only grows, even on a signed record', () => {
	const withReturn = CHANGES.recordReturn(teamDoc('signed'));
	const [event] = withReturn.record.followUp.returns;
	if (!event) throw new Error('fixture');
	const update = (over: Partial<typeof withReturn.record.followUp>) =>
		CHANGES.touch({
			...withReturn,
			record: { ...withReturn.record, followUp: { ...withReturn.record.followUp, ...over } }
		});

	it.each([
		['removed', update({ returns: [] })],
		['changed', update({ returns: [{ ...event, date: '2026-12-02' }] })],
		['reordered', update({ returns: [{ ...event, date: '2026-12-03' }, event] })]
	])('an event %s is refused, for the author and a manager', (_what, next) => {
		for (const actor of [author, manager])
			expect(outcome(actor, { kind: 'update', prev: withReturn, next })).toBe('followUpKept');
	});

	it('closing it once is a change it takes; reopening or changing the closure is not', () => {
		const closed = update({
			closed: {
				date: '2027-06-01',
				reason: 'Fictional: stable at home.',
				recordedAt: 'x',
				recordedBy: 'P. Fictional'
			}
		});
		expect(outcome(author, { kind: 'update', prev: withReturn, next: closed })).toBe('ok');
		const reopened = CHANGES.touch({
			...closed,
			record: { ...closed.record, followUp: { ...closed.record.followUp, closed: null } }
		});
		expect(outcome(manager, { kind: 'update', prev: closed, next: reopened })).toBe('followUpKept');
	});

	it('a new event beside an unchanged signed assessment is accepted; with any other change it is not', () => {
		const more = CHANGES.recordReturn(withReturn);
		expect(outcome(author, { kind: 'update', prev: withReturn, next: more })).toBe('ok');
		const alsoEdited = CHANGES.edit(more);
		expect(outcome(author, { kind: 'update', prev: withReturn, next: alsoEdited })).toBe(
			'signedNoChange'
		);
	});
});

describe('who the server says is writing', () => {
	const security = {
		admins: { names: ['lead-fictional'], roles: [] },
		members: { names: [], roles: [TEAM_ROLES.practitioner, TEAM_ROLES.manager] }
	};
	it.each([
		[{ name: null, roles: [] }, { kind: 'anonymous' }],
		[
			{ name: 'x', roles: [] },
			{ kind: 'outsider', name: 'x' }
		],
		[
			{ name: 'x', roles: ['other-app'] },
			{ kind: 'outsider', name: 'x' }
		],
		[
			{ name: 'x', roles: [TEAM_ROLES.practitioner] },
			{ kind: 'practitioner', name: 'x' }
		],
		[
			{ name: 'x', roles: [TEAM_ROLES.manager] },
			{ kind: 'manager', name: 'x', admin: false }
		],
		[
			{ name: 'x', roles: [TEAM_ROLES.practitioner, TEAM_ROLES.manager] },
			{ kind: 'manager', name: 'x', admin: false }
		],
		[
			{ name: 'x', roles: ['_admin'] },
			{ kind: 'manager', name: 'x', admin: true }
		],
		[
			{ name: 'lead-fictional', roles: [] },
			{ kind: 'manager', name: 'lead-fictional', admin: true }
		]
	] as const)('%o is %o', (user, actor) => {
		expect(actorOf(user, security)).toEqual(actor);
	});

	it('a Homeward role counts only in a database whose members include it', () => {
		const user = { name: 'x', roles: [TEAM_ROLES.manager] };
		expect(actorOf(user, { members: { roles: [TEAM_ROLES.practitioner] } }).kind).toBe('outsider');
		expect(actorOf(user, { members: { names: ['x'] } }).kind).toBe('manager');
	});

	it('without a members list from the server, the Homeward role alone decides', () => {
		expect(actorOf({ name: 'x', roles: [TEAM_ROLES.manager] }, {}).kind).toBe('manager');
		expect(actorOf({ name: 'x', roles: ['other-app'] }, {}).kind).toBe('outsider');
		expect(actorOf({ name: 'x', roles: [] }, { members: { names: [], roles: [] } }).kind).toBe(
			'outsider'
		);
	});
});

describe('deleting, as the device asks before it deletes a team’s case', () => {
	const writers: [string, Actor][] = [
		['the author', author],
		['another practitioner', colleague],
		['a manager', manager],
		['an admin', admin],
		['an outsider', { kind: 'outsider', name: 'oz' }],
		['no one signed in', { kind: 'anonymous' }]
	];
	it.each(writers)(
		'%s: the same answer as the server gives a tombstone, in every state',
		(_, who) => {
			for (const state of STATES)
				expect(deletionRefusal(who, teamDoc(state).record.status)).toEqual(
					teamWriteRefusal(who, { kind: 'delete', prev: teamDoc(state) })
				);
		}
	);
	it.each([
		[author, 'draft', REFUSALS.managerOnlyDelete],
		[colleague, 'signed', REFUSALS.managerOnlyDelete],
		[manager, 'draft', null],
		[manager, 'awaiting-approval', null],
		[manager, 'signed', REFUSALS.signedNoDelete],
		[manager, null, null],
		[{ kind: 'outsider', name: 'oz' }, 'draft', REFUSALS.notMember],
		[{ kind: 'anonymous' }, 'draft', REFUSALS.signIn]
	] as const)('%o deleting a case that is %s: %s', (who, status, reason) => {
		expect(deletionRefusal(who, status)?.reason ?? null).toBe(reason);
	});
	it('a practitioner’s roles as the session reports them never delete; a manager’s do, unless signed', () => {
		const asDevice = (roles: string[]) => actorOf({ name: 'x', roles }, {});
		expect(deletionRefusal(asDevice([TEAM_ROLES.practitioner]), 'draft')).not.toBeNull();
		expect(deletionRefusal(asDevice([TEAM_ROLES.manager]), 'completed')).toBeNull();
		expect(deletionRefusal(asDevice([TEAM_ROLES.manager]), 'signed')).not.toBeNull();
		expect(deletionRefusal(asDevice([]), 'draft')?.reason).toBe(REFUSALS.notMember);
	});
});

describe('properties over any sequence of changes', () => {
	const changeNames = Object.keys(CHANGES) as (keyof typeof CHANGES)[];
	const actors = [author, colleague, manager, admin];
	const arbitrary = fc.record({
		state: fc.constantFrom(...STATES),
		steps: fc.array(fc.constantFrom(...changeNames), { minLength: 1, maxLength: 4 }),
		actor: fc.constantFrom(...actors)
	});

	it('a signed assessment never changes beyond bookkeeping, its one link, a growing follow-up and a manager’s hand-over', () => {
		fc.assert(
			fc.property(arbitrary, ({ steps, actor }) => {
				const prev = teamDoc('signed');
				const next = steps.reduce((d, s) => CHANGES[s](d), prev);
				if (teamWriteRefusal(actor, { kind: 'update', prev, next }) !== null) return true;
				const {
					revision: _r,
					updatedAt: _u,
					supersededBy: _s,
					followUp: f1,
					audit: a1,
					...before
				} = prev.record;
				const {
					revision: _r2,
					updatedAt: _u2,
					supersededBy: _s2,
					followUp: f2,
					audit: a2,
					...after
				} = next.record;
				expect(after).toEqual(before);
				expect(f2.returns.slice(0, f1.returns.length)).toEqual(f1.returns);
				if (next.author === prev.author) expect(a2).toEqual(a1);
				else {
					expect(actor.kind).toBe('manager');
					// The history takes exactly the one entry that records the hand-over.
					expect(a2.baseline).toEqual(a1.baseline);
					expect(a2.trail.slice(0, -1)).toEqual(a1.trail);
					const entry = a2.trail.at(-1);
					expect(
						entry && 'name' in actor && isHandOver(entry, prev.author, next.author, actor.name)
					).toBe(true);
				}
				return true;
			})
		);
	});

	it('no practitioner’s write ever adds a manager’s review', () => {
		fc.assert(
			fc.property(arbitrary, ({ state, steps }) => {
				const prev = teamDoc(state);
				const next = steps.reduce((d, s) => CHANGES[s](d), prev);
				const added = next.record.managerReviews.length > prev.record.managerReviews.length;
				for (const actor of [author, colleague]) {
					const refused = teamWriteRefusal(actor, { kind: 'update', prev, next }) !== null;
					if (added && !refused) return false;
				}
				return true;
			})
		);
	});

	it('an accepted write keeps every entry of the history of changes as it was', () => {
		fc.assert(
			fc.property(arbitrary, ({ state, steps, actor }) => {
				const prev = teamDoc(state);
				const next = steps.reduce((d, s) => CHANGES[s](d), prev);
				if (teamWriteRefusal(actor, { kind: 'update', prev, next }) !== null) return true;
				return prev.record.audit.trail.every(
					(e, i) => JSON.stringify(e) === JSON.stringify(next.record.audit.trail[i])
				);
			})
		);
	});
});

describe('a hand-over (a manager gives a case to another practitioner)', () => {
	const name = fc.stringMatching(/^[a-z][a-z0-9.-]{0,11}$/);
	const handable = fc.constantFrom<State>('draft', 'completed', 'signed');

	it('is the manager’s alone: any change of author by a practitioner is refused, whatever else changes', () => {
		const changeNames = Object.keys(CHANGES) as (keyof typeof CHANGES)[];
		fc.assert(
			fc.property(
				fc.constantFrom(...STATES),
				fc.array(fc.constantFrom(...changeNames), { maxLength: 3 }),
				name,
				fc.constantFrom(author, colleague),
				(state, steps, to, actor) => {
					const prev = teamDoc(state);
					const changed = steps.reduce((d, s) => CHANGES[s](d), prev);
					fc.pre(to !== prev.author);
					const next = handOverBy(actor.name, to)(changed);
					expect(teamWriteRefusal(actor, { kind: 'update', prev, next })).not.toBeNull();
					// When the rest would have been taken, it is the hand-over that is refused.
					if (teamWriteRefusal(actor, { kind: 'update', prev, next: changed }) === null)
						expect(outcome(actor, { kind: 'update', prev, next })).toBe('managerOnlyHandOver');
				}
			)
		);
	});

	it('is taken from a manager or an admin on a draft, completed or signed case, with its one matching entry', () => {
		fc.assert(
			fc.property(handable, name, fc.boolean(), (state, to, asAdmin) => {
				const prev = teamDoc(state);
				fc.pre(to !== prev.author);
				const by = asAdmin ? admin : manager;
				const next = handOverBy(by.name, to)(prev);
				expect(teamWriteRefusal(by, { kind: 'update', prev, next })).toBeNull();
				// The history only grew, by the one entry.
				expect(next.record.audit.trail.slice(0, -1)).toEqual(prev.record.audit.trail);
			})
		);
	});

	it('is refused when its entry names another author, another manager or the wrong direction', () => {
		const wrong = fc.constantFrom('from', 'to', 'by', 'reason', 'twice', 'none');
		fc.assert(
			fc.property(handable, name, wrong, (state, to, what) => {
				const prev = teamDoc(state);
				fc.pre(to !== prev.author && to !== 'kim-fictional');
				const right = { from: prev.author, to, by: MANAGER, at: '2026-11-24T10:00:00.000Z' };
				const change = handOverChange({
					...right,
					...(what === 'from' ? { from: 'kim-fictional' } : {}),
					...(what === 'to' ? { to: 'kim-fictional' } : {}),
					...(what === 'by' ? { by: 'kim-fictional' } : {})
				});
				const entry = what === 'reason' ? { ...change, reason: 'Handed over.' } : change;
				let audit = prev.record.audit;
				if (what !== 'none') audit = recordEvent(audit, entry);
				if (what === 'twice') audit = recordEvent(audit, entry);
				const next = {
					author: to,
					record: { ...prev.record, audit, revision: prev.record.revision + 1 }
				};
				expect(outcome(manager, { kind: 'update', prev, next })).toBe('handOverEntry');
			})
		);
	});

	it('waits while a case is awaiting approval: the manager approves or returns it first', () => {
		const prev = teamDoc('awaiting-approval');
		expect(outcome(manager, { kind: 'update', prev, next: CHANGES.handOver(prev) })).toBe(
			'awaiting'
		);
	});

	it('never shortens or rewrites the history, even with a matching entry', () => {
		for (const state of ['draft', 'completed', 'signed'] as const) {
			const prev = teamDoc(state);
			const handed = CHANGES.handOver(prev);
			const last = handed.record.audit.trail.at(-1);
			if (!last) throw new Error('unreachable');
			const next = {
				...handed,
				record: { ...handed.record, audit: { ...handed.record.audit, trail: [last] } }
			};
			expect(outcome(manager, { kind: 'update', prev, next })).toBe('trailKept');
		}
	});
});
