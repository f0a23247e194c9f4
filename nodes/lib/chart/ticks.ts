/**
 * Where the axes of a chart get their ticks: round values (1, 2 or 5 times a
 * power of ten) on the value axis, round local clock times on the time axis.
 */

export interface ValueTicks {
  /** The axis range, widened to whole steps when it was chosen automatically. */
  min: number;
  max: number;
  step: number;
  values: number[];
  /** Decimals that show every tick distinctly. */
  decimals: number;
}

/** A round step (1, 2 or 5 × 10^k) giving at most `maxCount` intervals over `span`. */
export function niceStep(span: number, maxCount: number): number {
  const rough = span / Math.max(1, maxCount);
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 5, 10]) {
    if (factor * power >= rough) return factor * power;
  }
  return 10 * power;
}

/**
 * Ticks over [min, max]. A bound that is `widen`ed moves out to the enclosing
 * whole step, so the axis starts or ends on a labelled tick; a bound that is
 * not is kept, and only the ticks inside the range are listed.
 */
export function valueTicks(min: number, max: number, maxCount: number, widen: { low: boolean; high: boolean }): ValueTicks {
  const step = niceStep(max - min, maxCount);
  const low = widen.low ? Math.floor(min / step) * step : min;
  const high = widen.high ? Math.ceil(max / step) * step : max;
  const decimals = Math.min(6, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  // Ticks are computed from their index, not accumulated, so rounding errors do not add up; the count is
  // bounded because far from zero (1e16 and beyond) consecutive indices are no longer distinct numbers.
  const first = Math.ceil(low / step - 1e-9);
  const count = Math.min(maxCount + 2, Math.floor(high / step + 1e-9) - first + 1);
  const values: number[] = [];
  for (let k = 0; k < count; k++) {
    const value = Number(((first + k) * step).toFixed(decimals));
    if (values[values.length - 1] !== value) values.push(value);
  }
  return { min: low, max: high, step, values, decimals };
}

/**
 * The value range to chart: a fixed bound where given, otherwise the data's
 * range padded by 5 % on each side (so lines do not run along the frame) but
 * not across zero, and opened up around a constant series. A fixed bound beyond all the data keeps
 * the data's span on the other side.
 */
export function valueRange(dataMin: number, dataMax: number, fixedMin?: number, fixedMax?: number): [number, number] {
  const pad = dataMin === dataMax ? Math.abs(dataMin) * 0.1 || 1 : (dataMax - dataMin) * 0.05;
  const span = dataMax - dataMin + 2 * pad;
  // Padding never crosses zero: a flow that rests at 0 L/min sits on the axis, not above it.
  let low = fixedMin ?? (dataMin >= 0 ? Math.max(0, dataMin - pad) : dataMin - pad);
  let high = fixedMax ?? (dataMax <= 0 && dataMin < 0 ? Math.min(0, dataMax + pad) : dataMax + pad);
  if (high <= low) {
    if (fixedMin === undefined) low = high - span;
    else high = low + span;
  }
  return [low, high];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY];

export interface TimeTick {
  time: number;
  label: string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Ticks on round local times in [start, end], at most `maxCount` of them.
 * A tick at local midnight is labelled with its date (MM-DD), others with the
 * clock time (HH:MM), so a day's boundary is visible on the axis.
 */
export function timeTicks(start: number, end: number, maxCount: number, utcOffsetMinutes: number): TimeTick[] {
  const span = end - start;
  const step = TIME_STEPS.find((s) => span / s <= maxCount) ?? Math.ceil(span / maxCount / DAY) * DAY;
  const offset = utcOffsetMinutes * MINUTE;
  const ticks: TimeTick[] = [];
  for (let local = Math.ceil((start + offset) / step) * step; local - offset <= end; local += step) {
    const clock = new Date(local);
    const label = local % DAY === 0 ? `${pad2(clock.getUTCMonth() + 1)}-${pad2(clock.getUTCDate())}` : `${pad2(clock.getUTCHours())}:${pad2(clock.getUTCMinutes())}`;
    ticks.push({ time: local - offset, label });
  }
  return ticks;
}
