/**
 * Sensor health: a reading that stopped changing (flat line), a sensor that
 * stopped reporting (silence) and a reading outside the physical range.
 */

import { ratioScore } from './score';

export interface FlatLineConfig {
  /** A run of unchanged readings this many times the longest ordinary run is a flat line. */
  factor: number;
  /** The shortest run that can ever count: the longest ordinary run is taken as at least this. */
  minRun: number;
  /** Readings closer than this to the previous one count as unchanged. */
  tolerance: number;
}

export interface FlatLineState {
  last?: number;
  /** Consecutive readings equal to their predecessor. */
  run: number;
  /** The longest run that ended without being a flat line. */
  longest: number;
  /** How often the value has changed: a stream that never moved cannot stop moving. */
  changes: number;
}

export function emptyFlatLine(): FlatLineState {
  return { run: 0, longest: 0, changes: 0 };
}

/** Changes a stream must have shown before it can be said to have stopped. */
const MIN_CHANGES = 10;

export class FlatLineDetector {
  constructor(
    private readonly config: FlatLineConfig,
    private readonly state: FlatLineState,
  ) {}

  private limit(): number {
    return this.config.factor * Math.max(this.state.longest, this.config.minRun);
  }

  /** Unchanged from the previous reading; a run of zeros is idle (no flow at night), not stuck. */
  private unchanged(value: number): boolean {
    return value !== 0 && this.state.last !== undefined && Math.abs(value - this.state.last) <= this.config.tolerance;
  }

  /** The run this reading would make, scored against the longest ordinary run. */
  assess(value: number): number {
    if (this.state.changes < MIN_CHANGES) return 0;
    const run = this.unchanged(value) ? this.state.run + 1 : 0;
    return ratioScore(run / this.limit());
  }

  /**
   * Ends or extends the run. A run that ends while learning, or without having
   * been a flat line, is ordinary and may raise the longest ordinary run.
   */
  learn(value: number, learning: boolean): void {
    const { state } = this;
    if (this.unchanged(value)) {
      state.run++;
    } else {
      if (state.last !== undefined) {
        state.changes++;
        if (learning || state.run < this.limit()) state.longest = Math.max(state.longest, state.run);
      }
      state.run = 0;
    }
    state.last = value;
  }

  /** How many readings the current run has lasted. */
  get run(): number {
    return this.state.run;
  }
}

/** A reading outside [min, max] is physically impossible: score 1. Either bound may be absent. */
export function rangeScore(value: number, min: number | undefined, max: number | undefined): number {
  return (min !== undefined && value < min) || (max !== undefined && value > max) ? 1 : 0;
}

export interface SilenceConfig {
  /** Fixed time without a reading that counts as silence, ms; 0 to learn it from the usual interval. */
  timeout: number;
  /** With a learned timeout: this many usual intervals. */
  factor: number;
  /** With a learned timeout: never less than this, ms. */
  minimum: number;
}

export interface SilenceState {
  lastArrival?: number;
  /** Exponentially weighted usual interval between arrivals, ms. */
  interval?: number;
}

export function emptySilence(): SilenceState {
  return {};
}

/** Intervals averaged into the usual one. */
const INTERVAL_MEMORY = 32;

/**
 * When a stream has gone silent: a fixed timeout, or a multiple of its usual
 * interval between readings once that has been seen. The adapter arms a
 * timer for `deadline()`; anything else (an evaluation) can ask at any time.
 */
export class SilenceWatch {
  constructor(
    private readonly config: SilenceConfig,
    private readonly state: SilenceState,
  ) {}

  /** The silence allowed after the last reading, ms, or undefined when it cannot be known yet. */
  timeout(): number | undefined {
    if (this.config.timeout > 0) return this.config.timeout;
    if (this.state.interval === undefined) return undefined;
    return Math.max(this.config.minimum, this.config.factor * this.state.interval);
  }

  /** When silence starts if nothing arrives, or undefined before the first reading or usual interval. */
  deadline(): number | undefined {
    const timeout = this.timeout();
    return this.state.lastArrival === undefined || timeout === undefined ? undefined : this.state.lastArrival + timeout;
  }

  isSilent(now: number): boolean {
    const deadline = this.deadline();
    return deadline !== undefined && now >= deadline;
  }

  arrived(now: number): void {
    const { state } = this;
    const timeout = this.timeout();
    if (state.lastArrival !== undefined) {
      const gap = Math.max(0, now - state.lastArrival);
      // A gap that was a silence is not the usual interval.
      if (timeout === undefined || gap < timeout) state.interval = state.interval === undefined ? gap : state.interval + (gap - state.interval) / INTERVAL_MEMORY;
    }
    state.lastArrival = now;
  }
}
