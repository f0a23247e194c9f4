import assert from 'node:assert/strict';
import { niceStep, timeTicks, valueRange, valueTicks } from '../../../nodes/lib/chart/ticks';

const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('chart ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    assert.equal(niceStep(100, 5), 20);
    assert.equal(niceStep(100, 10), 10);
    assert.equal(niceStep(7, 5), 2);
    assert.equal(niceStep(0.3, 6), 0.05);
    assert.equal(niceStep(45000, 4), 20000);
  });

  it('widens an automatic range to whole steps and keeps a fixed one', () => {
    assert.deepEqual(valueTicks(3, 97, 5, { low: true, high: true }), { min: 0, max: 100, step: 20, values: [0, 20, 40, 60, 80, 100], decimals: 0 });
    assert.deepEqual(valueTicks(0, 90, 5, { low: false, high: false }), { min: 0, max: 90, step: 20, values: [0, 20, 40, 60, 80], decimals: 0 });
    const fine = valueTicks(0.12, 0.38, 5, { low: true, high: true });
    assert.equal(fine.step, 0.1);
    assert.deepEqual(fine.values, [0.1, 0.2, 0.3, 0.4]);
    assert.equal(fine.decimals, 1);
  });

  it('pads the data range, never across zero, and opens up a constant series', () => {
    assert.deepEqual(valueRange(10, 30), [9, 31]);
    assert.deepEqual(valueRange(0, 8), [0, 8.4]);
    assert.deepEqual(valueRange(-8, 0), [-8.4, 0]);
    assert.deepEqual(valueRange(-10, 10), [-11, 11]);
    assert.deepEqual(valueRange(50, 50), [45, 55]);
    assert.deepEqual(valueRange(0, 0), [0, 1]);
    assert.deepEqual(valueRange(10, 30, 0, 100), [0, 100]);
    assert.deepEqual(valueRange(10, 30, 0), [0, 31]);
    assert.deepEqual(valueRange(10, 30, 50), [50, 72], 'a fixed minimum above the data keeps the data span');
    assert.deepEqual(valueRange(10, 30, undefined, 5), [-17, 5]);
  });

  it('puts time ticks on round local times, dates at local midnight', () => {
    const end = Date.UTC(2026, 0, 5, 12);
    const ticks = timeTicks(end - 24 * HOUR, end, 10, 60);
    // 24 h over at most 10 ticks: every 3 h, on local (UTC+1) hours divisible by 3.
    assert.deepEqual(ticks.map((t) => t.label), ['15:00', '18:00', '21:00', '01-05', '03:00', '06:00', '09:00', '12:00']);
    assert.equal(ticks[3].time, Date.UTC(2026, 0, 4, 23));
    assert.ok(ticks.every((t) => t.time >= end - 24 * HOUR && t.time <= end));
    const short = timeTicks(end - 30 * MINUTE, end, 8, 0);
    assert.deepEqual(short.map((t) => t.label), ['11:30', '11:35', '11:40', '11:45', '11:50', '11:55', '12:00']);
  });
});
