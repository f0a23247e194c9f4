import assert from 'node:assert/strict';
import { SortedBlocks } from '../../../nodes/lib/anomaly/sorted-blocks';
import { SortedValues, type OrderedValues } from '../../../nodes/lib/anomaly/sorted-values';
import { quantileSorted } from '../../../nodes/lib/anomaly/simple-statistics';
import { Random } from '../../../nodes/lib/simulator/random';

const PROBABILITIES = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];

const KINDS: Array<[string, (capacity: number, initial?: number[]) => OrderedValues]> = [
  ['a sorted array', (capacity, initial) => new SortedValues(capacity, initial)],
  ['sorted blocks', (_capacity, initial) => new SortedBlocks(initial)],
  // Blocks of 8 values: a window of a few hundred splits, merges and evens out blocks all the time.
  ['sorted blocks of 8 values', (_capacity, initial) => new SortedBlocks(initial, 8)],
];

/** Slides `values` through a window of `capacity`, checking every quantile against a sorted copy every `every` values. */
function checkSliding(ordered: OrderedValues, capacity: number, values: number[], every: number): void {
  const ring: number[] = [];
  values.forEach((value, i) => {
    const slot = i % capacity;
    if (ring.length === capacity) ordered.replace(slot, ring[slot], value);
    else ordered.insert(slot, value);
    ring[slot] = value;
    if (i % every !== 0) return;
    const sorted = [...ring].sort((a, b) => a - b);
    assert.equal(ordered.size, sorted.length);
    for (const p of PROBABILITIES) assert.equal(ordered.quantile(p), quantileSorted(sorted, p), `p ${p} after ${i + 1} values`);
  });
}

for (const [kind, make] of KINDS) {
  describe(`a window's values in order, in ${kind}`, () => {
    it('answers every quantile of a sliding window exactly as simple-statistics does over a sorted copy', () => {
      const random = new Random(11);
      // Few distinct values, so many are equal.
      checkSliding(make(200), 200, Array.from({ length: 5000 }, () => Math.round(random.next() * 40) / 4 - 3), 23);
    });

    it('follows a level that drifts up, falls and drifts back, its new values all at one end of the window for long spells', () => {
      const random = new Random(5);
      const values = Array.from({ length: 6000 }, (_, i) => (i < 2000 ? i : i < 2200 ? 4000 - 10 * i : -400 + i / 10) + random.next());
      checkSliding(make(300), 300, values, 7);
    });

    it('starts from the values a window holds, and is empty until it has one', () => {
      const values = [5, 1, 4, 1, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6];
      const ordered = make(32, values);
      const sorted = [...values].sort((a, b) => a - b);
      for (const p of PROBABILITIES) assert.equal(ordered.quantile(p), quantileSorted(sorted, p));
      const empty = make(4);
      assert.equal(empty.size, 0);
      assert.ok(Number.isNaN(empty.quantile(0.5)));
      empty.insert(2, 7);
      assert.equal(empty.quantile(0.25), 7);
    });
  });
}

describe('sorted blocks', () => {
  it('keep a rising series in order, every new value past the end and every old one leaving the start: 100,000 values slid through a window of 100,000', () => {
    const capacity = 100_000;
    const blocks = new SortedBlocks();
    for (let i = 0; i < 2 * capacity; i++) {
      if (i >= capacity) blocks.replace(i % capacity, i - capacity, i);
      else blocks.insert(i, i);
    }
    assert.equal(blocks.size, capacity);
    assert.equal(blocks.quantile(0), capacity);
    assert.equal(blocks.quantile(0.5), capacity + (capacity - 1) / 2);
    assert.equal(blocks.quantile(1), 2 * capacity - 1);
    assert.equal(blocks.at(12_345), capacity + 12_345);
    assert.equal(blocks.at(87_654), capacity + 87_654);
  });

  it('refuse a block size that is not a positive multiple of 4', () => {
    assert.throws(() => new SortedBlocks([], 6), /multiple of 4/);
    assert.throws(() => new SortedBlocks([], 0), /multiple of 4/);
  });
});
