/**
 * Every assessment open in this tab, so that an update of the app can save them all before it
 * reloads. Kept apart from the session class so the layout (on every page, in the first load)
 * does not pull in the wizard, XState and the engine.
 */
export interface Flushable {
	flush(): Promise<void>;
	readonly saveError: string | null;
}

const open = new Set<Flushable>();

export function registerOpen(session: Flushable): () => void {
	open.add(session);
	return () => open.delete(session);
}

/**
 * Saves every open assessment in this tab now; resolves to whether everything is saved (false if
 * a save failed, whose page shows why).
 */
export async function flushOpenSessions(): Promise<boolean> {
	const sessions = [...open];
	await Promise.all(sessions.map((session) => session.flush()));
	return sessions.every((session) => session.saveError === null);
}
