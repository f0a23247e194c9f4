import assert from 'node:assert/strict';
import { parseChartReading, recordReading } from '../../../nodes/lib/chart/readings';
import { emptySeries } from '../../../nodes/lib/chart/series';

const NOW = Date.UTC(2026, 0, 5, 12);
const limits = { windowMs: 24 * 3_600_000, maxPoints: 2000 };

describe('chart readings', () => {
  it('reads payload, topic, timestamp and unit, the arrival time when there is no timestamp', () => {
    assert.deepEqual(parseChartReading({ payload: '42.5', topic: 'tank/level', timestamp: NOW - 1000, unit: 'percent' }, undefined, NOW), { ok: true, value: { topic: 'tank/level', time: NOW - 1000, value: 42.5, unit: '%' } });
    assert.deepEqual(parseChartReading({ payload: 3 }, undefined, NOW), { ok: true, value: { topic: '', time: NOW, value: 3 } });
  });

  it('records a reading and keeps the first unit of a series', () => {
    const series = emptySeries();
    const first = parseChartReading({ payload: 1, topic: 't', timestamp: NOW }, series, NOW);
    assert.ok(first.ok);
    recordReading(series, first.value, limits);
    const second = parseChartReading({ payload: 2, topic: 't', timestamp: NOW + 1000, unit: 'cm' }, series, NOW);
    assert.ok(second.ok);
    recordReading(series, second.value, limits);
    assert.deepEqual(series, { unit: 'cm', times: [NOW, NOW + 1000], values: [1, 2] });
  });

  it('rejects bad values, times and units with the common problems', () => {
    const series = { unit: 'cm', times: [NOW], values: [1] };
    const problem = (msg: Record<string, unknown>): unknown => {
      const parsed = parseChartReading(msg, series, NOW);
      return parsed.ok ? undefined : parsed.problem.key;
    };
    assert.equal(problem({ payload: 'full', topic: 't' }), 'common.errors.not-a-number');
    assert.equal(problem({ payload: Infinity, topic: 't' }), 'common.errors.not-a-number');
    assert.equal(problem({ payload: 1, topic: 't', timestamp: 'yesterday' }), 'common.errors.bad-timestamp');
    assert.equal(problem({ payload: 1, topic: 't', timestamp: NOW - 1 }), 'common.errors.backwards');
    assert.equal(problem({ payload: 1, topic: 't', unit: 'furlong' }), 'common.errors.bad-unit');
    assert.equal(problem({ payload: 1, topic: 't', timestamp: NOW, unit: 'cm' }), undefined, 'the same time again is not backwards');
    assert.deepEqual(parseChartReading({ payload: 1, topic: 't', unit: 'm' }, series, NOW), {
      ok: false,
      problem: { key: 'errors.unit-changed', params: { topic: 't', value: '"m"', unit: 'cm' } },
    });
  });
});
