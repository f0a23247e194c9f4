import assert from 'node:assert/strict';
import { inQuietHours, isTimeZone, localTimeOfDay, quietHoursEnd } from '../../../nodes/lib/alert/quiet-hours';
import type { QuietHoursSettings } from '../../../nodes/lib/alert/types';

const HOUR = 3_600_000;
const berlin = (startHour: number, endHour: number): QuietHoursSettings => ({ startMinute: startHour * 60, endMinute: endHour * 60, timeZone: 'Europe/Berlin' });

describe('quiet hours', () => {
  it('reads the local time of day in the time zone', () => {
    const at = Date.UTC(2024, 0, 15, 12, 34, 56, 789); // winter: Berlin is UTC+1
    assert.equal(localTimeOfDay(at, 'Europe/Berlin'), ((13 * 60 + 34) * 60 + 56) * 1000 + 789);
    assert.equal(localTimeOfDay(at, 'UTC'), ((12 * 60 + 34) * 60 + 56) * 1000 + 789);
    assert.equal(localTimeOfDay(at, 'Asia/Kolkata'), ((18 * 60 + 4) * 60 + 56) * 1000 + 789);
  });

  it('knows time zones and refuses made-up ones', () => {
    assert.equal(isTimeZone(''), true);
    assert.equal(isTimeZone('America/New_York'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
  });

  it('spans midnight, with the start inside and the end outside', () => {
    const q = berlin(22, 7);
    assert.equal(inQuietHours(Date.UTC(2024, 0, 15, 20, 59), q), false); // 21:59
    assert.equal(inQuietHours(Date.UTC(2024, 0, 15, 21, 0), q), true); // 22:00
    assert.equal(inQuietHours(Date.UTC(2024, 0, 16, 5, 59), q), true); // 06:59
    assert.equal(inQuietHours(Date.UTC(2024, 0, 16, 6, 0), q), false); // 07:00
  });

  it('works for a window within one day and is off when start equals end', () => {
    const q = berlin(13, 15);
    assert.equal(inQuietHours(Date.UTC(2024, 0, 15, 12, 0), q), true); // 13:00
    assert.equal(inQuietHours(Date.UTC(2024, 0, 15, 14, 0), q), false); // 15:00
    assert.equal(inQuietHours(Date.UTC(2024, 0, 15, 12, 0), berlin(7, 7)), false);
  });

  it('finds the end of the quiet hours, or now when not quiet', () => {
    const q = berlin(22, 7);
    const outside = Date.UTC(2024, 0, 15, 10, 0);
    assert.equal(quietHoursEnd(outside, q), outside);
    assert.equal(quietHoursEnd(Date.UTC(2024, 0, 15, 22, 17, 3, 5), q), Date.UTC(2024, 0, 16, 6, 0));
  });

  it('ends at the local end time across the autumn clock change (a 10-hour night)', () => {
    // 27 October 2024: Berlin goes from UTC+2 to UTC+1 at 03:00 local.
    const start = Date.UTC(2024, 9, 26, 20, 0); // 22:00 CEST
    const end = quietHoursEnd(start, berlin(22, 7));
    assert.equal(end, Date.UTC(2024, 9, 27, 6, 0)); // 07:00 CET
    assert.equal(end - start, 10 * HOUR);
  });

  it('ends at the local end time across the spring clock change (an 8-hour night)', () => {
    // 31 March 2024: Berlin goes from UTC+1 to UTC+2 at 02:00 local.
    const start = Date.UTC(2024, 2, 30, 21, 0); // 22:00 CET
    const end = quietHoursEnd(start, berlin(22, 7));
    assert.equal(end, Date.UTC(2024, 2, 31, 5, 0)); // 07:00 CEST
    assert.equal(end - start, 8 * HOUR);
  });

  it('ends at the jump when the end time is skipped by the spring clock change', () => {
    const q: QuietHoursSettings = { startMinute: 22 * 60, endMinute: 2 * 60 + 30, timeZone: 'Europe/Berlin' };
    const end = quietHoursEnd(Date.UTC(2024, 2, 30, 23, 0), q); // 00:00 CET
    assert.equal(end, Date.UTC(2024, 2, 31, 1, 0)); // 03:00 CEST, the first local time after 02:30 that day
  });
});
