/**
 * Statistical detectors for one numeric channel, all O(1) or amortised O(1)
 * per reading:
 *
 * - deviation: distance from the rolling mean in rolling standard deviations;
 * - outlier: the robust variant, from the rolling median in IQR-based deviations;
 * - daily-pattern: distance from what this time of day usually reads;
 * - spike: a first difference larger than the stream's usual steps;
 * - level-shift: a short moving average that has left the rolling baseline.
 *
 * Each scores its distance as a ratio to its own limit (see score.ts). They
 * share one rolling window of recent ordinary readings, which the channel
 * feeds; the state is plain data, updated in place.
 */

import { localDay, localMinuteOfDay } from './local-time';
import { RollingWindow, emptyRolling, type RollingState } from './rolling-window';
import { emptyEw, ewPush, ewStd, ratioScore, type EwStats } from './score';

export interface StatisticalConfig {
  /** Readings in the rolling baseline. */
  window: number;
  /** Readings the baseline needs before it scores. */
  minReadings: number;
  deviationLimit: number;
  robustLimit: number;
  spikeLimit: number;
  /** Readings averaged by the level-shift detector's short mean. */
  shiftSpan: number;
  shiftLimit: number;
  /** Width of one time-of-day slot. */
  dailySlotMinutes: number;
  /** Readings each slot remembers (exponentially weighted). */
  dailyMemory: number;
  /** Readings a slot needs before it scores. */
  dailyMinReadings: number;
  /** Different days a slot needs before it scores: a pattern is daily only once it has repeated. */
  dailyMinDays: number;
  dailyLimit: number;
}

/**
 * One time-of-day slot: the readings it has seen at this time of day,
 * exponentially weighted, and on how many different days.
 */
export interface DailySlot extends EwStats {
  days: number;
  /** The local date (days since the epoch) of the last reading it learned. */
  lastDay: number;
}

export interface StatisticalState {
  window: RollingState;
  /** Statistics of the first differences of ordinary readings. */
  steps: EwStats;
  /** The previous reading, for the first difference. */
  last?: number;
  /** Short exponentially weighted mean for the level-shift detector. */
  shortMean?: number;
  /**
   * How far the short mean usually is from the rolling mean. Learned rather
   * than derived from the standard deviation, because in a series that
   * wanders (a temperature) the short mean strays far more than noise alone allows.
   */
  drift: EwStats;
  /**
   * One entry per time-of-day slot, made when the slot first sees a reading
   * (until then a hole, saved as null): a topic that has read for an hour
   * costs two slots, not a day's worth.
   */
  daily: Array<DailySlot | null>;
}

export function emptyStatistical(): StatisticalState {
  return { window: emptyRolling(), steps: emptyEw(), drift: emptyEw(), daily: [] };
}

export interface StatisticalScores {
  deviation: number;
  outlier: number;
  spike: number;
  'level-shift': number;
  'daily-pattern': number;
}

/** What the detectors expected, for details and event texts. */
export interface Baseline {
  mean?: number;
  std?: number;
  median?: number;
  daily?: number;
}

const MINUTES_PER_DAY = 24 * 60;

export class StatisticalDetectors {
  private readonly window: RollingWindow;
  private readonly slots: number;
  /** The time last asked for and its slot's index: a reading asks four times. */
  private slotTime = NaN;
  private slotIndex = 0;
  /** What `assess` returns, filled anew for each reading rather than made: the channel reads it before the next. */
  private readonly scores: StatisticalScores = { deviation: 0, outlier: 0, spike: 0, 'level-shift': 0, 'daily-pattern': 0 };

  constructor(
    private readonly config: StatisticalConfig,
    private readonly state: StatisticalState,
  ) {
    this.window = new RollingWindow(config.window, state.window, true);
    this.slots = Math.max(1, Math.round(MINUTES_PER_DAY / config.dailySlotMinutes));
  }

  private get ready(): boolean {
    return this.window.size >= this.config.minReadings;
  }

  private slot(time: number): DailySlot {
    if (time !== this.slotTime) {
      this.slotIndex = Math.min(this.slots - 1, Math.floor((localMinuteOfDay(time) / MINUTES_PER_DAY) * this.slots));
      this.slotTime = time;
    }
    // Written out rather than spread from emptyEw(): every object a spread makes gets a shape of its own in V8.
    return (this.state.daily[this.slotIndex] ??= { n: 0, mean: 0, variance: 0, days: 0, lastDay: -1 });
  }

  /**
   * A slot judges once it has seen enough readings on enough days. One that
   * always read the same value has no scale and so no opinion; the spike and
   * level-shift detectors still see a reading leave it.
   */
  private slotReady(slot: DailySlot): boolean {
    return slot.n >= this.config.dailyMinReadings && slot.days >= this.config.dailyMinDays;
  }

  baseline(time: number): Baseline {
    const slot = this.slot(time);
    return {
      mean: this.window.size > 0 ? this.window.mean() : undefined,
      std: this.window.size > 1 ? this.window.std() : undefined,
      median: this.window.size > 0 ? this.window.median() : undefined,
      daily: this.slotReady(slot) ? slot.mean : undefined,
    };
  }

  /** Whether this time of day has a learned pattern to judge a reading by. */
  knowsTimeOfDay(time: number): boolean {
    return this.slotReady(this.slot(time));
  }

  /** The scores of a reading, valid until the next call. */
  assess(value: number, time: number): StatisticalScores {
    const { config, scores } = this;
    scores.deviation = 0;
    scores.outlier = 0;
    scores.spike = 0;
    scores['level-shift'] = 0;
    scores['daily-pattern'] = 0;
    const slot = this.slot(time);
    const daily = this.slotReady(slot);
    if (daily) scores['daily-pattern'] = distanceScore(value - slot.mean, ewStd(slot), config.dailyLimit);
    if (!this.ready) return scores;
    const mean = this.window.mean();
    const std = this.window.std();
    // Once this time of day has a learned pattern it judges levels: a rolling
    // mean and deviation over part of a daily cycle would find every peak unusual.
    if (!daily) {
      scores.deviation = distanceScore(value - mean, std, config.deviationLimit);
      scores.outlier = distanceScore(value - this.window.median(), this.window.robustStd() || std, config.robustLimit);
    }
    if (this.state.last !== undefined && this.state.steps.n >= config.minReadings) {
      const step = value - this.state.last;
      scores.spike = distanceScore(step - this.state.steps.mean, ewStd(this.state.steps), config.spikeLimit);
    }
    if (this.state.drift.n >= config.minReadings) {
      const drift = this.nextShortMean(value) - mean;
      scores['level-shift'] = distanceScore(drift - this.state.drift.mean, ewStd(this.state.drift), config.shiftLimit);
    }
    return scores;
  }

  /**
   * Learns a reading. The rolling baseline learns only ordinary readings, so a
   * lasting anomaly (a valve half closed) does not become what it expects.
   * The time-of-day slots learn every reading: their short memory is what
   * lets a pattern that changed for good stop looking unusual within days.
   */
  learn(value: number, time: number, ordinary: boolean): void {
    const { state, config } = this;
    const shortMean = this.nextShortMean(value);
    if (ordinary) {
      if (state.last !== undefined) ewPush(state.steps, value - state.last, config.window);
      if (this.window.size > 0) ewPush(state.drift, shortMean - this.window.mean(), config.window);
      this.window.push(value);
    }
    const slot = this.slot(time);
    ewPush(slot, value, config.dailyMemory);
    const day = localDay(time);
    if (day !== slot.lastDay) {
      slot.days++;
      slot.lastDay = day;
    }
    state.shortMean = shortMean;
    state.last = value;
  }

  private shiftAlpha(): number {
    return 2 / (this.config.shiftSpan + 1);
  }

  private nextShortMean(value: number): number {
    const previous = this.state.shortMean;
    return previous === undefined ? value : previous + this.shiftAlpha() * (value - previous);
  }
}

/** Score of a distance measured in units of a scale, against a limit in those units; no scale means no opinion. */
function distanceScore(distance: number, scale: number, limit: number): number {
  return scale > 0 ? ratioScore(Math.abs(distance) / (limit * scale)) : 0;
}
