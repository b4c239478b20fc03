/**
 * The history of changes of an imported record must verify: a file whose trail was edited,
 * shortened, reordered or added to by hand is refused, never taken in as a clean history.
 */
import { verifyTrail } from '../../domain/audit.ts';
import type { AssessmentRecord } from '../record.ts';

/** The sentence refusing `record` (called `name` in the file) for a broken trail, or null. */
export function trailProblem(record: AssessmentRecord, name: string): string | null {
	const check = verifyTrail(record.audit.trail);
	if (check.ok) return null;
	const detail = check.message
		.replace(/^The history of changes has been tampered with or damaged: /, '')
		.replace(/\. Treat this record with caution\.$/, '');
	return `${name} has a history of changes that has been tampered with or damaged (${detail}), so it cannot be trusted.`;
}
