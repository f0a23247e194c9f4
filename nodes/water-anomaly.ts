/**
 * `water-anomaly`: scores every reading of every topic for anomalies
 * (statistics, sensor health, water rules), passes it on with `msg.anomaly`,
 * and sends an event on the second output when an anomaly starts or ends.
 */

import type { Node, NodeAPI, NodeDef, NodeMessage, Send, WaterMessage } from './lib/adapter/runtime';
import { EvictionWarner, handleClose, handleInput, refuseAll, status } from './lib/adapter/runtime';
import { Messages } from './lib/adapter/messages';
import { PersistedTopicStore } from './lib/adapter/persist';
import { StatusThrottle } from './lib/adapter/status-throttle';
import { anomalyConfigFromForm } from './lib/anomaly/config';
import { eventText, formatNumber } from './lib/anomaly/event-text';
import { readChannels } from './lib/anomaly/payload';
import { MAX_CHANNELS, TopicModel, VALUE_CHANNEL, emptyTopic, reviveTopic, type AnomalyEvent, type AnomalyOutcome, type TopicState } from './lib/anomaly/topic-model';
import { checkMonotonic, commandOf, describeTopic, describeValue, parseTimestamp, topicOf, type Problem } from './lib/input';

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
    const payloadOptions = { unit: typeof def.unit === 'string' ? def.unit : '', channels: channelList(def.channels) };
    const timers = new Map<string, NodeJS.Timeout>();
    const models = new WeakMap<TopicState, TopicModel>();
    const store = new PersistedTopicStore<TopicState>(node, 'anomaly', maxTopicsOf(def), reviveTopic, (topic) => clearTimer(topic));
    const warner = new EvictionWarner(node, messages, store.store);
    const shown = new StatusThrottle(node);

    function modelOf(state: TopicState): TopicModel {
      let model = models.get(state);
      if (!model) {
        model = new TopicModel(config, state);
        models.set(state, model);
      }
      return model;
    }

    function clearTimer(topic: string): void {
      const timer = timers.get(topic);
      if (timer !== undefined) clearTimeout(timer);
      timers.delete(topic);
    }

    /** Arms the topic's silence timer for when it would go silent, by the arrival clock. */
    function armSilence(topic: string, model: TopicModel): void {
      clearTimer(topic);
      const deadline = model.silenceDeadline();
      if (deadline === undefined) return;
      const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, deadline - Date.now()));
      timers.set(topic, setTimeout(() => silenceDue(topic, model), delay));
    }

    function silenceDue(topic: string, model: TopicModel): void {
      timers.delete(topic);
      const event = model.checkSilence(Date.now());
      // A deadline beyond setTimeout's reach wakes the timer early: sleep again.
      if (!event) return armSilence(topic, model);
      store.save();
      node.send([null, eventMessage(topic, event)]);
      shown.show(status.alarm(messages.text('status.silent', { topic: describeTopic(topic) })));
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

    function showStatus(topic: string, model: TopicModel, outcome: AnomalyOutcome): void {
      if (outcome.anomalous) {
        shown.show(status.alarm(messages.text('status.anomalous', { topic: describeTopic(topic), kinds: outcome.kinds.join(', ') })));
      } else if (outcome.learning) {
        shown.show(status.waiting(messages.text('status.learning', { count: model.state.readings, total: config.learningReadings })));
      } else {
        shown.show(status.active(messages.text('status.ok', { score: formatNumber(outcome.score) })));
      }
    }

    function runCommand(command: string, msg: WaterMessage): Problem | undefined {
      if (!COMMANDS.includes(command)) {
        return { key: 'common.errors.unknown-command', params: { topic: describeTopic(msg.topic), value: describeValue(command), expected: COMMANDS.join(', ') } };
      }
      if (typeof msg.topic === 'string') {
        clearTimer(msg.topic);
        store.delete(msg.topic);
        shown.show(status.waiting(messages.text('status.reset', { topic: describeTopic(msg.topic) })));
      } else {
        for (const topic of [...timers.keys()]) clearTimer(topic);
        store.clear();
        shown.show(status.waiting(messages.text('status.reset-all')));
      }
      return undefined;
    }

    // Restored topics get a fresh silence timeout: what their sensors sent while the node was down was never seen.
    const started = Date.now();
    for (const [topic, state] of store.store) {
      const model = modelOf(state);
      model.restartSilenceClock(started);
      armSilence(topic, model);
    }
    if (store.store.size > 0) store.save();

    handleInput(node, messages, (msg: WaterMessage, send: Send) => {
      const command = commandOf(msg);
      if (command !== undefined) return runCommand(command, msg);

      const topic = topicOf(msg);
      const channels = readChannels(msg, payloadOptions);
      if (!channels.ok) return channels.problem;
      const now = Date.now();
      const time = parseTimestamp(msg, now);
      if (!time.ok) return time.problem;
      const existing = store.get(topic);
      const inOrder = checkMonotonic(topic, time.value, existing?.lastTime);
      if (!inOrder.ok) return inOrder.problem;
      if (existing && !modelOf(existing).acceptsChannels(channels.value.map((c) => c.name))) {
        return { key: 'errors.channel-bound', params: { topic: describeTopic(topic), max: MAX_CHANNELS } };
      }

      const state = existing ?? store.getOrCreate(topic, emptyTopic);
      const model = modelOf(state);
      const outcome = model.process({ time: time.value, arrival: now, channels: channels.value });
      store.save();
      warner.check();
      armSilence(topic, model);

      msg.anomaly = { score: outcome.score, anomalous: outcome.anomalous, kinds: outcome.kinds, learning: outcome.learning, details: outcome.details };
      const events = outcome.events.map((event) => eventMessage(topic, event));
      send([msg, events.length > 0 ? events : null]);
      showStatus(topic, model, outcome);
      return undefined;
    });

    handleClose(node, () => {
      for (const topic of [...timers.keys()]) clearTimer(topic);
      warner.close();
      shown.close();
      store.save();
    });
  }

  RED.nodes.registerType('water-anomaly', WaterAnomaly);
};
