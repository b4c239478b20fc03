/**
 * Who to tell when another tab upgrades or deletes the database, kept apart from the composition
 * root so that every page's layout can listen without loading the store and Dexie (issue 14: the
 * first page's size).
 */
import type { VersionChange } from '../storage/db.ts';

const listeners = new Set<(change: VersionChange) => void>();

/** Be told when another tab upgrades the database and this tab must reload. */
export function onVersionChange(listener: (change: VersionChange) => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** Tell every listener (the composition root calls this when its database lets go). */
export function announceVersionChange(change: VersionChange): void {
	for (const listener of listeners) listener(change);
}
