import assert from 'node:assert/strict';
import { thresholdTimes, timeToReach } from '../../../nodes/lib/predictor/crossing';
import { LevelPredictor } from '../../../nodes/lib/predictor/predictor';
import { defaultPredictorOptions } from '../../../nodes/lib/predictor/config';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2025, 5, 1, 12);

describe('predictor: time to thresholds', () => {
  it('equals the closed form for a tank draining at a constant rate', () => {
    // 1.5 m of water draining at 0.12 m/h: empty in 1.5 / 0.12 = 12.5 h, low mark 0.3 m in (1.5 − 0.3) / 0.12 = 10 h.
    const rate = 0.12;
    const options = { ...defaultPredictorOptions(), marks: { empty: 0, full: 2, low: 0.3, high: 1.9 }, bounds: { min: 0, max: 2 } };
    const predictor = new LevelPredictor(options);
    let forecast;
    for (let m = 0; m <= 60; m += 5) forecast = predictor.update(T0 + m * MINUTE, 1.62 - rate * (m / 60));
    assert.ok(forecast);
    assert.equal(forecast.model, 'trend');
    const tolerance = 1e-9 * HOUR;
    assert.ok(Math.abs((forecast.timeToEmpty ?? NaN) - (1.5 / rate) * HOUR) < tolerance, String(forecast.timeToEmpty));
    assert.ok(Math.abs((forecast.timeToLow ?? NaN) - ((1.5 - 0.3) / rate) * HOUR) < tolerance, String(forecast.timeToLow));
    assert.equal(forecast.timeToFull, null);
    assert.equal(forecast.timeToHigh, null);
  });

  it('reads crossings off the trajectory, continues its last segment, and stops at the limit', () => {
    const trajectory = [
      { offset: 0, level: 50 },
      { offset: HOUR, level: 40 },
      { offset: 3 * HOUR, level: 35 },
    ];
    assert.equal(timeToReach(trajectory, 45, true, 24 * HOUR), 0.5 * HOUR);
    assert.equal(timeToReach(trajectory, 30, true, 24 * HOUR), 5 * HOUR, 'on past 3 h at 2.5 per hour');
    assert.equal(timeToReach(trajectory, 30, true, 4 * HOUR), null, 'beyond the limit');
    assert.equal(timeToReach(trajectory, 60, false, 24 * HOUR), null, 'never rises');
    assert.equal(timeToReach(trajectory, 55, true, 24 * HOUR), 0, 'already below');
    assert.deepEqual(thresholdTimes(trajectory, { empty: 0, low: 40 }, 24 * HOUR), { timeToEmpty: 17 * HOUR, timeToFull: null, timeToLow: HOUR, timeToHigh: null });
  });
});
