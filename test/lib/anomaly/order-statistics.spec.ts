import assert from 'node:assert/strict';
import { OrderStatistics } from '../../../nodes/lib/anomaly/order-statistics';
import { quantileSorted } from './simple-statistics';

/** A small deterministic generator, so the comparison data is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('order statistics', () => {
  it('answers every rank and quantile of a sliding window exactly as a sorted copy does', () => {
    const next = lcg(11);
    const capacity = 200;
    const tree = new OrderStatistics(capacity);
    const ring: number[] = [];
    for (let i = 0; i < 5000; i++) {
      // Few distinct values, so many are equal: they are told apart by their slot.
      const value = Math.round(next() * 40) / 4 - 3;
      const slot = i % capacity;
      if (ring.length === capacity) tree.remove(slot);
      ring[slot] = value;
      tree.insert(slot, value);
      if (i % 23 !== 0) continue;
      const sorted = [...ring].sort((a, b) => a - b);
      assert.equal(tree.size, sorted.length);
      for (let k = 0; k < sorted.length; k += 7) assert.equal(tree.at(k), sorted[k]);
      for (const p of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]) assert.equal(tree.quantile(p), quantileSorted(sorted, p), `p ${p} after ${i + 1} values`);
    }
  });

  it('keeps a rising series, the worst case of an unbalanced tree, shallow enough to recurse over', () => {
    const capacity = 100_000;
    const tree = new OrderStatistics(capacity);
    for (let i = 0; i < capacity + 1000; i++) {
      if (i >= capacity) tree.remove(i % capacity);
      tree.insert(i % capacity, i);
    }
    assert.equal(tree.size, capacity);
    assert.equal(tree.quantile(0), 1000);
    assert.equal(tree.quantile(0.5), 1000 + (capacity - 1) / 2);
    assert.equal(tree.quantile(1), capacity + 999);
  });

  it('is empty until it has a value', () => {
    const tree = new OrderStatistics(4);
    assert.equal(tree.size, 0);
    assert.ok(Number.isNaN(tree.quantile(0.5)));
    tree.insert(2, 7);
    assert.equal(tree.quantile(0.25), 7);
  });
});
