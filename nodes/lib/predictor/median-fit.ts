/**
 * Least absolute deviations by iteratively reweighted least squares: each
 * pass solves a weighted least-squares problem whose weights are the inverse
 * absolute residuals of the previous pass, which converges to the linear
 * median regression.
 *
 * Why: the mean minimises squared errors, the median absolute ones. Where the
 * future is either-or (the pump starts within the hour or it does not), the
 * least-squares prediction lands between the two outcomes and is wrong both
 * ways; the median picks the likelier one. Started from the least-squares
 * solution, a few passes suffice.
 *
 * The weighted normal equations are small (features + 1 square) and solved by
 * Cholesky; a pass that cannot be solved keeps the previous coefficients.
 */

const PASSES = 5;
/** Residuals below this fraction of the target's spread count as this size, so no weight is infinite. */
const RESIDUAL_FLOOR = 1e-6;
/** Diagonal loading, relative to the mean diagonal, that keeps a nearly singular system solvable. */
const JITTER = 1e-10;

/**
 * Refines `start` (coefficients of the columns of `x`, then the intercept)
 * toward the least-absolute-deviations fit of `y`.
 */
export function leastAbsoluteDeviations(x: readonly number[][], y: readonly number[], start: readonly number[]): number[] {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const spread = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const floor = RESIDUAL_FLOOR * spread || Number.MIN_VALUE;
  let coefficients = [...start];
  for (let pass = 0; pass < PASSES; pass++) {
    const weights = x.map((row, i) => 1 / Math.max(floor, Math.abs(y[i] - predict(coefficients, row))));
    const next = weightedLeastSquares(x, y, weights);
    if (next === undefined) break;
    coefficients = next;
  }
  return coefficients;
}

function predict(coefficients: readonly number[], row: readonly number[]): number {
  let sum = coefficients[row.length];
  for (let j = 0; j < row.length; j++) sum += coefficients[j] * row[j];
  return sum;
}

/** Solves (XᵀWX) b = XᵀWy with a column of ones appended to X for the intercept. */
function weightedLeastSquares(x: readonly number[][], y: readonly number[], weights: readonly number[]): number[] | undefined {
  const p = x[0].length + 1;
  const a = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const b = new Array<number>(p).fill(0);
  const row = new Array<number>(p).fill(1);
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < p - 1; j++) row[j] = x[i][j];
    const w = weights[i];
    for (let j = 0; j < p; j++) {
      const wj = w * row[j];
      b[j] += wj * y[i];
      for (let k = 0; k <= j; k++) a[j][k] += wj * row[k];
    }
  }
  const load = (JITTER * a.reduce((sum, r, j) => sum + r[j], 0)) / p;
  for (let j = 0; j < p; j++) a[j][j] += load;
  return choleskySolve(a, b);
}

/** Solves A z = b for a symmetric positive definite A given by its lower triangle; undefined when A is not. */
function choleskySolve(a: number[][], b: readonly number[]): number[] | undefined {
  const p = b.length;
  const l = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    let diagonal = a[j][j];
    for (let k = 0; k < j; k++) diagonal -= l[j][k] * l[j][k];
    if (!(diagonal > 0)) return undefined;
    l[j][j] = Math.sqrt(diagonal);
    for (let i = j + 1; i < p; i++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      l[i][j] = sum / l[j][j];
    }
  }
  const z = new Array<number>(p).fill(0);
  for (let i = 0; i < p; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * z[k];
    z[i] = sum / l[i][i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < p; k++) sum -= l[k][i] * z[k];
    z[i] = sum / l[i][i];
  }
  return z;
}
