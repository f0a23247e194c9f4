/**
 * `water-anomaly`: scores every reading of every topic for anomalies
 * (statistics, sensor health, water rules), passes it on with `msg.anomaly`,
 * and sends an event on the second output when an anomaly starts or ends.
 */

import type { NodeStatus } from 'node-red';
import type { Node, NodeAPI, NodeDef, NodeMessage, Send, WaterMessage } from './lib/adapter/runtime';
import { EvictionWarner, handleClose, handleInput, refuseAll, status } from './lib/adapter/runtime';
import { Messages } from './lib/adapter/messages';
import { PersistedTopicStore } from './lib/adapter/persist';
import { LatestStatus, StatusThrottle } from './lib/adapter/status-throttle';
import { anomalyConfigFromForm } from './lib/anomaly/config';
import { eventText, formatNumber } from './lib/anomaly/event-text';
import { ChannelReader } from './lib/anomaly/payload';
import { MAX_CHANNELS, TopicModel, VALUE_CHANNEL, emptyTopic, reviveTopic, type AnomalyEvent, type AnomalyOutcome, type Reading, type TopicState } from './lib/anomaly/topic-model';
import { backwards, badTimestamp, commandOf, describeTopic, describeValue, timestampOf, topicOf, type Problem } from './lib/input';

const COMMANDS = ['reset'];
const DEFAULT_MAX_TOPICS = 1000;
/** setTimeout's longest delay. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

function maxTopicsOf(def: Record<string, unknown>): number {
  const n = Number(def.maxTopics);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_MAX_TOPICS;
}

function channelList(raw: unknown): string[] {
  return typeof raw === 'string' ? raw.split(',').map((c) => c.trim()).filter((c) => c !== '') : [];
}

export = function register(RED: NodeAPI): void {
  const messages = new Messages(RED, 'water-anomaly');

  function WaterAnomaly(this: Node, def: NodeDef & Record<string, unknown>): void {
    RED.nodes.createNode(this, def);
    start(this, def);
  }

  function start(node: Node, def: NodeDef & Record<string, unknown>): void {
    const parsed = anomalyConfigFromForm(def);
    if (!parsed.ok) {
      refuseAll(node, messages, parsed.problem);
      return;
    }
    const config = parsed.value;
    const reader = new ChannelReader({ unit: typeof def.unit === 'string' ? def.unit : '', channels: channelList(def.channels) });
    const models = new WeakMap<TopicState, TopicModel>();
    /** Each message's reading, filled in again rather than made: the model reads it only while processing it. */
    const reading: Reading = { time: 0, arrival: 0, channels: [] };
    const store = new PersistedTopicStore<TopicState>(node, 'anomaly', maxTopicsOf(def), reviveTopic);
    const warner = new EvictionWarner(node, messages, store.store);
    const shown = new StatusThrottle(node);
    /**
     * One timer watches every topic for silence, armed for the earliest
     * deadline it knows of. A reading only moves its own topic's deadline
     * later, so it seldom touches the timer, where a timer per topic would be
     * cleared and set again for every reading.
     */
    let silenceTimer: NodeJS.Timeout | undefined;
    let silenceTimerAt = Infinity;

    function modelOf(state: TopicState): TopicModel {
      let model = models.get(state);
      if (!model) {
        model = new TopicModel(config, state);
        models.set(state, model);
      }
      return model;
    }

    function stopSilenceTimer(): void {
      if (silenceTimer !== undefined) clearTimeout(silenceTimer);
      silenceTimer = undefined;
      silenceTimerAt = Infinity;
    }

    /** Makes sure the silence timer fires by `deadline` (by the arrival clock), if there is one. */
    function watchSilence(deadline: number | undefined, now: number): void {
      if (deadline === undefined || deadline >= silenceTimerAt) return;
      stopSilenceTimer();
      // A deadline beyond setTimeout's reach wakes the timer early, to sleep again.
      const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, deadline - now));
      silenceTimerAt = now + delay;
      silenceTimer = setTimeout(silenceDue, delay);
    }

    /**
     * Raises silence for every topic whose deadline has passed, earliest
     * first, and sleeps until the next deadline. Topics evicted or reset since
     * the timer was armed are no longer there to be found.
     */
    function silenceDue(): void {
      silenceTimer = undefined;
      silenceTimerAt = Infinity;
      const now = Date.now();
      const due: Array<{ topic: string; model: TopicModel; deadline: number }> = [];
      let next: number | undefined;
      for (const [topic, state] of store.store) {
        const model = modelOf(state);
        const deadline = model.silenceDeadline();
        if (deadline === undefined) continue;
        if (deadline <= now) due.push({ topic, model, deadline });
        else next = Math.min(next ?? deadline, deadline);
      }
      due.sort((a, b) => a.deadline - b.deadline);
      for (const { topic, model } of due) {
        const event = model.checkSilence(now);
        if (!event) continue;
        store.save();
        node.send([null, eventMessage(topic, event)]);
        shown.show(status.alarm(messages.text('status.silent', { topic: describeTopic(topic) })));
      }
      watchSilence(next, now);
    }

    /** An event as a new message: the event in `payload`, as the water-alert node reads it. */
    function eventMessage(topic: string, event: AnomalyEvent): NodeMessage {
      const channel = event.channel === VALUE_CHANNEL ? undefined : event.channel;
      const where = channel === undefined ? describeTopic(topic) : `${describeTopic(topic)} ${channel}`;
      const { key, params } = eventText(event, where);
      const text = messages.text(key, { ...params, kind: messages.text(`kinds.${event.kind}`) });
      const payload = {
        topic,
        kind: event.kind,
        state: event.state,
        severity: event.severity,
        since: event.since,
        value: event.value ?? null,
        text,
        ...(channel === undefined ? {} : { channel }),
        score: event.score,
        ...(event.expected === undefined ? {} : { expected: event.expected }),
      };
      return { topic, payload, timestamp: event.time } as NodeMessage;
    }

    /** The latest reading, filled in again for each one: its status text is built only when the throttle shows it. */
    const latest = { topic: '', readings: 0, outcome: undefined as AnomalyOutcome | undefined };
    const readingStatus = new LatestStatus(shown, ({ topic, readings, outcome }: typeof latest): NodeStatus => {
      if (outcome === undefined) return {};
      if (outcome.anomalous) return status.alarm(messages.text('status.anomalous', { topic: describeTopic(topic), kinds: outcome.kinds.join(', ') }));
      if (outcome.learning) return status.waiting(messages.text('status.learning', { count: readings, total: config.learningReadings }));
      return status.active(messages.text('status.ok', { score: formatNumber(outcome.score) }));
    });

    function runCommand(command: string, msg: WaterMessage): Problem | undefined {
      if (!COMMANDS.includes(command)) {
        return { key: 'common.errors.unknown-command', params: { topic: describeTopic(msg.topic), value: describeValue(command), expected: COMMANDS.join(', ') } };
      }
      if (typeof msg.topic === 'string') {
        store.delete(msg.topic);
        shown.show(status.waiting(messages.text('status.reset', { topic: describeTopic(msg.topic) })));
      } else {
        stopSilenceTimer();
        store.clear();
        shown.show(status.waiting(messages.text('status.reset-all')));
      }
      return undefined;
    }

    // Restored topics get a fresh silence timeout: what their sensors sent while the node was down was never seen.
    const started = Date.now();
    for (const [, state] of store.store) {
      const model = modelOf(state);
      model.restartSilenceClock(started);
      watchSilence(model.silenceDeadline(), started);
    }
    if (store.store.size > 0) store.save();

    handleInput(node, messages, (msg: WaterMessage, send: Send) => {
      const command = commandOf(msg);
      if (command !== undefined) return runCommand(command, msg);

      const topic = topicOf(msg);
      const channels = reader.read(msg);
      if (!channels.ok) return channels.problem;
      const now = Date.now();
      // The result-object-free forms of parseTimestamp and checkMonotonic: this runs for every message.
      const time = timestampOf(msg, now);
      if (time === undefined) return badTimestamp(msg);
      const existing = store.get(topic);
      const refusal = backwards(topic, time, existing?.lastTime);
      if (refusal) return refusal;
      // One look-up of the model per message: a WeakMap look-up is not free.
      const known = existing && modelOf(existing);
      if (known && !known.acceptsReading(channels.value)) {
        return { key: 'errors.channel-bound', params: { topic: describeTopic(topic), max: MAX_CHANNELS } };
      }

      const state = existing ?? store.getOrCreate(topic, emptyTopic);
      const model = known || modelOf(state);
      reading.time = time;
      reading.arrival = now;
      reading.channels = channels.value;
      const outcome = model.process(reading);
      store.saveSoon(now);
      warner.check();
      watchSilence(model.silenceDeadline(), now);

      msg.anomaly = { score: outcome.score, anomalous: outcome.anomalous, kinds: outcome.kinds, learning: outcome.learning, details: outcome.details };
      const events = outcome.events.length > 0 ? outcome.events.map((event) => eventMessage(topic, event)) : null;
      send([msg, events]);
      latest.topic = topic;
      latest.readings = state.readings;
      latest.outcome = outcome;
      readingStatus.show(latest, now);
      return undefined;
    });

    handleClose(node, () => {
      stopSilenceTimer();
      warner.close();
      shown.close();
      store.save();
    });
  }

  RED.nodes.registerType('water-anomaly', WaterAnomaly);
};
