import assert from 'node:assert/strict';
import { evaluateScenarios, faultWindows, replay, type Scenario, type ScenarioMessage } from '../../scripts/eval/anomaly-scenarios';

const MINUTE = 60_000;
const T0 = new Date(2024, 4, 13, 12, 0).getTime();

/** A flow in L/min one a minute; a burst of 40 L/min during [from, to) minutes with its truth. */
function flowScenario(name: string, minutes: number, burst?: [number, number]): Scenario {
  const messages: ScenarioMessage[] = [];
  for (let m = 0; m < minutes; m++) {
    const bursting = burst !== undefined && m >= burst[0] && m < burst[1];
    messages.push({
      topic: 'tank/flow',
      payload: bursting ? 40 : m % 30 === 0 ? 6 : 0,
      unit: 'L/min',
      timestamp: T0 + m * MINUTE,
      truth: bursting ? [{ kind: 'burst', start: T0 + burst[0] * MINUTE }] : [],
    });
  }
  return { name, fault: burst ? 'burst' : undefined, messages };
}

describe('scenario evaluation', () => {
  it('reads fault windows from the truth of any topic', () => {
    const truth = [{ kind: 'dropout', start: 100 }];
    const windows = faultWindows([
      { topic: 'a/flow', payload: 0, timestamp: 100, truth },
      { topic: 'a/flow', payload: 0, timestamp: 160, truth },
      { topic: 'a/level', payload: 50, timestamp: 220, truth: [] },
      { topic: 'a/flow', payload: 0, timestamp: 220, truth: [...truth, { kind: 'leak', start: 220 }] },
    ]);
    assert.deepEqual(windows, [
      { kind: 'dropout', start: 100, end: 220 },
      { kind: 'leak', start: 220, end: 220 },
    ]);
  });

  it('replays a scenario through the detector and dates each alarm', () => {
    const alarms = replay(flowScenario('burst', 60, [20, 30]));
    // Above 30 L/min from minute 20; after 2 min, at minute 22, the burst rule breaks; two readings enter the alarm.
    assert.equal(alarms[0], T0 + 23 * MINUTE);
  });

  it('scores per fault kind and counts the alarms of fault-free runs per day', async () => {
    const report = await evaluateScenarios(() => [flowScenario('burst', 60, [20, 30]), flowScenario('quiet', 24 * 60 + 1)]);
    assert.equal(report.byFault.length, 1);
    const [burst] = report.byFault;
    assert.deepEqual([burst.kind, burst.faults, burst.caught, burst.falseAlarms, burst.medianDelay], ['burst', 1, 1, 0, 3 * MINUTE]);
    assert.equal(report.faultFreeDays, 1);
    assert.equal(report.falseAlarmsPerDay, 0);
  });
});
