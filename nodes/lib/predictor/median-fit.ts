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
  const byColumn = columnsOf(design);
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
 * The design column after column (each column's rows contiguous), then a
 * column of ones for the intercept and a column for the target being fitted:
 * every sum of the normal equations is then one column times another,
 * running along two contiguous arrays.
 */
interface Columns {
  rows: number;
  /** Columns of the design; the ones and the target follow. */
  columns: number;
  values: Float64Array;
  /** Scratch: one column times the weights. */
  weighted: Float64Array;
}

function columnsOf(design: Design): Columns {
  const { rows, columns, values } = design;
  const byColumn = new Float64Array(rows * (columns + 2));
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) byColumn[j * rows + i] = values[i * columns + j];
  byColumn.fill(1, columns * rows, (columns + 1) * rows);
  return { rows, columns, values: byColumn, weighted: new Float64Array(rows) };
}

/** Sums computed side by side in the inner loop: independent additions the processor overlaps. */
const LANES = 8;

/**
 * Solves (XᵀWX) b = XᵀWy with a column of ones appended to X for the
 * intercept. Row j of the system needs the weighted column j times each
 * column up to j (the lower triangle) and times the target; those sums are
 * taken eight at a time over the rows, each in a local variable in row order:
 * the same additions in the same order as accumulating row after row, so the
 * same result to the last bit.
 */
function weightedLeastSquares(design: Columns, y: Float64Array, weights: Float64Array): number[] | undefined {
  const { rows, values, weighted } = design;
  const p = design.columns + 1;
  const target = p;
  values.set(y, target * rows);
  // The lower triangle of XᵀWX, row-major in a p × p array; the intercept is column p − 1.
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  const found = new Float64Array(LANES);
  for (let j = 0; j < p; j++) {
    const wj = j * rows;
    for (let i = 0; i < rows; i++) weighted[i] = weights[i] * values[wj + i];
    // Sum n of row j is with column n up to j, then with the target; a last group is padded with the target.
    const sums = j + 2;
    const columnOf = (n: number): number => (n <= j ? n : target) * rows;
    for (let n = 0; n < sums; n += LANES) {
      const x0 = columnOf(n);
      const x1 = columnOf(n + 1);
      const x2 = columnOf(n + 2);
      const x3 = columnOf(n + 3);
      const x4 = columnOf(n + 4);
      const x5 = columnOf(n + 5);
      const x6 = columnOf(n + 6);
      const x7 = columnOf(n + 7);
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      let sum4 = 0;
      let sum5 = 0;
      let sum6 = 0;
      let sum7 = 0;
      for (let i = 0; i < rows; i++) {
        const wi = weighted[i];
        sum0 += wi * values[x0 + i];
        sum1 += wi * values[x1 + i];
        sum2 += wi * values[x2 + i];
        sum3 += wi * values[x3 + i];
        sum4 += wi * values[x4 + i];
        sum5 += wi * values[x5 + i];
        sum6 += wi * values[x6 + i];
        sum7 += wi * values[x7 + i];
      }
      found[0] = sum0;
      found[1] = sum1;
      found[2] = sum2;
      found[3] = sum3;
      found[4] = sum4;
      found[5] = sum5;
      found[6] = sum6;
      found[7] = sum7;
      for (let m = 0; m < LANES && n + m < sums; m++) {
        if (n + m <= j) a[j * p + n + m] = found[m];
        else b[j] = found[m];
      }
    }
  }
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
