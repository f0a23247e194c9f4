import assert from 'node:assert/strict';
import { addReading, bucketMs, emptySeries, lastTime, reviveSeries, type Series, type SeriesLimits } from '../../../nodes/lib/chart/series';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);

function fill(limits: SeriesLimits, points: Array<[number, number]>): Series {
  const series = emptySeries();
  for (const [t, v] of points) addReading(series, t, v, limits);
  return series;
}

describe('chart series buffer', () => {
  it('keeps every reading slower than one per bucket, exactly', () => {
    const limits = { windowMs: 24 * HOUR, maxPoints: 2000 };
    assert.equal(bucketMs(limits), 86.4 * 1000);
    const points = Array.from({ length: 1440 }, (_, i): [number, number] => [T0 + i * MINUTE, i % 7]);
    const series = fill(limits, points);
    assert.deepEqual(series.times, points.map((p) => p[0]));
    assert.deepEqual(series.values, points.map((p) => p[1]));
    assert.equal(lastTime(series), T0 + 1439 * MINUTE);
  });

  it('drops readings older than the window before the newest one', () => {
    const limits = { windowMs: HOUR, maxPoints: 1000 };
    const series = fill(limits, Array.from({ length: 121 }, (_, i): [number, number] => [T0 + i * MINUTE, i]));
    assert.equal(series.times[0], T0 + 60 * MINUTE, 'exactly one window back is kept');
    assert.equal(series.times.length, 61);
    assert.equal(series.values[0], 60);
  });

  it('thins fast readings to the lowest and highest of each bucket, keeping a spike', () => {
    // Buckets of 10 minutes; a reading every minute.
    const limits = { windowMs: HOUR, maxPoints: 12 };
    assert.equal(bucketMs(limits), 10 * MINUTE);
    const values = [5, 4, 6, 5, 5, 99, 5, 5, 3, 5];
    const series = fill(limits, values.map((v, i): [number, number] => [T0 + i * MINUTE, v]));
    assert.deepEqual(series.values, [99, 3]);
    assert.deepEqual(series.times, [T0 + 5 * MINUTE, T0 + 8 * MINUTE]);
  });

  it('keeps the first and the newest reading of a constant bucket', () => {
    const limits = { windowMs: HOUR, maxPoints: 12 };
    const series = fill(limits, Array.from({ length: 10 }, (_, i): [number, number] => [T0 + i * MINUTE, 7]));
    assert.deepEqual(series.times, [T0, T0 + 9 * MINUTE]);
    assert.deepEqual(series.values, [7, 7]);
  });

  it('never holds more than maxPoints, whatever the rate', () => {
    const limits = { windowMs: HOUR, maxPoints: 12 };
    const series = fill(limits, Array.from({ length: 5000 }, (_, i): [number, number] => [T0 + i * 1000, Math.sin(i / 10)]));
    assert.ok(series.times.length <= 12, `${series.times.length} points`);
    assert.ok(series.times.length >= 10, 'a full window of buckets is still there');
    assert.equal(series.times.length, series.values.length);
    for (let i = 1; i < series.times.length; i++) assert.ok(series.times[i] >= series.times[i - 1]);
    assert.ok(series.times[0] >= T0 + 4999 * 1000 - HOUR);
  });

  it('revives a saved series, trimmed to the current limits, and refuses anything else', () => {
    const limits = { windowMs: HOUR, maxPoints: 3 };
    const saved = { unit: '%', times: [T0, T0 + 2 * HOUR, T0 + 2 * HOUR + 1, T0 + 2 * HOUR + 2, T0 + 2 * HOUR + 3], values: [1, 2, 3, 4, 5] };
    assert.deepEqual(reviveSeries(saved, limits), { unit: '%', times: saved.times.slice(2), values: [3, 4, 5] });
    assert.deepEqual(reviveSeries({ times: [T0], values: [1] }, limits), { times: [T0], values: [1] });
    for (const bad of [null, 5, 'x', { times: [T0], values: [] }, { times: [T0, T0 - 1], values: [1, 2] }, { times: [T0], values: [NaN] }, { times: [T0], values: ['1'] }, { times: [T0], values: [1], unit: 5 }, { times: [], values: [] }]) {
      assert.equal(reviveSeries(bad, limits), undefined, JSON.stringify(bad));
    }
  });
});
