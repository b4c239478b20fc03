/**
 * What every use case is given: the store it works on, the clock and the id maker. They are built
 * once, in the composition root (`root.ts`), and nowhere else reads the clock or makes an id, so
 * a test can run any use case with a fake clock and predictable ids.
 */
import type { AssessmentStore } from '../storage/assessments.ts';

export interface AppContext {
	store: AssessmentStore;
	/** Now, on this device's clock. */
	clock: () => Date;
	/** A new, unique id. */
	newId: () => string;
}

/** The device's clock: the one place the app reads it. */
export const systemClock = (): Date => new Date();

/** A random UUID: the one place the app makes ids. */
export const randomId = (): string => crypto.randomUUID();

/** Today's date on this device, YYYY-MM-DD, in local time (a visit at 00:30 is on that day). */
export function todayIso(now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The device's time zone ("Europe/London"), in which stored times of change are shown. */
export const deviceTimeZone = (): string =>
	Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Today's date by this context's clock. */
export const today = (ctx: Pick<AppContext, 'clock'>): string => todayIso(ctx.clock());
