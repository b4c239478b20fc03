/** The sync state in words, as the header and the Team page say it. */
import type { BridgeReport } from '$lib/app/team.ts';

const count = (n: number) => n.toLocaleString('en-GB');

export function syncWords(report: BridgeReport | null): { text: string; action: string | null } {
	if (report === null) return { text: 'Connecting to your team…', action: null };
	const refusal = report.refusals.at(-1);
	if (refusal)
		return {
			text: `Sync problem: the team server refused a change${
				refusal.caseRef ? ` to ${refusal.caseRef}` : ''
			}: ${refusal.reason}`,
			action: 'Your change is kept on this device. See the Team page for what to do.'
		};
	const state = report.state;
	switch (state.kind) {
		case 'starting':
			return { text: 'Connecting to your team…', action: null };
		case 'syncing':
			return {
				text:
					state.received === 0
						? 'Syncing with your team…'
						: state.pending !== null && state.pending > 0
							? `Syncing with your team: ${count(state.received)} received, about ${count(state.pending)} to come`
							: `Syncing with your team: ${count(state.received)} received so far`,
				action: null
			};
		case 'up-to-date':
			return report.conflicts.length > 0
				? {
						text: `Sync problem: ${report.conflicts.length} ${
							report.conflicts.length === 1 ? 'assessment was' : 'assessments were'
						} changed on this device and another`,
						action: 'Both versions are kept until someone chooses what to keep.'
					}
				: { text: 'Up to date', action: null };
		case 'offline':
			return { text: 'Offline — changes will be sent when you reconnect', action: null };
		case 'problem':
			return { text: `Sync problem: ${state.problem}`, action: state.action };
	}
}
