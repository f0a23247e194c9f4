/**
 * The values of a small rolling window in order, for its quantiles: a sorted
 * typed array in which each new value takes the oldest one's place with two
 * binary searches and one memory move of the values between the two places.
 * For a window of up to a few thousand values that move costs less than
 * counting along the blocks of a long window's values (sorted-blocks.ts), and
 * a quantile is read straight from its index. The array grows by doubling up
 * to the capacity: no allocation per value.
 */

import { quantileSorted } from './simple-statistics';

/** A rolling window's values in order, for its quantiles; the window's slots name its values. */
export interface OrderedValues {
  readonly size: number;
  /** Adds the value of a slot that holds none. */
  insert(slot: number, value: number): void;
  /** Replaces the value `oldest` of a slot by `value`. */
  replace(slot: number, oldest: number, value: number): void;
  /** The p-quantile by linear interpolation between closest ranks (type 7); NaN when empty. */
  quantile(p: number): number;
}

/** Index of the first of the first `length` values not less than `value`. */
export function lowerBound(sorted: Float64Array, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Puts `value` in its place among the first `length` sorted values, moving those after it up by one (the array has room). */
export function insertSorted(sorted: Float64Array, length: number, value: number): void {
  const at = lowerBound(sorted, length, value);
  sorted.copyWithin(at + 1, at, length);
  sorted[at] = value;
}

/**
 * Replaces one occurrence of `oldest` among the first `length` sorted values
 * by `value`, which keeps them sorted: the values between the two places move
 * by one, the rest stay.
 */
export function replaceSorted(sorted: Float64Array, length: number, oldest: number, value: number): void {
  const from = lowerBound(sorted, length, oldest);
  const to = lowerBound(sorted, length, value);
  if (to <= from) {
    sorted.copyWithin(to + 1, to, from);
    sorted[to] = value;
  } else {
    sorted.copyWithin(from, from + 1, to);
    sorted[to - 1] = value;
  }
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
    insertSorted(this.values, this.size, value);
    this.size++;
    this.held = this.values.subarray(0, this.size);
  }

  replace(_slot: number, oldest: number, value: number): void {
    replaceSorted(this.values, this.size, oldest, value);
  }

  /** The p-quantile by linear interpolation between closest ranks (type 7); NaN when empty. */
  quantile(p: number): number {
    // quantileSorted reads only the length and indexes, which a typed array has as an array does.
    return this.size === 0 ? NaN : quantileSorted(this.held as unknown as number[], p);
  }
}
