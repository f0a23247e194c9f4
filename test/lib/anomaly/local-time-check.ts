/**
 * Compares local time of day and date, as nodes/lib/anomaly/local-time works
 * them out, with Date's local getters. Kept apart from the spec so that a
 * child process in another time zone can run it too.
 */

export interface LocalTime {
  localMsOfDay(time: number): number;
  localMinuteOfDay(time: number): number;
  localDay(time: number): number;
}

/**
 * Checks every 7 minutes and 13 ms (so every minute of the hour and many
 * milliseconds come up) across `days` from `from`, in this process's time
 * zone; returns how many times it compared, or throws at the first difference.
 */
export function compareWithDate(local: LocalTime, from: number, days: number): number {
  let compared = 0;
  for (let time = from; time < from + days * 86_400_000; time += 7 * 60_000 + 13) {
    const d = new Date(time);
    const ms = ((d.getHours() * 60 + d.getMinutes()) * 60 + d.getSeconds()) * 1000 + d.getMilliseconds();
    const expected = [ms, d.getHours() * 60 + d.getMinutes(), Math.floor((time - d.getTimezoneOffset() * 60000) / 86400000)];
    const actual = [local.localMsOfDay(time), local.localMinuteOfDay(time), local.localDay(time)];
    if (actual.some((v, i) => v !== expected[i])) throw new Error(`${d.toISOString()}: ${actual.join()} instead of ${expected.join()}`);
    compared++;
  }
  return compared;
}
