/**
 * docs/evaluation-sample.md is the evaluation export of training mode's follow-up examples, on a
 * fixed day: this test makes it again and fails when the file is out of date.
 * `UPDATE_DOCS=1 npx vitest run tests/unit/evaluation-sample.test.ts` rewrites it.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadEvaluation } from '../../src/lib/app/evaluation.ts';
import { addFollowUpExamples } from '../../src/lib/app/training.ts';
import { findRules } from '../../src/lib/rules-registry.ts';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { loadScenarios } from '../../src/lib/training/scenarios.ts';
import { ROOT, testId } from '../helpers.ts';

const FILE = join(ROOT, 'docs/evaluation-sample.md');

it('docs/evaluation-sample.md is the export of the training examples', async () => {
	const at = new Date(2026, 11, 2, 10, 0);
	const clock = () => new Date(at);
	let n = 0;
	const newId = () => testId('sample', ++n);
	const db = new HomewardDb('evaluation-sample', { indexedDB: new IDBFactory(), IDBKeyRange });
	const ctx = { store: new AssessmentStore(db, clock, newId), clock, newId };
	await addFollowUpExamples(ctx, loadScenarios(findRules).scenarios);
	const files = await loadEvaluation(ctx, true);
	const text = [
		'# Evaluation export: a sample from training mode',
		'',
		'All fictional. This is what `/training/evaluation` gives for the two training scenarios with',
		'fictional follow-up (TRAIN-01 and TRAIN-06, after “Add the fictional follow-up examples” on',
		'the training caseload), exported on 2 December 2026. The real export (`/data/evaluation`) has',
		'the same columns. It is made again and compared by `tests/unit/evaluation-sample.test.ts`.',
		'',
		`## The CSV (\`${files.csvName}\`)`,
		'',
		'```csv',
		files.csv.replace(/\r\n/g, '\n').trimEnd(),
		'```',
		'',
		'## Its data dictionary',
		'',
		files.dictionary
			.replace(/^# .*\n\n/, '')
			.replace(/^## /gm, '### ')
			.trimEnd(),
		''
	].join('\n');
	if (process.env.UPDATE_DOCS) writeFileSync(FILE, text);
	expect(readFileSync(FILE, 'utf8')).toBe(text);
});
