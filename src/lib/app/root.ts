/**
 * App-wide services for the browser: the assessment store on this device, and today's date.
 * Pages get them from here rather than constructing their own, so one database connection serves
 * the whole tab.
 */
import { AssessmentStore } from '../storage/assessments.ts';
import Dexie from 'dexie';
import {
	DEFAULT_DB_NAME,
	HomewardDb,
	requestPersistentStorage,
	TRAINING_DB_NAME,
	type VersionChange
} from '../storage/db.ts';
import { findRules } from '../rules-registry.ts';
import { loadScenarios, type LoadedScenarios } from '../training/scenarios.ts';

let store: { db: HomewardDb; store: AssessmentStore } | null = null;
const versionListeners = new Set<(change: VersionChange) => void>();

/** The store for real cases on this device (opened on first use). */
export function getStore(): AssessmentStore {
	if (!store) {
		const db = new HomewardDb(undefined, {
			onVersionChange: (c) => versionListeners.forEach((l) => l(c))
		});
		store = { db, store: new AssessmentStore(db) };
		void requestPersistentStorage();
	}
	return store.store;
}

let training: { db: HomewardDb; store: AssessmentStore } | null = null;

/**
 * The store for training mode: a separate database, so fictional cases can never mix with real
 * ones, and resetting it cannot touch them.
 */
export function getTrainingStore(): AssessmentStore {
	if (!training) {
		const db = new HomewardDb(TRAINING_DB_NAME, {
			onVersionChange: (c) => versionListeners.forEach((l) => l(c))
		});
		training = { db, store: new AssessmentStore(db) };
	}
	return training.store;
}

/** Delete every training case (the training database only). */
export async function resetTraining(): Promise<void> {
	training?.db.release();
	training = null;
	await Dexie.delete(TRAINING_DB_NAME);
}

/**
 * Remove everything Homeward keeps on this device: the real assessments' database and the
 * training database, both deleted outright. Other tabs are told (as for an upgrade) and stop
 * using them; this tab's next use starts an empty database. The cached app itself is kept, so
 * Homeward still opens without a network.
 */
export async function removeAllData(): Promise<void> {
	// Released, not just closed: a page still holding the old store must not reopen the database
	// and bring it back.
	store?.db.release();
	store = null;
	await resetTraining();
	await Dexie.delete(DEFAULT_DB_NAME);
}

let scenarios: LoadedScenarios | null = null;
/** The built-in fictional scenarios, validated against the rules versions this build has. */
export function getScenarios(): LoadedScenarios {
	scenarios ??= loadScenarios(findRules);
	return scenarios;
}

/** Be told when another tab upgrades the database and this tab must reload. */
export function onVersionChange(listener: (change: VersionChange) => void): () => void {
	versionListeners.add(listener);
	return () => versionListeners.delete(listener);
}

/** Today's date on this device, YYYY-MM-DD, in local time (a visit at 00:30 is on that day). */
export function todayIso(now: Date = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
