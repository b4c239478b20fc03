/** Use cases of training mode: a fictional scenario loaded as a training case. */
import { findRules } from '../rules-registry.ts';
import type { AssessmentRecord } from '../storage/record.ts';
import type { Scenario } from '../training/scenario.ts';
import type { AppContext } from './context.ts';

/**
 * Starts a training case from scenario `s` under the rules it was written for, answered as the
 * scenario says or blank for a group to answer. Null when this build lacks those rules.
 */
export async function startTrainingCase(
	ctx: AppContext,
	s: Scenario,
	answered: boolean
): Promise<AssessmentRecord | null> {
	const rules = findRules(s.rules.id, s.rules.version);
	if (!rules) return null;
	return ctx.store.create({
		rules: { id: rules.data.id, version: rules.data.version, hash: rules.hash },
		caseDetails: { ...s.caseDetails },
		answers: answered ? { ...s.answers } : {},
		notes: answered ? { ...s.notes } : {}
	});
}
