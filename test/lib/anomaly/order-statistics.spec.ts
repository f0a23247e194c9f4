import assert from 'node:assert/strict';
import { OrderStatistics, type OrderedValues } from '../../../nodes/lib/anomaly/order-statistics';
import { SortedValues } from '../../../nodes/lib/anomaly/sorted-values';
import { quantileSorted } from '../../../nodes/lib/anomaly/simple-statistics';

/** A small deterministic generator, so the comparison data is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PROBABILITIES = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];

const KINDS: Array<[string, (capacity: number, initial?: number[]) => OrderedValues]> = [
  ['an order-statistics tree', (capacity, initial) => new OrderStatistics(capacity, initial)],
  ['a sorted array', (capacity, initial) => new SortedValues(capacity, initial)],
];

for (const [kind, make] of KINDS) {
  describe(`a window's values in order, in ${kind}`, () => {
    it('answers every quantile of a sliding window exactly as simple-statistics does over a sorted copy', () => {
      const next = lcg(11);
      const capacity = 200;
      const ordered = make(capacity);
      const ring: number[] = [];
      for (let i = 0; i < 5000; i++) {
        // Few distinct values, so many are equal.
        const value = Math.round(next() * 40) / 4 - 3;
        const slot = i % capacity;
        if (ring.length === capacity) ordered.replace(slot, ring[slot], value);
        else ordered.insert(slot, value);
        ring[slot] = value;
        if (i % 23 !== 0) continue;
        const sorted = [...ring].sort((a, b) => a - b);
        assert.equal(ordered.size, sorted.length);
        for (const p of PROBABILITIES) assert.equal(ordered.quantile(p), quantileSorted(sorted, p), `p ${p} after ${i + 1} values`);
      }
    });

    it('starts from the values a window holds, and is empty until it has one', () => {
      const values = [5, 1, 4, 1, 9, 2];
      const ordered = make(8, values);
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

describe('order-statistics tree', () => {
  it('keeps a rising series, the worst case of an unbalanced tree, in order: 100,000 values slid through a window of 100,000', () => {
    const capacity = 100_000;
    const tree = new OrderStatistics(capacity);
    for (let i = 0; i < 2 * capacity; i++) {
      if (i >= capacity) tree.remove(i % capacity);
      tree.insert(i % capacity, i);
    }
    assert.equal(tree.size, capacity);
    assert.equal(tree.quantile(0), capacity);
    assert.equal(tree.quantile(0.5), capacity + (capacity - 1) / 2);
    assert.equal(tree.quantile(1), 2 * capacity - 1);
    assert.equal(tree.at(12_345), capacity + 12_345);
  });
});
