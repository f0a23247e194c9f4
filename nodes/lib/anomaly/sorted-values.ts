/**
 * The values of a small rolling window in order, for its quantiles: a sorted
 * typed array in which each new value takes the oldest one's place with two
 * binary searches and one memory move of the values between the two places.
 * For a window of up to a few thousand values that move costs less than the
 * pointer chasing of a tree (order-statistics.ts), and a quantile is read
 * straight from its index. The array grows by doubling up to the capacity:
 * no allocation per value.
 */

import type { OrderedValues } from './order-statistics';
import { quantileSorted } from './simple-statistics';

/** Index of the first of the first `length` values not less than `value`. */
function lowerBound(sorted: Float64Array, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedValues implements OrderedValues {
  private values: Float64Array;
  /** The values held, as a view made again only when their number changes: none per reading once the window is full. */
  private held: Float64Array;
  size = 0;

  /** `initial`: the values the window holds already, by slot. */
  constructor(
    private readonly capacity: number,
    initial: readonly number[] = [],
  ) {
    this.values = new Float64Array(Math.min(capacity, Math.max(16, initial.length)));
    this.values.set(initial);
    this.size = initial.length;
    this.held = this.values.subarray(0, this.size).sort();
  }

  insert(_slot: number, value: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(Math.min(this.capacity, 2 * this.values.length));
      grown.set(this.values);
      this.values = grown;
    }
    const at = lowerBound(this.values, this.size, value);
    this.values.copyWithin(at + 1, at, this.size);
    this.values[at] = value;
    this.size++;
    this.held = this.values.subarray(0, this.size);
  }

  /** Replaces one occurrence of `oldest` by `value`, moving only the values between the two places. */
  replace(_slot: number, oldest: number, value: number): void {
    const { values } = this;
    const from = lowerBound(values, this.size, oldest);
    const to = lowerBound(values, this.size, value);
    if (to <= from) {
      values.copyWithin(to + 1, to, from);
      values[to] = value;
    } else {
      values.copyWithin(from, from + 1, to);
      values[to - 1] = value;
    }
  }

  /** The p-quantile, as OrderStatistics.quantile; NaN when empty. */
  quantile(p: number): number {
    // quantileSorted reads only the length and indexes, which a typed array has as an array does.
    return this.size === 0 ? NaN : quantileSorted(this.held as unknown as number[], p);
  }
}
