import { describe, expect, it } from 'vitest';
import { describeConflict } from '../../src/lib/domain/draft-conflict.ts';
import { conflictRows, NOT_SET } from '../../src/lib/domain/draft-conflict-words.ts';
import type { AssessmentRecord } from '../../src/lib/storage/record.ts';
import { teamDoc } from '../fixtures/team-docs.ts';
import { CURRENT_RULES_FILE, loadRealRules } from '../helpers.ts';

const rules = loadRealRules(CURRENT_RULES_FILE);
const factor = rules.data.domains[0]!.factors[0]!;
const [a, b] = rules.factors.get(factor.id)!.scale.options;
const service = rules.data.support[0]!;
const base: AssessmentRecord = teamDoc('draft').record;

describe('a conflict in words, as the person choosing reads it', () => {
	const mine = {
		...base,
		answers: { [factor.id]: a!.value },
		notes: { [factor.id]: 'Fictional note written here.' },
		caseDetails: { ...base.caseDetails, ageBand: '5-10' as const },
		planning: { ...base.planning, changes: { [service.id]: { weeks: 12 } } },
		practice: {
			...base.practice,
			childViews: { text: 'Fictional: wants to go home.', how: 'Visit', when: '2026-11-20' }
		}
	};
	const theirs = { ...base, answers: { [factor.id]: b!.value } };
	const rows = conflictRows(rules, describeConflict(mine, theirs, base));
	const row = (label: string) => rows.find((r) => r.label === label);

	it.each([
		[factor.question, 'Answer', a!.label, b!.label],
		[`Evidence note: ${factor.label}`, 'Evidence note', 'Fictional note written here.', NOT_SET],
		['Child’s age', 'Case details', '5 to 10', NOT_SET],
		[`Changes to ${service.service}`, 'Support plan', '12 weeks.', 'As recommended'],
		[
			'The child’s views',
			'Your record',
			'Fictional: wants to go home. How: Visit. When: 20 November 2026.',
			NOT_SET
		]
	])('%s (%s): “%s” here, “%s” there', (label, section, here, there) => {
		expect(row(label)).toMatchObject({ section, mine: here, theirs: there });
	});

	it('never shows an answer’s id, and asks for a choice only where both changed the field', () => {
		expect(a!.value).not.toBe(a!.label);
		expect(rows.flatMap((r) => [r.mine, r.theirs])).not.toContain(a!.value);
		expect(row(factor.question)).toMatchObject({ needsChoice: true, suggested: null });
		expect(row('Child’s age')).toMatchObject({ needsChoice: false, suggested: 'mine' });
	});

	it('without the rules the record pins, shows ids as they are rather than guessing', () => {
		const bare = conflictRows(undefined, describeConflict(mine, theirs, base));
		expect(bare.find((r) => r.section === 'Answer')).toMatchObject({
			label: factor.id,
			mine: a!.value,
			theirs: b!.value
		});
	});
});
