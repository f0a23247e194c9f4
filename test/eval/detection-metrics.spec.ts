import assert from 'node:assert/strict';
import { countPoints, eventMetrics, median, pointMetrics, poolEvents } from '../../scripts/eval/detection-metrics';

describe('detection metrics', () => {
  it('counts points and derives F1, false and missed alarm rates', () => {
    const counts = countPoints([true, true, false, false, true, false], [true, false, true, false, true, false]);
    assert.deepEqual(counts, { tp: 2, fp: 1, fn: 1, tn: 2 });
    const m = pointMetrics(counts);
    assert.equal(m.precision, 2 / 3);
    assert.equal(m.recall, 2 / 3);
    assert.equal(m.f1, 2 / 3);
    assert.equal(m.falseAlarmRate, 1 / 3);
    assert.equal(m.missedAlarmRate, 1 / 3);
  });

  it('accumulates counts over files', () => {
    const total = countPoints([true], [true]);
    countPoints([false, true], [true, false], total);
    assert.deepEqual(total, { tp: 1, fp: 1, fn: 1, tn: 0 });
  });

  it('scores alarms against fault windows, with delays from the first alarm in each', () => {
    const faults = [
      { kind: 'leak', start: 100, end: 200 },
      { kind: 'leak', start: 500, end: 600 },
      { kind: 'leak', start: 900, end: 950 },
    ];
    const m = eventMetrics(faults, [130, 110, 50, 520, 700]);
    assert.equal(m.caught, 2);
    assert.deepEqual(m.delays, [10, 20]);
    assert.equal(m.medianDelay, 15);
    assert.equal(m.falseAlarms, 2);
    assert.equal(m.precision, 3 / 5);
    assert.equal(m.recall, 2 / 3);
    assert.equal(m.f1, (2 * (3 / 5) * (2 / 3)) / (3 / 5 + 2 / 3));
    assert.equal(eventMetrics(faults, [960], 10).caught, 1, 'the grace after a window counts');
  });

  it('pools runs and takes the median of all delays', () => {
    const pooled = poolEvents([
      { faults: 1, alarms: 2, falseAlarms: 1, delays: [5] },
      { faults: 2, alarms: 2, falseAlarms: 0, delays: [1, 9] },
    ]);
    assert.deepEqual([pooled.faults, pooled.caught, pooled.alarms, pooled.falseAlarms], [3, 3, 4, 1]);
    assert.equal(pooled.medianDelay, 5);
    assert.equal(median([]), undefined);
    assert.equal(pointMetrics({ tp: 0, fp: 0, fn: 0, tn: 3 }).f1, 0);
  });
});
