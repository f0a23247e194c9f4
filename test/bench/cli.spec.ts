import assert from 'node:assert/strict';
import { countFlag, flagValue, fmt } from '../../scripts/bench/cli';

describe('bench command line', () => {
  it('reads the value after a flag, and nothing when the flag is not there', () => {
    assert.equal(flagValue(['--only', 'rbe', '--quick'], '--only'), 'rbe');
    assert.equal(flagValue(['--quick'], '--only'), undefined);
  });

  it('reads a count, or falls back to the default without the flag', () => {
    assert.equal(countFlag(['--batch', '20'], '--batch', 500), 20);
    assert.equal(countFlag(['--quick'], '--batch', 500), 500);
  });

  it('refuses a count that is not a whole number of at least 1, naming the flag and what it was given', () => {
    for (const given of ['0', '-5', '2.5', 'many']) {
      assert.throws(() => countFlag(['--batch', given], '--batch', 500), { message: `--batch takes a whole number of at least 1, not "${given}"` });
    }
    assert.throws(() => countFlag(['--messages'], '--messages', 100), { message: '--messages takes a whole number of at least 1, not ""' });
  });

  it('prints figures with thousands separated and a fixed number of decimals', () => {
    assert.equal(fmt(1234567.891), '1,234,568');
    assert.equal(fmt(0.5, 2), '0.50');
  });
});
