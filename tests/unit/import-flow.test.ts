/** The import page's stages (ImportFlow), run on fake IndexedDB with a fake clock. Fictional data. */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { startAssessment } from '../../src/lib/app/assessments.ts';
import type { AppContext } from '../../src/lib/app/context.ts';
import { ImportFlow } from '../../src/lib/app/import-flow.svelte.ts';
import { exportAssessments, exportSelection } from '../../src/lib/app/transfer.ts';
import { AssessmentStore } from '../../src/lib/storage/assessments.ts';
import { HomewardDb } from '../../src/lib/storage/db.ts';
import { testId } from '../helpers.ts';

let n = 0;
function context(prefix: string): AppContext {
	const clock = () => new Date(2026, 11, 1, 10, 0);
	let ids = 0;
	const newId = () => testId(prefix, ++ids);
	const db = new HomewardDb(`import-flow-${++n}`, { indexedDB: new IDBFactory(), IDBKeyRange });
	return { store: new AssessmentStore(db, clock, newId), clock, newId };
}

async function exportOne(passphrase: string | null) {
	const from = context('from');
	await startAssessment(from);
	const { records } = await exportSelection(from, null);
	return exportAssessments(from, records, { training: false, passphrase });
}

const fileOf = (text: string, name = 'homeward-1-assessment-2026-12-01.json') =>
	new File([text], name, { type: 'application/json' });

describe('importing a file, stage by stage', () => {
	it('no file chosen: asks for one and stays', async () => {
		const flow = new ImportFlow(context('to'), false);
		await flow.choose(null);
		expect(flow.stage).toBe('choose');
		expect(flow.errors.map((e) => e.field)).toEqual(['import-file']);
	});

	it('a file that is not an export: says so, nothing imported', async () => {
		const flow = new ImportFlow(context('to'), false);
		await flow.choose(fileOf('{"hello": 1}', 'notes.json'));
		expect(flow.stage).toBe('choose');
		expect(flow.failures.length).toBeGreaterThan(0);
		expect(flow.failures.every((f) => f.field === 'import-file')).toBe(true);
	});

	it('an export: check, then import, then counts', async () => {
		const made = await exportOne(null);
		const to = context('to');
		const flow = new ImportFlow(to, false);
		await flow.choose(fileOf(made.text));
		expect(flow.stage).toBe('check');
		expect(flow.clashes).toEqual([]);
		await flow.importNow();
		expect(flow.stage).toBe('done');
		expect(flow.counts).toMatchObject({ added: 1, replaced: 0, skipped: 0, keptBoth: 0 });
		expect((await to.store.list()).total).toBe(1);
	});

	it('a protected export: asks for the passphrase, refuses a wrong one, opens with the right one', async () => {
		const made = await exportOne('a fictional passphrase');
		const flow = new ImportFlow(context('to'), false);
		await flow.choose(fileOf(made.text));
		expect(flow.stage).toBe('passphrase');
		flow.passphrase = 'not the passphrase';
		await flow.unlock();
		expect(flow.stage).toBe('passphrase');
		expect(flow.failures.map((f) => f.field)).toEqual(['passphrase']);
		flow.passphrase = 'a fictional passphrase';
		await flow.unlock();
		expect(flow.stage).toBe('check');
		expect(flow.passphrase).toBe('');
	});

	it('starting again forgets the file', async () => {
		const made = await exportOne(null);
		const flow = new ImportFlow(context('to'), false);
		await flow.choose(fileOf(made.text));
		flow.reset();
		expect([flow.stage, flow.file, flow.clashes]).toEqual(['choose', null, []]);
	});
});
