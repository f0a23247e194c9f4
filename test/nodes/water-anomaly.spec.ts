import assert from 'node:assert/strict';
import sinon from 'sinon';
import waterAnomaly from '../../nodes/water-anomaly';
import { helper, withFlow } from '../support/helper';
import { delivered, nodeFlow, watchNode, type Msg as BaseMsg, type Seen as BaseSeen } from '../support/node-spec';

const MINUTE = 60_000;
const T0 = Date.parse('2024-05-14T08:00:00Z');

type Msg = BaseMsg & { anomaly?: Record<string, unknown> };

const flowWith = (config: Record<string, unknown>) => nodeFlow('water-anomaly', 'anomaly', 2, config);

/** What the node sent: readings on output 1, events on output 2. */
interface Seen extends BaseSeen {
  readings: Msg[];
  events: Msg[];
}

function watch(): Seen {
  const seen = watchNode('anomaly', 2);
  return { ...seen, readings: seen.outputs[0], events: seen.outputs[1] };
}

async function sendAll(seen: Seen, msgs: Array<Record<string, unknown>>): Promise<void> {
  for (const msg of msgs) seen.node.receive(msg);
  await delivered();
}

/** Flow readings one a minute from T0. */
const flows = (topic: string, values: number[], from = 0): Array<Record<string, unknown>> =>
  values.map((payload, i) => ({ topic, payload, unit: 'L/min', timestamp: T0 + (from + i) * MINUTE }));

const eventPayloads = (seen: Seen): Array<Record<string, unknown>> => seen.events.map((m) => m.payload as Record<string, unknown>);

const QUICK = { learningReadings: '0', enterReadings: '1', cooldown: '0' };

describe('water-anomaly node', () => {
  it('passes every reading on with msg.anomaly beside the unchanged payload', async () => {
    await withFlow([waterAnomaly], flowWith({}), async () => {
      const seen = watch();
      await sendAll(seen, [{ topic: 'tank/pressure', payload: '2.5', timestamp: T0, sensor: 'esp32' }]);
      assert.equal(seen.readings.length, 1);
      const [msg] = seen.readings;
      assert.equal(msg.payload, '2.5', 'the payload travels unchanged');
      assert.equal(msg.topic, 'tank/pressure');
      assert.equal(msg.sensor, 'esp32');
      const anomaly = msg.anomaly as { score: number; anomalous: boolean; kinds: string[]; learning: boolean; details: Record<string, { value: number; score: number }> };
      assert.deepEqual([anomaly.score, anomaly.anomalous, anomaly.kinds, anomaly.learning], [0, false, [], true]);
      assert.deepEqual(Object.keys(anomaly.details), ['value']);
      assert.equal(anomaly.details.value.value, 2.5);
      assert.deepEqual(seen.events, []);
      assert.deepEqual(seen.errors, []);
    });
  });

  it('sends an event when an anomaly starts and when it ends, in the form water-alert reads', async () => {
    await withFlow([waterAnomaly], flowWith(QUICK), async () => {
      const seen = watch();
      await sendAll(seen, flows('house/flow', [10, 40, 40, 40, 10]));
      assert.deepEqual(
        seen.readings.map((m) => m.anomaly?.anomalous),
        [false, false, false, true, false],
      );
      assert.deepEqual(seen.events.map((m) => [m.topic, m.timestamp]), [
        ['house/flow', T0 + 3 * MINUTE],
        ['house/flow', T0 + 4 * MINUTE],
      ]);
      const [start, end] = eventPayloads(seen);
      assert.deepEqual(start, {
        topic: 'house/flow',
        kind: 'burst',
        state: 'start',
        severity: 'critical',
        since: T0 + 3 * MINUTE,
        value: 40,
        text: 'house/flow: burst: 40 L/min, above 30 L/min for 2 min',
        score: start.score,
        expected: 30,
      });
      assert.ok(Math.abs((start.score as number) - 16 / 25) < 1e-12);
      assert.equal(end.state, 'end');
      assert.equal(end.since, T0 + 3 * MINUTE);
      assert.equal(end.text, 'house/flow: burst over after 60 s');
    });
  });

  it('scores each channel of an object payload and names the channel in its events', async () => {
    await withFlow([waterAnomaly], flowWith(QUICK), async () => {
      const seen = watch();
      await sendAll(seen, [{ topic: 'pump', payload: { flow: -1, pressure: 2.1, status: 'ok' }, unit: { flow: 'L/min' }, timestamp: T0 }]);
      const details = seen.readings[0].anomaly?.details as Record<string, { scores: Record<string, number> }>;
      assert.deepEqual(Object.keys(details), ['flow', 'pressure']);
      assert.equal(details.flow.scores['out-of-range'], 1);
      assert.equal(seen.readings[0].anomaly?.score, 1);
      assert.deepEqual(eventPayloads(seen).map((e) => [e.channel, e.kind, e.value, e.text]), [['flow', 'out-of-range', -1, 'pump flow: -1 is outside the physical range']]);
    });
  });

  it('raises silence from a timer when a topic stops reporting, and stops every timer on close', async () => {
    const clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      await withFlow([waterAnomaly], flowWith({ ...QUICK, silenceTimeout: '60' }), async () => {
        const seen = watch();
        await sendAll(seen, [{ topic: 'tank/level', payload: 50, unit: '%' }]);
        await clock.tickAsync(MINUTE - 1);
        await delivered();
        assert.deepEqual(seen.events, []);
        await clock.tickAsync(1);
        await delivered();
        assert.deepEqual(eventPayloads(seen).map((e) => [e.kind, e.state, e.since, e.text]), [['silence', 'start', T0 + MINUTE, 'tank/level: no reading for 60 s']]);
        await clock.tickAsync(10 * MINUTE);
        await delivered();
        assert.equal(seen.events.length, 1, 'one event per silence');
        await sendAll(seen, [{ topic: 'tank/level', payload: 50, unit: '%' }]);
        assert.deepEqual(eventPayloads(seen).map((e) => [e.kind, e.state]), [
          ['silence', 'start'],
          ['silence', 'end'],
        ]);
        assert.ok(clock.countTimers() > 0, 'the silence timer is armed again');
      });
      assert.equal(clock.countTimers(), 0, 'close cleared every timer');
    } finally {
      clock.restore();
    }
  });

  it('raises silence for each topic at its own deadline, earliest first, with one timer', async () => {
    const clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      await withFlow([waterAnomaly], flowWith({ ...QUICK, silenceTimeout: '60' }), async () => {
        const seen = watch();
        await sendAll(seen, [{ topic: 'late', payload: 1 }]);
        await clock.tickAsync(20_000);
        await sendAll(seen, [{ topic: 'early', payload: 1 }, { topic: 'late', payload: 2 }]);
        await clock.tickAsync(15_000);
        await sendAll(seen, [{ topic: 'middle', payload: 1 }]);
        await clock.tickAsync(45_000);
        await delivered();
        // early and late were last heard at T0 + 20 s (late after early), middle at T0 + 35 s: 60 s of silence each.
        assert.deepEqual(eventPayloads(seen).map((e) => [e.topic, e.since]), [['early', T0 + 80_000], ['late', T0 + 80_000]]);
        await clock.tickAsync(5 * MINUTE);
        await delivered();
        assert.deepEqual(eventPayloads(seen).map((e) => [e.topic, e.since]), [['early', T0 + 80_000], ['late', T0 + 80_000], ['middle', T0 + 95_000]]);
      });
    } finally {
      clock.restore();
    }
  });

  it('restores what it learned and its open anomalies after a restart', async () => {
    const flow = flowWith({ ...QUICK, learningReadings: '3' });
    // With a context store configured, Node-RED keeps a node's context when the node is stopped and
    // started again (with none, it drops it): a redeploy then restarts the node on its saved state,
    // as a persistent store does across a restart of Node-RED. The test helper never loads the
    // configured stores itself, so this asks its runtime to.
    helper.settings({ contextStorage: { default: { module: 'memory' } } });
    await withFlow([waterAnomaly], flow, async () => {
      await (helper as unknown as { _redNodes: { loadContextsPlugin(): Promise<void> } })._redNodes.loadContextsPlugin();
      let seen = watch();
      await sendAll(seen, flows('house/flow', [10, 10, 10, 40, 40, 40]));
      assert.deepEqual(eventPayloads(seen).map((e) => [e.kind, e.state]), [['burst', 'start']]);
      const saved = JSON.parse(JSON.stringify(seen.node.context().get('anomaly'))) as Record<string, { silence: Record<string, unknown> }>;
      await helper.setFlows(flow, 'full');
      seen = watch();
      const restored = JSON.parse(JSON.stringify(seen.node.context().get('anomaly'))) as typeof saved;
      // All it learned comes back; only the silence clock starts afresh, since nothing was heard while stopped.
      for (const state of [saved, restored]) delete state['house/flow'].silence.lastArrival;
      assert.deepEqual(restored, saved);
      await sendAll(seen, flows('house/flow', [40, 10], 6));
      assert.equal(seen.readings[0].anomaly?.learning, false, 'still past its learning period');
      assert.deepEqual(eventPayloads(seen).map((e) => [e.kind, e.state, e.since]), [['burst', 'end', T0 + 5 * MINUTE]], 'the same burst ends; none starts twice');
    }).finally(() => helper.settings({}));
  });

  it('rejects bad input with a clear error and leaves its state unchanged', async () => {
    await withFlow([waterAnomaly], flowWith({}), async () => {
      const seen = watch();
      await sendAll(seen, flows('t', [1, 2]));
      const before = JSON.stringify(seen.node.context().get('anomaly'));
      await sendAll(seen, [
        { topic: 't', payload: 'abc' },
        { topic: 't', payload: { status: 'ok' } },
        { topic: 't', payload: 3, timestamp: T0 - MINUTE },
        { topic: 't', payload: 3, timestamp: 'yesterday' },
        { topic: 't', payload: 3, unit: 'furlongs' },
        { topic: 't', command: 'forget' },
      ]);
      assert.deepEqual(seen.errors, [
        't: payload "abc" is not a finite number',
        't: payload {"status":"ok"} has no numeric property to score',
        't: timestamp 2024-05-14T07:59:00.000Z is before the previous reading at 2024-05-14T08:01:00.000Z',
        't: timestamp "yesterday" is not a date from 1970 to 9999 in epoch milliseconds or ISO text',
        't: unit "furlongs" is not one of L/min, L/s, L/h, m3/h, gpm, L, m3, gal, m, cm, mm, %, pulses',
        't: unknown command "forget"; expected one of reset',
      ]);
      assert.equal(JSON.stringify(seen.node.context().get('anomaly')), before);
      assert.equal(seen.readings.length, 2, 'nothing rejected was passed on');
    });
  });

  it('forgets a topic on the reset command', async () => {
    await withFlow([waterAnomaly], flowWith({}), async () => {
      const seen = watch();
      await sendAll(seen, [...flows('a', [1]), ...flows('b', [1]), { topic: 'a', command: 'reset' }]);
      assert.deepEqual(Object.keys(seen.node.context().get('anomaly') as object), ['b']);
      await sendAll(seen, [{ command: 'reset' }]);
      assert.deepEqual(Object.keys(seen.node.context().get('anomaly') as object), []);
      assert.deepEqual(seen.errors, []);
    });
  });

  it('keeps at most maxTopics topics, warning once per burst of evictions', async () => {
    const clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      await withFlow([waterAnomaly], flowWith({ maxTopics: '2', silenceTimeout: '600' }), async () => {
        const seen = watch();
        await sendAll(seen, ['a', 'b', 'c', 'd'].map((topic) => ({ topic, payload: 1 })));
        assert.deepEqual(Object.keys(seen.node.context().get('anomaly') as object), ['c', 'd']);
        await clock.tickAsync(1000);
        assert.deepEqual(seen.warnings, ['evicted 2 topic(s) to stay within the limit of 2 topics (last: b)']);
        await clock.tickAsync(600_000);
        await delivered();
        assert.deepEqual(eventPayloads(seen).map((e) => e.topic), ['c', 'd'], 'evicted topics have no silence timer left');
      });
    } finally {
      clock.restore();
    }
  });

  it('explains an invalid configuration and refuses every message', async () => {
    await withFlow([waterAnomaly], flowWith({ deviationLimit: '-1' }), async () => {
      const seen = watch();
      await sendAll(seen, flows('t', [1]));
      const text = 'invalid setting deviationLimit: "-1", expected a number above 0 to 1000';
      assert.deepEqual(seen.errors, [text, text], 'once when deployed, once for the refused message');
      assert.deepEqual(seen.readings, []);
    });
  });
});
