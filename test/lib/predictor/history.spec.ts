import assert from 'node:assert/strict';
import { LevelHistory, historyCapacity } from '../../../nodes/lib/predictor/history';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2025, 0, 1);

describe('predictor: history', () => {
  const options = { spanMs: 6 * HOUR, stepMs: 10 * MINUTE, maxGapMs: HOUR };

  it('keeps about one sample per step, and always the newest reading', () => {
    const history = new LevelHistory(options);
    for (let m = 0; m <= 30; m++) history.add(T0 + m * MINUTE, m, {});
    const times = Array.from({ length: history.size }, (_, i) => (history.time(i) - T0) / MINUTE);
    assert.deepEqual(times, [0, 9, 18, 27, 30]);
    assert.equal(history.newestTime, T0 + 30 * MINUTE);
  });

  it('interpolates levels between samples, never across a gap or outside the history', () => {
    const history = new LevelHistory(options);
    history.add(T0, 10, {});
    history.add(T0 + 20 * MINUTE, 12, {});
    history.add(T0 + 4 * HOUR, 0, {});
    assert.equal(history.levelAt(T0 + 5 * MINUTE), 10.5);
    assert.equal(history.levelAt(T0 + 20 * MINUTE), 12);
    assert.equal(history.levelAt(T0 + HOUR), undefined, 'inside a gap of more than an hour');
    assert.equal(history.levelAt(T0 - 1), undefined);
    assert.equal(history.levelAt(T0 + 5 * HOUR), undefined);
  });

  it('drops samples older than the span and stays within its capacity', () => {
    const history = new LevelHistory(options);
    for (let m = 0; m <= 24 * 60; m += 10) history.add(T0 + m * MINUTE, m, { inflow: m });
    assert.ok(history.size <= historyCapacity(options));
    assert.equal(history.time(0), T0 + 18 * HOUR);
    assert.equal(history.flow(history.size - 1, 'inflow'), 24 * 60);
    assert.equal(history.flow(history.size - 1, 'outflow'), null);
  });

  it('keeps its state as plain JSON that restores to the same history', () => {
    const history = new LevelHistory(options);
    for (let m = 0; m <= 600; m += 7) history.add(T0 + m * MINUTE, Math.sin(m), { net: -m });
    const restored = new LevelHistory(options, JSON.parse(JSON.stringify(history.state)));
    assert.deepEqual(restored.state, history.state);
    assert.equal(restored.levelAt(T0 + 333 * MINUTE), history.levelAt(T0 + 333 * MINUTE));
  });
});
