/**
 * The features the learned model predicts level changes from, computed at
 * any sample of the history (the newest one is "now").
 *
 * - The level and its recent rate (the change over the shortest horizon), as
 *   polynomials up to the cube of the level and the square of the rate with
 *   their products. Pumps are switched by level (on below one mark, off
 *   above another), so what happens next depends on the level and on whether
 *   the pump is running, which the rate shows, in a way no straight line in
 *   the level alone can follow.
 * - The changes over each longer horizon and over the last day.
 * - The time of day as three harmonics (sin and cos of 1, 2 and 3 cycles a
 *   day): demand and pump schedules repeat daily. UTC time is used; a time
 *   zone only shifts the phase, which the sin/cos pairs absorb.
 * - The change seen over each horizon at the same time a day earlier.
 * - The flow rates (inflow, outflow, net) when they are known.
 *
 * The level and rate are standardised with the scaling of the training rows
 * before the polynomial terms are formed, so the powers stay well conditioned.
 */

import { formatDuration } from '../alert/duration';
import { DAY_MS } from './time';
import { LevelHistory, type FlowKind } from './history';

export interface FeatureScaling {
  levelMean: number;
  levelScale: number;
  rateScale: number;
}

/** What a row needs before scaling: the level and rate, and the other features as they are. */
export interface RawFeatures {
  level: number;
  rate: number;
  rest: number[];
}

const LEVEL_POWER = 3;
const RATE_POWER = 2;
const HARMONICS = 3;
/** Where `lookUp` puts the level the shortest horizon ago, the level a day ago, and the first lag's. */
const RATE_START = 0;
const DAY_AGO = 1;
const FIRST_LAG = 2;

/** Exponents (of level, of rate) of every product up to the set powers, except the constant. */
const POLYNOMIAL_TERMS: ReadonlyArray<readonly [number, number]> = Array.from({ length: RATE_POWER + 1 }, (_, b) =>
  Array.from({ length: LEVEL_POWER + 1 }, (_, a) => [a, b] as const),
)
  .flat()
  .filter(([a, b]) => a + b > 0);

export class FeatureSet {
  /** Horizons ascending (ms). */
  readonly horizons: number[];
  private readonly lags: number[];
  /** Horizons whose change a day earlier lies wholly in the past. */
  private readonly yesterdayHorizons: number[];
  /** Scratch space for the powers of a row being built. */
  private readonly levelPowers = new Float64Array(LEVEL_POWER + 1);
  private readonly ratePowers = new Float64Array(RATE_POWER + 1);
  /** Scratch space for the past times a row looks up and the levels found there (see `lookUp`). */
  private readonly pastTimes: Float64Array;
  private readonly pastLevels: Float64Array;

  constructor(
    horizons: readonly number[],
    readonly flowKinds: readonly FlowKind[],
  ) {
    this.horizons = [...horizons].sort((a, b) => a - b);
    const shortest = this.horizons[0];
    this.lags = [...new Set([...this.horizons.slice(1), DAY_MS])].filter((lag) => lag !== shortest);
    this.yesterdayHorizons = this.horizons.filter((h) => h < DAY_MS);
    this.lookbackMs = Math.max(DAY_MS, this.horizons[this.horizons.length - 1]);
    this.restLength = this.lags.length + 2 * HARMONICS + this.yesterdayHorizons.length + this.flowKinds.length;
    this.rowLength = POLYNOMIAL_TERMS.length + this.restLength;
    this.pastTimes = new Float64Array(FIRST_LAG + this.lags.length + this.yesterdayHorizons.length);
    this.pastLevels = new Float64Array(this.pastTimes.length);
  }

  /** How far back of a sample its features look: a day, or the longest horizon if longer. */
  readonly lookbackMs: number;
  /** How many columns a full row has. */
  readonly rowLength: number;
  /** How many of them follow the polynomial terms. */
  private readonly restLength: number;

  /** Feature names in column order, for reading coefficients. */
  names(): string[] {
    const names: string[] = [];
    for (const [a, b] of POLYNOMIAL_TERMS) {
      const parts = [a > 0 ? (a > 1 ? `level^${a}` : 'level') : '', b > 0 ? (b > 1 ? `rate^${b}` : 'rate') : ''];
      names.push(parts.filter((p) => p !== '').join('*'));
    }
    for (const lag of this.lags) names.push(`change ${formatDuration(lag)}`);
    for (let k = 1; k <= HARMONICS; k++) names.push(`sin ${k}/day`, `cos ${k}/day`);
    for (const h of this.yesterdayHorizons) names.push(`yesterday change ${formatDuration(h)}`);
    names.push(...this.flowKinds);
    return names;
  }

  /** The unscaled features at history sample i; undefined when a lookup falls outside the history or a flow is unknown. */
  raw(history: LevelHistory, i: number): RawFeatures | undefined {
    if (!this.lookUp(history, i)) return undefined;
    const rest = new Array<number>(this.restLength);
    return this.restInto(history, i, rest, 0) ? { level: history.level(i), rate: this.rate(history, i), rest } : undefined;
  }

  /** The full feature row: the polynomial terms of the scaled level and rate, then the rest (into `row` when given). */
  row(raw: RawFeatures, scaling: FeatureScaling, row = new Array<number>(POLYNOMIAL_TERMS.length + raw.rest.length)): number[] {
    this.polynomialInto(raw.level, raw.rate, scaling, row);
    for (let k = 0; k < raw.rest.length; k++) row[POLYNOMIAL_TERMS.length + k] = raw.rest[k];
    return row;
  }

  /**
   * The full feature row at history sample i written into `row` (what `row`
   * of `raw` gives, without allocating: the prediction at every reading
   * uses this); false when the features cannot be computed.
   */
  rowInto(history: LevelHistory, i: number, scaling: FeatureScaling, row: number[]): boolean {
    if (!this.lookUp(history, i) || !this.restInto(history, i, row, POLYNOMIAL_TERMS.length)) return false;
    this.polynomialInto(history.level(i), this.rate(history, i), scaling, row);
    return true;
  }

  /**
   * Looks up every past level the features of sample i need, in one call
   * (see `LevelHistory.levelsAt`), into `pastLevels`: the level the shortest
   * horizon ago (for the rate), a day ago, each lag ago, then each horizon
   * after a day ago; false when one is unknown.
   */
  private lookUp(history: LevelHistory, i: number): boolean {
    const time = history.time(i);
    const times = this.pastTimes;
    times[RATE_START] = time - this.horizons[0];
    times[DAY_AGO] = time - DAY_MS;
    let k = FIRST_LAG;
    for (const lag of this.lags) times[k++] = time - lag;
    for (const h of this.yesterdayHorizons) times[k++] = time - DAY_MS + h;
    return history.levelsAt(times, k, this.pastLevels);
  }

  /** The change over the shortest horizon up to sample i (after `lookUp`). */
  private rate(history: LevelHistory, i: number): number {
    return history.level(i) - this.pastLevels[RATE_START];
  }

  /** Writes the features after the polynomial terms into `out` from `offset` (after `lookUp`); false when a flow is unknown. */
  private restInto(history: LevelHistory, i: number, out: number[], offset: number): boolean {
    const time = history.time(i);
    const level = history.level(i);
    const past = this.pastLevels;
    let k = offset;
    let p = FIRST_LAG;
    for (let lag = 0; lag < this.lags.length; lag++) out[k++] = level - past[p++];
    const angle = (2 * Math.PI * (((time % DAY_MS) + DAY_MS) % DAY_MS)) / DAY_MS;
    // The higher harmonics by the angle-sum formulas, from one sine and one cosine: a third of the calls.
    const sin1 = Math.sin(angle);
    const cos1 = Math.cos(angle);
    let sin = sin1;
    let cos = cos1;
    for (let h = 1; h <= HARMONICS; h++) {
      out[k++] = sin;
      out[k++] = cos;
      const next = sin * cos1 + cos * sin1;
      cos = cos * cos1 - sin * sin1;
      sin = next;
    }
    const dayAgo = past[DAY_AGO];
    for (let h = 0; h < this.yesterdayHorizons.length; h++) out[k++] = past[p++] - dayAgo;
    for (const kind of this.flowKinds) {
      const flow = history.flow(i, kind);
      if (flow === null) return false;
      out[k++] = flow;
    }
    return true;
  }

  /** Writes the polynomial terms of the scaled level and rate into the start of `row`. */
  private polynomialInto(level: number, rate: number, scaling: FeatureScaling, row: number[]): void {
    const levelPowers = powers((level - scaling.levelMean) / scaling.levelScale, LEVEL_POWER, this.levelPowers);
    const ratePowers = powers(rate / scaling.rateScale, RATE_POWER, this.ratePowers);
    for (let k = 0; k < POLYNOMIAL_TERMS.length; k++) {
      const [a, b] = POLYNOMIAL_TERMS[k];
      row[k] = levelPowers[a] * ratePowers[b];
    }
  }
}

/** 1, x, x², … up to x^highest into `result`, by multiplication (cheaper than a power per term). */
function powers(x: number, highest: number, result: Float64Array): Float64Array {
  result[0] = 1;
  for (let k = 1; k <= highest; k++) result[k] = result[k - 1] * x;
  return result;
}

/** Centre and scale of the level and rate over the training rows; a scale is never zero. */
export function scalingOf(rows: readonly RawFeatures[]): FeatureScaling {
  const n = rows.length;
  const levelMean = rows.reduce((sum, r) => sum + r.level, 0) / n;
  const levelVar = rows.reduce((sum, r) => sum + (r.level - levelMean) ** 2, 0) / n;
  const rateMeanSquare = rows.reduce((sum, r) => sum + r.rate * r.rate, 0) / n;
  return { levelMean, levelScale: Math.sqrt(levelVar) || 1, rateScale: Math.sqrt(rateMeanSquare) || 1 };
}
