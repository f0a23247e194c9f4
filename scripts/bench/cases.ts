/**
 * What the benchmark runs: the core-node references and each node of this
 * package at its default and its heaviest realistic configuration.
 */

import type { Prediction } from '../../nodes/lib/predictor/prediction';
import { SINK, type BenchCase, type FlowNode } from './harness';

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 1);

/** A level reading of a tank that drains and refills, one a minute (or every `spacing` ms), on `topics` topics in turn. */
export function levelReading(i: number, topics = 1, spacing = MINUTE): Record<string, unknown> {
  const t = Math.floor(i / topics);
  return {
    topic: `tank${i % topics}/level`,
    payload: 50 + 30 * Math.sin((t * spacing) / (240 * MINUTE)) + ((t * 7919) % 13) / 10,
    timestamp: START + t * spacing,
  };
}

export const referenceCases: BenchCase[] = [
  {
    name: 'core rbe (reference)',
    nodes: [{ id: 'nut', type: 'rbe', func: 'rbe', gap: '', start: '', inout: 'out', septopics: true, property: 'payload', topi: 'topic' }],
    message: (i) => levelReading(i),
  },
  {
    name: 'core change',
    nodes: [{ id: 'nut', type: 'change', rules: [{ t: 'set', p: 'unit', pt: 'msg', to: '%', tot: 'str' }] }],
    message: (i) => levelReading(i),
  },
  {
    // What Node-RED's own nodes pay to hang a result of the level predictor's size on every message.
    name: 'core change (sets msg.prediction to a JSON object shaped as the level predictor\'s)',
    nodes: [{ id: 'nut', type: 'change', rules: [{ t: 'set', p: 'prediction', pt: 'msg', to: JSON.stringify(samplePrediction()), tot: 'json' }] }],
    message: (i) => levelReading(i),
  },
];

/** A `msg.prediction` as the default level predictor sends it, with typical figures. */
function samplePrediction(): Prediction {
  const at = START + 2 * 24 * 60 * MINUTE;
  return {
    horizons: [1, 3, 6].map((hours) => ({ horizon: hours * 60 * MINUTE, level: 51.734, low: 48.912, high: 54.556, at: at + hours * 60 * MINUTE })),
    slope: -1.2786,
    r2: 0.9731,
    model: 'learned',
    timeToEmpty: null,
    timeToFull: null,
    timeToLow: 81_354_000,
    timeToHigh: null,
    samples: 120,
    unit: '%',
  };
}

export const REFERENCE = referenceCases[0].name;

/** Pulses from a hall-effect meter: a few per reading, one reading every 10 s, in bursts of use. */
export function pulseReading(i: number, topics = 1): Record<string, unknown> {
  const t = Math.floor(i / topics);
  return { topic: `meter${i % topics}`, payload: t % 60 < 20 ? 30 + (t % 7) : 0, timestamp: START + t * 10_000 };
}

const TANK: FlowNode = {
  id: 'bench-tank', type: 'water-tank', name: 'tank', shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: '1.2', height: '1.5', capacity: '', sensor: 'bottom', sensorOffset: '0',
};

export const nodeCases: BenchCase[] = [
  {
    name: 'water-simulator (default, tick: its level and flow readings counted)',
    nodes: [{ id: 'nut', type: 'water-simulator', autostart: false, seed: 'bench' }],
    message: () => ({ command: 'tick' }),
    counts: 'out',
  },
  {
    name: 'water-simulator (five people, irrigation, a tank, pulses out, a leak and sensor noise and spikes)',
    nodes: [
      TANK,
      {
        id: 'nut', type: 'water-simulator', autostart: false, seed: 'bench', tank: TANK.id, people: 5, irrigationMinutes: 30, flowOutput: 'pulses',
        noise: 0.2, faults: JSON.stringify([{ kind: 'leak', rate: 0.5 }, { kind: 'spike', probability: 0.05 }]),
      },
    ],
    message: () => ({ command: 'tick' }),
    counts: 'out',
  },
  {
    name: 'water-flow-meter (default, pulses)',
    nodes: [{ id: 'nut', type: 'water-flow-meter' }],
    message: (i) => pulseReading(i),
  },
  {
    name: 'water-flow-meter (pulse counter, usage and period events)',
    nodes: [
      {
        id: 'nut', type: 'water-flow-meter', mode: 'pulses', pulseInput: 'delta', kFactor: 450, usageThreshold: 0.5, usageQuiet: 60,
        timeZone: 'Europe/Berlin', hourEvents: true, dayEvents: true, weekEvents: true, monthEvents: true,
      },
    ],
    message: (i) => pulseReading(i),
  },
  {
    name: 'water-chart-image (default, readings)',
    nodes: [{ id: 'nut', type: 'water-chart-image' }],
    message: (i) => levelReading(i),
  },
  {
    // A month of readings a minute, thinned to 20,000 points, kept across restarts.
    name: 'water-chart-image (a month, 20,000 points, kept across restarts)',
    nodes: [{ id: 'nut', type: 'water-chart-image', hours: 744, maxPoints: 20000, persist: true }],
    message: (i) => levelReading(i),
  },
  {
    name: 'water-anomaly (default, readings without a unit: every statistic)',
    nodes: [{ id: 'nut', type: 'water-anomaly' }],
    message: (i) => levelReading(i),
  },
  {
    name: 'water-anomaly (flow in L/min: water rules and sensor health)',
    nodes: [{ id: 'nut', type: 'water-anomaly', unit: 'L/min' }],
    message: (i) => pulseReading(i),
  },
  {
    name: 'water-anomaly (flow in L/min, every detector: statistics on water too, range, silence, night flow)',
    nodes: [{ id: 'nut', type: 'water-anomaly', unit: 'L/min', statisticsOnWater: true, rangeMin: 0, rangeMax: 200, silenceTimeout: 600, nightFlowLimit: 1 }],
    message: (i) => pulseReading(i),
  },
  {
    // A reading a minute: the learned model trains once a day and the longest horizon have passed.
    name: 'water-level-predictor (default)',
    nodes: [{ id: 'nut', type: 'water-level-predictor' }],
    message: (i) => levelReading(i),
  },
  {
    // Net flow rides on each level reading, as from a flow meter joined upstream, and the tank converts to litres.
    name: 'water-level-predictor (learned, three horizons, net flow, tank, chart output)',
    nodes: [
      TANK,
      { id: 'nut', type: 'water-level-predictor', tank: TANK.id, horizons: '1h, 3h, 6h', netType: 'msg', net: 'flow', flowUnit: 'L/min', low: 10, high: 90, outputs: 2 },
    ],
    // The flow is added to the reading rather than spread into a copy: V8 gives a spread copy a shape on which
    // every property added later (Node-RED's _msgid, the node's unit and prediction) costs about a microsecond.
    message: (i) => Object.assign(levelReading(i), { flow: 2 * Math.cos(i / 240) }),
  },
  {
    name: 'water-alert (default)',
    nodes: [{ id: 'nut', type: 'water-alert' }],
    message: (i) => levelReading(i),
  },
  {
    name: 'water-alert (four thresholds, quiet hours)',
    nodes: [
      {
        id: 'nut', type: 'water-alert', quietHours: true, timeZone: 'Europe/Berlin',
        conditions: [
          { type: 'threshold', name: 'hihi', level: 'hihi', limit: 95, deadband: 1, onDelay: 10, offDelay: 10, severity: 'critical' },
          { type: 'threshold', name: 'hi', level: 'hi', limit: 78, deadband: 1, onDelay: 10, offDelay: 10, severity: 'warning' },
          { type: 'threshold', name: 'lo', level: 'lo', limit: 22, deadband: 1, onDelay: 10, offDelay: 10, severity: 'warning' },
          { type: 'threshold', name: 'lolo', level: 'lolo', limit: 5, deadband: 1, onDelay: 10, offDelay: 10, severity: 'critical' },
        ],
      },
    ],
    message: (i) => levelReading(i),
  },
];

/**
 * Readings a minute apart that the level predictor's learning history needs
 * before its model can train: a day of lookback, the longest horizon (6 h)
 * ahead and rows enough for every coefficient, with room to spare.
 */
const LEARNABLE_READINGS = 2880;

/**
 * Cases whose cost per message is measured against the length of the history
 * they keep: `build` deploys the node keeping `window` readings, `kept` says how
 * many readings fill it (the window, unless a case keeps more).
 */
export const scalingCases: Array<{ name: string; build(window: number): FlowNode[]; kept?(window: number): number }> = [
  {
    // Readings a minute apart: every one kept up to 10,000, a month thinned to 20,000 points beyond.
    name: 'water-chart-image (buffer of the window)',
    build: (window) => [{ id: 'nut', type: 'water-chart-image', hours: String(Math.min(744, window / 60)), maxPoints: String(Math.min(20_000, 2 * window)) }],
  },
  {
    // The trend window holds `window` readings, one a minute, and so does the learning history, but never fewer than
    // its model trains on: 100 or 1,000 minutes alone would measure a predictor without its learned model against one with.
    name: 'water-level-predictor (trend and learning history)',
    build: (window) => [
      {
        id: 'nut', type: 'water-level-predictor', trendWindow: `${window}min`, trendSamples: window,
        history: `${Math.max(window, LEARNABLE_READINGS)}min`, step: '1min',
      },
    ],
    kept: (window) => Math.max(window, LEARNABLE_READINGS),
  },
  {
    // The statistics' rolling window holds `window` readings.
    name: 'water-anomaly (rolling statistics window)',
    build: (window) => [{ id: 'nut', type: 'water-anomaly', window }],
  },
];

/**
 * The whole pipeline, fed ticks: simulator -> flow meter -> predictor ->
 * anomaly detector -> alert, the alert's outputs to the sink.
 */
export const pipelineCase: BenchCase = {
  name: 'pipeline: simulator -> flow meter -> predictor -> anomaly -> alert (per tick)',
  nodes: [
    TANK,
    { id: 'nut', type: 'water-simulator', tank: TANK.id, autostart: false, seed: 'bench', flowOutput: 'pulses', wires: [['predict', 'anomaly', 'alert'], ['meter']] },
    { id: 'meter', type: 'water-flow-meter', mode: 'pulses', kFactor: 450, wires: [['anomaly'], []] },
    { id: 'predict', type: 'water-level-predictor', tank: TANK.id, wires: [['alert']] },
    { id: 'anomaly', type: 'water-anomaly', wires: [[], ['alert']] },
    { id: 'alert', type: 'water-alert', wires: [[SINK], [SINK], [SINK]] },
  ],
  message: () => ({ command: 'tick' }),
};

/**
 * Cases run with a million readings over a thousand topics to measure the
 * heap, each node keeping every one of the thousand topics.
 */
export const memoryCases: Array<{ name: string; nodes: FlowNode[]; message(i: number, topics: number): Record<string, unknown> }> = [
  { name: 'water-flow-meter (default, pulses)', nodes: [{ id: 'nut', type: 'water-flow-meter', maxTopics: 1000 }], message: pulseReading },
  { name: 'water-level-predictor (default)', nodes: [{ id: 'nut', type: 'water-level-predictor', maxTopics: 1000 }], message: levelReading },
  {
    // A thousand readings per topic per million: its two weeks of history are full within the first.
    name: 'water-level-predictor (default, a reading every 30 minutes)',
    nodes: [{ id: 'nut', type: 'water-level-predictor', maxTopics: 1000 }],
    message: (i, topics) => levelReading(i, topics, 30 * MINUTE),
  },
  { name: 'water-anomaly (default)', nodes: [{ id: 'nut', type: 'water-anomaly', maxTopics: 1000 }], message: levelReading },
  { name: 'water-alert (default)', nodes: [{ id: 'nut', type: 'water-alert', maxTopics: 1000 }], message: levelReading },
  { name: 'water-chart-image (default)', nodes: [{ id: 'nut', type: 'water-chart-image', maxTopics: 1000 }], message: levelReading },
];
