import assert from 'node:assert/strict';
import fc from 'fast-check';
import { counterIncrement, readingIncrement } from '../../../nodes/lib/meter/increments';

const MODULUS_16_BIT = 65536;

/**
 * Replays a device's true pulses through counterIncrement: each step either
 * counts `pulses` more (wrapping at the modulus) or restarts from zero and
 * counts them. Returns what counterIncrement made of it.
 */
function counted(steps: Array<{ pulses: number; restart: boolean }>, start: number, modulus?: number): number {
  let device = start;
  let last = start;
  let total = 0;
  for (const step of steps) {
    device = step.restart ? step.pulses : device + step.pulses;
    if (modulus !== undefined) device %= modulus;
    total += counterIncrement(last, device, modulus).pulses;
    last = device;
  }
  return total;
}

describe('meter increments', () => {
  it('counts a counter that rises', () => {
    assert.deepEqual(counterIncrement(100, 250), { pulses: 150, step: 'count' });
    assert.deepEqual(counterIncrement(100, 100), { pulses: 0, step: 'count' });
  });

  it('reads a 16-bit counter passing 65535 as a rollover, not as negative flow', () => {
    assert.deepEqual(counterIncrement(65500, 20, MODULUS_16_BIT), { pulses: 56, step: 'rollover' });
    assert.equal(counted([{ pulses: 30, restart: false }, { pulses: 16, restart: false }, { pulses: 30, restart: false }], 65500, MODULUS_16_BIT), 76);
  });

  it('reads a counter that falls to a small value as restarted, counting its new value once', () => {
    assert.deepEqual(counterIncrement(1200, 5), { pulses: 5, step: 'reset' });
    assert.deepEqual(counterIncrement(1200, 5, MODULUS_16_BIT), { pulses: 5, step: 'reset' });
    // 1000 -> 1200 (+200), reboot, 5 (+5), 100 (+95): 300 pulses, nothing negative, nothing twice.
    assert.equal(counted([{ pulses: 200, restart: false }, { pulses: 5, restart: true }, { pulses: 95, restart: false }], 1000), 300);
  });

  it('takes the shorter way round for a wrapping counter', () => {
    // From 40000 down to 30000: a wrap would be 55536 pulses, more than half the range: a restart.
    assert.deepEqual(counterIncrement(40000, 30000, MODULUS_16_BIT), { pulses: 30000, step: 'reset' });
    assert.deepEqual(counterIncrement(40000, 7000, MODULUS_16_BIT), { pulses: 32536, step: 'rollover' });
  });

  it('never counts a negative or doubled volume across restarts, and misses none it can see', () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.array(fc.record({ pulses: fc.nat(5000), restart: fc.boolean() }), { maxLength: 60 }), (start, steps) => {
        const truth = steps.reduce((sum, s) => sum + s.pulses, 0);
        // A restart is visible when the counter comes back lower than it was; one that
        // has already counted past its old value looks like ordinary counting.
        let device = start;
        let allVisible = true;
        for (const step of steps) {
          if (step.restart && step.pulses >= device) allVisible = false;
          device = step.restart ? step.pulses : device + step.pulses;
        }
        const result = counted(steps, start);
        assert.ok(result >= 0 && result <= truth, `${result} of ${truth}`);
        if (allVisible) assert.equal(result, truth);
      }),
    );
  });

  it('counts every pulse of a wrapping counter that advances less than half its range at a time', () => {
    fc.assert(
      fc.property(fc.nat(MODULUS_16_BIT - 1), fc.array(fc.nat(MODULUS_16_BIT / 2 - 1), { maxLength: 60 }), (start, increments) => {
        const steps = increments.map((pulses) => ({ pulses, restart: false }));
        assert.equal(counted(steps, start, MODULUS_16_BIT), increments.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('counts a meter index going up and ignores one that went down', () => {
    assert.deepEqual(readingIncrement(349120, 349122), { volume: 2, replaced: false });
    assert.deepEqual(readingIncrement(349122, 12), { volume: 0, replaced: true });
  });
});
