import assert from 'node:assert/strict';
import { quantiser } from '../../../nodes/lib/simulator/sensors';
import { Random } from '../../../nodes/lib/simulator/random';

/** Rounding to a resolution as written out: a multiple of it, its binary residue removed through 12 significant digits. */
function straightforward(value: number, resolution: number): number {
  return Number.parseFloat((Math.round(value / resolution) * resolution).toPrecision(12));
}

describe('level sensor resolution', () => {
  it('rounds exactly as multiplying out and tidying through 12 digits does, decimal resolutions and others', () => {
    const rng = new Random('quantiser');
    const values = [0, -0, 0.04, -0.04, 0.05, -0.05, 62.3, 99.95, -12.345, 1e-9, 123456789.123, 1e12, -1e12, 4e15];
    for (let i = 0; i < 20_000; i++) {
      const scale = 10 ** rng.integer(-3, 9);
      values.push((rng.next() - 0.3) * scale);
    }
    for (const resolution of [1, 0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6, 0.25, 0.05, 0.5, 2, 0.3]) {
      const quantise = quantiser(resolution);
      for (const value of values) assert.equal(quantise(value), straightforward(value, resolution), `${value} at a resolution of ${resolution}`);
    }
  });

  it('leaves readings as they are without a resolution', () => {
    assert.equal(quantiser(0)(62.300000000000004), 62.300000000000004);
  });
});
