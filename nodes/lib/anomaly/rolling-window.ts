/**
 * The last N values of a stream with their mean and standard deviation in
 * O(1) per reading and, when asked for, their median and quartiles from the
 * values kept in order: in a sorted array for a window of up to a few thousand
 * (sorted-values.ts), in sorted blocks of a bounded size, whose cost per
 * reading hardly grows with the window, for a longer one (sorted-blocks.ts).
 *
 * The window works in place on a plain-data state (`RollingState`) so it can
 * live in node context as it is; the ordered values are derived from it. Sums are
 * kept of values minus a reference so that series far from zero with a small
 * spread (10,000 varying by 0.1) keep their precision, and are recomputed
 * exactly once per N pushes so rounding cannot accumulate. They are part of
 * the state: recomputed after a restart instead, they would round differently
 * from the sums carried along, and a restored window would not answer exactly
 * what it would have answered without the restart.
 */

import { SortedBlocks } from './sorted-blocks';
import { SortedValues, type OrderedValues } from './sorted-values';

/** The running sums of values minus `reference`, and the pushes since they were last recomputed. */
interface RunningSums {
  reference: number;
  sum: number;
  squares: number;
  pushes: number;
}

/** The saved form: the ring of values, the index of the oldest once it is full, and the running sums. */
export interface RollingState {
  values: number[];
  head: number;
  /** Absent in a window saved by an older version: recomputed from the values. */
  sums?: RunningSums;
}

function isRunningSums(sums: unknown): sums is RunningSums {
  if (sums === null || typeof sums !== 'object') return false;
  const s = sums as Record<string, unknown>;
  return [s.reference, s.sum, s.squares, s.pushes].every((v) => typeof v === 'number' && Number.isFinite(v));
}

/**
 * The largest window whose values are kept in order in one sorted array: up
 * to there, moving up to this many numbers per reading costs less than
 * finding the block to change and counting along the blocks for a quantile.
 */
const SORTED_ARRAY_LIMIT = 4096;

export function emptyRolling(): RollingState {
  return { values: [], head: 0 };
}

export class RollingWindow {
  /** Kept only for a window with quantiles. */
  private readonly sorted: OrderedValues | undefined;
  private sums: RunningSums;
  /** The median, asked for more than once per reading; NaN until asked for again after a push. */
  private cachedMedian = NaN;

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
      state.sums = undefined;
    }
    if (withQuantiles) {
      this.sorted = capacity <= SORTED_ARRAY_LIMIT ? new SortedValues(capacity, state.values) : new SortedBlocks(state.values);
    }
    this.sums = isRunningSums(state.sums) ? state.sums : this.recompute();
  }

  get size(): number {
    return this.state.values.length;
  }

  push(value: number): void {
    const { state, sums } = this;
    if (state.values.length === 0) sums.reference = value;
    this.cachedMedian = NaN;
    if (state.values.length < this.capacity) {
      this.sorted?.insert(state.values.length, value);
      state.values.push(value);
    } else {
      const slot = state.head;
      const oldest = state.values[slot];
      state.values[slot] = value;
      state.head = (slot + 1) % this.capacity;
      this.sorted?.replace(slot, oldest, value);
      const d = oldest - sums.reference;
      sums.sum -= d;
      sums.squares -= d * d;
    }
    const d = value - sums.reference;
    sums.sum += d;
    sums.squares += d * d;
    if (++sums.pushes >= this.capacity) this.sums = this.recompute();
  }

  mean(): number {
    const n = this.state.values.length;
    return n === 0 ? NaN : this.sums.reference + this.sums.sum / n;
  }

  /** Sample standard deviation (n - 1); 0 for fewer than two values. */
  std(): number {
    const n = this.state.values.length;
    if (n < 2) return 0;
    const { sum, squares } = this.sums;
    const variance = (squares - (sum * sum) / n) / (n - 1);
    return variance > 0 ? Math.sqrt(variance) : 0;
  }

  /** A quantile by linear interpolation (p in [0, 1]); NaN when empty or kept without quantiles. */
  quantile(p: number): number {
    return this.sorted === undefined ? NaN : this.sorted.quantile(p);
  }

  median(): number {
    if (Number.isNaN(this.cachedMedian)) this.cachedMedian = this.quantile(0.5);
    return this.cachedMedian;
  }

  /** Standard deviation estimated from the interquartile range: robust to a minority of outliers. */
  robustStd(): number {
    return this.size < 2 ? 0 : (this.quantile(0.75) - this.quantile(0.25)) / 1.349;
  }

  valuesOldestFirst(): number[] {
    const { values, head } = this.state;
    return [...values.slice(head), ...values.slice(0, head)];
  }

  /** Sums computed afresh from the values, saved in the state. */
  private recompute(): RunningSums {
    const { values, head } = this.state;
    const sums: RunningSums = { reference: values.length > 0 ? values[head % values.length] : 0, sum: 0, squares: 0, pushes: 0 };
    for (const value of values) {
      const d = value - sums.reference;
      sums.sum += d;
      sums.squares += d * d;
    }
    this.state.sums = sums;
    return sums;
  }
}
