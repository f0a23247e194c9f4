import assert from 'node:assert/strict';
import { StatisticalDetectors, emptyStatistical, type StatisticalConfig, type StatisticalScores } from '../../../nodes/lib/anomaly/statistical';

const MINUTE = 60_000;
const CONFIG: StatisticalConfig = {
  window: 8,
  minReadings: 8,
  deviationLimit: 3,
  robustLimit: 3,
  spikeLimit: 3,
  shiftSpan: 3,
  shiftLimit: 3,
  dailySlotMinutes: 60,
  dailyMemory: 32,
  dailyMinReadings: 2,
  dailyMinDays: 3,
  dailyLimit: 3,
};
/** A Monday morning, local time. */
const T0 = new Date(2024, 4, 13, 8, 0).getTime();

/** Teaches the detectors an ordinary series, one reading a minute from `start`. */
function learned(values: number[], start = T0): StatisticalDetectors {
  const detectors = new StatisticalDetectors(CONFIG, emptyStatistical());
  values.forEach((v, i) => detectors.learn(v, start + i * MINUTE, true));
  return detectors;
}

/** [9, 11, 9, 11, ...]: mean 10, and over 8 values a sample deviation of sqrt(8/7). */
const alternating = (count: number): number[] => Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 9 : 11));

/** Index of the first score at or above 0.5. */
function onset(scores: number[]): number {
  return scores.findIndex((s) => s >= 0.5);
}

function scoresOf(detectors: StatisticalDetectors, kind: keyof StatisticalScores, probes: number[], time = T0 + 60 * MINUTE): number[] {
  return probes.map((v) => detectors.assess(v, time)[kind]);
}

describe('statistical detectors', () => {
  it('deviation: starts exactly where the distance from the rolling mean reaches the limit', () => {
    const d = learned(alternating(8));
    // limit 3 x sqrt(8/7) = 3.2071: 13.2 is just inside, 13.21 just beyond.
    const scores = scoresOf(d, 'deviation', [10, 12, 13.2, 13.21, 14]);
    assert.equal(onset(scores), 3);
    assert.equal(scores[0], 0);
    // r^2 = 16 / (9 * 8/7) = 14/9, so the score is (14/9) / (1 + 14/9) = 14/23.
    assert.ok(Math.abs(scores[4] - 14 / 23) < 1e-12);
  });

  it('outlier: measures from the median in IQR-based deviations', () => {
    const d = learned(alternating(8));
    // Median 10, quartiles 9 and 11: a robust deviation of 2 / 1.349, a limit of 4.4477.
    const scores = scoresOf(d, 'outlier', [10, 14.4, 14.45]);
    assert.equal(onset(scores), 2);
  });

  it('spike: a step from the previous reading beyond the limit in step deviations', () => {
    // Nine readings: eight steps of +2 and -2, mean 0 and deviation 2; the last reading is 9.
    const d = learned(alternating(9));
    const scores = scoresOf(d, 'spike', [14, 14.99, 15.01, 15]);
    assert.equal(onset(scores), 2);
    assert.ok(Math.abs(scores[3] - 0.5) < 1e-9, 'a step of 6 is exactly at the limit 3 x 2');
  });

  it('level shift: catches on its second reading a step the deviation detector misses', () => {
    // The short mean (span 3, alpha 0.5) of 9, 11, ... settles at 9.67 after a 9 and 10.33 after an 11,
    // so it usually strays 1/3 from the rolling mean of 10; the limit is 3 x 1/3 = 1.
    const d = learned(alternating(41));
    const shift: number[] = [];
    const deviation: number[] = [];
    for (let i = 0; i < 4; i++) {
      const time = T0 + (41 + i) * MINUTE;
      const scores = d.assess(12, time);
      shift.push(scores['level-shift']);
      deviation.push(scores.deviation);
      d.learn(12, time, false);
    }
    // The short mean goes 10.83 (0.83 from the mean) then 11.42 (1.42): the second reading crosses.
    assert.equal(onset(shift), 1);
    assert.equal(onset(deviation), -1, 'a step of 2 is well inside 3 deviations of 1.07');
  });

  it('daily pattern: judges a time of day once it has been seen on three days', () => {
    const d = new StatisticalDetectors(CONFIG, emptyStatistical());
    const at = (day: number, minute: number): number => new Date(2024, 4, 13 + day, 8, minute).getTime();
    for (let day = 0; day < 3; day++) {
      if (day === 2) assert.equal(d.knowsTimeOfDay(at(day, 0)), false, 'two days are not yet a pattern');
      for (let m = 0; m < 60; m += 10) d.learn(m % 20 === 0 ? 49 : 51, at(day, m), true);
    }
    // 18 readings of 49 and 51 at 8 o'clock: mean 50, deviation 1, limit 3.
    const time = at(3, 30);
    assert.equal(d.knowsTimeOfDay(time), true);
    assert.ok(Math.abs((d.baseline(time).daily ?? NaN) - 50) < 1e-12);
    const scores = scoresOf(d, 'daily-pattern', [52, 52.99, 53.01], time);
    assert.equal(onset(scores), 2);
    // Once the hour has a pattern it judges levels; an hour it has never seen falls back to the rolling window.
    assert.equal(d.assess(54, time).deviation, 0);
    assert.ok(d.assess(54, at(3, 70)).deviation > 0.5);
  });

  it('learns unusual readings into the time of day but not into the rolling baseline', () => {
    const d = learned(alternating(8));
    d.learn(100, T0 + 10 * MINUTE, false);
    const baseline = d.baseline(T0 + 11 * MINUTE);
    assert.equal(baseline.mean, 10);
    assert.equal(baseline.median, 10);
    assert.ok(d.assess(100, T0 + 12 * MINUTE).deviation > 0.9, 'the next unusual reading is just as unusual');
  });

  it('scores nothing before its window holds enough readings', () => {
    const d = learned(alternating(7));
    assert.deepEqual(d.assess(1000, T0 + 30 * MINUTE), { deviation: 0, outlier: 0, spike: 0, 'level-shift': 0, 'daily-pattern': 0 });
  });
});
