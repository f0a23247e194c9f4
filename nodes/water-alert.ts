/**
 * `water-alert`: readings, anomaly events and predictions in; notifications,
 * valve commands and the list of active alerts out. The state machine lives
 * in lib/alert; this adapter parses messages, runs one timer for the
 * engine's next due time, persists alerts and the mode in node context and
 * builds the output messages.
 */

import { ContextSlot, PersistedTopicStore } from './lib/adapter/persist';
import { Messages } from './lib/adapter/messages';
import { EvictionWarner, handleClose, handleInput, refuseAll, status, type Node, type NodeAPI, type NodeDef, type Send, type WaterMessage } from './lib/adapter/runtime';
import { anomalyEventOf, flaggedReadingOf, predictionOf } from './lib/alert/conditions';
import { parseDuration } from './lib/alert/duration';
import { AlertEngine, type AlertInput, type AlertStore, type Target } from './lib/alert/engine';
import { notificationMessage, stateMessage, valveMessage, type Translate } from './lib/alert/present';
import { reviveNodeState, reviveTopicAlerts } from './lib/alert/revive';
import { alertConfigFromForm, type AlertNodeConfig } from './lib/alert/settings';
import { MODES, type Mode, type NodeAlertState, type Outcome, type TopicAlerts } from './lib/alert/types';
import { commandOf, describeTopic, describeValue, fail, ok, parseNumber, parseReading, parseUnit, topicOf, type Parsed } from './lib/input';
import type { UnitKind } from './lib/units';

const TYPE = 'water-alert';
const COMMANDS = ['acknowledge', 'snooze', 'reset', 'mode', 'test'];
const ANY_UNIT: UnitKind[] = ['volume', 'rate', 'length', 'percent', 'pulses'];
/** setTimeout's largest delay; a later due time is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The engine's view of the persisted per-topic store. */
function alertStore(persisted: PersistedTopicStore<TopicAlerts>): AlertStore {
  return {
    get: (topic) => persisted.get(topic),
    peek: (topic) => persisted.store.peek(topic),
    getOrCreate: (topic, create) => persisted.getOrCreate(topic, create),
    delete: (topic) => persisted.delete(topic),
    [Symbol.iterator]: () => persisted.store[Symbol.iterator](),
  };
}

/** Which alerts a command names: `msg.alertId`, `msg.alert.id` or a row (`msg.payload.id`); else `msg.topic`; else all. */
function targetOf(msg: WaterMessage): Target {
  const fromAlert = msg.alert !== null && typeof msg.alert === 'object' ? (msg.alert as { id?: unknown }).id : undefined;
  const fromRow = msg.payload !== null && typeof msg.payload === 'object' ? (msg.payload as { id?: unknown }).id : undefined;
  for (const id of [msg.alertId, fromAlert, fromRow]) if (typeof id === 'string' && id !== '') return { id };
  return typeof msg.topic === 'string' && msg.topic !== '' ? { topic: msg.topic } : 'all';
}

export = function register(RED: NodeAPI): void {
  const messages = new Messages(RED, TYPE);
  const translate: Translate = (key, params) => messages.text(key, params);

  function WaterAlert(this: Node, def: NodeDef & Record<string, unknown>): void {
    RED.nodes.createNode(this, def);
    let config: AlertNodeConfig;
    try {
      config = alertConfigFromForm(def);
    } catch (err) {
      refuseAll(this, messages, { key: 'errors.invalid', params: { reason: err instanceof Error ? err.message : String(err) } });
      return;
    }
    run(this, def, config);
  }

  function run(node: Node, def: NodeDef, config: AlertNodeConfig): void {
    const persisted = new PersistedTopicStore<TopicAlerts>(node, 'alerts', config.maxTopics, reviveTopicAlerts);
    const nodeSlot = new ContextSlot<NodeAlertState>(node, 'alertNode');
    const nodeState = reviveNodeState(nodeSlot.load(), config.initialMode);
    const engine = new AlertEngine(config.settings, alertStore(persisted), nodeState);
    const warner = new EvictionWarner(node, messages, persisted.store);
    const conditions = new Map(config.settings.conditions.map((c) => [c.name, c]));
    const name = def.name || TYPE;
    let timer: NodeJS.Timeout | undefined;
    let timerAt: number | undefined;
    let statusStale = true;
    // Restored alerts are announced once on the state output, so a dashboard table refills after a restart.
    let announceState = engine.activeAlerts().length > 0;

    function save(): void {
      persisted.save();
      nodeSlot.save(nodeState);
    }
    // Saved at once, so the stored state never depends on whether the first message was valid.
    save();

    function showStatus(): void {
      const alerts = engine.activeAlerts();
      const unacknowledged = alerts.filter((a) => a.state === 'active').length;
      const mode = nodeState.mode;
      if (unacknowledged > 0) node.status(status.alarm(messages.text('status.active', { count: unacknowledged, mode })));
      else if (alerts.length > 0) node.status(status.warning(messages.text('status.acknowledged', { count: alerts.length, mode })));
      else if (nodeState.valveClosed) node.status(status.warning(messages.text('status.valveClosed', { mode })));
      else node.status(status.active(messages.text('status.ok', { mode })));
      statusStale = false;
    }

    function emit(send: Send, outcome: Outcome): void {
      const notifications = outcome.notifications.map((n) => notificationMessage(n, conditions, nodeState, name, translate));
      const actions = outcome.actions.map((a) => valveMessage(a, config.valveFormat, config.valveTopic, conditions, translate));
      const stateChanged = outcome.stateChanged || announceState;
      announceState = false;
      const state = stateChanged ? stateMessage(engine.activeAlerts(), conditions, nodeState, translate) : null;
      if (notifications.length > 0 || actions.length > 0 || state !== null) send([notifications, actions, state]);
      // An outcome without alerts, notifications or valve commands changed at most what the conditions have seen
      // (the node's own state changes only with one of those): saved within a second, and at close.
      if (notifications.length > 0 || actions.length > 0 || stateChanged) save();
      else persisted.saveSoon();
      schedule();
      if (stateChanged || statusStale) showStatus();
    }

    /** Arms the one timer for the engine's next due time. */
    function schedule(): void {
      const next = engine.nextDue();
      if (next === timerAt) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      timerAt = next;
      if (next !== undefined) timer = setTimeout(fire, Math.min(MAX_TIMER_MS, Math.max(0, next - Date.now())));
    }

    function fire(): void {
      timer = undefined;
      timerAt = undefined;
      try {
        emit((msg) => node.send(msg), engine.tick(Date.now()));
      } catch (err) {
        node.error(err instanceof Error ? err.message : String(err));
      }
    }

    function readInput(msg: WaterMessage, now: number): Parsed<Outcome> {
      const topic = topicOf(msg);
      const prediction = predictionOf(msg);
      if (prediction !== undefined) {
        return prediction.ok ? ok(engine.input(topic, { type: 'prediction', times: prediction.value }, now)) : prediction;
      }
      const event = anomalyEventOf(msg);
      if (event !== undefined) {
        return event.ok ? ok(engine.input(event.value.topic ?? topic, { type: 'event', event: event.value }, now)) : event;
      }
      const flags = flaggedReadingOf(msg);
      if (flags !== undefined && !flags.ok) return flags;
      const value = parseNumber(msg.payload);
      if (value === undefined && flags === undefined) {
        const reading = parseReading(msg);
        if (!reading.ok) return reading;
      }
      const unit = parseUnit(msg, ANY_UNIT, '');
      if (!unit.ok) return unit;
      const reading: AlertInput = { type: 'reading', value, unit: unit.value, flags: flags?.value };
      return ok(engine.input(topic, reading, now));
    }

    function runCommand(command: string, msg: WaterMessage, now: number): Parsed<Outcome> {
      switch (command) {
        case 'acknowledge':
          return engine.acknowledge(targetOf(msg), now);
        case 'snooze': {
          const duration = msg.duration === undefined ? config.settings.defaultSnoozeMs : parseDuration(msg.duration);
          if (duration === undefined) return fail('errors.bad-duration', { topic: describeTopic(msg.topic), value: describeValue(msg.duration) });
          return engine.snooze(targetOf(msg), duration, now);
        }
        case 'reset':
          return engine.reset(targetOf(msg), now);
        case 'mode': {
          const mode = typeof msg.payload === 'string' ? msg.payload.trim().toLowerCase() : undefined;
          if (!(MODES as readonly unknown[]).includes(mode)) {
            return fail('errors.bad-mode', { value: describeValue(msg.payload), expected: MODES.join(', ') });
          }
          return ok(engine.setMode(mode as Mode, now));
        }
        case 'test':
          return ok(engine.test(now));
        default:
          return fail('common.errors.unknown-command', { topic: describeTopic(msg.topic), value: describeValue(msg.command), expected: COMMANDS.join(', ') });
      }
    }

    handleInput(node, messages, (msg, send) => {
      const now = Date.now();
      const command = commandOf(msg);
      const result = command === undefined ? readInput(msg, now) : runCommand(command, msg, now);
      if (!result.ok) {
        statusStale = true;
        return result.problem;
      }
      emit(send, result.value);
      warner.check();
      return undefined;
    });

    handleClose(node, () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      warner.close();
      save();
    });

    // Catch up at once with what fell due while the runtime was down.
    timerAt = -Infinity;
    timer = setTimeout(fire, 0);
  }

  RED.nodes.registerType(TYPE, WaterAlert);
};
