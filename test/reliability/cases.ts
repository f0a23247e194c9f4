/** Each node type as the bad-input properties drive it: its configuration, commands and valid probes. */

import fc from 'fast-check';
import waterAlert from '../../nodes/water-alert';
import waterAnomaly from '../../nodes/water-anomaly';
import waterChartImage from '../../nodes/water-chart-image';
import waterFlowMeter from '../../nodes/water-flow-meter';
import waterLevelPredictor from '../../nodes/water-level-predictor';
import waterSimulator from '../../nodes/water-simulator';
import waterTank from '../../nodes/water-tank';
import type { Msg, TwinCase } from './twin';

export interface ReliabilityCase extends TwinCase {
  /** The commands the node knows, mixed into the generated messages. */
  commands: string[];
  /** Plausible payloads for this node. */
  reading?: fc.Arbitrary<unknown>;
  /** Valid messages sent to both twins at the end: their outputs must match. */
  probes: Msg[];
}

const TANK = { id: 'tank', type: 'water-tank', shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: '1.2', height: '1.8', sensor: 'bottom', sensorOffset: '0' };
const LATER = Date.UTC(2026, 3, 1);

export const twinCases: ReliabilityCase[] = [
  {
    type: 'water-simulator',
    modules: [waterSimulator, waterTank],
    config: { tank: 'tank', seed: 'twins', startTime: '2026-03-01T00:00:00Z', autostart: false, interval: '1', speed: '60' },
    extra: [TANK],
    outputs: 2,
    commands: ['start', 'stop', 'reset', 'tick', 'generate', 'fault', 'clear'],
    probes: [{ command: 'tick' }, { command: 'generate', hours: 1 }, { command: 'tick', timestamp: LATER }],
  },
  {
    type: 'water-flow-meter',
    modules: [waterFlowMeter],
    config: { mode: 'pulses', pulseInput: 'counter', counterMax: '65536', kFactor: '450', timeZone: 'Europe/Berlin', usageThreshold: '0.5' },
    outputs: 2,
    commands: ['reset', 'set', 'reset-topic'],
    reading: fc.integer({ min: 0, max: 70000 }),
    probes: [
      { topic: 'probe', payload: 100, timestamp: LATER },
      { topic: 'probe', payload: 1000, timestamp: LATER + 60_000 },
      { topic: 'meter', payload: 5, timestamp: LATER + 120_000 },
    ],
  },
  {
    type: 'water-flow-meter',
    modules: [waterFlowMeter],
    config: { mode: 'rate', rateInputUnit: 'L/min', maxGap: '600', timeZone: 'UTC' },
    outputs: 2,
    commands: ['reset', 'set', 'reset-topic'],
    reading: fc.double({ min: 0, max: 60, noNaN: true }),
    probes: [
      { topic: 'probe', payload: 10, timestamp: LATER },
      { topic: 'probe', payload: 12, timestamp: LATER + 60_000 },
    ],
  },
  {
    type: 'water-alert',
    modules: [waterAlert],
    config: {
      conditions: [
        { type: 'threshold', name: 'high', level: 'hi', limit: 80, deadband: 2, severity: 'warning' },
        { type: 'anomaly', name: 'leak', kinds: '', minSeverity: 'warning', shutoff: true },
      ],
      criticalAfter: 15,
      actionAfter: 15,
    },
    outputs: 3,
    commands: ['acknowledge', 'snooze', 'reset', 'mode', 'test'],
    reading: fc.double({ min: 0, max: 100, noNaN: true }),
    probes: [
      { topic: 'probe', payload: 95 },
      { topic: 'probe', anomaly: { score: 0.9, anomalous: true, kinds: ['burst'], details: {} }, payload: 3 },
      { command: 'acknowledge' },
    ],
  },
  {
    type: 'water-chart-image',
    modules: [waterChartImage],
    // A small image keeps the many renders fast; few topics make evictions part of the state compared.
    config: { width: '200', height: '150', maxTopics: '2', persist: true },
    outputs: 1,
    commands: ['render', 'clear'],
    probes: [{ topic: 'chart/probe', payload: 50, timestamp: LATER }, { command: 'render' }, { command: 'render', width: 300, hours: 1 }],
  },
  {
    type: 'water-anomaly',
    modules: [waterAnomaly],
    // A short learning period and one-reading alarms, so the generated sequences reach scoring and events.
    config: { learningReadings: '5', enterReadings: '1', window: '16' },
    outputs: 2,
    commands: ['reset'],
    reading: fc.oneof(
      fc.double({ min: -10, max: 200, noNaN: true }),
      fc.record({ flow: fc.double({ min: -1, max: 60, noNaN: true }), pressure: fc.double({ min: 0, max: 6, noNaN: true }) }),
    ),
    probes: [{ topic: 'tank/flow', payload: 12, unit: 'L/min', timestamp: LATER }, { topic: 'pump', payload: { flow: 3, pressure: 2 }, timestamp: LATER }],
  },
  {
    type: 'water-level-predictor',
    modules: [waterLevelPredictor, waterTank],
    // The outflow from its own topic, and a property flow on each level reading, so that both flow paths meet bad input too.
    config: { tank: 'tank', unit: '%', horizons: '30min, 1h', trendWindow: '30min', outflow: 'tank/flow', outflowType: 'topic', inflow: 'inflow', inflowType: 'msg', outputs: 2 },
    extra: [TANK],
    outputs: 2,
    commands: ['reset'],
    reading: fc.double({ min: -10, max: 110, noNaN: true }),
    probes: [
      { topic: 'tank/flow', payload: 6, unit: 'L/min', timestamp: LATER },
      { topic: 'tank/level', payload: 55, unit: '%', timestamp: LATER },
      { topic: 'tank/level', payload: 0.8, unit: 'm', inflow: 2, timestamp: LATER + 600_000 },
    ],
  },
];
