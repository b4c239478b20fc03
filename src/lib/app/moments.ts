/**
 * Stored moments (UTC text such as "2026-07-01T13:05:00.000Z") as this device's person reads them:
 * in the device's time zone, the one the app's "today" is in too. The wording is the domain's
 * (`formatMoment`, `momentDay`); only the zone is the device's.
 */
import { deviceTimeZone } from './context.ts';
import { formatDate, formatMoment, formatShortDate, momentDay } from '../domain/wording.ts';

/** "1 July 2026 at 14:05 BST". */
export const shownMoment = (iso: string): string => formatMoment(iso, deviceTimeZone());

/** "14:05", for a line that says when something was just saved. */
export const shownTime = (iso: string): string =>
	formatMoment(iso, deviceTimeZone(), { date: false, zone: false });

/** "1 July 2026": the moment's date here, which near midnight is not its UTC date. */
export const shownDay = (iso: string): string => formatDate(momentDay(iso, deviceTimeZone()));

/** "1 Jul 2026", for a narrow printed column. */
export const shownShortDay = (iso: string): string =>
	formatShortDate(momentDay(iso, deviceTimeZone()));
