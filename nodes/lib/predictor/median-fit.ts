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
 * solution, a few passes suffice; started from the residuals of a model
 * already refined on nearly the same data (the previous training), fewer.
 *
 * The weighted normal equations are small (features + 1 square) and solved by
 * Cholesky; a pass that cannot be solved keeps the previous coefficients.
 * A pass costs O(rows · features²), so the caller bounds the rows.
 */

/** Passes from a least-squares start. */
export const COLD_PASSES = 5;
/** Residuals below this fraction of the target's spread count as this size, so no weight is infinite. */
const RESIDUAL_FLOOR = 1e-6;
/** Diagonal loading, relative to the mean diagonal, that keeps a nearly singular system solvable. */
const JITTER = 1e-10;

/** Rows of features stored row after row, so a pass runs over one contiguous array. */
export interface Design {
  rows: number;
  /** Feature columns, without the intercept. */
  columns: number;
  values: Float64Array;
}

export function designOf(x: readonly (readonly number[])[]): Design {
  const columns = x.length === 0 ? 0 : x[0].length;
  const values = new Float64Array(x.length * columns);
  x.forEach((row, i) => values.set(row, i * columns));
  return { rows: x.length, columns, values };
}

/**
 * Refines `start` (coefficients of the columns of `x`, then the intercept)
 * toward the least-absolute-deviations fit of `y`.
 */
export function leastAbsoluteDeviations(x: readonly number[][], y: ArrayLike<number>, start: readonly number[]): number[] {
  const design = designOf(x);
  const residuals = Float64Array.from(y, (yi, i) => yi - predict(start, design, i));
  return refineToMedian(design, [Float64Array.from(y)], [residuals], COLD_PASSES)[0] ?? [...start];
}

/**
 * `passes` reweighted fits of each target (one per horizon, same rows), the
 * first weighted by the given residuals (of whatever model the refinement
 * starts from). A target whose first fit cannot be solved gets undefined; one
 * whose later fit cannot keeps its last coefficients.
 */
export function refineToMedian(design: Design, ys: readonly Float64Array[], residuals: readonly Float64Array[], passes: number): Array<number[] | undefined> {
  const floors = ys.map(residualFloor);
  const weights = ys.map((y) => new Float64Array(y.length));
  const coefficients: Array<number[] | undefined> = ys.map(() => undefined);
  let active = ys.map((_, h) => h);
  const byColumn = columnMajor(design);
  for (let pass = 0; pass < passes && active.length > 0; pass++) {
    for (const h of active) {
      const y = ys[h];
      const fitted = coefficients[h];
      if (fitted !== undefined) for (let i = 0; i < y.length; i++) residuals[h][i] = y[i] - predict(fitted, design, i);
      for (let i = 0; i < y.length; i++) weights[h][i] = 1 / Math.max(floors[h], Math.abs(residuals[h][i]));
    }
    active = active.filter((h) => {
      const solved = weightedLeastSquares(byColumn, ys[h], weights[h]);
      if (solved === undefined) return false;
      coefficients[h] = solved;
      return true;
    });
  }
  return coefficients;
}

/** Residuals below RESIDUAL_FLOOR of the target's spread count as that size. */
function residualFloor(y: Float64Array): number {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (y[i] - mean) ** 2;
  return RESIDUAL_FLOOR * Math.sqrt(variance / n) || Number.MIN_VALUE;
}

/** The fitted value of row i: the coefficients of the columns, then the intercept. */
export function predict(coefficients: readonly number[], design: Design, i: number): number {
  const p = design.columns;
  const values = design.values;
  const offset = i * p;
  let sum = coefficients[p];
  for (let j = 0; j < p; j++) sum += coefficients[j] * values[offset + j];
  return sum;
}

/**
 * The design's values column after column (each column's rows contiguous),
 * with scratch space of the same size for one weighted copy: the normal
 * equations sum over rows for each pair of columns, which then runs along
 * two contiguous arrays.
 */
interface ColumnMajor {
  rows: number;
  columns: number;
  values: Float64Array;
  weighted: Float64Array;
}

function columnMajor(design: Design): ColumnMajor {
  const { rows, columns, values } = design;
  const byColumn = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) byColumn[j * rows + i] = values[i * columns + j];
  return { rows, columns, values: byColumn, weighted: new Float64Array(rows * columns) };
}

/**
 * Solves (XᵀWX) b = XᵀWy with a column of ones appended to X for the
 * intercept. Each sum runs over the rows in order, in a local variable: the
 * same additions in the same order as accumulating row after row, so the
 * same result to the last bit.
 */
function weightedLeastSquares(design: ColumnMajor, y: Float64Array, weights: Float64Array): number[] | undefined {
  const { rows, columns, values, weighted } = design;
  const p = columns + 1;
  for (let j = 0; j < columns; j++) {
    const column = j * rows;
    for (let i = 0; i < rows; i++) weighted[column + i] = weights[i] * values[column + i];
  }
  // The lower triangle of XᵀWX, row-major in a p × p array; the intercept is column `columns`.
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let j = 0; j < columns; j++) {
    const wj = j * rows;
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += weighted[wj + i] * y[i];
    b[j] = sum;
    // Four columns at a time: one read of the weighted column serves four sums, which (independent of each
    // other) the processor adds up side by side instead of waiting for each addition before the next.
    let k = 0;
    for (; k + 3 <= j; k += 4) {
      const x0 = k * rows;
      const x1 = x0 + rows;
      const x2 = x1 + rows;
      const x3 = x2 + rows;
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      for (let i = 0; i < rows; i++) {
        const wi = weighted[wj + i];
        sum0 += wi * values[x0 + i];
        sum1 += wi * values[x1 + i];
        sum2 += wi * values[x2 + i];
        sum3 += wi * values[x3 + i];
      }
      a[j * p + k] = sum0;
      a[j * p + k + 1] = sum1;
      a[j * p + k + 2] = sum2;
      a[j * p + k + 3] = sum3;
    }
    for (; k <= j; k++) {
      const xk = k * rows;
      sum = 0;
      for (let i = 0; i < rows; i++) sum += weighted[wj + i] * values[xk + i];
      a[j * p + k] = sum;
    }
  }
  const rowI = columns * p;
  for (let k = 0; k < columns; k++) {
    const xk = k * rows;
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += weights[i] * values[xk + i];
    a[rowI + k] = sum;
  }
  let sumW = 0;
  let sumWy = 0;
  for (let i = 0; i < rows; i++) {
    sumW += weights[i];
    sumWy += weights[i] * y[i];
  }
  a[rowI + columns] = sumW;
  b[columns] = sumWy;
  let trace = 0;
  for (let j = 0; j < p; j++) trace += a[j * p + j];
  const load = (JITTER * trace) / p;
  for (let j = 0; j < p; j++) a[j * p + j] += load;
  return choleskySolve(a, b);
}

/** Solves A z = b for a symmetric positive definite A (p × p, row-major) given by its lower triangle; undefined when A is not. */
function choleskySolve(a: Float64Array, b: Float64Array): number[] | undefined {
  const p = b.length;
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let diagonal = a[j * p + j];
    for (let k = 0; k < j; k++) diagonal -= l[j * p + k] * l[j * p + k];
    if (!(diagonal > 0)) return undefined;
    const ljj = Math.sqrt(diagonal);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let sum = a[i * p + j];
      for (let k = 0; k < j; k++) sum -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = sum / ljj;
    }
  }
  const z = new Array<number>(p).fill(0);
  for (let i = 0; i < p; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * p + k] * z[k];
    z[i] = sum / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < p; k++) sum -= l[k * p + i] * z[k];
    z[i] = sum / l[i * p + i];
  }
  return z;
}
