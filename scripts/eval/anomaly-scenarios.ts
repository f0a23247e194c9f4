/**
 * Scenario evaluation of the anomaly detector: any source of readings with
 * ground truth (the simulator's messages carry `msg.truth`) is replayed
 * through the detector with its default settings, with silence checked on the
 * scenario's own clock, and scored per fault kind: precision, recall, F1 and
 * median detection delay; a fault-free run reports false alarms per day.
 */

import { DEFAULT_ANOMALY_CONFIG, type AnomalyConfig } from '../../nodes/lib/anomaly/config';
import { TopicModel, VALUE_CHANNEL, emptyTopic, type ChannelReading } from '../../nodes/lib/anomaly/topic-model';
import { canonicalUnit } from '../../nodes/lib/units';
import { eventMetrics, poolEvents, type EventMetrics, type FaultWindow } from './detection-metrics';

/** A message as the simulator emits it: the reading and the faults active when it was taken. */
export interface ScenarioMessage {
  topic: string;
  payload: number | Record<string, number>;
  timestamp: number;
  unit?: string;
  truth?: ReadonlyArray<{ kind: string; start: number }>;
}

export interface Scenario {
  name: string;
  /** The fault kind the scenario injects; absent for a fault-free run. */
  fault?: string;
  messages: ScenarioMessage[];
}

/** Produces scenarios, for example by running the simulator with a fault schedule and a seed. */
export type ScenarioSource = () => Scenario[] | Promise<Scenario[]>;

const DAY = 24 * 3600 * 1000;

/**
 * The fault windows a message stream's ground truth describes: each fault
 * (kind and start) from its start to the last message that still listed it.
 * Any topic's messages count, so a sensor that went silent is still covered
 * by the other sensors' truth.
 */
export function faultWindows(messages: readonly ScenarioMessage[]): FaultWindow[] {
  const windows = new Map<string, FaultWindow>();
  for (const msg of messages) {
    for (const { kind, start } of msg.truth ?? []) {
      const key = `${kind}@${start}`;
      const window = windows.get(key);
      if (window) window.end = Math.max(window.end, msg.timestamp);
      else windows.set(key, { kind, start, end: msg.timestamp });
    }
  }
  return [...windows.values()].sort((a, b) => a.start - b.start);
}

function channelsOf(msg: ScenarioMessage): ChannelReading[] {
  const unit = msg.unit === undefined ? undefined : canonicalUnit(msg.unit);
  if (typeof msg.payload === 'number') return [{ name: VALUE_CHANNEL, value: msg.payload, unit }];
  return Object.entries(msg.payload).map(([name, value]) => ({ name, value }));
}

/** Replays a scenario through one detector per topic; returns the start time of every alarm raised. */
export function replay(scenario: Scenario, config: AnomalyConfig = DEFAULT_ANOMALY_CONFIG): number[] {
  const models = new Map<string, TopicModel>();
  const alarms: number[] = [];
  const messages = [...scenario.messages].sort((a, b) => a.timestamp - b.timestamp);
  for (const msg of messages) {
    for (const model of models.values()) {
      const silence = model.checkSilence(msg.timestamp);
      if (silence) alarms.push(silence.time);
    }
    let model = models.get(msg.topic);
    if (!model) {
      model = new TopicModel(config, emptyTopic());
      models.set(msg.topic, model);
    }
    const outcome = model.process({ time: msg.timestamp, arrival: msg.timestamp, channels: channelsOf(msg) });
    for (const event of outcome.events) if (event.state === 'start') alarms.push(event.time);
  }
  return alarms;
}

export interface FaultKindResult extends EventMetrics {
  kind: string;
}

export interface ScenarioReport {
  byFault: FaultKindResult[];
  /** Fault-free runs: alarms per simulated day and per week. */
  falseAlarmsPerDay: number | undefined;
  faultFreeDays: number;
}

function span(messages: readonly ScenarioMessage[]): number {
  if (messages.length === 0) return 0;
  const times = messages.map((m) => m.timestamp);
  return Math.max(...times) - Math.min(...times);
}

/** Scores every scenario of a source: per fault kind over all its scenarios, and the fault-free rate. */
export async function evaluateScenarios(source: ScenarioSource, config: AnomalyConfig = DEFAULT_ANOMALY_CONFIG): Promise<ScenarioReport> {
  const perKind = new Map<string, EventMetrics[]>();
  let freeAlarms = 0;
  let freeDays = 0;
  for (const scenario of await source()) {
    const alarms = replay(scenario, config);
    if (scenario.fault === undefined) {
      freeAlarms += alarms.length;
      freeDays += span(scenario.messages) / DAY;
      continue;
    }
    const faults = faultWindows(scenario.messages).filter((f) => f.kind === scenario.fault);
    perKind.set(scenario.fault, [...(perKind.get(scenario.fault) ?? []), eventMetrics(faults, alarms)]);
  }
  const byFault = [...perKind.entries()].map(([kind, runs]) => ({ kind, ...poolEvents(runs) }));
  return { byFault, falseAlarmsPerDay: freeDays > 0 ? freeAlarms / freeDays : undefined, faultFreeDays: freeDays };
}
