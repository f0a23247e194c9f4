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

  it('finds the same levels as a search of every sample, across irregular spacing and gaps', () => {
    const history = new LevelHistory({ spanMs: 3 * 24 * HOUR, stepMs: 10 * MINUTE, maxGapMs: 2 * HOUR });
    let t = T0;
    for (let k = 0; k < 300; k++) {
      t += k % 50 === 49 ? 5 * HOUR : ((k * 7919) % 23) * MINUTE + 10 * MINUTE;
      history.add(t, Math.sin(k / 5), {});
    }
    const samples = Array.from({ length: history.size }, (_, i) => [history.time(i), history.level(i)]);
    const bySearch = (time: number): number | undefined => {
      const after = samples.findIndex(([st]) => st >= time);
      if (after === -1 || time < samples[0][0]) return undefined;
      if (samples[after][0] === time) return samples[after][1];
      const [t0, l0] = samples[after - 1];
      const [t1, l1] = samples[after];
      return t1 - t0 > 2 * HOUR ? undefined : l0 + ((time - t0) / (t1 - t0)) * (l1 - l0);
    };
    for (let time = samples[0][0] - HOUR; time <= t + HOUR; time += 7 * MINUTE) assert.equal(history.levelAt(time), bySearch(time), `at ${time - T0}`);
  });

  it('drops samples older than the span and stays within its capacity', () => {
    const history = new LevelHistory(options);
    for (let m = 0; m <= 24 * 60; m += 10) history.add(T0 + m * MINUTE, m, { inflow: m });
    assert.ok(history.size <= historyCapacity(options));
    assert.equal(history.time(0), T0 + 18 * HOUR);
    assert.equal(history.flow(history.size - 1, 'inflow'), 24 * 60);
    assert.equal(history.flow(history.size - 1, 'outflow'), null);
  });

  it('reads a history saved one array per sample into the same history', () => {
    const history = new LevelHistory(options);
    for (let m = 0; m <= 600; m += 7) history.add(T0 + m * MINUTE, Math.sin(m), m > 300 ? { inflow: m, net: -m } : { net: -m });
    const s = history.state;
    const slots = Array.from({ length: s.times.length }, (_, slot) => [s.times[slot], s.levels[slot], s.flows.inflow?.[slot] ?? null, null, s.flows.net?.[slot] ?? null]);
    const rows = { capacity: s.capacity, samples: slots, head: s.head, count: s.count };
    const restored = new LevelHistory(options, JSON.parse(JSON.stringify(rows)));
    assert.equal(restored.size, history.size);
    for (let i = 0; i < history.size; i++) {
      assert.deepEqual([restored.time(i), restored.level(i), restored.flow(i, 'inflow'), restored.flow(i, 'outflow'), restored.flow(i, 'net')], [history.time(i), history.level(i), history.flow(i, 'inflow'), null, history.flow(i, 'net')]);
    }
    assert.deepEqual(Object.keys(restored.state).sort(), Object.keys(history.state).sort());
    const otherSettings = new LevelHistory({ ...options, stepMs: 5 * MINUTE }, JSON.parse(JSON.stringify(rows)));
    assert.equal(otherSettings.size, 0, 'saved under another step: dropped');
    assert.deepEqual(Object.keys(otherSettings.state).sort(), Object.keys(history.state).sort());
  });

  it('keeps its state as plain JSON that restores to the same history', () => {
    const history = new LevelHistory(options);
    for (let m = 0; m <= 600; m += 7) history.add(T0 + m * MINUTE, Math.sin(m), { net: -m });
    const restored = new LevelHistory(options, JSON.parse(JSON.stringify(history.state)));
    assert.deepEqual(restored.state, history.state);
    assert.equal(restored.levelAt(T0 + 333 * MINUTE), history.levelAt(T0 + 333 * MINUTE));
  });

  it('takes the memory of a full history from its first reading, and reads columns saved shorter than that', () => {
    const capacity = historyCapacity(options);
    const history = new LevelHistory(options);
    history.add(T0, 1, { inflow: 2 });
    assert.deepEqual([history.state.times.length, history.state.levels.length, history.state.flows.inflow?.length], [capacity, capacity, capacity]);
    for (let m = 7; m <= 90; m += 7) history.add(T0 + m * MINUTE, m, { inflow: m });
    // Saved by a version that grew the columns slot by slot: only the slots in use were there.
    const saved = JSON.parse(JSON.stringify(history.state)) as typeof history.state;
    saved.times = saved.times.slice(0, saved.count);
    saved.levels = saved.levels.slice(0, saved.count);
    saved.flows.inflow = saved.flows.inflow?.slice(0, saved.count);
    const restored = new LevelHistory(options, saved);
    assert.deepEqual(restored.state, history.state);
    for (let m = 91; m <= 500; m += 7) {
      history.add(T0 + m * MINUTE, m, { inflow: m });
      restored.add(T0 + m * MINUTE, m, { inflow: m });
    }
    assert.deepEqual(restored.state, history.state);
  });
});
