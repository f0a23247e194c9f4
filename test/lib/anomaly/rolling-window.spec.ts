import assert from 'node:assert/strict';
import { RollingWindow, emptyRolling } from '../../../nodes/lib/anomaly/rolling-window';
import { Random } from '../../../nodes/lib/simulator/random';

function twoPass(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

/** numpy/R type-7 quantile of unsorted values. */
function quantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const idx = (sorted.length - 1) * p;
  const lo = Math.floor(idx);
  return sorted[lo] + (idx - lo) * ((sorted[Math.ceil(idx)] ?? sorted[lo]) - sorted[lo]);
}

describe('RollingWindow', () => {
  it('keeps the last N values with their mean, deviation, median and quartiles', () => {
    const w = new RollingWindow(3, emptyRolling(), true);
    for (const v of [1, 2, 3, 4, 5]) w.push(v);
    assert.deepEqual(w.valuesOldestFirst(), [3, 4, 5]);
    assert.equal(w.mean(), 4);
    assert.equal(w.std(), 1);
    assert.equal(w.median(), 4);
    assert.equal(w.quantile(0.25), 3.5);
    assert.equal(w.robustStd(), (4.5 - 3.5) / 1.349);
  });

  it('agrees with a two-pass computation over many wraps', () => {
    const random = new Random(7);
    const w = new RollingWindow(50, emptyRolling(), true);
    const all: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const v = Math.round(random.next() * 1000) / 10;
      w.push(v);
      all.push(v);
      if (i % 97 !== 0 || i < 60) continue;
      const recent = all.slice(-50);
      const exact = twoPass(recent);
      assert.ok(Math.abs(w.mean() - exact.mean) < 1e-9);
      assert.ok(Math.abs(w.std() - exact.std) < 1e-9);
      for (const p of [0.25, 0.5, 0.75]) assert.equal(w.quantile(p), quantile(recent, p));
    }
  });

  it('answers the same quantiles with a window too long for a sorted array, kept in sorted blocks', () => {
    const random = new Random(5);
    const w = new RollingWindow(5000, emptyRolling(), true);
    const all: number[] = [];
    for (let i = 0; i < 12_000; i++) {
      const v = Math.round(random.next() * 1000) / 10;
      w.push(v);
      all.push(v);
      if (i % 2999 !== 0) continue;
      const recent = all.slice(-5000);
      for (const p of [0.25, 0.5, 0.75]) assert.equal(w.quantile(p), quantile(recent, p));
    }
    const restored = new RollingWindow(5000, JSON.parse(JSON.stringify({ values: w.valuesOldestFirst(), head: 0 })) as ReturnType<typeof emptyRolling>, true);
    assert.equal(restored.median(), w.median());
  });

  it('keeps its precision far from zero', () => {
    const w = new RollingWindow(4);
    for (const v of [1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3, 1e9 + 0.4, 1e9 + 0.5]) w.push(v);
    assert.ok(Math.abs(w.std() - twoPass([1e9 + 0.2, 1e9 + 0.3, 1e9 + 0.4, 1e9 + 0.5]).std) < 1e-6);
  });

  it('works in place on its plain-data state and restores from it', () => {
    const state = emptyRolling();
    const w = new RollingWindow(4, state, true);
    for (const v of [5, 1, 4, 2, 8, 3]) w.push(v);
    const copy = JSON.parse(JSON.stringify(state)) as typeof state;
    const restored = new RollingWindow(4, copy, true);
    assert.deepEqual(restored.valuesOldestFirst(), [4, 2, 8, 3]);
    assert.equal(restored.mean(), w.mean());
    assert.equal(restored.median(), w.median());
    restored.push(9);
    w.push(9);
    assert.deepEqual(restored.valuesOldestFirst(), w.valuesOldestFirst());
    assert.equal(restored.std(), w.std());
  });

  it('restored between two recomputations of its sums, answers to the last bit what the original answers', () => {
    const state = emptyRolling();
    const w = new RollingWindow(16, state);
    const value = (i: number) => 50 + 7 * Math.sin(i * 0.7) + i / 3;
    for (let i = 0; i < 40; i++) w.push(value(i));
    const restored = new RollingWindow(16, JSON.parse(JSON.stringify(state)) as typeof state);
    for (let i = 40; i < 80; i++) {
      w.push(value(i));
      restored.push(value(i));
      assert.deepEqual([restored.mean(), restored.std()], [w.mean(), w.std()], `after value ${i}`);
    }
  });

  it('keeps the newest values of a state saved with a larger capacity', () => {
    const state = emptyRolling();
    const big = new RollingWindow(5, state);
    for (const v of [1, 2, 3, 4, 5, 6, 7]) big.push(v);
    const small = new RollingWindow(3, state);
    assert.deepEqual(small.valuesOldestFirst(), [5, 6, 7]);
    assert.equal(small.mean(), 6);
  });

  it('answers nothing before it has values and refuses a capacity below 2', () => {
    const w = new RollingWindow(2);
    assert.ok(Number.isNaN(w.mean()));
    assert.equal(w.std(), 0);
    assert.ok(Number.isNaN(w.median()), 'no quantiles unless asked for');
    assert.throws(() => new RollingWindow(1), /at least 2/);
    assert.throws(() => new RollingWindow(2.5), /at least 2/);
  });
});
