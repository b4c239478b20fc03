/**
 * Governance of one assessment: the practitioner's own record (analysis, the child's and parents'
 * views, the contingency plan), the sign-off declaration, a manager's approval or return, and the
 * time the child has been in care. Plain data the team-sync work can carry as it is.
 */
import * as z from 'zod/mini';
import { daysBetween, isIsoDate } from './dates.ts';

/** A date as YYYY-MM-DD, or '' when not given: how every optional date is stored. */
export const isoDateOrEmpty = z
	.string()
	.check(z.regex(/^(\d{4}-\d{2}-\d{2})?$/, 'a date as YYYY-MM-DD, or empty'));

/** Someone's views, in their own words, with how and when they were gathered. */
export const ViewsSchema = z.object({
	text: z.string(),
	how: z.string(),
	when: isoDateOrEmpty
});
export type Views = z.infer<typeof ViewsSchema>;

const emptyViews = (): Views => ({ text: '', how: '', when: '' });

/** What the practitioner writes beyond the answers: the record a permanence panel expects. */
export const PracticeRecordSchema = z.object({
	/** The practitioner's overall analysis and recommendation (required before sign-off). */
	analysis: z.string(),
	childViews: ViewsSchema,
	parentViews: ViewsSchema,
	/** What happens if the return breaks down. */
	contingency: z.string(),
	/** When the child came into care (YYYY-MM-DD, or ''): their timescales. */
	cameIntoCare: isoDateOrEmpty
});
export type PracticeRecord = z.infer<typeof PracticeRecordSchema>;

export const emptyPracticeRecord = (): PracticeRecord => ({
	analysis: '',
	childViews: emptyViews(),
	parentViews: emptyViews(),
	contingency: '',
	cameIntoCare: ''
});

/** What the assessor confirms by signing; printed on the summary. */
export const DECLARATION =
	'I confirm that the analysis and decision are my own professional judgement and that the evidence for them is recorded in this assessment.';

/** A manager's approval of a decision, or its return to the practitioner with comments. */
export const ManagerReviewSchema = z.object({
	outcome: z.enum(['approved', 'returned']),
	name: z.string().check(z.minLength(1)),
	role: z.string().check(z.minLength(1)),
	date: z.string(),
	comment: z.string(),
	recordedAt: z.string()
});
export type ManagerReview = z.infer<typeof ManagerReviewSchema>;

export interface FieldProblem {
	field: string;
	message: string;
}

/** A manager's review as the form holds it. */
export interface ManagerReviewForm {
	outcome: string;
	name: string;
	role: string;
	date: string;
	comment: string;
}

/** What is missing from a manager's review form, in page order; a return needs comments. */
export function validateManagerReview(f: ManagerReviewForm, today: string): FieldProblem[] {
	const errors: FieldProblem[] = [];
	if (f.outcome !== 'approved' && f.outcome !== 'returned')
		errors.push({
			field: 'outcome',
			message: 'Select whether you approve the decision or return it'
		});
	if (f.name.trim() === '') errors.push({ field: 'managerName', message: 'Enter your name' });
	if (f.role.trim() === '') errors.push({ field: 'managerRole', message: 'Enter your role' });
	if (f.date.trim() === '') errors.push({ field: 'reviewDate', message: 'Enter the date' });
	else if (!isIsoDate(f.date))
		errors.push({ field: 'reviewDate', message: 'The date must be a real date' });
	else if (f.date > today)
		errors.push({ field: 'reviewDate', message: 'The date must be today or in the past' });
	if (f.outcome === 'returned' && f.comment.trim() === '')
		errors.push({
			field: 'comment',
			message: 'Enter your comments for the practitioner: say what needs to change'
		});
	return errors;
}

const VIEWS = [
	['childViews', 'child’s'],
	['parentViews', 'parents’']
] as const;

/** What the practitioner must have written to sign off, in page order. */
export function practiceProblems(p: PracticeRecord, declared: boolean): FieldProblem[] {
	const errors: FieldProblem[] = [];
	if (p.analysis.trim() === '')
		errors.push({ field: 'analysis', message: 'Enter your analysis and recommendation' });
	for (const [key, whose] of VIEWS) {
		const when = p[key].when;
		if (when !== '' && !isIsoDate(when))
			errors.push({
				field: `${key}When`,
				message: `The date the ${whose} views were gathered must be a real date`
			});
	}
	if (!declared)
		errors.push({ field: 'declaration', message: 'Confirm the declaration to sign off' });
	return errors;
}

/** Where a decision stands with its manager. */
export type ApprovalState =
	| { kind: 'not-needed' }
	| { kind: 'not-yet-signed' }
	| { kind: 'awaiting' }
	| { kind: 'approved'; by: ManagerReview }
	| { kind: 'returned'; by: ManagerReview };

/** The approval state of an assessment that needs (or not) a manager, from its reviews and status. */
export function approvalState(
	needsApproval: boolean,
	status: string,
	reviews: readonly ManagerReview[]
): ApprovalState {
	if (!needsApproval) return { kind: 'not-needed' };
	const last = reviews.at(-1);
	if (status === 'signed' && last?.outcome === 'approved') return { kind: 'approved', by: last };
	if (status === 'awaiting-approval') return { kind: 'awaiting' };
	if (last?.outcome === 'returned') return { kind: 'returned', by: last };
	return { kind: 'not-yet-signed' };
}

/** The latest return the practitioner has not yet answered by signing again, or null. */
export function openReturn(
	status: string,
	reviews: readonly ManagerReview[]
): ManagerReview | null {
	const last = reviews.at(-1);
	return last?.outcome === 'returned' && (status === 'draft' || status === 'completed')
		? last
		: null;
}

/** How long the child has been in care on `today`, in whole months and days, or null if not known. */
export function timeInCare(
	cameIntoCare: string,
	today: string
): { days: number; months: number; text: string } | null {
	if (!isIsoDate(cameIntoCare) || !isIsoDate(today) || cameIntoCare > today) return null;
	const days = daysBetween(cameIntoCare, today);
	const [y1, m1, d1] = cameIntoCare.split('-').map(Number) as [number, number, number];
	const [y2, m2, d2] = today.split('-').map(Number) as [number, number, number];
	const months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
	return { days, months, text: describeTime(days, months) };
}

function describeTime(days: number, months: number): string {
	const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	if (months < 1) return days < 7 ? plural(days, 'day') : plural(Math.floor(days / 7), 'week');
	const years = Math.floor(months / 12);
	const rest = months % 12;
	if (years === 0) return plural(rest, 'month');
	return rest === 0
		? plural(years, 'year')
		: `${plural(years, 'year')} and ${plural(rest, 'month')}`;
}
