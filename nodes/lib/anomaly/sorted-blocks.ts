/**
 * The values of a long rolling window in order, for its quantiles: a list of
 * sorted blocks of at most BLOCK_MAX values each, every value of a block at
 * most every value of the next. A new value and the one it replaces each
 * touch one block: a binary search over the blocks, one within the block and
 * a move of at most BLOCK_MAX values, however long the window; a quantile
 * counts its way along the blocks' sizes to its rank.
 *
 * Why blocks and not a balanced tree: a tree of 100,000 values walks some 17
 * nodes scattered over megabytes per change and per quantile, and the
 * processor waits on memory at each; here each step reads a few kilobytes
 * that lie together, so a reading costs nearly the same at 100,000 values as
 * at 5,000. A block that fills is split in two; one that falls below a
 * quarter full is merged with a neighbour (or shares with it), so there are at
 * most 4N / BLOCK_MAX + 1 blocks to count along.
 */

import { insertSorted, lowerBound, replaceSorted, type OrderedValues } from './sorted-values';

/** Values a block holds at most (16 kB): measured, smaller blocks make more of them to count along, larger ones longer moves. */
const BLOCK_MAX = 2048;

export class SortedBlocks implements OrderedValues {
  /** Each block's values, sorted, in the first `counts[b]` places. */
  private readonly blocks: Float64Array[] = [];
  private readonly counts: number[] = [];
  size = 0;
  /** A block (other than a sole one) holding fewer values than this is merged with a neighbour. */
  private readonly blockMin: number;

  /**
   * `initial`: the values the window holds already, in any order. `blockMax`,
   * a multiple of 4, is there for the specs, whose short windows need small
   * blocks to exercise splits and merges.
   */
  constructor(
    initial: readonly number[] = [],
    private readonly blockMax = BLOCK_MAX,
  ) {
    if (!Number.isInteger(blockMax / 4) || blockMax < 4) throw new RangeError(`block size must be a positive multiple of 4, got ${blockMax}`);
    this.blockMin = blockMax / 4;
    const sorted = Float64Array.from(initial).sort();
    const half = blockMax / 2;
    for (let at = 0; at < sorted.length || this.blocks.length === 0; at += half) {
      const block = new Float64Array(blockMax);
      const values = sorted.subarray(at, at + half);
      block.set(values);
      this.blocks.push(block);
      this.counts.push(values.length);
    }
    this.size = sorted.length;
  }

  insert(_slot: number, value: number): void {
    let b = this.blockFor(value);
    if (this.counts[b] === this.blockMax) {
      this.split(b);
      if (value > this.last(b)) b++;
    }
    insertSorted(this.blocks[b], this.counts[b], value);
    this.counts[b]++;
    this.size++;
  }

  /**
   * Replaces one occurrence of `oldest` by `value`: within its block, by one
   * move of the values between the two places, when `value` belongs there.
   */
  replace(slot: number, oldest: number, value: number): void {
    const b = this.blockFor(oldest);
    const fitsHere = (b === 0 || value >= this.last(b - 1)) && (b === this.blocks.length - 1 || value <= this.blocks[b + 1][0]);
    if (!fitsHere) {
      this.remove(b, oldest);
      this.insert(slot, value);
      return;
    }
    replaceSorted(this.blocks[b], this.counts[b], oldest, value);
  }

  /** The p-quantile by linear interpolation between closest ranks (type 7), computed as simple-statistics' quantileSorted does; NaN when empty. */
  quantile(p: number): number {
    const n = this.size;
    if (n === 0) return NaN;
    if (p === 1) return this.at(n - 1);
    if (p === 0) return this.at(0);
    const index = (n - 1) * p;
    if (index % 1 === 0) return this.at(index);
    const lower = Math.floor(index);
    const below = this.at(lower);
    return below + (index - lower) * (this.at(lower + 1) - below);
  }

  /** The k-th smallest value (from 0), counted from whichever end is nearer. */
  at(k: number): number {
    const { blocks, counts } = this;
    if (2 * k < this.size) {
      let b = 0;
      while (k >= counts[b]) k -= counts[b++];
      return blocks[b][k];
    }
    let fromEnd = this.size - 1 - k;
    let b = blocks.length - 1;
    while (fromEnd >= counts[b]) fromEnd -= counts[b--];
    return blocks[b][counts[b] - 1 - fromEnd];
  }

  /** The first block whose largest value is at least `value` (the block that holds or should hold it), else the last. */
  private blockFor(value: number): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.last(mid) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private last(b: number): number {
    return this.blocks[b][this.counts[b] - 1];
  }

  /** Removes one occurrence of `value` from block b, which holds it. */
  private remove(b: number, value: number): void {
    const block = this.blocks[b];
    const count = this.counts[b];
    const at = lowerBound(block, count, value);
    block.copyWithin(at, at + 1, count);
    this.counts[b] = count - 1;
    this.size--;
    if (this.counts[b] < this.blockMin && this.blocks.length > 1) this.rebalance(b);
  }

  /** Moves the upper half of a full block into a new block after it. */
  private split(b: number): void {
    const block = this.blocks[b];
    const half = this.blockMax / 2;
    const upper = new Float64Array(this.blockMax);
    upper.set(block.subarray(half, this.counts[b]));
    this.blocks.splice(b + 1, 0, upper);
    this.counts.splice(b + 1, 0, this.counts[b] - half);
    this.counts[b] = half;
  }

  /** Merges a block that has become small with its smaller neighbour, or evens the two out when together they would overfill one. */
  private rebalance(b: number): void {
    const { blocks, counts } = this;
    const neighbour = b === 0 ? 1 : b === blocks.length - 1 || counts[b - 1] <= counts[b + 1] ? b - 1 : b + 1;
    const lo = Math.min(b, neighbour);
    const hi = lo + 1;
    const lower = blocks[lo];
    const upper = blocks[hi];
    const total = counts[lo] + counts[hi];
    if (total <= this.blockMax) {
      lower.set(upper.subarray(0, counts[hi]), counts[lo]);
      counts[lo] = total;
      blocks.splice(hi, 1);
      counts.splice(hi, 1);
      return;
    }
    // Every value of the lower block is at most every value of the upper one, so evening out moves values across the boundary.
    const keep = total >> 1;
    if (counts[lo] < keep) {
      const moved = keep - counts[lo];
      lower.set(upper.subarray(0, moved), counts[lo]);
      upper.copyWithin(0, moved, counts[hi]);
    } else {
      const moved = counts[lo] - keep;
      upper.copyWithin(moved, 0, counts[hi]);
      upper.set(lower.subarray(keep, counts[lo]), 0);
    }
    counts[lo] = keep;
    counts[hi] = total - keep;
  }
}
