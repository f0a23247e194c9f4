/** Small statistics the predictor needs: interval factors and empirical quantiles. */

/** The 97.5 % point of the standard normal distribution: a two-sided 95 % interval is ±1.96 σ. */
export const NORMAL_975 = 1.959963984540054;

/**
 * The 97.5 % point of Student's t distribution with `dof` degrees of freedom,
 * the factor of a two-sided 95 % prediction interval. Exact for 1 and 2
 * degrees of freedom (closed forms); above that the Cornish-Fisher expansion
 * of Abramowitz & Stegun 26.7.5, within 0.005 at 3 degrees and closer beyond.
 */
export function tQuantile975(dof: number): number {
  if (!(dof >= 1)) return NaN;
  const p = 0.975;
  if (dof === 1) return Math.tan(Math.PI * (p - 0.5));
  if (dof === 2) return (2 * p - 1) * Math.sqrt(2 / (4 * p * (1 - p)));
  const x = NORMAL_975;
  const x2 = x * x;
  const g1 = (x2 * x + x) / 4;
  const g2 = (5 * x2 * x2 * x + 16 * x2 * x + 3 * x) / 96;
  const g3 = (3 * x2 ** 3 * x + 19 * x2 * x2 * x + 17 * x2 * x - 15 * x) / 384;
  const g4 = (79 * x2 ** 4 * x + 776 * x2 ** 3 * x + 1482 * x2 * x2 * x - 1920 * x2 * x - 945 * x) / 92160;
  return x + g1 / dof + g2 / dof ** 2 + g3 / dof ** 3 + g4 / dof ** 4;
}

/** The p-quantiles of the values, interpolating linearly between order statistics (R's type 7), sorting them once. */
export function quantiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => {
    const position = (sorted.length - 1) * p;
    const below = Math.floor(position);
    const above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  });
}
