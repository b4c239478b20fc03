/**
 * A draft's conflict (`draft-conflict.ts`) in words for the person choosing: each differing
 * field's name as the assessment's own pages name it (the question from the rules for an answer,
 * the label for a case detail, a part of the plan or the practitioner's record) and each side's
 * value as it reads there (an answer's option label, never its id; a date as a date; "Not set"
 * for nothing). Pure: the rules are passed in, and may be missing (a record pinning rules this
 * build does not have), when ids are shown as they are rather than guessed at.
 */
import type { Rules } from './compile.ts';
import { choiceKey, type DraftConflict, type FieldConflict, type Side } from './draft-conflict.ts';
import { fieldLabel, valueLabel } from './panel-summary.ts';
import {
	AGE_BAND_LABELS,
	formatDate,
	formatMoney,
	LEGAL_STATUS_LABELS,
	STATUS_LABELS
} from './wording.ts';

export interface ConflictRow {
	/** The key its choice is given under (`choiceKey`). */
	key: string;
	/** The field's name in words. */
	label: string;
	/** What the field is, when the name alone may not say (e.g. "Answer", "Evidence note"). */
	section: string;
	mine: string;
	theirs: string;
	needsChoice: boolean;
	suggested: Side | null;
}

export const NOT_SET = 'Not set';

const CASE_LABELS: Record<string, string> = {
	caseRef: 'Case reference',
	ageBand: 'Child’s age',
	legalStatus: 'Legal status',
	assessmentDate: 'Date of assessment',
	assessorName: 'Assessor’s name',
	assessorRole: 'Assessor’s role',
	returningTo: 'Returning to'
};
const PRACTICE_LABELS: Record<string, string> = {
	analysis: 'Analysis and recommendation',
	childViews: 'The child’s views',
	parentViews: 'The parents’ views',
	contingency: 'Contingency plan',
	cameIntoCare: 'Date the child came into care'
};
const PLAN_LABELS: Record<string, string> = {
	plannedReturnDate: 'Planned return date',
	placement: 'Placement compared against',
	placementWeeklyCost: 'Weekly cost of the placement'
};
const OTHER_LABELS: Record<string, string> = {
	decision: 'Decision',
	signOff: 'Sign-off',
	managerReviews: 'Managers’ approvals and returns',
	reviewCopy: 'What this review copied from the earlier assessment',
	reviewOf: 'The assessment this one reviews',
	supersedes: 'The signed assessment this is a new version of',
	supersededBy: 'The new version of this assessment'
};

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

const text = (v: unknown): string => {
	if (v === undefined || v === null || v === '') return NOT_SET;
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	return JSON.stringify(v);
};

/** Parts as sentences: each ends with a full stop unless it already ends a sentence. */
const sentences = (parts: readonly string[]): string =>
	parts.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join(' ');

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const dateText = (v: unknown) => (isDate(v) ? formatDate(v) : text(v));

function views(v: unknown): string {
	if (!isObject(v)) return text(v);
	const parts = [
		typeof v.text === 'string' && v.text !== '' ? v.text : null,
		typeof v.how === 'string' && v.how !== '' ? `How: ${v.how}` : null,
		isDate(v.when) ? `When: ${formatDate(v.when)}` : null
	].filter((p): p is string => p !== null);
	return parts.length > 0 ? sentences(parts) : NOT_SET;
}

const serviceName = (rules: Rules | undefined, id: string) =>
	rules?.data.support.find((s) => s.id === id)?.service ?? id;

const placementLabel = (rules: Rules | undefined, id: unknown) =>
	typeof id === 'string'
		? (rules?.data.referenceCosts.placements.find((p) => p.id === id)?.label ?? text(id))
		: text(id);

function planEdit(v: unknown): string {
	if (!isObject(v)) return text(v);
	const parts: string[] = [];
	if (typeof v.goal === 'string') parts.push(`Goal: ${v.goal}`);
	if (typeof v.owner === 'string') parts.push(`Who: ${v.owner}`);
	if (typeof v.startDate === 'string') parts.push(`Starts: ${dateText(v.startDate)}`);
	if (typeof v.weeks === 'number') parts.push(`${v.weeks} weeks`);
	if (typeof v.weeklyCost === 'number') parts.push(`${formatMoney(v.weeklyCost)} a week`);
	return parts.length > 0 ? sentences(parts) : 'As recommended';
}

function addedItem(v: unknown): string {
	if (!isObject(v)) return 'Not in the plan';
	const name = typeof v.name === 'string' ? v.name : '';
	const why = typeof v.reason === 'string' && v.reason ? `Why: ${v.reason}` : '';
	return sentences([name, planEdit(v), why].filter(Boolean));
}

function decisionText(rules: Rules | undefined, v: unknown): string {
	if (!isObject(v)) return text(v);
	const band = (id: unknown) =>
		(typeof id === 'string' && rules?.data.bands.find((b) => b.id === id)?.label) || text(id);
	if (v.kind === 'agree') return `Agree with ${band(v.computedBand)}`;
	if (v.kind === 'override')
		return `Override to ${band(v.band)}: ${typeof v.reason === 'string' ? v.reason : ''}`;
	return text(v);
}

/** One field's name and both values in words. */
export function describeField(
	rules: Rules | undefined,
	field: FieldConflict
): Omit<ConflictRow, 'key' | 'needsChoice' | 'suggested'> {
	const [top = '', part = '', item = ''] = field.path;
	const both = (f: (v: unknown) => string) => ({ mine: f(field.mine), theirs: f(field.theirs) });
	switch (top) {
		case 'answers': {
			const question = rules?.factors.get(part)?.factor.question ?? part;
			const answer = (v: unknown) =>
				typeof v === 'string' && rules
					? valueLabel(rules, `answer:${part}`, v)
					: v === undefined
						? 'Not answered'
						: text(v);
			return {
				label: question,
				section: 'Answer',
				...both((v) => (v === undefined ? 'Not answered' : answer(v)))
			};
		}
		case 'notes':
			return {
				label: rules ? fieldLabel(rules, `note:${part}`) : `Evidence note: ${part}`,
				section: 'Evidence note',
				...both(text)
			};
		case 'caseDetails': {
			const value = (v: unknown) =>
				part === 'ageBand'
					? (AGE_BAND_LABELS[v as keyof typeof AGE_BAND_LABELS] ?? text(v))
					: part === 'legalStatus'
						? (LEGAL_STATUS_LABELS[v as keyof typeof LEGAL_STATUS_LABELS] ?? text(v))
						: dateText(v);
			return { label: CASE_LABELS[part] ?? part, section: 'Case details', ...both(value) };
		}
		case 'practice':
			return {
				label: PRACTICE_LABELS[part] ?? part,
				section: 'Your record',
				...both(part === 'childViews' || part === 'parentViews' ? views : dateText)
			};
		case 'planning': {
			if (part === 'changes')
				return {
					label: `Changes to ${serviceName(rules, item)}`,
					section: 'Support plan',
					...both((v) => (v === undefined ? 'As recommended' : planEdit(v)))
				};
			if (part === 'removed')
				return {
					label: `${serviceName(rules, item)} taken out of the plan`,
					section: 'Support plan',
					...both((v) => (v === undefined ? 'Kept in the plan' : `Taken out: ${text(v)}`))
				};
			if (part === 'added')
				return {
					label: 'Support added to the plan',
					section: 'Support plan',
					...both(addedItem)
				};
			const value = (v: unknown) =>
				part === 'placement'
					? placementLabel(rules, v)
					: part === 'placementWeeklyCost' && typeof v === 'number'
						? formatMoney(v)
						: dateText(v);
			return { label: PLAN_LABELS[part] ?? part, section: 'Support plan', ...both(value) };
		}
		case 'decision':
			return { label: 'Decision', section: 'Decision', ...both((v) => decisionText(rules, v)) };
		case 'status':
			return {
				label: 'Status',
				section: 'Status',
				...both((v) => STATUS_LABELS[v as keyof typeof STATUS_LABELS] ?? text(v))
			};
		default:
			return { label: OTHER_LABELS[top] ?? top, section: 'Other', ...both(text) };
	}
}

/** Every differing field in words, in the order the conflict lists them. */
export function conflictRows(rules: Rules | undefined, conflict: DraftConflict): ConflictRow[] {
	return conflict.fields.map((f) => ({
		key: choiceKey(f.path),
		...describeField(rules, f),
		needsChoice: f.needsChoice,
		suggested: f.suggested
	}));
}

/** The message when a field that needs a choice has none (GOV.UK: says what to do). */
export const chooseMessage = (label: string): string =>
	`Choose which version of “${label}” to keep`;
