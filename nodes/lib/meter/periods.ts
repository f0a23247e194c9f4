/**
 * Period accounting: the volume of the current hour, day, week and month.
 *
 * A meter keeps one running count (pulses, or the input's volume unit); each
 * period remembers the count it started at, so its volume is one subtraction,
 * exact when the counts are whole numbers, and never a growing sum of
 * rounded parts.
 */

import { PERIOD_KINDS, type Calendar, type PeriodKind } from './calendar';

export interface PeriodState {
  start: number;
  end: number;
  /** The meter's count when the period started. */
  startCount: number;
}

export type PeriodStates = Record<PeriodKind, PeriodState>;

/** A period that has ended, with the count it accumulated. */
export interface ClosedPeriod {
  kind: PeriodKind;
  start: number;
  end: number;
  count: number;
}

export function openPeriods(calendar: Calendar, t: number, count: number): PeriodStates {
  const periods = {} as PeriodStates;
  for (const kind of PERIOD_KINDS) periods[kind] = { ...calendar.periodAt(kind, t), startCount: count };
  return periods;
}

/** The earliest end of the current periods: the next instant something rolls over (asked for every reading). */
export function nextPeriodEnd(periods: PeriodStates): number {
  return Math.min(periods.hour.end, periods.day.end, periods.week.end, periods.month.end);
}

/**
 * Closes every period that ends at or before `boundary`, the count standing
 * at `count`, and opens the period of the same kind that contains `next`:
 * the boundary itself when volume keeps flowing across it, or a later time to
 * step over periods in which nothing was measured.
 */
export function rollOver(calendar: Calendar, periods: PeriodStates, boundary: number, count: number, next: number): ClosedPeriod[] {
  const closed: ClosedPeriod[] = [];
  for (const kind of PERIOD_KINDS) {
    const current = periods[kind];
    if (current.end > boundary) continue;
    closed.push({ kind, start: current.start, end: current.end, count: count - current.startCount });
    periods[kind] = { ...calendar.periodAt(kind, next), startCount: count };
  }
  return closed;
}
