/**
 * The sync state in words (the header's line and the Team page), and the first sync's progress
 * as the bridge counts it from PouchDB's change events. Every case is fictional.
 */
import { describe, expect, it } from 'vitest';
import { syncWords } from '../../src/lib/components/team/sync-words.ts';
import { pulled, type BridgeReport, type SyncState } from '../../src/lib/storage/team/bridge.ts';

const report = (state: SyncState, more: Partial<BridgeReport> = {}): BridgeReport => ({
	state,
	conflicts: [],
	refusals: [],
	aside: [],
	...more
});

describe('the first sync’s progress', () => {
	it('counts the documents each pull batch wrote, and keeps the server’s count of what is left', () => {
		let p = { received: 0, pending: null as number | null };
		p = pulled(p, { direction: 'pull', change: { docs_written: 100, pending: 900 } });
		expect(p).toEqual({ received: 100, pending: 900 });
		p = pulled(p, { direction: 'push', change: { docs_written: 5, pending: 0 } });
		expect(p).toEqual({ received: 100, pending: 900 });
		p = pulled(p, { direction: 'pull', change: { docs_written: 100 } });
		expect(p).toEqual({ received: 200, pending: 900 });
		p = pulled(p, { direction: 'pull', change: { docs_written: 800, pending: 0 } });
		expect(p).toEqual({ received: 1000, pending: 0 });
	});

	it.each([
		['no change block', {}],
		['a negative count', { docs_written: -3, pending: -1 }],
		['a fraction', { docs_written: 1.5, pending: 2.5 }],
		['not a number', { docs_written: '7', pending: 'lots' }]
	])('ignores %s', (_, change) => {
		const before = { received: 10, pending: 4 };
		expect(pulled(before, { direction: 'pull', change: change as never })).toEqual(before);
	});
});

describe('the sync state in words', () => {
	it.each<[string, SyncState, string]>([
		['starting', { kind: 'starting' }, 'Connecting to your team…'],
		[
			'nothing received yet',
			{ kind: 'syncing', received: 0, pending: null },
			'Syncing with your team…'
		],
		[
			'received, the server not saying how many are left (pouchdb-server)',
			{ kind: 'syncing', received: 1250, pending: null },
			'Syncing with your team: 1,250 received so far'
		],
		[
			'received, with how many are left (CouchDB)',
			{ kind: 'syncing', received: 1250, pending: 3750 },
			'Syncing with your team: 1,250 received, about 3,750 to come'
		],
		[
			'received, none left',
			{ kind: 'syncing', received: 40, pending: 0 },
			'Syncing with your team: 40 received so far'
		],
		['up to date', { kind: 'up-to-date' }, 'Up to date'],
		['offline', { kind: 'offline' }, 'Offline — changes will be sent when you reconnect']
	])('%s', (_, state, text) => {
		expect(syncWords(report(state))).toEqual({ text, action: null });
	});

	it('a problem, with what to do', () => {
		expect(
			syncWords(report({ kind: 'problem', problem: 'the server said no', action: 'Ask them.' }))
		).toEqual({ text: 'Sync problem: the server said no', action: 'Ask them.' });
	});

	it('a refusal comes before the state, naming the case', () => {
		const words = syncWords(
			report(
				{ kind: 'up-to-date' },
				{ refusals: [{ id: 'x', caseRef: 'FICT-1', reason: 'Only a manager can approve.' }] }
			)
		);
		expect(words.text).toBe(
			'Sync problem: the team server refused a change to FICT-1: Only a manager can approve.'
		);
		expect(words.action).toContain('kept on this device');
	});

	it('conflicts, once up to date, are said with how many', () => {
		const conflict = { id: 'a' } as BridgeReport['conflicts'][number];
		expect(syncWords(report({ kind: 'up-to-date' }, { conflicts: [conflict] })).text).toBe(
			'Sync problem: 1 assessment was changed on this device and another'
		);
		expect(
			syncWords(report({ kind: 'up-to-date' }, { conflicts: [conflict, conflict] })).text
		).toBe('Sync problem: 2 assessments were changed on this device and another');
	});

	it('before any report', () => {
		expect(syncWords(null)).toEqual({ text: 'Connecting to your team…', action: null });
	});
});
