/** Use cases of the data pages: what is stored on this device. */
import type { StoredCounts } from '../storage/assessments.ts';
import type { AppContext } from './context.ts';

export interface DeviceCounts {
	/** Real assessments, by status. */
	counts: StoredCounts;
	/** Training cases, in all. */
	trainingCount: number;
}

/** How many real assessments (by status) and training cases this device holds. */
export async function deviceCounts(real: AppContext, training: AppContext): Promise<DeviceCounts> {
	const counts = await real.store.counts();
	const trainingCount = (await training.store.counts()).total;
	return { counts, trainingCount };
}

/** What the browser says about Homeward's storage; each part is null when it does not say. */
export interface StorageStatus {
	/** Whether the browser can be asked to keep the data. */
	supported: boolean;
	/** Whether it has agreed not to clear Homeward's data. */
	persisted: boolean | null;
	estimate: { usage: number; quota: number } | null;
}

/** Whether this browser keeps Homeward's data, and how much space it uses of how much. */
export async function storageStatus(): Promise<StorageStatus> {
	const storage = navigator.storage as StorageManager | undefined;
	const status: StorageStatus = {
		supported: typeof storage?.persist === 'function',
		persisted: null,
		estimate: null
	};
	try {
		if (typeof storage?.persisted === 'function') status.persisted = await storage.persisted();
		if (typeof storage?.estimate === 'function') {
			const e = await storage.estimate();
			if (typeof e.usage === 'number' && typeof e.quota === 'number')
				status.estimate = { usage: e.usage, quota: e.quota };
		}
	} catch {
		// The page says the browser does not tell; nothing depends on it.
	}
	return status;
}

/** Asks the browser to keep Homeward's data; resolves to whether it agreed. */
export { requestPersistentStorage as askToKeepData } from '../storage/db.ts';
