/**
 * What each row of a list of assessments is called by its links' hidden text, so that "Delete",
 * "Export" and "Panel summary" have a distinct name on every row (WCAG 2.4.4), even for an
 * assessment with no reference or two with the same one (an import kept as a copy).
 */
import { STATUS_LABELS } from '../../domain/wording.ts';
import { shownMoment } from '../../app/moments.ts';
import type { AssessmentSummary } from '../../storage/record.ts';

type Row = Pick<AssessmentSummary, 'id' | 'caseRef' | 'status' | 'updatedAt'>;

/** A name for each row, by id: the case reference, told apart by status and last change where it repeats. */
export function rowNames(rows: readonly Row[]): Map<string, string> {
	const base = (r: Row) => r.caseRef.trim() || 'the assessment with no reference';
	const count = new Map<string, number>();
	for (const r of rows) count.set(base(r), (count.get(base(r)) ?? 0) + 1);
	const names = new Map<string, string>();
	const seen = new Map<string, number>();
	for (const r of rows) {
		let name = base(r);
		if ((count.get(name) ?? 0) > 1)
			name = `${name} (${STATUS_LABELS[r.status].toLowerCase()}, last changed ${shownMoment(r.updatedAt)})`;
		const n = (seen.get(name) ?? 0) + 1;
		seen.set(name, n);
		names.set(r.id, n > 1 ? `${name}, copy ${n}` : name);
	}
	return names;
}
