/**
 * `water-flow-meter`: pulses, meter readings or flow rates to a flow rate,
 * totals, period totals and usage events, per topic.
 *
 * Output 1 carries each reading on as the current rate (and the rate 0 the
 * zero-flow timeout sends); output 2 carries events: period rollovers, usage
 * events, meter replacements, counter resets and gaps.
 */

import type { NodeMessage, NodeStatus } from 'node-red';
import { EvictionWarner, handleClose, handleInput, refuseAll, status, type Send, type WaterMessage } from './lib/adapter/runtime';
import type { Node, NodeAPI, NodeDef } from './lib/adapter/runtime';
import { Messages } from './lib/adapter/messages';
import { PersistedTopicStore } from './lib/adapter/persist';
import { LatestStatus, StatusThrottle } from './lib/adapter/status-throttle';
import { commandOf, describeTopic, describeValue, parseReading, parseTimestamp, parseUnit, topicOf, type Problem } from './lib/input';
import { convert, type UnitKind } from './lib/units';
import { meterConfigFromForm } from './lib/meter/config';
import { shortNumber } from './lib/meter/format';
import { FlowMeter, type EventRecord, type FlowView, type MeterState } from './lib/meter/meter';

const TYPE = 'water-flow-meter';
const COMMANDS = ['reset', 'set', 'reset-topic'] as const;
const DEFAULT_MAX_TOPICS = 1000;
/** setTimeout's longest delay; a later wake-up simply sleeps again. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;
const INPUT_KINDS: Record<string, UnitKind[]> = { pulses: ['pulses'], reading: ['volume'], rate: ['rate'] };

/** A topic's meter and the wall-clock time its last reading arrived, which maps wall time to the topic's own clock. */
interface TopicState {
  meter: MeterState;
  seen: number;
}

export = function register(RED: NodeAPI): void {
  const messages = new Messages(RED, TYPE);

  function WaterFlowMeter(this: Node, def: NodeDef & Record<string, unknown>): void {
    RED.nodes.createNode(this, def);
    start(this, def);
  }

  function start(node: Node, def: NodeDef & Record<string, unknown>): void {
    let meter: FlowMeter;
    try {
      meter = new FlowMeter(meterConfigFromForm(def));
    } catch (err) {
      refuseAll(node, messages, { key: 'errors.config', params: { reason: err instanceof Error ? err.message : String(err) } });
      return;
    }
    const config = meter.config;
    const maxTopics = Number(def.maxTopics) > 0 ? Math.floor(Number(def.maxTopics)) : DEFAULT_MAX_TOPICS;
    const topics = new PersistedTopicStore<TopicState>(node, 'meters', maxTopics, (saved) => {
      const s = saved as Partial<TopicState> | null;
      const revived = s && typeof s.seen === 'number' && Number.isFinite(s.seen) ? meter.revive(s.meter) : undefined;
      return revived && s ? { meter: revived, seen: s.seen as number } : undefined;
    });
    const warner = new EvictionWarner(node, messages, topics.store);
    const shown = new StatusThrottle(node);
    let timer: NodeJS.Timeout | undefined;
    let timerAt = Infinity;

    const eventMessages = (topic: string, events: EventRecord[]): NodeMessage[] =>
      events.map((e) => ({ topic, payload: e.payload, timestamp: e.timestamp, event: e.event }) as NodeMessage);

    /** The latest flow's status: its text is built only when the throttle shows it. */
    const flowStatus = new LatestStatus(shown, (flow: FlowView): NodeStatus => {
      const text = messages.text('status.flow', { rate: shortNumber(flow.rate), unit: flow.unit, today: shortNumber(flow.today), volumeUnit: flow.volumeUnit });
      return flow.rate > 0 ? status.active(text) : status.waiting(text);
    });

    /** Meter replacements and counter restarts are worth a warning besides their event. */
    function warnAbout(topic: string, events: EventRecord[]): void {
      for (const { event } of events) {
        if (event.type !== 'meter-replaced' && event.type !== 'counter-reset') continue;
        const text = messages.text(`warnings.${event.type}`, {
          topic: describeTopic(topic),
          previous: event.previous,
          value: event.type === 'meter-replaced' ? event.reading : event.counter,
        });
        node.warn(text);
        shown.show(status.warning(text));
      }
    }

    /** The wall-clock time a topic's next deadline falls at, if it has one. */
    function wallDeadline(state: TopicState): number | undefined {
      const at = meter.deadline(state.meter);
      const lastTs = state.meter.lastTs;
      return at === undefined || lastTs === undefined ? undefined : state.seen + (at - lastTs);
    }

    /** One timer for all topics, set for the earliest deadline. */
    function wakeAt(at: number | undefined): void {
      if (at === undefined || at >= timerAt) return;
      if (timer !== undefined) clearTimeout(timer);
      timerAt = at;
      timer = setTimeout(wake, Math.min(MAX_TIMER_DELAY_MS, Math.max(0, at - Date.now())));
    }

    /**
     * Moves each topic whose deadline has come to the wall clock's time, as the
     * topic's clock would show it had it kept running since its last reading.
     */
    function wake(): void {
      timer = undefined;
      timerAt = Infinity;
      const now = Date.now();
      let next = Infinity;
      let changed = false;
      for (const [topic, state] of topics.store) {
        const at = wallDeadline(state);
        if (at !== undefined && at <= now && state.meter.lastTs !== undefined) {
          const result = meter.tick(state.meter, state.meter.lastTs + (now - state.seen));
          changed = true;
          const zero = result.zeroFlow
            ? ({ topic, payload: 0, unit: config.rateUnit, timestamp: result.zeroFlow.timestamp, flow: result.zeroFlow.flow } as NodeMessage)
            : null;
          if (zero || result.events.length > 0) node.send([zero, eventMessages(topic, result.events)]);
          if (result.zeroFlow) flowStatus.show(result.zeroFlow.flow);
        }
        next = Math.min(next, wallDeadline(state) ?? Infinity);
      }
      if (changed) topics.saveSoon();
      wakeAt(next === Infinity ? undefined : next);
    }

    function runCommand(command: string, msg: WaterMessage, topic: string): Problem | undefined {
      const name = describeTopic(topic);
      switch (command) {
        case 'reset': {
          const state = topics.get(topic);
          if (state) {
            meter.resetTotal(state.meter);
            topics.save();
          }
          shown.show(status.waiting(messages.text('status.reset', { topic: name })));
          return undefined;
        }
        case 'set': {
          const value = parseReading(msg);
          if (!value.ok) return value.problem;
          const unit = parseUnit(msg, ['volume'], config.volumeUnit);
          if (!unit.ok) return unit.problem;
          if (value.value < 0) return { key: 'errors.negative.total', params: { topic: name, value: value.value } };
          const state = topics.getOrCreate(topic, () => ({ meter: meter.newState(), seen: Date.now() }));
          warner.check();
          meter.setTotal(state.meter, convert(value.value, unit.value, 'L'));
          topics.save();
          shown.show(status.waiting(messages.text('status.set', { topic: name, total: value.value, unit: unit.value })));
          return undefined;
        }
        case 'reset-topic':
          topics.delete(topic);
          shown.show(status.waiting(messages.text('status.topic-reset', { topic: name })));
          return undefined;
        default:
          return {
            key: 'common.errors.unknown-command',
            params: { topic: name, value: describeValue(msg.command), expected: COMMANDS.join(', ') },
          };
      }
    }

    handleInput(node, messages, (msg: WaterMessage, send: Send) => {
      const topic = topicOf(msg);
      const command = commandOf(msg);
      if (command !== undefined) return runCommand(command, msg, topic);
      const value = parseReading(msg);
      if (!value.ok) return value.problem;
      const arrival = Date.now();
      const timestamp = parseTimestamp(msg, arrival);
      if (!timestamp.ok) return timestamp.problem;
      const unit = parseUnit(msg, INPUT_KINDS[config.mode], config.inputUnit);
      if (!unit.ok) return unit.problem;
      const reading = { topic, value: value.value, unit: unit.value, t: timestamp.value };
      const known = topics.get(topic);
      const problem = meter.check(known?.meter, reading);
      if (problem) return problem;

      const state = known ?? topics.getOrCreate(topic, () => ({ meter: meter.newState(), seen: arrival }));
      warner.check();
      const result = meter.record(state.meter, reading);
      state.seen = arrival;
      topics.saveSoon();
      msg.payload = result.rate;
      msg.unit = config.rateUnit;
      msg.timestamp = reading.t;
      msg.flow = result.flow;
      send([msg, result.events.length > 0 ? eventMessages(topic, result.events) : null]);
      flowStatus.show(result.flow);
      warnAbout(topic, result.events);
      wakeAt(wallDeadline(state));
      return undefined;
    });

    handleClose(node, () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      warner.close();
      shown.close();
      topics.save();
    });

    // Deadlines that fell while the node was stopped (a period that ended
    // overnight) are met once the flow has started, and the others scheduled.
    wakeAt(Date.now());
  }

  RED.nodes.registerType(TYPE, WaterFlowMeter);
};
