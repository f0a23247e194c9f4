import assert from 'node:assert/strict';
import { DEFAULT_ANOMALY_CONFIG, type AnomalyConfig } from '../../../nodes/lib/anomaly/config';
import { MAX_CHANNELS, TopicModel, VALUE_CHANNEL, emptyTopic, reviveTopic, type ChannelReading, type TopicState } from '../../../nodes/lib/anomaly/topic-model';

const MINUTE = 60_000;
const T0 = new Date(2024, 4, 13, 12, 0).getTime();
const QUICK: AnomalyConfig = { ...DEFAULT_ANOMALY_CONFIG, learningReadings: 0, alarm: { ...DEFAULT_ANOMALY_CONFIG.alarm, enterReadings: 1, cooldown: 0 } };

function flow(value: number): ChannelReading[] {
  return [{ name: VALUE_CHANNEL, value, unit: 'L/min' }];
}

/** Processes readings one a minute from T0 (arriving when taken). */
function feed(model: TopicModel, readings: ChannelReading[][], from = 0) {
  return readings.map((channels, i) => model.process({ time: T0 + (from + i) * MINUTE, arrival: T0 + (from + i) * MINUTE, channels }));
}

describe('topic model', () => {
  it('scores every reading and sends an event when an anomaly starts and when it ends', () => {
    const model = new TopicModel(QUICK, emptyTopic());
    const outcomes = feed(model, [10, 40, 40, 40, 10].map(flow));
    assert.deepEqual(outcomes.map((o) => o.anomalous), [false, false, false, true, false]);
    assert.deepEqual(outcomes[3].kinds, ['burst']);
    assert.ok(Math.abs(outcomes[3].score - 16 / 25) < 1e-12, '40 L/min is 4/3 of the burst limit');
    const [start] = outcomes[3].events;
    assert.deepEqual({ ...start, facts: undefined }, {
      kind: 'burst',
      state: 'start',
      channel: VALUE_CHANNEL,
      severity: 'critical',
      since: T0 + 3 * MINUTE,
      time: T0 + 3 * MINUTE,
      value: 40,
      score: start.score,
      expected: 30,
      facts: undefined,
    });
    assert.equal(start.facts.flow, 40);
    assert.deepEqual(
      outcomes[4].events.map((e) => [e.kind, e.state, e.since, e.time]),
      [['burst', 'end', T0 + 3 * MINUTE, T0 + 4 * MINUTE]],
    );
    assert.deepEqual(Object.keys(outcomes[4].details), [VALUE_CHANNEL]);
    assert.equal(outcomes[4].details[VALUE_CHANNEL].value, 10);
  });

  it('ends the alarm of a kind that is turned off while it is on', () => {
    const before = new TopicModel(QUICK, emptyTopic());
    feed(before, [10, 40, 40, 40].map(flow));
    assert.deepEqual(before.state.alarms[VALUE_CHANNEL].burst.on, true);
    const after = new TopicModel({ ...QUICK, enabled: { ...QUICK.enabled, burst: false } }, before.state);
    const [outcome] = feed(after, [flow(40)], 4);
    assert.equal(outcome.details[VALUE_CHANNEL].scores.burst, undefined);
    assert.deepEqual(outcome.events.map((e) => [e.kind, e.state]), [['burst', 'end']]);
    assert.equal(outcome.anomalous, false);
  });

  it('scores each channel of an object payload and takes the highest score', () => {
    const model = new TopicModel(QUICK, emptyTopic());
    const [outcome] = feed(model, [[{ name: 'flow', value: -1, unit: 'L/min' }, { name: 'pressure', value: 2.1 }]]);
    assert.deepEqual(Object.keys(outcome.details), ['flow', 'pressure']);
    assert.equal(outcome.details.flow.scores['out-of-range'], 1);
    assert.equal(outcome.details.pressure.scores['out-of-range'], 0);
    assert.equal(outcome.details.pressure.scores.burst, undefined, 'no water rules for a reading without a flow unit');
    assert.equal(outcome.score, 1);
    assert.deepEqual(outcome.kinds, ['out-of-range']);
    assert.deepEqual(outcome.events.map((e) => [e.channel, e.kind, e.severity]), [['flow', 'out-of-range', 'critical']]);
  });

  it('learns before the statistics may score', () => {
    const model = new TopicModel({ ...QUICK, learningReadings: 40 }, emptyTopic());
    const quiet = feed(model, Array.from({ length: 40 }, (_, i) => [{ name: VALUE_CHANNEL, value: i % 2 === 0 ? 9 : 11 }]));
    assert.ok(quiet.every((o) => o.learning && o.score === 0));
    const [jump] = feed(model, [[{ name: VALUE_CHANNEL, value: 100 }]], 40);
    assert.equal(jump.learning, false);
    assert.ok(jump.score > 0.99);
    assert.deepEqual(jump.kinds.sort(), ['deviation', 'level-shift', 'outlier', 'spike']);
  });

  it('goes silent at the deadline and ends the silence with the next reading', () => {
    const model = new TopicModel(QUICK, emptyTopic());
    feed(model, [0, 0, 0, 0, 0].map(flow));
    const last = T0 + 4 * MINUTE;
    assert.equal(model.silenceDeadline(), last + 5 * MINUTE, 'five usual intervals of 1 min');
    assert.equal(model.checkSilence(last + 5 * MINUTE - 1), undefined);
    const silence = model.checkSilence(last + 5 * MINUTE);
    assert.deepEqual(silence && [silence.kind, silence.state, silence.since, silence.facts.silentMs], ['silence', 'start', last + 5 * MINUTE, 5 * MINUTE]);
    assert.equal(model.checkSilence(last + 9 * MINUTE), undefined, 'one event per silence');
    assert.equal(model.silenceDeadline(), undefined);
    const [back] = feed(model, [flow(0)], 12);
    assert.deepEqual(back.events.map((e) => [e.kind, e.state, e.since]), [['silence', 'end', last + 5 * MINUTE]]);
  });

  it('gives a restored state the same future as the original', () => {
    const original = new TopicModel(DEFAULT_ANOMALY_CONFIG, emptyTopic());
    const series = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => [{ name: 'p', value: 5 + Math.sin((from + i) / 7) + ((from + i) % 3) / 10 }, { name: 'q', value: (from + i) % 5 }]);
    feed(original, series(0, 400));
    const restored = new TopicModel(DEFAULT_ANOMALY_CONFIG, reviveTopic(JSON.parse(JSON.stringify(original.state))) ?? emptyTopic());
    const next = series(400, 60);
    next[30] = [{ name: 'p', value: 50 }, { name: 'q', value: 2 }];
    assert.deepEqual(JSON.stringify(feed(restored, next, 400)), JSON.stringify(feed(original, next, 400)));
  });

  it('refuses to revive what is not its state', () => {
    for (const saved of [null, 7, 'x', {}, { readings: 'many', channels: {}, alarms: {} }, { readings: 1, channels: null, alarms: {} }]) {
      assert.equal(reviveTopic(saved), undefined);
    }
  });

  it('bounds the channels of a topic and keeps odd channel names to itself', () => {
    const model = new TopicModel(QUICK, emptyTopic());
    const names = Array.from({ length: MAX_CHANNELS }, (_, i) => `c${i}`);
    assert.equal(model.acceptsChannels(names), true);
    feed(model, [names.map((name) => ({ name, value: 1 }))]);
    assert.equal(model.acceptsChannels(['c0', 'c5']), true);
    assert.equal(model.acceptsChannels(['new']), false);
    const odd = new TopicModel(QUICK, emptyTopic());
    feed(odd, [[{ name: '__proto__', value: 1 }, { name: 'constructor', value: 2 }]]);
    assert.deepEqual(Object.keys(odd.state.channels), ['__proto__', 'constructor']);
    assert.equal(({} as Record<string, unknown>).readings, undefined);
  });

  it('counts the channels of a restored state against the bound', () => {
    const model = new TopicModel(QUICK, emptyTopic());
    feed(model, [Array.from({ length: MAX_CHANNELS - 1 }, (_, i) => ({ name: `c${i}`, value: 1 }))]);
    const restored = new TopicModel(QUICK, reviveTopic(JSON.parse(JSON.stringify(model.state))) as TopicState);
    assert.equal(restored.acceptsChannels(['c0', 'new']), true);
    assert.equal(restored.acceptsChannels(['new', 'newer']), false);
    feed(restored, [[{ name: 'new', value: 1 }]]);
    assert.equal(restored.acceptsChannels(['newer']), false);
  });
});
