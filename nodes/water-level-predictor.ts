/**
 * `water-level-predictor`: where the level will be at each horizon and when the
 * tank runs empty or full, per topic. Readings go through the tank's units
 * into the predictor; predictions come back in the configured unit.
 *
 * Output 1 is the reading's message with `payload` the predicted level at the
 * main horizon and `msg.prediction` beside it; the optional output 2 carries
 * one chart point per horizon, stamped at the time it predicts.
 */

import type { NodeMessage, NodeStatus } from 'node-red';
import { EvictionWarner, handleClose, handleInput, refuseAll, status, type Node, type NodeAPI, type NodeDef } from './lib/adapter/runtime';
import { Messages } from './lib/adapter/messages';
import { ContextSlot, PersistedTopicStore } from './lib/adapter/persist';
import { LatestStatus, StatusThrottle } from './lib/adapter/status-throttle';
import { resolveTank } from './lib/adapter/tank-ref';
import { formatDuration } from './lib/alert/duration';
import { backwards, badTimestamp, commandOf, describeTopic, describeValue, fail, ok, parseNumber, parseReading, parseUnit, timestampOf, topicOf, type Parsed, type Problem } from './lib/input';
import { predictorConfigFromForm } from './lib/predictor/config';
import type { Flows } from './lib/predictor/history';
import { LEVEL_KINDS, LevelUnits } from './lib/predictor/level-units';
import { predictionOf, type Prediction } from './lib/predictor/prediction';
import { LevelPredictor, emptyPredictorState, type PredictorOptions, type PredictorState } from './lib/predictor/predictor';
import { litresPerMinute, unitKind, unitsOfKind } from './lib/units';

const TYPE = 'water-level-predictor';
const COMMANDS = ['reset'];
/** Stands for the topic in a chart series name until the topic is known (no topic contains it). */
const TOPIC_MARK = '\u0000topic\u0000';

/** What a topic's stream needs beside its saved state: the predictor over it, and its chart series names once known. */
interface Stream {
  predictor: LevelPredictor;
  chartTopics?: string[];
}

/** What is kept per topic in node context. */
interface SavedTopic {
  version: 1;
  /** The model's units (LevelUnits.space): state saved in other units is dropped. */
  space: string;
  predictor: PredictorState;
}

export = function register(RED: NodeAPI): void {
  const messages = new Messages(RED, TYPE);

  function WaterLevelPredictor(this: Node, def: NodeDef & Record<string, unknown>): void {
    RED.nodes.createNode(this, def);
    start(this, def);
  }

  function start(node: Node, def: NodeDef & Record<string, unknown>): void {
    const parsed = predictorConfigFromForm(def);
    if (!parsed.ok) return refuseAll(node, messages, parsed.problem);
    const config = parsed.value;
    const { tank, problem } = resolveTank(RED, def.tank);
    if (problem !== undefined) return refuseAll(node, messages, { key: 'common.errors.bad-tank', params: { reason: problem } });
    for (const source of config.flows) {
      if (source.from !== 'msg') continue;
      try {
        RED.util.normalisePropertyExpression(source.name);
      } catch {
        return refuseAll(node, messages, { key: 'errors.bad-config', params: { field: source.kind, value: describeValue(source.name), expected: 'a message property' } });
      }
    }
    const units = new LevelUnits(tank, config.unit);
    const options: PredictorOptions = { ...config.options, marks: units.marks(config.low, config.high), bounds: units.bounds() };
    const topicFlows = config.flows.filter((f) => f.from === 'topic');
    const propertyFlows = config.flows.filter((f) => f.from === 'msg');
    const store = new PersistedTopicStore<SavedTopic>(node, 'predictor', config.maxTopics, (saved) => revive(saved, units.space));
    const warner = new EvictionWarner(node, messages, store.store);
    const shown = new StatusThrottle(node);
    const forecastStatus = new LatestStatus(shown, statusOf);
    /** Flow rates that arrive on their own topics, shared by every level stream of this node. */
    const flowSlot = new ContextSlot<Flows>(node, 'flows');
    const latestFlows: Flows = { ...flowSlot.load() };
    /** One stream per saved state object; an evicted state takes its stream with it. */
    const streams = new WeakMap<PredictorState, Stream>();
    const streamOf = (state: PredictorState): Stream => {
      let stream = streams.get(state);
      if (stream === undefined) {
        stream = { predictor: new LevelPredictor(options, state) };
        streams.set(state, stream);
      }
      return stream;
    };
    /**
     * Each horizon's chart series name (ascending, as the forecast lists them)
     * split around the topic: filling the template per point and message
     * would cost more than the prediction itself.
     */
    const seriesNames = [...new Set(options.horizons)]
      .sort((a, b) => a - b)
      .map((h) => messages.text('chart.series', { topic: TOPIC_MARK, horizon: formatDuration(h) }).split(TOPIC_MARK) as [string, string]);
    node.status(status.waiting(messages.text('status.waiting')));

    /** A flow rate in L/min, from a value and its unit (the configured one when absent). */
    function readFlow(value: unknown, unit: unknown, topic: string): Parsed<number> {
      const rate = parseNumber(value);
      if (rate === undefined) return fail('common.errors.not-a-number', { topic: describeTopic(topic), value: describeValue(value) });
      const parsedUnit = parseUnit({ unit, topic }, ['rate'], config.flowUnit);
      return parsedUnit.ok ? ok(litresPerMinute(rate, parsedUnit.value)) : parsedUnit;
    }

    /** The flows known at a level reading: those from flow topics, overridden by the message's own properties. */
    function flowsOf(msg: Record<string, unknown>, topic: string): Parsed<Flows> {
      // The predictor reads the flows without keeping them: with no flow in the message, the latest ones serve as they are.
      if (propertyFlows.length === 0) return ok(latestFlows);
      const flows: Flows = { ...latestFlows };
      for (const source of propertyFlows) {
        const value = propertyOf(msg, source.name);
        if (value === undefined) continue;
        const flow = readFlow(value, undefined, topic);
        if (!flow.ok) return flow;
        flows[source.kind] = flow.value;
      }
      return ok(flows);
    }

    /** A message property, undefined when it or an object on its path is missing. */
    function propertyOf(msg: Record<string, unknown>, path: string): unknown {
      try {
        return RED.util.getMessageProperty(msg, path) as unknown;
      } catch {
        return undefined;
      }
    }

    function runCommand(command: string, msg: Record<string, unknown>, topic: string): Problem | undefined {
      if (!COMMANDS.includes(command)) {
        return { key: 'common.errors.unknown-command', params: { topic: describeTopic(topic), value: describeValue(msg.command), expected: COMMANDS.join(', ') } };
      }
      store.delete(topic);
      shown.show(status.waiting(messages.text('status.reset', { topic: describeTopic(topic) })));
      return undefined;
    }

    handleInput(node, messages, (msg, send) => {
      const topic = topicOf(msg);
      const command = commandOf(msg);
      if (command !== undefined) return runCommand(command, msg, topic);
      const flowTopic = topicFlows.find((f) => f.name === topic);
      if (flowTopic !== undefined) {
        const flow = readFlow(msg.payload, msg.unit, topic);
        if (!flow.ok) return flow.problem;
        latestFlows[flowTopic.kind] = flow.value;
        flowSlot.save(latestFlows);
        return undefined;
      }
      const reading = parseReading(msg);
      if (!reading.ok) return reading.problem;
      const now = Date.now();
      // The result-object-free forms of parseTimestamp and checkMonotonic: this runs for every message.
      const time = timestampOf(msg, now);
      if (time === undefined) return badTimestamp(msg);
      const unit = parseUnit(msg, LEVEL_KINDS, units.unit);
      if (!unit.ok) return unit.problem;
      const level = units.fromReading(reading.value, unit.value);
      if (level === undefined) {
        const expected = unitsOfKind(unitKind(units.unit) ?? 'percent').join(', ');
        return { key: 'common.errors.bad-unit', params: { topic: describeTopic(topic), value: describeValue(msg.unit), expected } };
      }
      const flows = flowsOf(msg, topic);
      if (!flows.ok) return flows.problem;
      const saved = store.get(topic);
      const entry: SavedTopic = saved ?? { version: 1, space: units.space, predictor: emptyPredictorState(options) };
      const stream = streamOf(entry.predictor);
      const refusal = backwards(topic, time, stream.predictor.lastTime);
      if (refusal) return refusal;
      const forecast = stream.predictor.update(time, level, flows.value);
      if (saved === undefined) store.set(topic, entry);
      else store.saveSoon(now);
      warner.check();
      const prediction = predictionOf(forecast, units, level);
      msg.payload = prediction.horizons.find((h) => h.horizon === config.mainHorizon)?.level;
      msg.unit = units.unit;
      msg.prediction = prediction;
      send(config.chart ? [msg, chartPoints(stream, topic, prediction)] : msg);
      forecastStatus.show(prediction, now);
      return undefined;
    });

    /**
     * One message per horizon, stamped at the time it predicts: a dashboard
     * line chart draws each horizon as its own series running ahead of the
     * readings.
     */
    function chartPoints(stream: Stream, topic: string, prediction: Prediction): NodeMessage[] {
      stream.chartTopics ??= seriesNames.map(([before, after]) => `${before}${topic}${after}`.trim());
      const topics = stream.chartTopics;
      return prediction.horizons.map((h, k) => ({ topic: topics[k], payload: h.level, timestamp: h.at, unit: units.unit }) as NodeMessage);
    }

    /** The trend, and the time to empty or full when either comes within the limit. */
    function statusOf(prediction: Prediction): NodeStatus {
      if (prediction.slope === null) return status.waiting(messages.text('status.waiting'));
      const params = { slope: `${prediction.slope >= 0 ? '+' : ''}${prediction.slope.toPrecision(2)}`, unit: units.unit };
      const { timeToEmpty, timeToFull } = prediction;
      if (timeToEmpty === 0) return status.alarm(messages.text('status.is-empty', params));
      if (timeToEmpty !== null) return status.warning(messages.text('status.empty', { ...params, time: formatDuration(timeToEmpty) }));
      if (timeToFull !== null) return status.active(messages.text('status.full', { ...params, time: formatDuration(timeToFull) }));
      return status.active(messages.text('status.trend', params));
    }

    handleClose(node, () => {
      store.save();
      warner.close();
      shown.close();
    });
  }

  RED.nodes.registerType(TYPE, WaterLevelPredictor);
};

/** A saved topic, unless it is from another version or was learned in other units. */
function revive(saved: unknown, space: string): SavedTopic | undefined {
  if (saved === null || typeof saved !== 'object') return undefined;
  const entry = saved as Partial<SavedTopic>;
  const state = entry.predictor;
  const usable = entry.version === 1 && entry.space === space && state !== undefined && typeof state.trend === 'object' && typeof state.history === 'object';
  return usable ? (entry as SavedTopic) : undefined;
}
