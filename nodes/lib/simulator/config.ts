/**
 * The `water-simulator` node's editor form (numbers arrive as strings) read
 * into a simulator configuration and the node's own timing settings, each
 * field checked against the values it accepts.
 */

import { booleanField, choiceField, numberFields, type Range } from '../form';
import { describeValue, fail, ok, parseTimestamp, type Parsed } from '../input';
import { Tank } from '../tank';
import { parseFaultSchedule } from './faults';
import type { SimulatorConfig } from './simulator';

export const LEVEL_UNITS = ['%', 'cm', 'm', 'mm', 'L', 'm3', 'gal'] as const;
export const FLOW_OUTPUTS = ['L/min', 'pulses'] as const;
export type FlowOutput = (typeof FLOW_OUTPUTS)[number];

/** The tank simulated when no water-tank config node is selected: a common 1000 L vertical tank. */
export function fallbackTank(): Tank {
  return new Tank({ shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: 1, height: 1.2, capacity: 1000, sensor: 'bottom' });
}

export interface NodeSettings {
  config: SimulatorConfig;
  /** Real milliseconds between readings. */
  intervalMs: number;
  /** Simulated milliseconds per real millisecond. */
  speed: number;
  autostart: boolean;
  /** Topics are `<topic>/level` and `<topic>/flow`. */
  topic: string;
  flowOutput: FlowOutput;
}

const NUMBER_FIELDS = {
  noise: [0.2, { min: 0, max: 1e6 }],
  resolution: [0.1, { min: 0, max: 1e6 }],
  kFactor: [450, { min: 0, max: 1e6, minIncluded: false }],
  people: [3, { min: 1, max: 50, integer: true }],
  irrigationMinutes: [0, { min: 0, max: 1440 }],
  irrigationHour: [6, { min: 0, max: 23, integer: true }],
  irrigationRate: [12, { min: 0, max: 1e4, minIncluded: false }],
  pumpRate: [20, { min: 0, max: 1e5, minIncluded: false }],
  lowMark: [30, { min: 0, max: 100 }],
  highMark: [90, { min: 0, max: 100 }],
  initialLevel: [60, { min: 0, max: 100 }],
  interval: [1, { min: 0.05, max: 86400 }],
  speed: [60, { min: 0, max: 1e6, minIncluded: false }],
} as const satisfies Record<string, readonly [number, Range]>;

/**
 * Reads the node's form. `now` stands in for an empty start time and
 * `randomSeed` for an empty seed; `utcOffsetMinutes` places the household's
 * day in local time.
 */
export function nodeSettingsFromForm(form: Record<string, unknown>, tank: Tank, now: number, randomSeed: number, utcOffsetMinutes: number): Parsed<NodeSettings> {
  const numbers = numberFields(form, NUMBER_FIELDS);
  if (!numbers.ok) return numbers;
  const n = numbers.value;
  if (n.lowMark >= n.highMark) {
    return fail('errors.bad-config', { field: 'lowMark', value: n.lowMark, expected: `below the high mark ${n.highMark}` });
  }
  const levelUnit = choiceField(form, 'levelUnit', LEVEL_UNITS);
  if (!levelUnit.ok) return levelUnit;
  const flowOutput = choiceField(form, 'flowOutput', FLOW_OUTPUTS);
  if (!flowOutput.ok) return flowOutput;
  const inflow = choiceField(form, 'inflow', ['pump', 'none'] as const);
  if (!inflow.ok) return inflow;
  const start = form.startTime === undefined || form.startTime === '' ? ok(now) : parseTimestamp({ timestamp: form.startTime, topic: 'startTime' }, now);
  if (!start.ok) return fail('errors.bad-config', { field: 'startTime', value: describeValue(form.startTime), expected: 'an ISO date or epoch ms' });
  const faults = parseFaultSchedule(form.faults, start.value);
  if (!faults.ok) return faults;
  const seed = typeof form.seed === 'string' && form.seed.trim() !== '' ? form.seed.trim() : randomSeed;
  const config: SimulatorConfig = {
    tank,
    seed,
    startTime: start.value,
    utcOffsetMinutes,
    initialPercent: n.initialLevel,
    people: n.people,
    irrigation: n.irrigationMinutes > 0 ? { hour: n.irrigationHour, minutes: n.irrigationMinutes, rate: n.irrigationRate } : undefined,
    pump: inflow.value === 'pump' ? { rate: n.pumpRate, lowPercent: n.lowMark, highPercent: n.highMark } : false,
    level: { unit: levelUnit.value, noise: n.noise, resolution: n.resolution },
    kFactor: n.kFactor,
    faults: faults.value,
  };
  const name = typeof form.name === 'string' ? form.name.trim() : '';
  const topic = typeof form.topic === 'string' && form.topic.trim() !== '' ? form.topic.trim() : name || 'tank';
  return ok({
    config,
    intervalMs: n.interval * 1000,
    speed: n.speed,
    autostart: booleanField(form, 'autostart', true),
    topic,
    flowOutput: flowOutput.value,
  });
}
