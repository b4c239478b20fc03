/**
 * Storage failures as the people using Homeward need to hear about them: one kind the UI can
 * branch on, and one sentence saying what happened and what to do. Raw Dexie and DOM errors never
 * reach a page; `toStorageError` turns whatever IndexedDB threw into one of these.
 */

export type StorageErrorKind =
	'quota' | 'corrupt' | 'conflict' | 'read-only' | 'not-found' | 'unavailable' | 'unknown';

/** The message for each kind when nothing more specific is known. */
export const STORAGE_ERROR_MESSAGES: Readonly<Record<StorageErrorKind, string>> = {
	quota:
		'This device has run out of storage space, so your last change was not saved. Everything saved before it is safe. Free up space or export your assessments, then try again.',
	corrupt:
		'An assessment saved on this device is damaged and cannot be opened. It has been kept as it is, not deleted. Do not clear this browser’s data; export your assessments and contact your IT support.',
	conflict:
		'This assessment was changed in another tab or window after you opened it, so your change was not saved. Reopen the assessment to see the latest version, then make your change again.',
	'read-only':
		'This assessment has been signed, so it can no longer be changed and your change was not saved. To make changes, start a new version of it.',
	'not-found':
		'This assessment could not be found on this device. It may have been deleted in another tab or window. Go back to your list of assessments.',
	unavailable:
		'Homeward cannot use this device’s storage at the moment, so your last change may not have been saved. Reload the page and try again. If you are in a private or incognito window, use a normal window instead.',
	unknown:
		'Something went wrong while reading or saving on this device, so your last change may not have been saved. Reload the page and check the assessment; if it happens again, export your assessments and contact your IT support.'
};

/** A storage failure with a kind the UI can act on and a message written for a social worker. */
export class StorageError extends Error {
	override readonly name = 'StorageError';
	readonly kind: StorageErrorKind;
	/** The assessment concerned, when there is one (for support, not for display). */
	readonly recordId: string | null;

	constructor(
		kind: StorageErrorKind,
		message: string = STORAGE_ERROR_MESSAGES[kind],
		options: { cause?: unknown; recordId?: string | null } = {}
	) {
		super(message, { cause: options.cause });
		this.kind = kind;
		this.recordId = options.recordId ?? null;
	}
}

// Browsers disagree on names: Firefox long used its own, and some engines only set the legacy code.
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
const QUOTA_CODE = 22;

// Each of these means the database cannot be reached right now, not that the data is wrong; the
// cure is the same for all of them (reload, or leave private browsing).
const UNAVAILABLE_NAMES = new Set([
	'DatabaseClosedError',
	'MissingAPIError',
	'OpenFailedError',
	'InvalidStateError',
	'VersionError',
	'VersionChangeError',
	'NoSuchDatabaseError',
	'SecurityError',
	'TimeoutError',
	'TransactionInactiveError'
]);

/** Turns anything IndexedDB or Dexie threw into a StorageError (a StorageError passes through). */
export function toStorageError(e: unknown): StorageError {
	if (e instanceof StorageError) return e;
	const chain = errorChain(e);
	if (chain.some(isQuota)) return new StorageError('quota', undefined, { cause: e });
	// A wrapper (OpenFailedError, AbortError) may hold the StorageError our own code threw.
	const ours = chain.find((x): x is StorageError => x instanceof StorageError);
	if (ours) return ours;
	if (chain.some((x) => UNAVAILABLE_NAMES.has(nameOf(x)))) {
		return new StorageError('unavailable', undefined, { cause: e });
	}
	return new StorageError('unknown', undefined, { cause: e });
}

function isQuota(e: unknown): boolean {
	return QUOTA_NAMES.has(nameOf(e)) || (isObject(e) && e.code === QUOTA_CODE);
}

// Quota errors often arrive as the `inner` of a Dexie AbortError (the transaction is aborted
// rather than the request failing), so every layer has to be looked at.
function errorChain(e: unknown): unknown[] {
	const chain: unknown[] = [];
	let current: unknown = e;
	while (isObject(current) && chain.length < 8 && !chain.includes(current)) {
		chain.push(current);
		current = current.inner ?? current.cause;
	}
	return chain;
}

function nameOf(e: unknown): string {
	return isObject(e) && typeof e.name === 'string' ? e.name : '';
}

function isObject(e: unknown): e is Record<string, unknown> {
	return typeof e === 'object' && e !== null;
}
