/**
 * Where this device remembers the team it is connected to (`localStorage`), as a name only, so
 * the layout can tell whether team mode is on without loading any of the sync code.
 */
export const TEAM_CONFIG_KEY = 'homeward-team';

/** Whether this device is connected to a team (never throws). */
export function teamModeOn(): boolean {
	try {
		return typeof localStorage !== 'undefined' && localStorage.getItem(TEAM_CONFIG_KEY) !== null;
	} catch {
		return false;
	}
}
