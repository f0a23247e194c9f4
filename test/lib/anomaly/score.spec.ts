import assert from 'node:assert/strict';
import { emptyEw, ewPush, ewStd, ratioScore, ruleScore, scoreRatio } from '../../../nodes/lib/anomaly/score';

describe('anomaly scores', () => {
  it('maps the ratio to the limit to 0.5 at the limit, 0.8 at twice and 0.9 at three times', () => {
    assert.equal(ratioScore(1), 0.5);
    assert.equal(ratioScore(2), 0.8);
    assert.equal(ratioScore(3), 0.9);
    assert.equal(ratioScore(0), 0);
    assert.equal(ratioScore(-2), 0);
    assert.equal(ratioScore(NaN), 0);
    assert.equal(ratioScore(Infinity), 1);
    assert.ok(ratioScore(1e6) < 1, 'never saturates for a finite ratio');
  });

  it('inverts the mapping', () => {
    for (const r of [0.25, 1, 1.73, 20]) assert.ok(Math.abs(scoreRatio(ratioScore(r)) - r) < 1e-9);
    assert.equal(scoreRatio(1), Infinity);
  });

  it('scores a rule 0 until its limit and from 0.5 on', () => {
    assert.equal(ruleScore(0.999), 0);
    assert.equal(ruleScore(1), 0.5);
    assert.equal(ruleScore(2), 0.8);
  });

  it('keeps the exact mean and population variance up to its memory, then weights recent values', () => {
    const stats = emptyEw();
    ewPush(stats, 2, 2);
    ewPush(stats, 4, 2);
    assert.deepEqual(stats, { n: 2, mean: 3, variance: 1 });
    ewPush(stats, 6, 2); // alpha 1/2: d = 3, mean 4.5, variance 0.5 * (1 + 0.5 * 9)
    assert.deepEqual(stats, { n: 3, mean: 4.5, variance: 2.75 });
    assert.equal(ewStd(stats), Math.sqrt(2.75));
    assert.equal(ewStd(emptyEw()), 0);
  });
});
