/**
 * The readings of one topic kept for charting, bounded in time and in count.
 *
 * Time: points older than the window before the topic's newest reading are
 * dropped. Count: the window is divided into buckets of window / (maxPoints / 2)
 * and each bucket keeps at most two points, its lowest and its highest
 * reading, so a fast sensor is thinned to what a chart can show without
 * losing a spike or a dip; a sensor slower than one reading per bucket is
 * kept exactly. Whatever still exceeds maxPoints (a partial bucket at the
 * start of the window) is dropped oldest first.
 *
 * A series is plain JSON data, so that it can be kept in node context.
 */

export interface Series {
  /** The unit of the readings, when they said one. */
  unit?: string;
  /** Epoch ms, never decreasing. */
  times: number[];
  values: number[];
}

export interface SeriesLimits {
  windowMs: number;
  maxPoints: number;
}

/** The smallest maxPoints that leaves room for a bucket's two points. */
export const MIN_POINTS = 4;

export function emptySeries(unit?: string): Series {
  return unit === undefined ? { times: [], values: [] } : { unit, times: [], values: [] };
}

export function lastTime(series: Series): number | undefined {
  return series.times.length === 0 ? undefined : series.times[series.times.length - 1];
}

export function bucketMs(limits: SeriesLimits): number {
  return limits.windowMs / Math.floor(limits.maxPoints / 2);
}

/**
 * Of three consecutive points of one bucket (the last two of the series and
 * a new one), keeps two in the series' last two places, in time order: the
 * lowest and the highest, the newest among equals; when all three are equal,
 * the first and the newest, so the bucket still spans its time.
 */
function keepTwoOfThree(times: number[], values: number[], time: number, value: number): void {
  const n = times.length;
  // Indices 0 and 1 are the series' last two points, 2 the new one.
  const valueAt = (i: number): number => (i === 2 ? value : values[n - 2 + i]);
  const timeAt = (i: number): number => (i === 2 ? time : times[n - 2 + i]);
  let low = 0;
  let high = 0;
  for (let i = 1; i < 3; i++) {
    if (valueAt(i) <= valueAt(low)) low = i;
    if (valueAt(i) >= valueAt(high)) high = i;
  }
  const first = low === high ? 0 : Math.min(low, high);
  const second = low === high ? 2 : Math.max(low, high);
  // Both read before either is written: the first may be the series' last point.
  const secondTime = timeAt(second);
  const secondValue = valueAt(second);
  times[n - 2] = timeAt(first);
  values[n - 2] = valueAt(first);
  times[n - 1] = secondTime;
  values[n - 1] = secondValue;
}

/** Adds a reading; the caller has checked that `time` is not before the series' last. */
export function addReading(series: Series, time: number, value: number, limits: SeriesLimits): void {
  const { times, values } = series;
  const width = bucketMs(limits);
  const bucket = Math.floor(time / width);
  const n = times.length;
  const bucketFull = n >= 2 && Math.floor(times[n - 2] / width) === bucket && Math.floor(times[n - 1] / width) === bucket;
  if (bucketFull) {
    keepTwoOfThree(times, values, time, value);
  } else {
    times.push(time);
    values.push(value);
  }
  trim(series, limits);
}

/** Drops what is older than the window before the newest point, then the oldest beyond maxPoints. */
export function trim(series: Series, limits: SeriesLimits): void {
  const newest = lastTime(series);
  if (newest === undefined) return;
  let drop = 0;
  while (drop < series.times.length && series.times[drop] < newest - limits.windowMs) drop++;
  drop = Math.max(drop, series.times.length - limits.maxPoints);
  if (drop === 1) {
    // The usual case once the window is full, for every reading: shift() builds no array of what it removes.
    series.times.shift();
    series.values.shift();
  } else if (drop > 1) {
    series.times.splice(0, drop);
    series.values.splice(0, drop);
  }
}

function isFiniteNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/**
 * A series saved in node context, checked and trimmed to the current limits;
 * undefined when what was saved is not a series (an older or damaged copy).
 */
export function reviveSeries(saved: unknown, limits: SeriesLimits): Series | undefined {
  if (saved === null || typeof saved !== 'object') return undefined;
  const { unit, times, values } = saved as Record<string, unknown>;
  if (!isFiniteNumberArray(times) || !isFiniteNumberArray(values) || times.length !== values.length || times.length === 0) return undefined;
  if (unit !== undefined && typeof unit !== 'string') return undefined;
  for (let i = 1; i < times.length; i++) if (times[i] < times[i - 1]) return undefined;
  const series: Series = { ...emptySeries(unit), times: [...times], values: [...values] };
  trim(series, limits);
  return series;
}
