/**
 * The trend: least squares of level against time over a sliding window of
 * recent readings, kept as running sums so each reading costs O(1) whatever
 * the window holds.
 *
 * Numerics. Timestamps are epoch milliseconds (about 1.7e12): summing their
 * squares directly would cancel every significant digit of the variance. The
 * sums are therefore kept relative to a reference reading inside the window
 * (times in hours from it, levels minus its level), and rebuilt exactly from
 * the window whenever the reference has slid out of it or after a full
 * window's worth of additions and removals, which bounds both the cancellation
 * and the rounding that removals accumulate. Rebuilds cost O(window) once per
 * O(window) readings, so O(1) per reading on average.
 *
 * A refill or a pump start breaks the line: a reading further from it than
 * its prediction interval allows is held back, and when the next reading
 * confirms the jump on the same side the window restarts from the two of
 * them. A lone reading that the next one does not confirm is a spike and is
 * dropped.
 */

import { HOUR_MS } from './time';
import { tQuantile975 } from './stats';

export interface TrendOptions {
  /** Readings older than this (ms) before the newest leave the window; Infinity for a window by count only. */
  windowMs: number;
  /** The window holds at most this many readings (at least 2). */
  maxSamples: number;
  /** How many prediction standard deviations away a reading must be to break the trend. */
  breakSigma?: number;
}

/** The plain-JSON state of a trend, kept in node context. */
export interface TrendState {
  /** The ring's size, so a state saved under another window setting is recognised and dropped. */
  capacity: number;
  /** Ring buffer of the window's readings (epoch ms, level); `head` is the oldest. */
  times: number[];
  levels: number[];
  head: number;
  count: number;
  /** The reference the sums are centred on. */
  originTime: number;
  originLevel: number;
  /** Sums of x = hours since originTime, y = level − originLevel. */
  sx: number;
  sy: number;
  sxx: number;
  sxy: number;
  syy: number;
  /** Additions and removals since the sums were rebuilt. */
  updates: number;
  /** A reading held back because it broke the trend: [time, level, side (+1 above, −1 below)]. */
  held: [number, number, number] | null;
}

export type Observation = 'added' | 'held' | 'restarted';

const DEFAULT_BREAK_SIGMA = 4;
/** A break needs a residual spread to compare against: at least two degrees of freedom. */
const MIN_SAMPLES_FOR_BREAK = 4;
/** Deviations below this fraction of the level are rounding, not a break (exact data fits to the last bits). */
const ROUNDING = 1e-9;

/** The last factor computed: a full window asks for the same degrees of freedom reading after reading. */
const lastFactor = { dof: NaN, value: NaN };

/** tQuantile975, remembered for the degrees of freedom last asked. */
function tFactor(dof: number): number {
  if (lastFactor.dof !== dof) {
    lastFactor.dof = dof;
    lastFactor.value = tQuantile975(dof);
  }
  return lastFactor.value;
}

export function emptyTrendState(capacity: number): TrendState {
  return { capacity, times: [], levels: [], head: 0, count: 0, originTime: 0, originLevel: 0, sx: 0, sy: 0, sxx: 0, sxy: 0, syy: 0, updates: 0, held: null };
}

/**
 * A fitted line and what it says about the future. Slopes are level units per
 * hour. A trend keeps one and refits it in place (`SlidingTrend.fit`), since
 * the fit is asked for at every reading.
 */
export class TrendFit {
  n = 0;
  /** Epoch ms the intercept refers to. */
  origin = 0;
  /** Level units per hour. */
  slope = 0;
  /** The fitted level at `origin`. */
  intercept = 0;
  /** 1 − SSE/SST; null when the levels do not vary at all. */
  r2: number | null = null;
  /** Residual standard deviation; null with fewer than 3 readings. */
  residualStdError: number | null = null;
  /** Standard error of the slope; null with fewer than 3 readings. */
  slopeStdError: number | null = null;
  private meanX = 0;
  private cxx = 0;

  /** Fits the line from the centred sums of n readings. */
  refit(n: number, origin: number, originLevel: number, meanX: number, meanY: number, cxx: number, cxy: number, cyy: number): this {
    this.n = n;
    this.origin = origin;
    this.meanX = meanX;
    this.cxx = cxx;
    this.slope = cxy / cxx;
    this.intercept = originLevel + meanY - this.slope * meanX;
    const sse = Math.max(0, cyy - this.slope * cxy);
    this.r2 = cyy > 0 ? Math.max(0, 1 - sse / cyy) : null;
    this.residualStdError = n > 2 ? Math.sqrt(sse / (n - 2)) : null;
    this.slopeStdError = this.residualStdError === null ? null : this.residualStdError / Math.sqrt(cxx);
    return this;
  }

  private hoursFromOrigin(time: number): number {
    return (time - this.origin) / HOUR_MS;
  }

  levelAt(time: number): number {
    return this.intercept + this.slope * this.hoursFromOrigin(time);
  }

  /** Standard deviation of a new reading at `time` about the line (the OLS prediction standard error). */
  predictionStdError(time: number): number | null {
    if (this.residualStdError === null) return null;
    const dx = this.hoursFromOrigin(time) - this.meanX;
    return this.residualStdError * Math.sqrt(1 + 1 / this.n + (dx * dx) / this.cxx);
  }

  /** Half the width of the 95 % prediction interval at `time`; null with fewer than 3 readings. */
  intervalHalfWidth(time: number): number | null {
    const se = this.predictionStdError(time);
    return se === null ? null : tFactor(this.n - 2) * se;
  }
}

export class SlidingTrend {
  private readonly breakSigma: number;
  private readonly line = new TrendFit();

  constructor(
    private readonly options: TrendOptions,
    readonly state: TrendState = emptyTrendState(options.maxSamples),
  ) {
    if (!Number.isInteger(options.maxSamples) || options.maxSamples < 2) {
      throw new RangeError(`trend window must hold at least 2 readings, got ${options.maxSamples}`);
    }
    this.breakSigma = options.breakSigma ?? DEFAULT_BREAK_SIGMA;
    if (state.capacity !== options.maxSamples) this.restart();
  }

  get size(): number {
    return this.state.count;
  }

  /** Adds a reading, with refill detection: see the module comment. */
  observe(time: number, level: number): Observation {
    const side = this.sideOfBreak(time, level);
    const held = this.state.held;
    if (side === 0) {
      this.state.held = null;
      this.add(time, level);
      return 'added';
    }
    if (held !== null && held[2] === side) {
      this.restart();
      this.add(held[0], held[1]);
      this.add(time, level);
      return 'restarted';
    }
    this.state.held = [time, level, side];
    return 'held';
  }

  /** Adds a reading unconditionally, sliding the window. */
  add(time: number, level: number): void {
    const s = this.state;
    while (s.count > 0 && (s.count >= this.options.maxSamples || s.times[s.head] < time - this.options.windowMs)) {
      this.removeOldest();
    }
    if (s.count === 0) this.rebase(time, level);
    const slot = (s.head + s.count) % this.options.maxSamples;
    s.times[slot] = time;
    s.levels[slot] = level;
    s.count++;
    this.accumulate(time, level, 1);
    if (this.needsRebuild()) this.rebuild();
  }

  restart(): void {
    Object.assign(this.state, emptyTrendState(this.options.maxSamples));
  }

  /**
   * The least-squares line through the window; undefined until two readings
   * at different times. The line is this trend's own object, refitted by the
   * next call.
   */
  fit(): TrendFit | undefined {
    const s = this.state;
    if (s.count < 2) return undefined;
    const meanX = s.sx / s.count;
    const meanY = s.sy / s.count;
    const cxx = s.sxx - s.sx * meanX;
    if (!(cxx > 0)) return undefined;
    const cxy = s.sxy - s.sx * meanY;
    const cyy = Math.max(0, s.syy - s.sy * meanY);
    return this.line.refit(s.count, s.originTime, s.originLevel, meanX, meanY, cxx, cxy, cyy);
  }

  /** +1 or −1 when the reading lies beyond the break threshold above or below the line, else 0. */
  private sideOfBreak(time: number, level: number): number {
    if (this.state.count < MIN_SAMPLES_FOR_BREAK) return 0;
    const fit = this.fit();
    const se = fit?.predictionStdError(time);
    if (fit === undefined || se === undefined || se === null) return 0;
    const residual = level - fit.levelAt(time);
    const threshold = this.breakSigma * se + ROUNDING * Math.max(1, Math.abs(level));
    return Math.abs(residual) > threshold ? Math.sign(residual) : 0;
  }

  private removeOldest(): void {
    const s = this.state;
    this.accumulate(s.times[s.head], s.levels[s.head], -1);
    s.head = (s.head + 1) % this.options.maxSamples;
    s.count--;
    if (s.count === 0) s.head = 0;
  }

  private accumulate(time: number, level: number, sign: 1 | -1): void {
    const s = this.state;
    const x = (time - s.originTime) / HOUR_MS;
    const y = level - s.originLevel;
    s.sx += sign * x;
    s.sy += sign * y;
    s.sxx += sign * x * x;
    s.sxy += sign * x * y;
    s.syy += sign * y * y;
    s.updates++;
  }

  /** Rebuild when the reference has slid further behind the window than the window is long, or after a window's worth of updates. */
  private needsRebuild(): boolean {
    const s = this.state;
    const oldest = s.times[s.head];
    const newest = s.times[(s.head + s.count - 1) % this.options.maxSamples];
    return s.updates > 2 * this.options.maxSamples || oldest - s.originTime > newest - oldest;
  }

  private rebase(time: number, level: number): void {
    const s = this.state;
    s.originTime = time;
    s.originLevel = level;
    s.sx = s.sy = s.sxx = s.sxy = s.syy = 0;
    s.updates = 0;
  }

  private rebuild(): void {
    const s = this.state;
    this.rebase(s.times[s.head], s.levels[s.head]);
    for (let i = 0; i < s.count; i++) {
      const slot = (s.head + i) % this.options.maxSamples;
      this.accumulate(s.times[slot], s.levels[slot], 1);
    }
    s.updates = 0;
  }
}
