import assert from 'node:assert/strict';
import { COLD_PASSES, leastAbsoluteDeviations } from '../../../nodes/lib/predictor/median-fit';

/** A fixed sequence of pseudo-random numbers in [0, 1). */
function uniform(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** The module's constants, restated: residual floor (fraction of the target's spread) and diagonal loading. */
const RESIDUAL_FLOOR = 1e-6;
const JITTER = 1e-10;

/**
 * The median refinement done the plain way: the full weighted normal
 * equations accumulated row after row, solved by Gaussian elimination with
 * partial pivoting.
 */
function plainMedianFit(x: number[][], y: number[], start: number[]): number[] {
  const n = y.length;
  const p = x[0].length + 1;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const floor = RESIDUAL_FLOOR * Math.sqrt(y.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
  let coefficients = start;
  for (let pass = 0; pass < COLD_PASSES; pass++) {
    const a = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const row = [...x[i], 1];
      const fitted = row.reduce((sum, v, j) => sum + v * coefficients[j], 0);
      const w = 1 / Math.max(floor, Math.abs(y[i] - fitted));
      for (let j = 0; j < p; j++) {
        for (let k = 0; k < p; k++) a[j][k] += w * row[j] * row[k];
        a[j][p] += w * row[j] * y[i];
      }
    }
    const load = (JITTER * a.reduce((t, row, j) => t + row[j], 0)) / p;
    a.forEach((row, j) => (row[j] += load));
    for (let c = 0; c < p; c++) {
      const pivot = a.reduce((best, row, r) => (r >= c && Math.abs(row[c]) > Math.abs(a[best][c]) ? r : best), c);
      [a[c], a[pivot]] = [a[pivot], a[c]];
      for (let r = c + 1; r < p; r++) {
        const f = a[r][c] / a[c][c];
        for (let k = c; k <= p; k++) a[r][k] -= f * a[c][k];
      }
    }
    const solved = new Array<number>(p).fill(0);
    for (let r = p - 1; r >= 0; r--) solved[r] = (a[r][p] - a[r].slice(r + 1, p).reduce((sum, v, k) => sum + v * solved[r + 1 + k], 0)) / a[r][r];
    coefficients = solved;
  }
  return coefficients;
}

describe('predictor: median fit', () => {
  it('matches the plain weighted least-squares passes to 1e-9, for every number of columns the sums are grouped by', () => {
    const rand = uniform(3);
    // 1 to 9 columns: rows of 2 to 11 sums, which the normal equations take eight at a time: every remainder is covered.
    for (let columns = 1; columns <= 9; columns++) {
      const x = Array.from({ length: 300 }, () => Array.from({ length: columns }, () => 4 * rand() - 2));
      const truth = Array.from({ length: columns + 1 }, (_, j) => j - columns / 2);
      // Skewed noise, and one row in eight far off: the median fit moves well away from its start.
      const y = x.map((row) => row.reduce((sum, v, j) => sum + v * truth[j], truth[columns]) + (rand() < 0.125 ? 20 * rand() : rand() ** 3));
      const start = truth.map((c) => c + 0.5);
      const fitted = leastAbsoluteDeviations(x, y, start);
      const plain = plainMedianFit(x, y, start);
      fitted.forEach((c, j) => assert.ok(Math.abs(c - plain[j]) <= 1e-9 * Math.max(1, Math.abs(plain[j])), `${columns} columns, coefficient ${j}: ${c} vs ${plain[j]}`));
      assert.ok(Math.abs(fitted[0] - truth[0]) < 0.25, 'and it moves from its start (0.5 off) toward the median line');
    }
  });
});
