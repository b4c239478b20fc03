/**
 * Faults as sentences for people, for pages: whatever went wrong underneath (storage, a bug), the
 * page shows one sentence that says what happened and what to do.
 */
import { toStorageError } from '../storage/errors.ts';

export type { StorageError } from '../storage/errors.ts';

/** The sentence to show for a fault thrown by a use case. */
export function problemOf(e: unknown): string {
	return toStorageError(e).message;
}
