/** The store's refusals and faults as sentences that name the case (see errors.ts for the rest). */
import { caseName } from '../domain/assessment.ts';
import { StorageError, STORAGE_ERROR_MESSAGES } from './errors.ts';
import type { AssessmentRecord } from './record.ts';
import type { CorruptRecord } from './store-types.ts';

export const NOT_SAVED_INVALID =
	'Homeward could not save this change because of a fault in the app, so nothing was saved. Reload the page and try again; if it happens again, contact your IT support.';

function nameOf(record: AssessmentRecord): string {
	return caseName(record.caseDetails.caseRef);
}

function sentence(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

// Names the case when that much of a damaged record is readable, so the user knows which one.
export function describeCorrupt(row: unknown): CorruptRecord {
	const id = readPath(row, ['id']);
	const caseRef = readPath(row, ['caseDetails', 'caseRef']);
	const named = typeof caseRef === 'string' && caseRef.trim() !== '' ? caseRef.trim() : null;
	const message =
		named === null
			? STORAGE_ERROR_MESSAGES.corrupt
			: `The saved assessment for case ${named} is damaged and cannot be opened. It has been kept as it is, not deleted. Do not clear this browser’s data; export your assessments and contact your IT support.`;
	return { id: String(id), caseRef: named, message };
}

function readPath(value: unknown, path: readonly string[]): unknown {
	let current = value;
	for (const key of path) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

export function signedIsReadOnly(record: AssessmentRecord): StorageError {
	if (record.status === 'awaiting-approval')
		return new StorageError(
			'read-only',
			`${sentence(nameOf(record))} is awaiting a manager’s approval, so it cannot be changed and your change was not saved. The manager can return it to you with comments.`,
			{ recordId: record.id }
		);
	return new StorageError(
		'read-only',
		`${sentence(nameOf(record))} has been signed, so it can no longer be changed and your change was not saved. To make changes, start a new version of it.`,
		{ recordId: record.id }
	);
}

export function changedElsewhere(record: AssessmentRecord): StorageError {
	return new StorageError(
		'conflict',
		`${sentence(nameOf(record))} was changed in another tab or window after you opened it, so your change was not saved. Reopen the assessment to see the latest version, then make your change again.`,
		{ recordId: record.id }
	);
}

export function cannotSign(
	record: AssessmentRecord,
	refusal: 'already-signed' | 'awaiting-approval' | 'not-completed'
): StorageError {
	const message =
		refusal === 'already-signed'
			? `${sentence(nameOf(record))} has already been signed, so it was not signed again. To make changes, start a new version of it.`
			: refusal === 'awaiting-approval'
				? `${sentence(nameOf(record))} is already awaiting a manager’s approval, so it was not signed again.`
				: `${sentence(nameOf(record))} cannot be signed yet because it is not marked as complete. Complete the assessment, then sign it.`;
	return new StorageError('conflict', message, { recordId: record.id });
}

export function notSignedYet(record: AssessmentRecord): StorageError {
	return new StorageError(
		'conflict',
		`${sentence(nameOf(record))} has not been signed, so no new version was started. You can change it as it is.`,
		{ recordId: record.id }
	);
}

export function alreadySuperseded(record: AssessmentRecord): StorageError {
	return new StorageError(
		'conflict',
		`A newer version of ${nameOf(record)} already exists, so no other version was started. Open the newest version to make changes.`,
		{ recordId: record.id }
	);
}

export function notReadyToSign(
	record: AssessmentRecord,
	problems: readonly { message: string }[]
): StorageError {
	const list = problems.map((p) => p.message.charAt(0).toLowerCase() + p.message.slice(1));
	return new StorageError(
		'conflict',
		`${sentence(nameOf(record))} was not signed: ${list.join('; ')}.`,
		{ recordId: record.id }
	);
}

export function changesNeedReason(record: AssessmentRecord): StorageError {
	return new StorageError(
		'conflict',
		`${sentence(nameOf(record))} was changed after it was completed, so it was not signed. Give the reason for the changes first.`,
		{ recordId: record.id }
	);
}

export function cannotReview(record: AssessmentRecord): StorageError {
	return new StorageError(
		'conflict',
		`${sentence(nameOf(record))} is not awaiting a manager’s approval, so nothing was recorded. Reload the page to see where it stands.`,
		{ recordId: record.id }
	);
}
