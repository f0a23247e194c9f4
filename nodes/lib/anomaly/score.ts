/**
 * Every detector measures how far a reading is from what it expected as a
 * ratio to its alarm limit (r = 1 exactly at the limit) and reports
 * r² / (1 + r²): a score in [0, 1) that is 0 for an ordinary reading, 0.5 at
 * the limit, 0.8 at twice and 0.9 at three times the limit. It never saturates,
 * so any threshold can be swept over it, and scores of different detectors are
 * comparable because each is scaled to its own limit.
 */

export function ratioScore(ratio: number): number {
  if (!(ratio > 0)) return 0;
  if (ratio === Infinity) return 1;
  const r2 = ratio * ratio;
  return r2 / (1 + r2);
}

/** The inverse of ratioScore: the ratio to the limit that gives a score. */
export function scoreRatio(score: number): number {
  return score >= 1 ? Infinity : Math.sqrt(score / (1 - score));
}

/** A rule that is either broken or not scores 0 until its limit and ratioScore(ratio) from it (at least 0.5). */
export function ruleScore(ratio: number): number {
  return ratio >= 1 ? ratioScore(ratio) : 0;
}

/** Exponentially weighted mean and variance: the plain average of the first `memory` values, then a moving one. */
export interface EwStats {
  n: number;
  mean: number;
  variance: number;
}

export function emptyEw(): EwStats {
  return { n: 0, mean: 0, variance: 0 };
}

export function ewPush(stats: EwStats, value: number, memory: number): void {
  stats.n++;
  const alpha = 1 / Math.min(stats.n, memory);
  const d = value - stats.mean;
  stats.mean += alpha * d;
  stats.variance = (1 - alpha) * (stats.variance + alpha * d * d);
}

export function ewStd(stats: EwStats): number {
  return stats.variance > 0 ? Math.sqrt(stats.variance) : 0;
}
