/**
 * The learned model: one multivariate linear regression (ml-regression) from
 * the features of a sample to the level change over every horizon at once,
 * fitted to the rows of the sliding history whose futures are already known.
 * The least-squares fit is then refined, horizon by horizon, to the median
 * regression (see median-fit.ts), and predictions go through the library's
 * model with those weights.
 *
 * Columns are standardised before fitting so the normal equations the library
 * solves stay well conditioned, and columns that did not vary in the history
 * (a flow that stayed at zero) are left out rather than made singular.
 * Prediction intervals are the 2.5 % and 97.5 % quantiles of the training
 * residuals of each horizon, widened by sqrt(n / (n − p)) for the parameters
 * the fit spent.
 */

import { MultivariateLinearRegression } from 'ml-regression';
import { FeatureSet, scalingOf, type FeatureScaling, type RawFeatures } from './features';
import type { FlowKind, LevelHistory } from './history';
import { leastAbsoluteDeviations } from './median-fit';
import { quantile } from './stats';

/** The regression as `MultivariateLinearRegression.toJSON()` writes it and `load()` reads it back. */
export interface RegressionJson {
  name: 'multivariateLinearRegression';
  weights: number[][];
  inputs: number;
  outputs: number;
  intercept: boolean;
}

/** The plain-JSON state of a trained model, kept in node context. */
export interface LearnedState {
  /** Ascending, ms. */
  horizons: number[];
  flowKinds: FlowKind[];
  /** Epoch ms of the newest sample when it was trained. */
  trainedAt: number;
  rows: number;
  scaling: FeatureScaling;
  /** Indices of the feature columns used (those that varied). */
  columns: number[];
  means: number[];
  scales: number[];
  regression: RegressionJson;
  /** Per horizon, the interval around the predicted change. */
  residualLow: number[];
  residualHigh: number[];
}

export interface LearnedPrediction {
  /** Per horizon (ascending): predicted level change, and the interval's ends as changes. */
  changes: number[];
  low: number[];
  high: number[];
}

/** Rows needed per fitted coefficient before the model is trusted. */
const ROWS_PER_COEFFICIENT = 4;
/** A column whose spread is below this fraction of its size carries no information. */
const CONSTANT_COLUMN = 1e-12;

/**
 * Fits the model to the history; undefined while there are too few complete
 * rows (a day plus the longest horizon of history at least) or the fit fails.
 */
export function trainLearned(history: LevelHistory, features: FeatureSet): LearnedState | undefined {
  const newest = history.newestTime;
  if (newest === undefined) return undefined;
  const horizons = features.horizons;
  const raws: RawFeatures[] = [];
  const targets: number[][] = [];
  for (let i = 0; i < history.size && history.time(i) + horizons[horizons.length - 1] <= newest; i++) {
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
  const x = full.map((row) => standardise(row, columns, means, scales));
  const leastSquares = new MultivariateLinearRegression(x, targets, { intercept: true, statistics: false }).toJSON() as unknown as RegressionJson;
  // Only what `load` reads: the library also writes `summary: undefined`, which is not JSON.
  const json: RegressionJson = {
    name: leastSquares.name,
    weights: medianWeights(x, targets, leastSquares.weights),
    inputs: leastSquares.inputs,
    outputs: leastSquares.outputs,
    intercept: leastSquares.intercept,
  };
  if (!json.weights.every((w) => w.every(Number.isFinite))) return undefined;
  const fitted = MultivariateLinearRegression.load(json as unknown as MultivariateLinearRegression.MLRModel).predict(x);
  const inflation = Math.sqrt(raws.length / Math.max(1, raws.length - columns.length - 1));
  const residuals = horizons.map((_, h) => targets.map((t, r) => t[h] - fitted[r][h]));
  return {
    horizons: [...horizons],
    flowKinds: [...features.flowKinds],
    trainedAt: newest,
    rows: raws.length,
    scaling,
    columns,
    means,
    scales,
    regression: json,
    residualLow: residuals.map((r) => inflation * quantile(r, 0.025)),
    residualHigh: residuals.map((r) => inflation * quantile(r, 0.975)),
  };
}

export class LearnedModel {
  private readonly regression: MultivariateLinearRegression;
  readonly features: FeatureSet;

  constructor(readonly state: LearnedState) {
    this.regression = MultivariateLinearRegression.load(state.regression as unknown as MultivariateLinearRegression.MLRModel);
    this.features = new FeatureSet(state.horizons, state.flowKinds);
  }

  /** The predicted changes at the newest sample; undefined when its features cannot be computed. */
  predict(history: LevelHistory): LearnedPrediction | undefined {
    const raw = history.size === 0 ? undefined : this.features.raw(history, history.size - 1);
    if (raw === undefined) return undefined;
    const { columns, means, scales, scaling } = this.state;
    const changes = this.regression.predict(standardise(this.features.row(raw, scaling), columns, means, scales));
    return {
      changes,
      low: changes.map((c, h) => c + this.state.residualLow[h]),
      high: changes.map((c, h) => c + this.state.residualHigh[h]),
    };
  }

  /**
   * The coefficient of each feature for each horizon, per unit of the feature
   * as the model sees it: flows and changes in their own units, the
   * polynomial terms per unit of the scaled level and rate. Features left out
   * of the fit weigh 0.
   */
  coefficients(): Record<string, number[]> {
    const { columns, scales, regression } = this.state;
    const result: Record<string, number[]> = {};
    this.features.names().forEach((name, feature) => {
      const k = columns.indexOf(feature);
      result[name] = this.state.horizons.map((_, h) => (k === -1 ? 0 : regression.weights[k][h] / scales[k]));
    });
    return result;
  }
}

/** Each horizon's least-squares weights (one column each, intercept last) refined to its median regression. */
function medianWeights(x: readonly number[][], targets: readonly number[][], weights: readonly number[][]): number[][] {
  const columns = targets[0].map((_, h) =>
    leastAbsoluteDeviations(
      x,
      targets.map((t) => t[h]),
      weights.map((w) => w[h]),
    ),
  );
  return weights.map((_, k) => columns.map((column) => column[k]));
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
    const mean = rows.reduce((sum, row) => sum + row[j], 0) / n;
    const sd = Math.sqrt(rows.reduce((sum, row) => sum + (row[j] - mean) ** 2, 0) / n);
    if (sd > CONSTANT_COLUMN * Math.max(1, Math.abs(mean))) {
      columns.push(j);
      means.push(mean);
      scales.push(sd);
    }
  }
  return { columns, means, scales };
}

function standardise(row: readonly number[], columns: readonly number[], means: readonly number[], scales: readonly number[]): number[] {
  return columns.map((j, k) => (row[j] - means[k]) / scales[k]);
}
