/**
 * The level predictor of one stream: the trend over a short window, the
 * learned model over a long history, and what they say about the future.
 *
 * Each reading updates the trend (O(1)) and the history (O(1)). The learned
 * model works out its predicted changes (O(features), history lookups being
 * O(1)) when a reading begins a new history sample, about once per history
 * step, and after each training: it learns from samples a step apart, and a
 * reading between two samples adds the changes last predicted to its own
 * level, which saves most of the learned prediction's cost where sensors
 * report many times a step. The learned model is refitted at most once per
 * `retrainEveryMs` of data time (so replayed data behaves as live data) and
 * once per so many readings (so a refit's cost is shared by enough of them),
 * on at most MAX_TRAINING_ROWS rows of the history, warm-started from the
 * previous model: no step's cost grows with the history's length. Until a model
 * has been trained, or when the features at a reading cannot be computed
 * (a gap in the data, a flow that stopped being known), the trend predicts;
 * with fewer than two readings in the trend window the level is assumed to
 * stay where it is.
 *
 * All state is plain JSON (`PredictorState`), mutated in place, so it can live
 * in node context and be restored after a restart.
 */

import { DAY_MS, HOUR_MS } from './time';
import { thresholdTimes, type Marks, type ThresholdTimes, type TrajectoryPoint } from './crossing';
import { FeatureSet } from './features';
import { FLOW_KINDS, LevelHistory, emptyHistoryState, type Flows, type HistoryState } from './history';
import { LearnedModel, MAX_TRAINING_ROWS, emptyLearnedState, isLearnedState, trainLearned, type LearnedState } from './learned';
import { SlidingTrend, emptyTrendState, type Observation, type TrendState } from './trend';

/**
 * A training may wait for one new reading per this many rows it fits: with
 * hourly readings and two weeks of history (336 rows, 256 of them fitted)
 * that is 11 readings, so they still retrain as often as asked, down to 11 h.
 */
const TRAINING_ROWS_PER_READING = 25;

export interface PredictorOptions {
  /** Horizons in ms, in any order. */
  horizons: number[];
  trendWindowMs: number;
  trendMaxSamples: number;
  historyMs: number;
  historyStepMs: number;
  /** No level is interpolated across a gap in the readings longer than this. */
  maxGapMs: number;
  retrainEveryMs: number;
  /** Times to thresholds further ahead than this are null. */
  limitMs: number;
  /** Levels of empty, full, and the user's low and high marks, in the model's units. */
  marks: Marks;
  /** Predicted levels are kept within these: a tank holds neither less than nothing nor more than full. */
  bounds?: { min: number; max: number };
}

export interface PredictorState {
  trend: TrendState;
  history: HistoryState;
  /** The model, trained or not (null in state saved before it was made with the topic). */
  learned: LearnedState | null;
  /** Data time of the last training attempt, successful or not. */
  lastTrainAttempt: number | null;
  /** Readings since the last training attempt (absent in state saved before it was counted). */
  readingsSinceAttempt?: number;
}

export type ModelKind = 'learned' | 'trend' | 'persistence';

export interface HorizonForecast {
  /** ms ahead. */
  horizon: number;
  /** Epoch ms the prediction is for. */
  at: number;
  level: number;
  /** The 95 % prediction interval; null when the model cannot tell yet. */
  low: number | null;
  high: number | null;
}

export interface Forecast extends ThresholdTimes {
  time: number;
  model: ModelKind;
  /** Ascending by horizon. */
  horizons: HorizonForecast[];
  /** Trend slope, level units per hour; null with fewer than two readings in the trend window. */
  slope: number | null;
  r2: number | null;
  /** Readings in the trend window. */
  samples: number;
  /** What the reading did to the trend window: joined it, was held back as a possible break, or restarted it. */
  trend: Observation;
}

export function emptyPredictorState(options: PredictorOptions): PredictorState {
  return {
    trend: emptyTrendState(options.trendMaxSamples),
    history: emptyHistoryState(historyOptions(options)),
    learned: emptyLearnedState(sortedHorizons(options)),
    lastTrainAttempt: null,
    readingsSinceAttempt: 0,
  };
}

/** The horizons once each, ascending. */
function sortedHorizons(options: PredictorOptions): number[] {
  return [...new Set(options.horizons)].sort((a, b) => a - b);
}

function historyOptions(options: PredictorOptions): { spanMs: number; stepMs: number; maxGapMs: number } {
  return { spanMs: options.historyMs, stepMs: options.historyStepMs, maxGapMs: options.maxGapMs };
}

export class LevelPredictor {
  private readonly horizons: number[];
  private readonly trend: SlidingTrend;
  private readonly history: LevelHistory;
  private readonly learned: LearnedModel;
  /** Now and each horizon ahead, the levels filled in at each update: what the times to thresholds are read from. */
  private readonly trajectory: TrajectoryPoint[];
  /** What `update` returns, filled in anew each time. */
  private readonly forecast: Forecast;
  /**
   * Whether the changes last predicted by the learned model hold a forecast
   * (false when untrained or its features could not be computed); undefined
   * until this predictor's first reading, which predicts afresh (after a
   * restart too).
   */
  private learnedKnown?: boolean;

  constructor(
    private readonly options: PredictorOptions,
    readonly state: PredictorState = emptyPredictorState(options),
  ) {
    this.horizons = sortedHorizons(options);
    this.trajectory = [0, ...this.horizons].map((offset) => ({ offset, level: 0 }));
    this.forecast = {
      time: 0,
      model: 'persistence',
      horizons: this.horizons.map((horizon) => ({ horizon, at: 0, level: 0, low: null, high: null })),
      slope: null,
      r2: null,
      samples: 0,
      trend: 'added',
      timeToEmpty: null,
      timeToFull: null,
      timeToLow: null,
      timeToHigh: null,
    };
    this.trend = new SlidingTrend({ windowMs: options.trendWindowMs, maxSamples: options.trendMaxSamples }, state.trend);
    this.history = new LevelHistory(historyOptions(options), state.history);
    if (!isLearnedState(state.learned, this.horizons)) state.learned = emptyLearnedState(this.horizons);
    this.learned = new LearnedModel(state.learned);
  }

  /** Epoch ms of the newest reading, if any. */
  get lastTime(): number | undefined {
    return this.history.newestTime;
  }

  /** The trained model, if any (for inspection). */
  get model(): LearnedModel | undefined {
    return this.learned.trained ? this.learned : undefined;
  }

  /**
   * Takes a reading and forecasts from it. The forecast returned is this
   * predictor's own object, overwritten by the next update: read it (or copy
   * it) before then. A fresh forecast per reading would cost more in
   * garbage collection than the forecast does to compute.
   */
  update(time: number, level: number, flows: Flows = {}): Forecast {
    const observation = this.trend.observe(time, level);
    const newSample = this.history.add(time, level, flows);
    const retrained = this.retrainWhenDue(time);
    if (newSample || retrained || this.learnedKnown === undefined) this.learnedKnown = this.learned.predict(this.history);
    const fit = this.trend.fit();
    const learned = this.learnedKnown ? this.learned : undefined;
    const { trajectory, forecast } = this;
    trajectory[0].level = learned === undefined && fit !== undefined ? fit.levelAt(time) : level;
    for (let k = 0; k < this.horizons.length; k++) {
      const horizon = this.horizons[k];
      // The predicted level before bounding is the trajectory's: the times to thresholds are read from it.
      let centre = level;
      let low: number | null = null;
      let high: number | null = null;
      if (learned !== undefined) {
        centre = level + learned.changes[k];
        low = level + learned.low[k];
        high = level + learned.high[k];
      } else if (fit !== undefined) {
        centre = fit.levelAt(time + horizon);
        const half = fit.intervalHalfWidth(time + horizon);
        if (half !== null) {
          low = centre - half;
          high = centre + half;
        }
      }
      trajectory[k + 1].level = centre;
      const predicted = forecast.horizons[k];
      predicted.at = time + horizon;
      predicted.level = this.bounded(centre);
      predicted.low = low === null ? null : this.bounded(low);
      predicted.high = high === null ? null : this.bounded(high);
    }
    thresholdTimes(trajectory, this.options.marks, this.options.limitMs, forecast);
    forecast.time = time;
    forecast.model = learned !== undefined ? 'learned' : fit !== undefined ? 'trend' : 'persistence';
    forecast.slope = fit?.slope ?? null;
    forecast.r2 = fit?.r2 ?? null;
    forecast.samples = this.trend.size;
    forecast.trend = observation;
    return forecast;
  }

  /**
   * A training costs O(rows) (at most MAX_TRAINING_ROWS); it waits for at
   * least one new reading per TRAINING_ROWS_PER_READING rows it will fit, so
   * its cost is spread over enough readings however fast data time runs.
   */
  private readingsPerTraining(): number {
    return Math.min(this.history.size, MAX_TRAINING_ROWS) / TRAINING_ROWS_PER_READING;
  }

  private bounded(level: number): number {
    const bounds = this.options.bounds;
    return bounds === undefined ? level : Math.min(bounds.max, Math.max(bounds.min, level));
  }

  /**
   * Refits once per `retrainEveryMs` of data time. Until the first model is
   * trained it tries every hour (at most), from the moment the history could
   * hold a complete row: a day back for yesterday's change, the longest
   * horizon ahead for the targets. True when a new model was adopted.
   */
  private retrainWhenDue(time: number): boolean {
    const state = this.state;
    const readings = (state.readingsSinceAttempt ?? 0) + 1;
    state.readingsSinceAttempt = readings;
    const last = state.lastTrainAttempt;
    const every = this.learned.trained ? this.options.retrainEveryMs : Math.min(HOUR_MS, this.options.retrainEveryMs);
    if (last !== null && (time - last < every || readings < this.readingsPerTraining())) return false;
    const span = time - this.history.time(0);
    if (span < DAY_MS + this.horizons[this.horizons.length - 1]) return false;
    state.lastTrainAttempt = time;
    state.readingsSinceAttempt = 0;
    const newest = this.history.size - 1;
    const flowKinds = FLOW_KINDS.filter((kind) => this.history.flow(newest, kind) !== null);
    const trained = trainLearned(this.history, new FeatureSet(this.horizons, flowKinds), this.learned);
    if (trained === undefined) return false;
    this.learned.adopt(trained);
    return true;
  }
}
