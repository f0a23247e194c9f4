/**
 * The Numenta Anomaly Benchmark score, computed as NAB's own scorer does
 * (rules in `../shared/data/README.md`): rows after the probation, a detection
 * at or above one threshold swept across the whole corpus, early detections in
 * a window rewarded by a scaled sigmoid, false positives penalised more the
 * further they are from the last window, and the result normalised between a
 * detector that never fires (0) and a perfect one (100).
 */

export interface NabProfile {
  name: string;
  /** Reward for a detection at the left edge of a window. */
  tp: number;
  /** Cost of a detection far from any window. */
  fp: number;
  /** Cost of a window without a detection. */
  fn: number;
}

export const NAB_PROFILES: readonly NabProfile[] = [
  { name: 'standard', tp: 1, fp: 0.11, fn: 1 },
  { name: 'reward_low_FP', tp: 1, fp: 0.22, fn: 1 },
  { name: 'reward_low_FN', tp: 1, fp: 0.11, fn: 2 },
];

/** One file's detector output: a score per row, and its labelled windows as inclusive row ranges in time order. */
export interface ScoredSeries {
  name: string;
  scores: readonly number[];
  windows: ReadonlyArray<readonly [number, number]>;
}

export interface NabResult {
  profile: string;
  /** The threshold that gave the best corpus score; Infinity when firing never beats the null detector. */
  threshold: number;
  raw: number;
  nullScore: number;
  perfectScore: number;
  /** 100 * (raw - null) / (perfect - null). */
  normalised: number;
  detectedWindows: number;
  windows: number;
  falsePositives: number;
}

/** NAB's probation: the first rows of a file are for learning and neither rewarded nor penalised. */
export function probationRows(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 750);
}

/** NAB's scaled sigmoid: +1 far left, 0 at zero, -1 beyond 3. */
export function scaledSigmoid(y: number): number {
  return y > 3 ? -1 : 2 / (1 + Math.exp(5 * y)) - 1;
}

/** What a detection at one row is worth under a profile: a window reward or a false-positive cost. */
interface RowWeight {
  /** Index of the window in the corpus, or -1 for a false positive. */
  window: number;
  weight: number;
}

function rowWeights(series: ScoredSeries, profile: NabProfile, firstWindow: number): RowWeight[] {
  const weights: RowWeight[] = [];
  const maxTp = scaledSigmoid(-1);
  let next = 0;
  let previous: readonly [number, number] | undefined;
  for (let i = 0; i < series.scores.length; i++) {
    while (next < series.windows.length && series.windows[next][1] < i) previous = series.windows[next++];
    const current = next < series.windows.length && series.windows[next][0] <= i ? series.windows[next] : undefined;
    if (current) {
      const width = current[1] - current[0] + 1;
      weights.push({ window: firstWindow + next, weight: (scaledSigmoid(-(current[1] - i + 1) / width) * profile.tp) / maxTp });
    } else if (previous) {
      const width = previous[1] - previous[0] + 1;
      weights.push({ window: -1, weight: scaledSigmoid(Math.abs(i - previous[1]) / (width - 1)) * profile.fp });
    } else {
      weights.push({ window: -1, weight: -profile.fp });
    }
  }
  return weights;
}

interface Candidate extends RowWeight {
  score: number;
}

/**
 * Scores a corpus under one profile with the threshold swept exactly: every
 * distinct score is tried as the threshold (from the highest down), keeping
 * the earliest (best-weighted) detection of each window, and the best total wins.
 */
export function nabScore(corpus: readonly ScoredSeries[], profile: NabProfile): NabResult {
  const candidates: Candidate[] = [];
  let windowCount = 0;
  for (const series of corpus) {
    const weights = rowWeights(series, profile, windowCount);
    for (let i = probationRows(series.scores.length); i < series.scores.length; i++) {
      candidates.push({ ...weights[i], score: series.scores[i] });
    }
    windowCount += series.windows.length;
  }
  candidates.sort((a, b) => b.score - a.score);

  const nullScore = -profile.fn * windowCount;
  const best = new Array<number | undefined>(windowCount).fill(undefined);
  let total = nullScore;
  let falsePositives = 0;
  let detected = 0;
  let result = { total, threshold: Infinity, detected: 0, falsePositives: 0 };
  for (let i = 0; i < candidates.length; ) {
    const threshold = candidates[i].score;
    for (; i < candidates.length && candidates[i].score === threshold; i++) {
      const { window, weight } = candidates[i];
      if (window < 0) {
        total += weight;
        falsePositives++;
        continue;
      }
      const before = best[window];
      if (before === undefined) {
        total += weight + profile.fn;
        detected++;
        best[window] = weight;
      } else if (weight > before) {
        total += weight - before;
        best[window] = weight;
      }
    }
    if (total > result.total) result = { total, threshold, detected, falsePositives };
  }
  const perfectScore = profile.tp * windowCount;
  return {
    profile: profile.name,
    threshold: result.threshold,
    raw: result.total,
    nullScore,
    perfectScore,
    normalised: windowCount === 0 ? 0 : (100 * (result.total - nullScore)) / (perfectScore - nullScore),
    detectedWindows: result.detected,
    windows: windowCount,
    falsePositives: result.falsePositives,
  };
}
