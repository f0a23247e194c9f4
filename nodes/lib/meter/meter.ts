/**
 * The flow meter of one stream: pulses, meter readings or flow rates in; flow
 * rate, totals, period totals and usage events out.
 *
 * Everything is counted in one running count in the input's own unit (whole
 * pulses, the meter's volume unit, or litres for a rate), and every total is a
 * difference of two counts converted once at the end: integer pulses stay
 * exact however long the meter runs.
 *
 * Time is the readings' own (`t`, epoch ms): replayed or simulated data is
 * accounted exactly as live data. Between readings, `tick` moves a stream's
 * clock on (the adapter maps wall time to it), so periods close, usage events
 * end and the rate falls to zero when no reading comes.
 */

import { checkMonotonic, describeTopic, type Problem } from '../input';
import { convert, converter } from '../units';
import { PERIOD_KINDS, type PeriodKind } from './calendar';
import type { CountScale, MeterConfig } from './config';
import { counterIncrement, readingIncrement } from './increments';
import { segmentVolume, type RateSegment } from './integrate';
import { nextPeriodEnd, openPeriods, rollOver, type ClosedPeriod, type PeriodStates } from './periods';
import { trackUsage, usageDeadline, type UsageState } from './usage';

const MS_PER_MINUTE = 60_000;

/** A stream's state: plain JSON, so node context can keep it across restarts. */
export interface MeterState {
  /** What `count` is counted in (see CountScale), to rescale when the configuration changes. */
  scale: CountScale;
  /** The kind of input `lastInput` is, to start afresh when the configuration changes it. */
  input: string;
  count: number;
  /** Time of the last reading. */
  lastTs?: number;
  /** The last counter value, meter reading (in the input unit) or rate (L/min). */
  lastInput?: number;
  /** Current rate, L/min. */
  rate: number;
  /** The total is totalBase litres plus what was counted since totalStart. */
  totalBase: number;
  totalStart: number;
  /** Opened by the first reading. */
  periods?: PeriodStates;
  usage?: UsageState;
}

export interface Reading {
  topic: string;
  value: number;
  /** The payload's unit, of the input's kind. */
  unit: string;
  t: number;
}

/** `msg.flow`: the rate in the rate unit, volumes in the volume unit. */
export interface FlowView {
  rate: number;
  unit: string;
  /** What this reading added. */
  volume: number;
  total: number;
  thisHour: number;
  today: number;
  thisWeek: number;
  thisMonth: number;
  volumeUnit: string;
  /** A usage event is in progress. */
  flowing: boolean;
}

export type MeterEvent =
  | { type: 'period'; period: PeriodKind; label: string; start: number; end: number; volume: number; unit: string }
  | { type: 'usage'; start: number; end: number; duration: number; volume: number; unit: string; peakRate: number; rateUnit: string }
  | { type: 'gap'; start: number; end: number; duration: number }
  | { type: 'meter-replaced'; previous: number; reading: number; unit: string }
  | { type: 'counter-reset'; previous: number; counter: number };

/** An event as it leaves the node: `payload` is its headline number (a volume, a duration in s, a reading). */
export interface EventRecord {
  timestamp: number;
  payload: number;
  event: MeterEvent;
}

export interface RecordResult {
  /** Current rate in the rate unit. */
  rate: number;
  flow: FlowView;
  events: EventRecord[];
}

export interface TickResult {
  /** Set when the rate fell to zero because no reading came within the zero-flow timeout. */
  zeroFlow?: { timestamp: number; flow: FlowView };
  events: EventRecord[];
}

/** Why a reading is refused: built only then, since every reading is checked. */
function refusal(key: string, reading: Reading, more?: Record<string, number>): Problem {
  return { key, params: { topic: describeTopic(reading.topic), value: reading.value, ...more } };
}

function litresPer(scale: CountScale): number {
  return scale.litres / scale.per;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(...values: unknown[]): boolean {
  return values.every((v) => typeof v === 'number' && Number.isFinite(v));
}

function optionalFinite(v: unknown): boolean {
  return v === undefined || finite(v);
}

export class FlowMeter {
  /** Identifies what `lastInput` means under this configuration. */
  private readonly inputKey: string;
  /** From L/min to the rate unit. */
  private readonly toRateUnit: (lpm: number) => number;
  /** From litres to the volume unit. */
  private readonly toVolumeUnit: (litres: number) => number;

  constructor(readonly config: MeterConfig) {
    this.inputKey = [config.mode, config.pulseInput, config.counterModulus ?? '', config.inputUnit].join('/');
    this.toRateUnit = converter('L/min', config.rateUnit);
    this.toVolumeUnit = converter('L', config.volumeUnit);
  }

  newState(): MeterState {
    return { scale: { ...this.config.scale }, input: this.inputKey, count: 0, rate: 0, totalBase: 0, totalStart: 0 };
  }

  /** Litres in a difference of counts: one multiplication and one division. */
  litres(counts: number): number {
    return (counts * this.config.scale.litres) / this.config.scale.per;
  }

  /** Why a reading cannot be taken, or undefined; never changes state. */
  check(state: MeterState | undefined, reading: Reading): Problem | undefined {
    if (reading.value < 0) return refusal(`errors.negative.${this.config.mode}`, reading);
    if (this.config.mode === 'pulses') {
      if (!Number.isInteger(reading.value)) return refusal('errors.fractional-pulses', reading);
      const modulus = this.config.counterModulus;
      if (this.config.pulseInput === 'counter' && modulus !== undefined && reading.value >= modulus) {
        return refusal('errors.counter-range', reading, { modulus });
      }
    }
    const monotonic = checkMonotonic(reading.topic, reading.t, state?.lastTs);
    return monotonic.ok ? undefined : monotonic.problem;
  }

  /** Takes a reading that `check` accepted. */
  record(state: MeterState, reading: Reading): RecordResult {
    const { t } = reading;
    const events: EventRecord[] = [];
    this.closeQuietUsage(state, t, events);
    const dt = state.lastTs === undefined ? undefined : t - state.lastTs;
    const countBefore = state.count;
    let rate: number;
    if (this.config.mode === 'rate') {
      rate = convert(reading.value, reading.unit, 'L/min');
      this.advance(state, t, this.rateSegment(state, t, rate, events), events);
      state.lastInput = rate;
    } else {
      const increment = this.config.mode === 'pulses' ? this.pulseCount(state, reading, dt, events) : this.readingCount(state, reading, events);
      this.advance(state, t, undefined, events);
      state.count += increment;
      // The average rate since the last reading; with no time between them, the rate stands.
      rate = dt === undefined ? 0 : dt > 0 ? this.litres((increment * MS_PER_MINUTE) / dt) : state.rate;
    }
    state.usage = trackUsage(state.usage, { t, countBefore, countAfter: state.count, rate }, this.config.usageThresholdLpm);
    state.rate = rate;
    state.lastTs = t;
    return { rate: this.toRateUnit(rate), flow: this.view(state, state.count - countBefore), events };
  }

  /**
   * Moves the stream's clock to `now` with no reading: ends a usage event
   * after its quiet time, closes periods that can no longer change, and lets
   * the rate fall to zero after the zero-flow timeout.
   */
  tick(state: MeterState, now: number): TickResult {
    const events: EventRecord[] = [];
    if (state.lastTs === undefined) return { events };
    const at = Math.max(now, state.lastTs);
    this.closeQuietUsage(state, at, events);
    if (state.periods && at >= this.periodDeadline(state, state.periods, state.lastTs)) this.advance(state, at, undefined, events);
    const zeroAt = this.zeroFlowDeadline(state);
    if (zeroAt === undefined || at < zeroAt) return { events };
    state.rate = 0;
    return { zeroFlow: { timestamp: zeroAt, flow: this.view(state, 0) }, events };
  }

  /** The stream time at which `tick` has something to do, if anything. */
  deadline(state: MeterState): number | undefined {
    if (state.lastTs === undefined) return undefined;
    let at = this.zeroFlowDeadline(state) ?? Infinity;
    if (state.usage) at = Math.min(at, usageDeadline(state.usage, this.config.usageQuietMs));
    if (state.periods) at = Math.min(at, this.periodDeadline(state, state.periods, state.lastTs));
    return at === Infinity ? undefined : at;
  }

  resetTotal(state: MeterState): void {
    this.setTotal(state, 0);
  }

  /** Calibrates the total to the physical meter's index, in litres. */
  setTotal(state: MeterState, litres: number): void {
    state.totalBase = litres;
    state.totalStart = state.count;
  }

  /** The figures of `msg.flow`; `added` is the count the last reading added. */
  view(state: MeterState, added: number): FlowView {
    const { volumeUnit, rateUnit } = this.config;
    const { periods } = state;
    return {
      rate: this.toRateUnit(state.rate),
      unit: rateUnit,
      volume: this.volumeOf(added),
      total: this.toVolumeUnit(state.totalBase + this.litres(state.count - state.totalStart)),
      thisHour: periods ? this.volumeOf(state.count - periods.hour.startCount) : 0,
      today: periods ? this.volumeOf(state.count - periods.day.startCount) : 0,
      thisWeek: periods ? this.volumeOf(state.count - periods.week.startCount) : 0,
      thisMonth: periods ? this.volumeOf(state.count - periods.month.startCount) : 0,
      volumeUnit,
      flowing: state.usage !== undefined && state.usage.flowing,
    };
  }

  /** A difference of counts in the volume unit. */
  private volumeOf(counts: number): number {
    return this.toVolumeUnit(this.litres(counts));
  }

  /**
   * A saved state as this configuration counts: dropped when it is not one,
   * its counts rescaled when the K-factor or units changed (so no litre is lost
   * or invented), its input baseline forgotten when the kind of input changed.
   */
  revive(saved: unknown): MeterState | undefined {
    if (!isRecord(saved) || !isRecord(saved.scale)) return undefined;
    const s = saved as unknown as MeterState;
    if (!finite(s.count, s.rate, s.totalBase, s.totalStart, s.scale.litres, s.scale.per) || !(s.scale.litres > 0 && s.scale.per > 0)) return undefined;
    if (!optionalFinite(s.lastTs) || !optionalFinite(s.lastInput)) return undefined;
    if (s.periods !== undefined && !this.validPeriods(s.periods)) s.periods = undefined;
    if (s.usage !== undefined && !(isRecord(s.usage) && finite(s.usage.start, s.usage.startCount, s.usage.end, s.usage.endCount, s.usage.peak))) {
      s.usage = undefined;
    }
    const factor = litresPer(s.scale) / litresPer(this.config.scale);
    if (factor !== 1) this.rescale(s, factor);
    if (s.input !== this.inputKey) {
      s.input = this.inputKey;
      s.lastInput = undefined;
    }
    return s;
  }

  private validPeriods(periods: unknown): boolean {
    if (!isRecord(periods)) return false;
    return PERIOD_KINDS.every((kind) => {
      const p = periods[kind];
      return isRecord(p) && finite(p.start, p.end, p.startCount) && (p.start as number) < (p.end as number);
    });
  }

  private rescale(state: MeterState, factor: number): void {
    state.scale = { ...this.config.scale };
    state.count *= factor;
    state.totalStart *= factor;
    if (state.periods) for (const kind of PERIOD_KINDS) state.periods[kind].startCount *= factor;
    if (state.usage) {
      state.usage.startCount *= factor;
      state.usage.endCount *= factor;
    }
  }

  private pulseCount(state: MeterState, reading: Reading, dt: number | undefined, events: EventRecord[]): number {
    let pulses = reading.value;
    if (this.config.pulseInput === 'counter') {
      const last = state.lastInput;
      state.lastInput = reading.value;
      if (last === undefined) return 0; // the first value is the baseline
      const step = counterIncrement(last, reading.value, this.config.counterModulus);
      if (step.step === 'reset') {
        events.push({ timestamp: reading.t, payload: reading.value, event: { type: 'counter-reset', previous: last, counter: reading.value } });
      }
      pulses = step.pulses;
    }
    // A sensor with f = k * Q - c gives c pulses a second fewer than the flow is
    // worth, for as long as the flow lasts: only while the pulses keep coming.
    const { offsetHz, zeroFlowMs } = this.config;
    const continuous = dt !== undefined && dt > 0 && (zeroFlowMs === 0 || dt <= zeroFlowMs);
    return offsetHz > 0 && pulses > 0 && continuous ? pulses + (offsetHz * (dt as number)) / 1000 : pulses;
  }

  private readingCount(state: MeterState, reading: Reading, events: EventRecord[]): number {
    const value = convert(reading.value, reading.unit, this.config.inputUnit);
    const last = state.lastInput;
    state.lastInput = value;
    if (last === undefined) return 0;
    const step = readingIncrement(last, value);
    if (step.replaced) {
      events.push({
        timestamp: reading.t,
        payload: value,
        event: { type: 'meter-replaced', previous: last, reading: value, unit: this.config.inputUnit },
      });
    }
    return step.volume;
  }

  /** The straight line from the last rate to this one, unless the readings are too far apart to trust it. */
  private rateSegment(state: MeterState, t: number, rate: number, events: EventRecord[]): RateSegment | undefined {
    if (state.lastTs === undefined || state.lastInput === undefined || t === state.lastTs) return undefined;
    if (t - state.lastTs > this.config.maxGapMs) {
      events.push({ timestamp: t, payload: (t - state.lastTs) / 1000, event: { type: 'gap', start: state.lastTs, end: t, duration: (t - state.lastTs) / 1000 } });
      return undefined;
    }
    return { t0: state.lastTs, r0: state.lastInput, t1: t, r1: rate };
  }

  /**
   * Brings the periods to time t. With a rate segment its volume is split at
   * each boundary it crosses, so every period gets what flowed within it;
   * without one, nothing flowed in between (or nothing is known), so the
   * current periods close and the ones holding t open, skipping idle ones.
   */
  private advance(state: MeterState, t: number, segment: RateSegment | undefined, events: EventRecord[]): void {
    if (!state.periods) {
      state.periods = openPeriods(this.config.calendar, t, state.count);
      return;
    }
    let cursor = segment?.t0 ?? t;
    let boundary = nextPeriodEnd(state.periods);
    while (boundary <= t) {
      if (segment) {
        state.count += segmentVolume(segment, cursor, boundary);
        cursor = boundary;
      }
      this.reportPeriods(rollOver(this.config.calendar, state.periods, boundary, state.count, segment ? boundary : t), events);
      boundary = nextPeriodEnd(state.periods);
    }
    if (segment) state.count += segmentVolume(segment, cursor, t);
  }

  private reportPeriods(closed: ClosedPeriod[], events: EventRecord[]): void {
    for (const period of closed) {
      if (!this.config.periodEvents.has(period.kind)) continue;
      const volume = this.volumeOf(period.count);
      events.push({
        timestamp: period.end,
        payload: volume,
        event: {
          type: 'period',
          period: period.kind,
          label: this.config.calendar.label(period.kind, period),
          start: period.start,
          end: period.end,
          volume,
          unit: this.config.volumeUnit,
        },
      });
    }
  }

  /**
   * When the current periods can no longer change. For a rate that is once the
   * next reading could not be integrated back to the boundary either.
   */
  private periodDeadline(state: MeterState, periods: PeriodStates, lastTs: number): number {
    const end = nextPeriodEnd(periods);
    return this.config.mode === 'rate' && state.lastInput !== undefined ? Math.max(end, lastTs + this.config.maxGapMs) : end;
  }

  private zeroFlowDeadline(state: MeterState): number | undefined {
    if (state.rate === 0 || this.config.zeroFlowMs === 0 || state.lastTs === undefined) return undefined;
    return state.lastTs + this.config.zeroFlowMs;
  }

  private closeQuietUsage(state: MeterState, now: number, events: EventRecord[]): void {
    const usage = state.usage;
    if (usage === undefined || now < usageDeadline(usage, this.config.usageQuietMs)) return;
    state.usage = undefined;
    const { volumeUnit, rateUnit } = this.config;
    const volume = this.volumeOf(usage.endCount - usage.startCount);
    events.push({
      timestamp: usage.end,
      payload: volume,
      event: {
        type: 'usage',
        start: usage.start,
        end: usage.end,
        duration: (usage.end - usage.start) / 1000,
        volume,
        unit: volumeUnit,
        peakRate: this.toRateUnit(usage.peak),
        rateUnit,
      },
    });
  }
}
