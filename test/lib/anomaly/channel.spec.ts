import assert from 'node:assert/strict';
import { ChannelModel, emptyChannel, kindsFor, physicalRange } from '../../../nodes/lib/anomaly/channel';
import { DEFAULT_ANOMALY_CONFIG, type AnomalyConfig } from '../../../nodes/lib/anomaly/config';

const MINUTE = 60_000;
const T0 = new Date(2024, 4, 13, 10, 0).getTime();
const CONFIG: AnomalyConfig = {
  ...DEFAULT_ANOMALY_CONFIG,
  relearnAfter: 5,
  statistical: { ...DEFAULT_ANOMALY_CONFIG.statistical, window: 16, minReadings: 8 },
};

describe('channel', () => {
  it('scores water readings with rules and sensor health, other readings with every statistic', () => {
    assert.deepEqual([...kindsFor('L/min', false)].sort(), ['burst', 'continuous-flow', 'flat-line', 'large-event', 'long-event', 'night-flow', 'out-of-range']);
    assert.deepEqual([...kindsFor('%', false)].sort(), ['flat-line', 'out-of-range', 'spike']);
    assert.deepEqual([...kindsFor('pulses', false)].sort(), ['flat-line', 'out-of-range']);
    assert.deepEqual([...kindsFor(undefined, false)].sort(), ['daily-pattern', 'deviation', 'flat-line', 'level-shift', 'out-of-range', 'outlier', 'spike']);
    assert.ok(kindsFor('cm', true).has('deviation'), 'statistics on water readings when asked for');
  });

  it('knows the physical range of a unit', () => {
    assert.deepEqual(physicalRange('%'), { min: 0, max: 100 });
    assert.deepEqual(physicalRange('m3/h'), { min: 0 });
    assert.deepEqual(physicalRange('gal'), { min: 0 });
    assert.deepEqual(physicalRange(undefined), {});
  });

  it('zeroes the learned detectors while learning, and lets only enabled kinds count', () => {
    const config: AnomalyConfig = { ...CONFIG, enabled: { ...CONFIG.enabled, 'out-of-range': false } };
    const channel = new ChannelModel(config, emptyChannel());
    const a = channel.update(-5, '%', T0, true);
    assert.deepEqual(a.scores, { spike: 0, 'flat-line': 0 });
    assert.equal(a.score, 0);
  });

  it('keeps a lasting new level out of the rolling baseline until it has lasted relearnAfter readings', () => {
    const state = emptyChannel();
    const channel = new ChannelModel(CONFIG, state);
    for (let i = 0; i < 20; i++) channel.update(i % 2 === 0 ? 9 : 11, undefined, T0 + i * MINUTE, i < 10);
    const refused: number[] = [];
    for (let i = 20; i < 30; i++) {
      const a = channel.update(50, undefined, T0 + i * MINUTE, false);
      refused.push(state.refused);
      if (i === 20) assert.ok(a.scores.deviation !== undefined && a.scores.deviation > 0.9);
    }
    // Refused five times; from the sixth it is learned, until the window finds 50 usual (the tenth).
    assert.deepEqual(refused, [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
    assert.equal(state.stats.window.values.filter((v) => v === 50).length, 5);
  });

  it('never learns a physically impossible reading', () => {
    const state = emptyChannel();
    const channel = new ChannelModel(CONFIG, state);
    channel.update(50, '%', T0, true);
    const a = channel.update(120, '%', T0 + MINUTE, true);
    assert.equal(a.scores['out-of-range'], 1);
    assert.deepEqual(state.stats.window.values, [50]);
  });

  it('applies the water rules in L/min whatever the flow unit', () => {
    const channel = new ChannelModel(CONFIG, emptyChannel());
    let burst = 0;
    for (let i = 0; i < 4; i++) burst = channel.update(2.4, 'm3/h', T0 + i * MINUTE, false).scores.burst ?? NaN;
    // 2.4 m3/h is 40 L/min, 4/3 of the limit 30 held for 3 min: (16/9) / (1 + 16/9) = 16/25.
    assert.ok(Math.abs(burst - 16 / 25) < 1e-12);
  });

  it('gives the scores of the kinds it scores in one order, by name and in its buffer alike', () => {
    const orders: Array<[string | undefined, boolean, string[]]> = [
      [undefined, false, ['deviation', 'outlier', 'spike', 'level-shift', 'daily-pattern', 'flat-line', 'out-of-range']],
      ['%', false, ['spike', 'flat-line', 'out-of-range']],
      ['L/min', false, ['flat-line', 'out-of-range', 'continuous-flow', 'night-flow', 'burst', 'long-event', 'large-event']],
      ['L/min', true, ['deviation', 'outlier', 'spike', 'level-shift', 'daily-pattern', 'flat-line', 'out-of-range', 'continuous-flow', 'night-flow', 'burst', 'long-event', 'large-event']],
    ];
    for (const [unit, statisticsOnWater, kinds] of orders) {
      const channel = new ChannelModel({ ...CONFIG, statisticsOnWater }, emptyChannel());
      let a = channel.update(1, unit, T0, false);
      for (let i = 1; i < 40; i++) a = channel.update(i % 3 === 0 ? 40 : 1 + (i % 5), unit, T0 + i * MINUTE, false);
      assert.deepEqual(Object.keys(a.scores), kinds, String(unit));
      assert.deepEqual(a.kinds, kinds);
      assert.deepEqual(kinds.map((_, i) => a.values[i]), Object.values(a.scores));
      assert.equal(a.score, Math.max(...Object.values(a.scores)));
    }
  });
});
