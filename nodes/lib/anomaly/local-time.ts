/**
 * The server's local time of day and date of a timestamp, exactly as Date's
 * local getters give them, without a Date per reading: reading a Date in
 * local time is the dearest step of scoring a reading. The offset from UTC
 * is looked up once per UTC hour and reused for every reading in that hour
 * (so a time zone changed while running is followed within the hour).
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The UTC hour last looked up, and its offset (Date's getTimezoneOffset, minutes); NaN when it has none that holds throughout. */
let offsetHour = NaN;
let hourOffset = NaN;

/**
 * The offset at `time` when the whole UTC hour around it shares it (the same
 * at both ends, since offsets change at most once an hour) in whole minutes;
 * undefined in an hour the offset changes in, or an odd historical one.
 */
function steadyOffset(time: number): number | undefined {
  const hour = Math.floor(time / HOUR_MS);
  if (hour !== offsetHour) {
    const start = new Date(hour * HOUR_MS).getTimezoneOffset();
    const end = new Date(hour * HOUR_MS + HOUR_MS - 1).getTimezoneOffset();
    offsetHour = hour;
    hourOffset = start === end && Number.isInteger(start) ? start : NaN;
  }
  return Number.isNaN(hourOffset) ? undefined : hourOffset;
}

/** Milliseconds after local midnight. */
export function localMsOfDay(time: number): number {
  const offset = steadyOffset(time);
  if (offset === undefined) {
    const d = new Date(time);
    return ((d.getHours() * 60 + d.getMinutes()) * 60 + d.getSeconds()) * 1000 + d.getMilliseconds();
  }
  const local = time - offset * MINUTE_MS;
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

/** Minutes after local midnight (getHours() * 60 + getMinutes()). */
export function localMinuteOfDay(time: number): number {
  return Math.floor(localMsOfDay(time) / MINUTE_MS);
}

/** The local date as days since the epoch. */
export function localDay(time: number): number {
  const offset = steadyOffset(time) ?? new Date(time).getTimezoneOffset();
  return Math.floor((time - offset * MINUTE_MS) / DAY_MS);
}
