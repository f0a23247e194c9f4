/**
 * The last N values of a stream with their mean and standard deviation in
 * O(1) per reading and, when asked for, their median and quartiles from a
 * sorted copy kept by binary insertion (O(log N) search and one memory move of
 * at most N numbers, with N fixed and small: no sort per reading).
 *
 * The window works in place on a plain-data state (`RollingState`) so it can
 * live in node context as it is; sums and the sorted copy are derived from it.
 * Sums are kept of values minus a reference so that series far from zero with
 * a small spread (10,000 varying by 0.1) keep their precision, and are
 * recomputed exactly once per N pushes so rounding cannot accumulate.
 */

import { quantileSorted } from './simple-statistics';

/** The saved form: the ring of values and the index of the oldest once it is full. */
export interface RollingState {
  values: number[];
  head: number;
}

export function emptyRolling(): RollingState {
  return { values: [], head: 0 };
}

/** Index of the first element of a sorted array not less than value. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class RollingWindow {
  /** Kept only for a window with quantiles. */
  private readonly sorted: number[] | undefined;
  private reference = 0;
  private sum = 0;
  private sumSquares = 0;
  private pushesSinceExact = 0;

  constructor(
    readonly capacity: number,
    private readonly state: RollingState = emptyRolling(),
    withQuantiles = false,
  ) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`window capacity must be an integer of at least 2, got ${capacity}`);
    if (state.values.length > capacity) {
      // A window saved with a larger capacity keeps its newest values.
      const newest = this.valuesOldestFirst().slice(-capacity);
      state.values = newest;
      state.head = 0;
    }
    if (withQuantiles) this.sorted = [...state.values].sort((a, b) => a - b);
    this.recompute();
  }

  get size(): number {
    return this.state.values.length;
  }

  push(value: number): void {
    const { state } = this;
    if (state.values.length === 0) this.reference = value;
    if (state.values.length < this.capacity) {
      state.values.push(value);
    } else {
      const oldest = state.values[state.head];
      state.values[state.head] = value;
      state.head = (state.head + 1) % this.capacity;
      this.sorted?.splice(lowerBound(this.sorted, oldest), 1);
      const d = oldest - this.reference;
      this.sum -= d;
      this.sumSquares -= d * d;
    }
    this.sorted?.splice(lowerBound(this.sorted, value), 0, value);
    const d = value - this.reference;
    this.sum += d;
    this.sumSquares += d * d;
    if (++this.pushesSinceExact >= this.capacity) this.recompute();
  }

  mean(): number {
    const n = this.state.values.length;
    return n === 0 ? NaN : this.reference + this.sum / n;
  }

  /** Sample standard deviation (n - 1); 0 for fewer than two values. */
  std(): number {
    const n = this.state.values.length;
    if (n < 2) return 0;
    const variance = (this.sumSquares - (this.sum * this.sum) / n) / (n - 1);
    return variance > 0 ? Math.sqrt(variance) : 0;
  }

  /** A quantile by linear interpolation (p in [0, 1]); NaN when empty or kept without quantiles. */
  quantile(p: number): number {
    return this.sorted === undefined || this.sorted.length === 0 ? NaN : quantileSorted(this.sorted, p);
  }

  median(): number {
    return this.quantile(0.5);
  }

  /** Standard deviation estimated from the interquartile range: robust to a minority of outliers. */
  robustStd(): number {
    return this.size < 2 ? 0 : (this.quantile(0.75) - this.quantile(0.25)) / 1.349;
  }

  valuesOldestFirst(): number[] {
    const { values, head } = this.state;
    return [...values.slice(head), ...values.slice(0, head)];
  }

  private recompute(): void {
    const { values } = this.state;
    this.pushesSinceExact = 0;
    this.reference = values.length > 0 ? values[this.state.head % values.length] : 0;
    this.sum = 0;
    this.sumSquares = 0;
    for (const value of values) {
      const d = value - this.reference;
      this.sum += d;
      this.sumSquares += d * d;
    }
  }
}
