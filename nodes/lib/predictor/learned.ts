/**
 * The learned model: one multivariate linear regression (ml-regression) from
 * the features of a sample to the level change over every horizon at once,
 * fitted to rows of the sliding history whose futures are already known (at
 * most MAX_TRAINING_ROWS of them, so a training's cost does not grow with
 * the history). The first model's least-squares fit is refined, horizon by
 * horizon, to the median regression (see median-fit.ts); each later training
 * continues that refinement from the previous model's residuals.
 *
 * Columns are standardised before fitting so the normal equations the library
 * solves stay well conditioned, and columns that did not vary in the history
 * (a flow that stayed at zero) are left out rather than made singular.
 * Predictions from a sample's features (`predictRaw`) multiply the weights
 * out as the library's `predict` does, in the same order (so to the same
 * bits), over one flat array of them: the library's nested arrays took a
 * third of the learned prediction's time. The prediction at every reading
 * (`predict`) uses the weights with the standardisation folded in, which
 * gives the same to rounding without a division per column.
 * Prediction intervals are the 2.5 % and 97.5 % quantiles of the training
 * residuals of each horizon, widened by sqrt(n / (n − p)) for the parameters
 * the fit spent.
 *
 * A topic's model is made with the topic, its arrays at the length the
 * largest feature set needs, and each training's figures are copied into
 * them: what a thousand topics cost is known from their first readings, as
 * with their histories, rather than growing as their first models come two
 * days later.
 */

import { MultivariateLinearRegression } from 'ml-regression';
import { FeatureSet, scalingOf, type FeatureScaling, type RawFeatures } from './features';
import { FLOW_KINDS, type FlowKind, type LevelHistory } from './history';
import { COLD_PASSES, predict, refineToMedian, type Design } from './median-fit';
import { quantiles } from './stats';

/** The plain-JSON state of a model, kept in node context. */
export interface LearnedState {
  /** Ascending, ms. */
  horizons: number[];
  flowKinds: FlowKind[];
  /** Epoch ms of the newest sample when it was trained. */
  trainedAt: number;
  /** Rows it was fitted to; 0 before the first training. */
  rows: number;
  scaling: FeatureScaling;
  /** How many feature columns were used (those that varied): the first `inputs` entries of `columns`, `means` and `scales`. */
  inputs: number;
  /** Indices of the feature columns used. */
  columns: number[];
  means: number[];
  scales: number[];
  /**
   * The regression's weights as ml-regression lays them out, row after row:
   * for each column used, one weight per horizon; then the intercepts.
   */
  weights: number[];
  /** Per horizon, the interval around the predicted change. */
  residualLow: number[];
  residualHigh: number[];
}

/** The most feature columns a model over these horizons can have: every flow known. */
function mostColumns(horizons: readonly number[]): number {
  return new FeatureSet(horizons, FLOW_KINDS).rowLength;
}

const zeros = (length: number): number[] => new Array<number>(length).fill(0);

/** A model not yet trained, its arrays at the length the largest model over these (ascending) horizons needs. */
export function emptyLearnedState(horizons: readonly number[]): LearnedState {
  const most = mostColumns(horizons);
  return {
    horizons: [...horizons],
    flowKinds: [],
    trainedAt: 0,
    rows: 0,
    scaling: { levelMean: 0, levelScale: 1, rateScale: 1 },
    inputs: 0,
    columns: zeros(most),
    means: zeros(most),
    scales: zeros(most),
    weights: zeros((most + 1) * horizons.length),
    residualLow: zeros(horizons.length),
    residualHigh: zeros(horizons.length),
  };
}

/** Whether a saved model is one of this layout over these horizons (a model saved in an earlier layout is trained again). */
export function isLearnedState(saved: unknown, horizons: readonly number[]): saved is LearnedState {
  if (saved === null || typeof saved !== 'object') return false;
  const state = saved as Partial<LearnedState>;
  return (
    Array.isArray(state.weights) &&
    Array.isArray(state.columns) &&
    typeof state.inputs === 'number' &&
    Array.isArray(state.horizons) &&
    state.horizons.length === horizons.length &&
    state.horizons.every((h, i) => h === horizons[i])
  );
}

/** Rows needed per fitted coefficient before the model is trusted. */
const ROWS_PER_COEFFICIENT = 4;
/** A column whose spread is below this fraction of its size carries no information. */
const CONSTANT_COLUMN = 1e-12;
/**
 * A training uses at most this many rows, spread evenly over the history
 * (the newest complete row always among them), so its cost does not grow
 * with the history: two weeks at one sample per 10 minutes is about 2,000.
 */
export const MAX_TRAINING_ROWS = 256;
/**
 * Passes when the previous model's residuals start the refinement: it was
 * refined on nearly the same rows, so each training continues the iteration
 * the previous one left off (and the evaluation's errors are no worse than
 * with more passes).
 */
const WARM_PASSES = 1;

/**
 * Fits the model to the history; undefined while there are too few complete
 * rows (a day plus the longest horizon of history at least) or the fit fails.
 * With a `previous` model of the same features, its residuals start the
 * median refinement (warm start) instead of a least-squares fit.
 */
export function trainLearned(history: LevelHistory, features: FeatureSet, previous?: LearnedModel): LearnedState | undefined {
  const newest = history.newestTime;
  if (newest === undefined) return undefined;
  const horizons = features.horizons;
  const raws: RawFeatures[] = [];
  const targets: number[][] = [];
  for (const i of trainingIndices(history, history.time(0) + features.lookbackMs, newest - horizons[horizons.length - 1])) {
    const raw = features.raw(history, i);
    const target = raw && changesAfter(history, i, horizons);
    if (raw && target) {
      raws.push(raw);
      targets.push(target);
    }
  }
  if (raws.length === 0) return undefined;
  const scaling = scalingOf(raws);
  const full = raws.map((raw) => features.row(raw, scaling));
  const { columns, means, scales } = informativeColumns(full);
  if (raws.length < ROWS_PER_COEFFICIENT * (columns.length + 1)) return undefined;
  const design = standardisedDesign(full, columns, means, scales);
  const warm = previous?.trained === true && sameKinds(previous.features.flowKinds, features.flowKinds) ? previous : undefined;
  // Should the warm start fail to solve, the least-squares start may not.
  const byHorizon = (warm && warmMedianWeights(warm, raws, design, targets)) ?? coldMedianWeights(design, targets);
  if (byHorizon === undefined || !byHorizon.every((coefficients) => coefficients.every(Number.isFinite))) return undefined;
  const inflation = Math.sqrt(raws.length / Math.max(1, raws.length - columns.length - 1));
  const residuals = new Float64Array(raws.length);
  const intervals = byHorizon.map((coefficients, h) => {
    for (let r = 0; r < raws.length; r++) residuals[r] = targets[r][h] - predict(coefficients, design, r);
    return quantiles(residuals, [0.025, 0.975]);
  });
  return {
    horizons: [...horizons],
    flowKinds: [...features.flowKinds],
    trainedAt: newest,
    rows: raws.length,
    scaling,
    inputs: columns.length,
    columns,
    means,
    scales,
    // ml-regression's layout: the weight of each column for every horizon, the intercepts last.
    weights: Array.from({ length: (columns.length + 1) * horizons.length }, (_, i) => byHorizon[i % horizons.length][Math.floor(i / horizons.length)]),
    residualLow: intervals.map(([low]) => inflation * low),
    residualHigh: intervals.map(([, high]) => inflation * high),
  };
}

/**
 * Indices of at most MAX_TRAINING_ROWS samples between `earliest` and
 * `latest`, evenly strided back from the newest of them, so a long history is
 * sampled over its whole span (every time of day, every week) at a bounded
 * cost.
 */
function trainingIndices(history: LevelHistory, earliest: number, latest: number): number[] {
  let first = 0;
  while (first < history.size && history.time(first) < earliest) first++;
  let last = history.size - 1;
  while (last >= first && history.time(last) > latest) last--;
  const stride = Math.max(1, (last - first + 1) / MAX_TRAINING_ROWS);
  const indices: number[] = [];
  for (let k = 0; k < MAX_TRAINING_ROWS; k++) {
    const i = Math.round(last - k * stride);
    if (i < first) break;
    indices.push(i);
  }
  return indices.reverse();
}

function sameKinds(a: readonly FlowKind[], b: readonly FlowKind[]): boolean {
  return a.length === b.length && a.every((kind, k) => kind === b[k]);
}

/** The least-squares fit (ml-regression), then each horizon refined to its median regression from it. */
function coldMedianWeights(design: Design, targets: number[][]): number[][] | undefined {
  const x = Array.from({ length: design.rows }, (_, i) => Array.from(design.values.subarray(i * design.columns, (i + 1) * design.columns)));
  // toJSON's weights: one row per column, the intercepts last; one weight per horizon in each.
  const leastSquares = new MultivariateLinearRegression(x, targets, { intercept: true, statistics: false }).toJSON() as unknown as { weights: number[][] };
  const starts = targets[0].map((_, h) => leastSquares.weights.map((w) => w[h]));
  return medianWeights(design, targets, (h, r) => predict(starts[h], design, r), COLD_PASSES, (h) => starts[h]);
}

/** Each horizon's median regression, its refinement started from the previous model's residuals on these rows. */
function warmMedianWeights(previous: LearnedModel, raws: readonly RawFeatures[], design: Design, targets: readonly number[][]): number[][] | undefined {
  const outputs = previous.state.horizons.length;
  const predicted = new Float64Array(raws.length * outputs);
  raws.forEach((raw, r) => previous.predictRaw(raw, predicted, r * outputs));
  return medianWeights(design, targets, (h, r) => predicted[r * outputs + h], WARM_PASSES);
}

/**
 * Every horizon refined to its median regression from the given starting
 * predictions (a horizon that cannot be solved keeps `fallback`, if any):
 * per horizon, the coefficient of each column, then the intercept.
 */
function medianWeights(
  design: Design,
  targets: readonly number[][],
  startAt: (h: number, r: number) => number,
  passes: number,
  fallback?: (h: number) => number[],
): number[][] | undefined {
  // Plain loops: Float64Array.from and map with a callback cost more here than the fits' own sums.
  const ys: Float64Array[] = [];
  const residuals: Float64Array[] = [];
  for (let h = 0; h < targets[0].length; h++) {
    const y = new Float64Array(targets.length);
    const residual = new Float64Array(targets.length);
    for (let r = 0; r < targets.length; r++) {
      y[r] = targets[r][h];
      residual[r] = y[r] - startAt(h, r);
    }
    ys.push(y);
    residuals.push(residual);
  }
  const byHorizon = refineToMedian(design, ys, residuals, passes).map((coefficients, h) => coefficients ?? fallback?.(h));
  const solved = byHorizon.filter((coefficients): coefficients is number[] => coefficients !== undefined);
  return solved.length < byHorizon.length ? undefined : solved;
}

export class LearnedModel {
  /** The features of the model trained last (of no flows before the first training). */
  features: FeatureSet;
  /** Scratch rows for the prediction at every reading, long enough for any features: the full features, then the standardised columns. */
  private readonly row: number[];
  private readonly x: number[];
  /**
   * What the last `predict` found, per horizon (ascending): the predicted
   * level change, and the interval's ends as changes. Kept here and
   * overwritten by the next prediction: a reading's forecast is read off
   * at once, and arrays made per reading would cost more in garbage
   * collection than the prediction does.
   */
  readonly changes: Float64Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
  /**
   * The weights with the standardisation folded in, for the prediction at
   * every reading: one weight per horizon for each column of the full row
   * (0 for a column the fit left out), then the intercepts less what the
   * means take away. The same sum to rounding, without a division per
   * column, over one typed array.
   */
  private readonly rowWeights: Float64Array;
  /** Where the intercepts start in `rowWeights`. */
  private readonly interceptsAt: number;

  /** `state`: a trained model's, or an untrained one's from `emptyLearnedState`, which training fills in (see `adopt`). */
  constructor(readonly state: LearnedState) {
    this.features = new FeatureSet(state.horizons, state.flowKinds);
    const most = mostColumns(state.horizons);
    const outputs = state.horizons.length;
    this.row = zeros(most);
    this.x = zeros(most);
    this.changes = new Float64Array(outputs);
    this.low = new Float64Array(outputs);
    this.high = new Float64Array(outputs);
    this.rowWeights = new Float64Array((most + 1) * outputs);
    this.interceptsAt = most * outputs;
    if (this.trained) this.foldWeights();
  }

  get trained(): boolean {
    return this.state.rows > 0;
  }

  /**
   * Takes a training's model (same horizons) into this model's own state,
   * copying its figures into the arrays already there.
   */
  adopt(trained: LearnedState): void {
    const state = this.state;
    if (!sameKinds(state.flowKinds, trained.flowKinds)) {
      state.flowKinds = [...trained.flowKinds];
      this.features = new FeatureSet(state.horizons, state.flowKinds);
    }
    state.trainedAt = trained.trainedAt;
    state.rows = trained.rows;
    Object.assign(state.scaling, trained.scaling);
    state.inputs = trained.inputs;
    for (const key of ['columns', 'means', 'scales', 'weights', 'residualLow', 'residualHigh'] as const) {
      const from = trained[key];
      const to = state[key];
      for (let i = 0; i < from.length; i++) to[i] = from[i];
    }
    this.foldWeights();
  }

  /** Works out `rowWeights` from the state's weights, means and scales. */
  private foldWeights(): void {
    const { inputs, columns, means, scales, weights } = this.state;
    const { rowWeights, interceptsAt } = this;
    const outputs = this.changes.length;
    rowWeights.fill(0);
    for (let h = 0; h < outputs; h++) rowWeights[interceptsAt + h] = weights[inputs * outputs + h];
    for (let k = 0; k < inputs; k++) {
      for (let h = 0; h < outputs; h++) {
        const weight = weights[k * outputs + h] / scales[k];
        rowWeights[columns[k] * outputs + h] = weight;
        rowWeights[interceptsAt + h] -= weight * means[k];
      }
    }
  }

  /** Predicts the changes at the newest sample into `changes`, `low` and `high`; false when untrained or its features cannot be computed. */
  predict(history: LevelHistory): boolean {
    const { scaling, residualLow, residualHigh } = this.state;
    if (!this.trained || history.size === 0 || !this.features.rowInto(history, history.size - 1, scaling, this.row)) return false;
    const { changes, row, rowWeights, interceptsAt } = this;
    const outputs = changes.length;
    const rowLength = this.features.rowLength;
    for (let h = 0; h < outputs; h++) changes[h] = rowWeights[interceptsAt + h];
    for (let j = 0; j < rowLength; j++) {
      const value = row[j];
      const offset = j * outputs;
      for (let h = 0; h < outputs; h++) changes[h] += rowWeights[offset + h] * value;
    }
    for (let h = 0; h < outputs; h++) {
      this.low[h] = changes[h] + residualLow[h];
      this.high[h] = changes[h] + residualHigh[h];
    }
    return true;
  }

  /** The predicted change at every horizon from a sample's unscaled features (into `changes` from `offset`, when given). */
  predictRaw(raw: RawFeatures, changes = new Float64Array(this.state.horizons.length), offset = 0): Float64Array {
    this.features.row(raw, this.state.scaling, this.row);
    this.changesInto(this.standardised(), changes, offset);
    return changes;
  }

  /** The columns used of the full features in `row`, standardised, into `x`. */
  private standardised(): number[] {
    const { inputs, columns, means, scales } = this.state;
    const { row, x } = this;
    for (let k = 0; k < inputs; k++) x[k] = (row[columns[k]] - means[k]) / scales[k];
    return x;
  }

  /** The change at every horizon from standardised columns, into `changes` from `at`: the intercept, then each column's weight times it, as ml-regression adds them. */
  private changesInto(x: readonly number[], changes: Float64Array, at: number): void {
    const { weights, inputs } = this.state;
    const outputs = this.changes.length;
    for (let h = 0; h < outputs; h++) changes[at + h] = weights[inputs * outputs + h];
    for (let k = 0; k < inputs; k++) {
      const offset = k * outputs;
      for (let h = 0; h < outputs; h++) changes[at + h] += weights[offset + h] * x[k];
    }
  }

  /**
   * The coefficient of each feature for each horizon, per unit of the feature
   * as the model sees it: flows and changes in their own units, the
   * polynomial terms per unit of the scaled level and rate. Features left out
   * of the fit weigh 0.
   */
  coefficients(): Record<string, number[]> {
    const { inputs, columns, scales, weights, horizons } = this.state;
    const result: Record<string, number[]> = {};
    this.features.names().forEach((name, feature) => {
      const k = columns.slice(0, inputs).indexOf(feature);
      result[name] = horizons.map((_, h) => (k === -1 ? 0 : weights[k * horizons.length + h] / scales[k]));
    });
    return result;
  }
}

function changesAfter(history: LevelHistory, i: number, horizons: readonly number[]): number[] | undefined {
  const time = history.time(i);
  const level = history.level(i);
  const changes: number[] = [];
  for (const h of horizons) {
    const future = history.levelAt(time + h);
    if (future === undefined) return undefined;
    changes.push(future - level);
  }
  return changes;
}

function informativeColumns(rows: readonly number[][]): { columns: number[]; means: number[]; scales: number[] } {
  const columns: number[] = [];
  const means: number[] = [];
  const scales: number[] = [];
  const n = rows.length;
  for (let j = 0; j < rows[0].length; j++) {
    let sum = 0;
    for (const row of rows) sum += row[j];
    const mean = sum / n;
    let squares = 0;
    for (const row of rows) squares += (row[j] - mean) ** 2;
    const sd = Math.sqrt(squares / n);
    if (sd > CONSTANT_COLUMN * Math.max(1, Math.abs(mean))) {
      columns.push(j);
      means.push(mean);
      scales.push(sd);
    }
  }
  return { columns, means, scales };
}

/** The rows' informative columns, standardised, as the design the fits run over. */
function standardisedDesign(rows: readonly number[][], columns: readonly number[], means: readonly number[], scales: readonly number[]): Design {
  const values = new Float64Array(rows.length * columns.length);
  rows.forEach((row, i) => {
    const offset = i * columns.length;
    for (let k = 0; k < columns.length; k++) values[offset + k] = (row[columns[k]] - means[k]) / scales[k];
  });
  return { rows: rows.length, columns: columns.length, values };
}
