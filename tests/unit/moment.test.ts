// Stored times of change as people read them (domain/wording.ts formatMoment): the history, a
// conflict's versions and the save line all show a moment this way, in the device's zone, named.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, formatMoment, momentDay } from '../../src/lib/domain/wording.ts';

describe('formatMoment', () => {
	it.each([
		// London: GMT in winter, BST in summer, and the days the clocks change.
		['2026-12-02T09:05:00.000Z', 'Europe/London', '2 December 2026 at 09:05 GMT'],
		['2026-07-01T13:05:00.000Z', 'Europe/London', '1 July 2026 at 14:05 BST'],
		['2026-03-29T00:59:00.000Z', 'Europe/London', '29 March 2026 at 00:59 GMT'],
		['2026-03-29T01:00:00.000Z', 'Europe/London', '29 March 2026 at 02:00 BST'],
		['2026-10-25T00:59:00.000Z', 'Europe/London', '25 October 2026 at 01:59 BST'],
		['2026-10-25T01:00:00.000Z', 'Europe/London', '25 October 2026 at 01:00 GMT'],
		// A summer evening late in UTC is the next day in London.
		['2026-06-30T23:30:00.000Z', 'Europe/London', '1 July 2026 at 00:30 BST'],
		['2026-06-30T23:30:00.000Z', 'UTC', '30 June 2026 at 23:30 UTC'],
		// Midnight is 00:00, never 24:00.
		['2026-12-02T00:00:00.000Z', 'UTC', '2 December 2026 at 00:00 UTC'],
		// Elsewhere, the zone as an offset.
		['2026-12-02T15:00:00.000Z', 'America/New_York', '2 December 2026 at 10:00 GMT-5']
	])('%s in %s reads "%s"', (iso, zone, expected) => {
		expect(formatMoment(iso, zone)).toBe(expected);
	});

	it('gives the time alone, or without its zone, when asked', () => {
		const iso = '2026-07-01T13:05:00.000Z';
		expect(formatMoment(iso, 'Europe/London', { date: false })).toBe('14:05 BST');
		expect(formatMoment(iso, 'Europe/London', { date: false, zone: false })).toBe('14:05');
		expect(formatMoment(iso, 'Europe/London', { zone: false })).toBe('1 July 2026 at 14:05');
	});

	it('falls back to UTC, named, for a zone the browser does not know', () => {
		expect(formatMoment('2026-07-01T13:05:00.000Z', 'Nowhere/Fictional')).toBe(
			'1 July 2026 at 13:05 UTC'
		);
	});

	it('passes text that is not a moment through unchanged', () => {
		expect(formatMoment('not a time', 'Europe/London')).toBe('not a time');
	});

	it('in UTC, is always the stored date and minute, for any moment', () => {
		fc.assert(
			fc.property(
				fc.date({
					min: new Date('2000-01-01T00:00:00Z'),
					max: new Date('2099-12-31T23:59:59Z'),
					noInvalidDate: true
				}),
				(at) => {
					const iso = at.toISOString();
					expect(formatMoment(iso, 'UTC')).toBe(
						`${formatDate(iso.slice(0, 10))} at ${iso.slice(11, 16)} UTC`
					);
				}
			)
		);
	});

	it('in London, is never more than an hour from UTC, and an hour ahead exactly in summer time', () => {
		fc.assert(
			fc.property(
				fc.date({
					min: new Date('2000-01-01T00:00:00Z'),
					max: new Date('2099-12-31T23:59:59Z'),
					noInvalidDate: true
				}),
				(at) => {
					const text = formatMoment(at.toISOString(), 'Europe/London', { date: false });
					const [hm, zone] = text.split(' ');
					const [h, m] = hm!.split(':').map(Number);
					expect(m).toBe(at.getUTCMinutes());
					expect(['GMT', 'BST']).toContain(zone);
					expect(h).toBe((at.getUTCHours() + (zone === 'BST' ? 1 : 0)) % 24);
				}
			)
		);
	});
});

describe('momentDay', () => {
	it.each([
		['2026-06-30T23:30:00.000Z', 'Europe/London', '2026-07-01'],
		['2026-06-30T23:30:00.000Z', 'UTC', '2026-06-30'],
		['2026-12-31T23:30:00.000Z', 'Europe/London', '2026-12-31'],
		['2026-12-02T03:00:00.000Z', 'America/New_York', '2026-12-01'],
		['2026-07-01T13:05:00.000Z', 'Nowhere/Fictional', '2026-07-01'],
		['not a time', 'Europe/London', '']
	])('%s in %s is %s', (iso, zone, expected) => {
		expect(momentDay(iso, zone)).toBe(expected);
	});

	it('is the date formatMoment shows, for any moment and zone', () => {
		fc.assert(
			fc.property(
				fc.date({
					min: new Date('2000-01-01T00:00:00Z'),
					max: new Date('2099-12-31T23:59:59Z'),
					noInvalidDate: true
				}),
				fc.constantFrom('UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata'),
				(at, zone) => {
					const iso = at.toISOString();
					expect(
						formatMoment(iso, zone).startsWith(`${formatDate(momentDay(iso, zone))} at `)
					).toBe(true);
				}
			)
		);
	});
});
