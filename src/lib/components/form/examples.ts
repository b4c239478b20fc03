/**
 * Every state each GOV.UK form primitive can be shown in, as one list (GOV.UK Frontend's habit:
 * the same examples drive the component test, tests/unit/form-primitives.test.ts, and the axe
 * check in Chromium, tests/browser/form-primitives.spec.ts, so every state shown is also checked).
 * The callbacks a page passes are left out; the renderers fill them with no-ops. Fictional text.
 */
import { createRawSnippet } from 'svelte';
export type FormComponent =
	'RadioGroup' | 'TextField' | 'TextArea' | 'DateInput' | 'ErrorSummary' | 'FieldError';

export interface FormExample {
	component: FormComponent;
	name: string;
	props: Record<string, unknown>;
}

const AGE_OPTIONS = [
	{ value: 'under-1', label: 'Under 1' },
	{ value: '1-4', label: '1 to 4' },
	{ value: '5-10', label: '5 to 10' }
];

const PROTECT_OPTIONS = [
	{
		value: 'yes',
		label: 'Yes, protect it with a passphrase',
		conditional: createRawSnippet(() => ({
			render: () =>
				'<div class="govuk-form-group"><label class="govuk-label" for="protect-words">Passphrase</label>' +
				'<input class="govuk-input" id="protect-words" name="protect-words" type="password"></div>'
		}))
	},
	{ value: 'no', label: 'No, save it unprotected' }
];

export const FORM_EXAMPLES: FormExample[] = [
	{
		component: 'RadioGroup',
		name: 'radios, nothing chosen',
		props: { id: 'age', legend: 'Child’s age', options: AGE_OPTIONS, value: '', error: undefined }
	},
	{
		component: 'RadioGroup',
		name: 'radios with a hint and a choice',
		props: {
			id: 'age-hint',
			legend: 'Child’s age',
			hint: 'Their age on the day of the assessment.',
			options: AGE_OPTIONS,
			value: '1-4',
			error: undefined
		}
	},
	{
		component: 'RadioGroup',
		name: 'radios with an error',
		props: {
			id: 'age-error',
			legend: 'Child’s age',
			hint: 'Their age on the day of the assessment.',
			options: AGE_OPTIONS,
			value: '',
			error: 'Select the child’s age'
		}
	},
	{
		component: 'RadioGroup',
		name: 'radios, read-only',
		props: {
			id: 'age-readonly',
			legend: 'Child’s age',
			options: AGE_OPTIONS,
			value: '5-10',
			error: undefined,
			readonly: true
		}
	},
	{
		component: 'RadioGroup',
		name: 'radios with an "or" divider before a neutral answer',
		props: {
			id: 'seen',
			legend: 'Has the parent kept to the contact plan?',
			legendSize: 'm',
			legendHeading: 'h2',
			options: [
				{ value: 'yes', label: 'Yes' },
				{ value: 'no', label: 'No' },
				{ value: 'unknown', label: 'Not known', dividerBefore: true }
			],
			value: 'unknown',
			error: undefined
		}
	},
	{
		component: 'RadioGroup',
		name: 'radios with a hint on each option',
		props: {
			id: 'keep',
			legend: 'What do you want to do with it?',
			small: false,
			options: [
				{
					value: 'keep',
					label: 'Keep the one on this device',
					hint: 'The file’s copy is not imported.',
					hiddenLabelSuffix: '(fictional case FICT-3)'
				},
				{ value: 'replace', label: 'Replace it', hint: 'The file’s copy takes its place.' }
			],
			value: '',
			error: undefined
		}
	},
	{
		component: 'RadioGroup',
		name: 'radios with a conditional reveal, closed',
		props: {
			id: 'protect',
			legend: 'Protect the file with a passphrase?',
			legendSize: 'm',
			small: false,
			options: PROTECT_OPTIONS,
			value: 'no',
			error: undefined
		}
	},
	{
		component: 'RadioGroup',
		name: 'radios with a conditional reveal, open',
		props: {
			id: 'protect-open',
			legend: 'Protect the file with a passphrase?',
			legendHeading: 'h1',
			legendSize: 'l',
			small: false,
			options: PROTECT_OPTIONS,
			value: 'yes',
			error: undefined
		}
	},
	{
		component: 'TextField',
		name: 'text field',
		props: { id: 'case-ref', label: 'Case reference', value: '', error: undefined }
	},
	{
		component: 'TextField',
		name: 'text field with a hint, a width and a value',
		props: {
			id: 'case-ref-hint',
			label: 'Case reference',
			hint: 'A pseudonymous reference, never a name.',
			width: 'govuk-input--width-20',
			value: 'FICT-1',
			error: undefined
		}
	},
	{
		component: 'TextField',
		name: 'text field with an error',
		props: {
			id: 'case-ref-error',
			label: 'Case reference',
			hint: 'A pseudonymous reference, never a name.',
			value: '',
			error: 'Enter the case reference'
		}
	},
	{
		component: 'TextField',
		name: 'text field, read-only',
		props: {
			id: 'case-ref-ro',
			label: 'Case reference',
			value: 'FICT-2',
			error: undefined,
			readonly: true
		}
	},
	{
		component: 'TextField',
		name: 'password field for a new passphrase',
		props: {
			id: 'new-passphrase',
			label: 'Passphrase',
			labelSize: 'regular',
			type: 'password',
			autocomplete: 'new-password',
			hint: 'At least 12 characters.',
			width: 'govuk-!-width-two-thirds',
			value: '',
			error: undefined
		}
	},
	{
		component: 'TextField',
		name: 'password field with an error',
		props: {
			id: 'current-passphrase',
			label: 'Passphrase',
			labelSize: 'regular',
			type: 'password',
			autocomplete: 'current-password',
			value: 'wrong words',
			error: 'The passphrase is not right. Check it and try again'
		}
	},
	{
		component: 'TextArea',
		name: 'textarea',
		props: { id: 'reason', label: 'Why is it needed?', value: '', error: undefined }
	},
	{
		component: 'TextArea',
		name: 'textarea with a hint, rows and a value',
		props: {
			id: 'reason-hint',
			label: 'Why is it needed?',
			hint: 'This is printed in the plan, beside the recommended support.',
			rows: 3,
			value: 'Fictional: the parent asked for help with routines.',
			error: undefined
		}
	},
	{
		component: 'TextArea',
		name: 'textarea with an error',
		props: {
			id: 'reason-error',
			label: 'Why have you decided on a different band?',
			hint: 'At least 20 characters.',
			value: 'Too short',
			error: 'Enter at least 20 characters'
		}
	},
	{
		component: 'TextArea',
		name: 'textarea, read-only',
		props: {
			id: 'reason-ro',
			label: 'Evidence and notes (optional)',
			value: 'Fictional: seen at the home visit.',
			error: undefined,
			readonly: true
		}
	},
	{
		component: 'TextArea',
		name: 'textarea whose label is the page heading',
		props: {
			id: 'reason-heading',
			label: 'Why is it not needed?',
			labelSize: 'l',
			isPageHeading: true,
			value: '',
			error: undefined
		}
	},
	{
		component: 'DateInput',
		name: 'date, empty',
		props: { id: 'date', legend: 'Date of assessment', value: '', error: undefined }
	},
	{
		component: 'DateInput',
		name: 'date with a value',
		props: { id: 'date-value', legend: 'Date of assessment', value: '2026-03-27', error: undefined }
	},
	{
		component: 'DateInput',
		name: 'date with an error',
		props: {
			id: 'date-error',
			legend: 'Date of assessment',
			value: '',
			error: 'Enter the date of the assessment'
		}
	},
	{
		component: 'ErrorSummary',
		name: 'error summary with two errors',
		props: {
			errors: [
				{ field: 'case-ref', message: 'Enter the case reference' },
				{ field: 'age', message: 'Select the child’s age' }
			]
		}
	},
	{ component: 'ErrorSummary', name: 'error summary with no errors', props: { errors: [] } },
	{
		component: 'FieldError',
		name: 'field error',
		props: { id: 'notes', message: 'Notes must be 2,000 characters or fewer' }
	},
	{ component: 'FieldError', name: 'no field error', props: { id: 'notes', message: undefined } }
];
