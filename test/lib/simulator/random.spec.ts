import assert from 'node:assert/strict';
import { hashSeed, Random } from '../../../nodes/lib/simulator/random';

const draws = (rng: Random, n: number): number[] => Array.from({ length: n }, () => rng.next());

describe('seedable random numbers', () => {
  it('repeats the same sequence for the same seed', () => {
    assert.deepEqual(draws(new Random(42), 50), draws(new Random(42), 50));
    assert.deepEqual(draws(new Random('tank'), 50), draws(new Random('tank'), 50));
  });

  it('gives different sequences for different seeds and streams', () => {
    assert.notDeepEqual(draws(new Random(1), 10), draws(new Random(2), 10));
    assert.notDeepEqual(draws(Random.stream(1, 'a'), 10), draws(Random.stream(1, 'b'), 10));
    assert.notEqual(hashSeed('1'), hashSeed('2'));
  });

  it('draws uniformly in [0, 1) and normally with mean 0 and deviation 1', () => {
    const rng = new Random(7);
    const uniform = draws(rng, 20000);
    assert.ok(uniform.every((u) => u >= 0 && u < 1));
    const mean = uniform.reduce((s, u) => s + u, 0) / uniform.length;
    assert.ok(Math.abs(mean - 0.5) < 0.01, `uniform mean ${mean}`);
    const normal = Array.from({ length: 20000 }, () => rng.normal());
    const m = normal.reduce((s, x) => s + x, 0) / normal.length;
    const sd = Math.sqrt(normal.reduce((s, x) => s + (x - m) ** 2, 0) / normal.length);
    assert.ok(Math.abs(m) < 0.03, `normal mean ${m}`);
    assert.ok(Math.abs(sd - 1) < 0.03, `normal sd ${sd}`);
  });

  it('draws whole numbers within bounds and indices by weight', () => {
    const rng = new Random(3);
    const ints = Array.from({ length: 1000 }, () => rng.integer(4, 6));
    assert.deepEqual([...new Set(ints)].sort(), [4, 5, 6]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 9000; i++) counts[rng.weighted([1, 0, 2])]++;
    assert.equal(counts[1], 0);
    assert.ok(Math.abs(counts[2] / counts[0] - 2) < 0.15, `ratio ${counts[2] / counts[0]}`);
  });
});
