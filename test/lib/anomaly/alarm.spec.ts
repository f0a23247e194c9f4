import assert from 'node:assert/strict';
import { emptyAlarm, isIdle, setAlarm, updateAlarm, type AlarmConfig, type AlarmTransition } from '../../../nodes/lib/anomaly/alarm';

const MINUTE = 60_000;
const CONFIG: AlarmConfig = { threshold: 0.5, enterReadings: 2, deadband: 0.2, cooldown: 10 * MINUTE };

/** Scores one a minute; returns the condition after each and the events, with their minute. */
function feed(scores: number[], config = CONFIG) {
  const alarm = emptyAlarm();
  const on: boolean[] = [];
  const events: Array<AlarmTransition & { minute: number }> = [];
  scores.forEach((score, minute) => {
    const t = updateAlarm(alarm, config, score, minute * MINUTE);
    if (t) events.push({ ...t, minute });
    on.push(alarm.on);
  });
  return { alarm, on, events };
}

describe('alarm hysteresis and cooldown', () => {
  it('starts after N readings in a row at the threshold, dated from the first of them', () => {
    const { on, events } = feed([0.6, 0.4, 0.5, 0.7]);
    assert.deepEqual(on, [false, false, false, true]);
    assert.deepEqual(events, [{ state: 'start', since: 2 * MINUTE, score: 0.7, minute: 3 }]);
  });

  it('stays on within the deadband and turns off below it', () => {
    const { on } = feed([0.9, 0.9, 0.31, 0.3, 0.29, 0.45]);
    assert.deepEqual(on, [false, true, true, true, false, false]);
  });

  it('ends the event only after the cooldown, and one that returns within it is the same event', () => {
    const scores = [0.9, 0.9, 0.1, ...new Array<number>(5).fill(0), 0.9, 0.9, ...new Array<number>(12).fill(0)];
    const { events } = feed(scores);
    // Off at minute 2, back on at minute 9 (within 10 min): no new start. Off again at 10, over at 20.
    assert.deepEqual(events, [
      { state: 'start', since: 0, score: 0.9, minute: 1 },
      { state: 'end', since: 0, score: 0.9, minute: 20 },
    ]);
  });

  it('with no cooldown ends at once', () => {
    const { events } = feed([0.8, 0.1], { ...CONFIG, enterReadings: 1, cooldown: 0 });
    assert.deepEqual(
      events.map((e) => [e.state, e.minute]),
      [['start', 0], ['end', 1]],
    );
  });

  it('can be set on and off directly, and knows when it holds nothing', () => {
    const alarm = emptyAlarm();
    assert.equal(isIdle(alarm), true);
    assert.deepEqual(setAlarm(alarm, true, 1, 5), { state: 'start', since: 5, score: 1 });
    assert.equal(setAlarm(alarm, true, 1, 6), undefined);
    assert.equal(isIdle(alarm), false);
    assert.deepEqual(setAlarm(alarm, false, 0, 9), { state: 'end', since: 5, score: 1 });
    assert.equal(isIdle(alarm), true);
  });
});
