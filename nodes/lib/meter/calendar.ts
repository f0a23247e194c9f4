/**
 * Calendar periods (hour, day, week, month) in a named IANA time zone, by the
 * zone's own rules: the day the clocks go forward is 23 hours long, the day
 * they go back 25. The time zone database is the one `Intl.DateTimeFormat`
 * carries, so there is no dependency to keep up to date.
 *
 * Periods are identified by the instants they start and end at (epoch ms), so
 * the two 02:00 hours of a night the clocks go back are two distinct hours.
 */

export const PERIOD_KINDS = ['hour', 'day', 'week', 'month'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A calendar period: from `start` (inclusive) to `end` (exclusive), epoch ms. */
export interface CalendarPeriod {
  start: number;
  end: number;
}

/** What a clock on the wall shows in the zone; month 1-12, weekday 0 = Sunday. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Spans of constant offset kept: a few days around the times a meter is working on. */
const REMEMBERED_SPANS = 8;

/** The time zone the runtime's clock shows (the TZ environment variable, or the system setting). */
export function systemTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function floorTo(value: number, unit: number): number {
  return value - (((value % unit) + unit) % unit);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export class Calendar {
  /** The zone's canonical name (`Europe/Berlin`). */
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat;
  private readonly constantSpans: Array<{ from: number; to: number; offset: number }> = [];

  /**
   * @param timeZone an IANA zone name; throws a RangeError for an unknown one.
   * @param weekStart the first day of a week, 0 = Sunday, 1 = Monday (ISO 8601).
   */
  constructor(
    timeZone: string,
    readonly weekStart = 1,
  ) {
    if (!Number.isInteger(weekStart) || weekStart < 0 || weekStart > 6) {
      throw new RangeError(`week start must be a weekday from 0 (Sunday) to 6, got ${String(weekStart)}`);
    }
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`"${timeZone}" is not an IANA time zone (such as Europe/Berlin)`);
    }
    this.timeZone = this.format.resolvedOptions().timeZone;
  }

  wallClock(t: number): WallClock {
    const wall = new Date(t + this.offsetAt(t));
    return {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      weekday: wall.getUTCDay(),
    };
  }

  /**
   * How far the zone's clocks are ahead of UTC at instant `t`, in ms.
   *
   * Asking Intl costs microseconds, and a meter asks at every period boundary,
   * so spans of a day whose two ends have the same offset are remembered: with
   * at most one change of offset in a day (the assumption `instantOf` makes
   * too), the offset is the same all through such a span.
   */
  offsetAt(t: number): number {
    for (const span of this.constantSpans) if (t >= span.from && t <= span.to) return span.offset;
    const offset = this.zoneOffset(t);
    if (this.zoneOffset(t + DAY) === offset) {
      this.constantSpans.unshift({ from: t, to: t + DAY, offset });
      this.constantSpans.length = Math.min(this.constantSpans.length, REMEMBERED_SPANS);
    }
    return offset;
  }

  private zoneOffset(t: number): number {
    const fields: Record<string, string> = {};
    for (const part of this.format.formatToParts(t)) fields[part.type] = part.value;
    const wall = Date.UTC(Number(fields.year), Number(fields.month) - 1, Number(fields.day), Number(fields.hour), Number(fields.minute), Number(fields.second));
    return wall - floorTo(t, SECOND);
  }

  /**
   * The instant at which the zone's clocks show the given wall time (month
   * 1-12; day, month and hour may overflow, as with Date.UTC). A time shown
   * twice, when the clocks go back, is its first occurrence; a time skipped when
   * they go forward is moved forward by the gap, so midnight on a day that starts
   * at 01:00 is the day's first instant.
   */
  instantOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
    const wall = Date.UTC(year, month - 1, day, hour, minute, second);
    // At most one change of offset lies within a day of any wall time, so the
    // offsets a day before and a day after are the only candidates.
    const before = this.offsetAt(wall - DAY);
    const after = this.offsetAt(wall + DAY);
    const earlier = wall - Math.max(before, after);
    if (earlier + this.offsetAt(earlier) === wall) return earlier;
    const later = wall - Math.min(before, after);
    if (later + this.offsetAt(later) === wall) return later;
    return wall - before;
  }

  /** The period of a kind that contains instant `t`. */
  periodAt(kind: PeriodKind, t: number): CalendarPeriod {
    if (kind === 'hour') {
      // Offsets change on whole local hours, so the hour holding t is the one
      // its local time floors to, at the offset in force at t.
      const offset = this.offsetAt(t);
      const start = floorTo(t + offset, HOUR) - offset;
      return { start, end: start + HOUR };
    }
    const w = this.wallClock(t);
    let first: [number, number, number];
    let next: [number, number, number];
    if (kind === 'day') {
      first = [w.year, w.month, w.day];
      next = [w.year, w.month, w.day + 1];
    } else if (kind === 'week') {
      const back = (w.weekday - this.weekStart + 7) % 7;
      first = [w.year, w.month, w.day - back];
      next = [w.year, w.month, w.day - back + 7];
    } else {
      first = [w.year, w.month, 1];
      next = [w.year, w.month + 1, 1];
    }
    // Containing t is what callers rely on to make progress; only a zone whose
    // rules break the one-change-a-day assumption could need the clamp.
    return { start: Math.min(this.instantOf(...first), t), end: Math.max(this.instantOf(...next), t + 1) };
  }

  /**
   * A period's name in local time: `2024-03-31T03:00+02:00` (an hour, with its
   * offset, so the repeated hour of an autumn night is told apart),
   * `2024-03-31` (a day; a week by its first day), `2024-03` (a month).
   */
  label(kind: PeriodKind, period: CalendarPeriod): string {
    const w = this.wallClock(period.start);
    const date = `${pad(w.year, 4)}-${pad(w.month)}`;
    if (kind === 'month') return date;
    if (kind !== 'hour') return `${date}-${pad(w.day)}`;
    const offsetMinutes = Math.round(this.offsetAt(period.start) / 60_000);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    return `${date}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
}
