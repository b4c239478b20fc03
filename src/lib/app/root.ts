/**
 * The composition root: the one place that builds what the use cases are given (the store on
 * this device, the clock and the id maker). Pages get their context from here rather than
 * constructing their own, so one database connection serves the whole tab.
 */
import Dexie from 'dexie';
import { AssessmentStore } from '../storage/assessments.ts';
import {
	DEFAULT_DB_NAME,
	HomewardDb,
	requestPersistentStorage,
	TRAINING_DB_NAME
} from '../storage/db.ts';
import { setDueOf } from '../storage/summaries.ts';
import { dueFor } from '../storage/summary-due.ts';
import { scheduleFor } from '../rules-schedules.ts';
import type { LoadedScenarios } from '../training/scenarios.ts';
import { randomId, systemClock, todayIso, type AppContext } from './context.ts';
import { clearAllJournals } from './autosave-journal.ts';
import { announceVersionChange } from './version-change.ts';
import { teamModeOn } from './team-key.ts';

export { onVersionChange } from './version-change.ts';

// Summary rows carry what is due after the decision, from the schedule in the rules index.
setDueOf(dueFor(scheduleFor));

interface Opened {
	db: HomewardDb;
	context: AppContext;
}

function open(name?: string): Opened {
	const db = new HomewardDb(name, {
		onVersionChange: announceVersionChange
	});
	const store = new AssessmentStore(db, systemClock, randomId);
	return { db, context: { store, clock: systemClock, newId: randomId } };
}

let real: Opened | null = null;
let training: Opened | null = null;

/** What the use cases need for real cases on this device (the database opens on first use). */
export function app(): AppContext {
	if (!real) {
		real = open();
		void requestPersistentStorage();
	}
	return real.context;
}

/**
 * What the use cases need in training mode: a separate database, so fictional cases can never
 * mix with real ones, and resetting it cannot touch them.
 */
export function trainingApp(): AppContext {
	training ??= open(TRAINING_DB_NAME);
	return training.context;
}

/** The store for real cases on this device. */
export const getStore = (): AssessmentStore => app().store;

/** The store for training mode. */
export const getTrainingStore = (): AssessmentStore => trainingApp().store;

/** Delete every training case (the training database only). */
export async function resetTraining(): Promise<void> {
	training?.db.release();
	training = null;
	clearAllJournals(TRAINING_DB_NAME);
	await Dexie.delete(TRAINING_DB_NAME);
}

/**
 * Remove everything Homeward keeps on this device: the real assessments' database and the
 * training database, both deleted outright. Other tabs are told (as for an upgrade) and stop
 * using them; this tab's next use starts an empty database. The cached app itself is kept, so
 * Homeward still opens without a network.
 */
export async function removeAllData(): Promise<void> {
	// A team's copy on this device goes too (the cases stay on the team's server), or it would
	// bring them back. Loaded only in team mode.
	if (teamModeOn()) await (await import('./team.ts')).signOutAndRemove();
	// Released, not just closed: a page still holding the old store must not reopen the database
	// and bring it back.
	real?.db.release();
	real = null;
	// Unsaved changes kept outside the database (autosave-journal.ts) go too.
	clearAllJournals();
	// The real cases first: if the page is left part way, they are what must not stay behind.
	await Dexie.delete(DEFAULT_DB_NAME);
	await resetTraining();
}

let scenarios: Promise<LoadedScenarios> | null = null;
/**
 * The built-in fictional scenarios, validated against the rules versions this build has. Loaded
 * on first use, so that only training pages fetch them (and the full rules they are checked with).
 */
export function getScenarios(): Promise<LoadedScenarios> {
	scenarios ??= Promise.all([
		import('../training/scenarios.ts'),
		import('../rules-registry.ts')
	]).then(([{ loadScenarios }, { findRules }]) => loadScenarios(findRules));
	return scenarios;
}

/** Today's date on this device, YYYY-MM-DD, in local time (a visit at 00:30 is on that day). */
export function today(): string {
	return todayIso(systemClock());
}
