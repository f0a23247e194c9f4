/**
 * Quiet hours in a time zone: a daily window of local wall-clock time (which
 * may span midnight) during which non-critical notifications wait. Local time
 * comes from Intl, so daylight-saving changes are the time zone's own.
 */

import type { QuietHoursSettings } from './types';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timeZone === '' ? undefined : timeZone,
      hourCycle: 'h23',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether Intl knows the time zone (empty means the server's). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds since local midnight at `at` in the time zone. */
export function localTimeOfDay(at: number, timeZone: string): number {
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') second = Number(part.value);
  }
  const millis = ((at % 1000) + 1000) % 1000;
  return ((hour * 60 + minute) * 60 + second) * 1000 + millis;
}

/** Whether `minute` of the day lies in the window [start, end), which may wrap past midnight. */
function inWindow(minute: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

export function inQuietHours(at: number, quiet: QuietHoursSettings): boolean {
  return inWindow(localTimeOfDay(at, quiet.timeZone) / MINUTE_MS, quiet.startMinute, quiet.endMinute);
}

/**
 * The first moment at or after `at` outside quiet hours. The wall-clock
 * distance to the end is a first guess; on a day when the clocks change it is
 * an hour off, so the guess is corrected by what the local clock then reads.
 */
export function quietHoursEnd(at: number, quiet: QuietHoursSettings): number {
  if (!inQuietHours(at, quiet)) return at;
  const endOfDay = quiet.endMinute * MINUTE_MS;
  const dayMs = DAY_MINUTES * MINUTE_MS;
  let candidate = at + ((endOfDay - localTimeOfDay(at, quiet.timeZone) + dayMs) % dayMs);
  let exact = false;
  for (let i = 0; i < 2 && !exact; i++) {
    const drift = ((endOfDay - localTimeOfDay(candidate, quiet.timeZone) + dayMs + dayMs / 2) % dayMs) - dayMs / 2;
    exact = drift === 0;
    candidate += drift;
  }
  // The end time does not exist that day (skipped by a spring-forward): the window ends at the jump.
  if (!exact) {
    while (candidate - MINUTE_MS > at && !inQuietHours(candidate - MINUTE_MS, quiet)) candidate -= MINUTE_MS;
  }
  while (inQuietHours(candidate, quiet)) candidate += MINUTE_MS;
  return candidate;
}
