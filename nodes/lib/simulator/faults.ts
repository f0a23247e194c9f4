/**
 * Faults of the tank, its plumbing and its sensors: what they are, how a user
 * writes them (in a message or the node's schedule), and which are active at
 * a moment. A fault is active from its start (included) to its end (excluded);
 * without an end it lasts until cleared.
 */

import { describeValue, fail, ok, parseNumber, type Parsed } from '../input';

export const FAULT_KINDS = ['leak', 'burst', 'stuck', 'dropout', 'spike', 'drift', 'pump-failure'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Which sensors a dropout silences. */
export const DROPOUT_SENSORS = ['level', 'flow', 'both'] as const;
export type DropoutSensors = (typeof DROPOUT_SENSORS)[number];

/** Defaults that do not depend on the sensor's scale (drift and spike defaults do; see the simulator). */
export const LEAK_DEFAULT_LPM = 0.3;
export const BURST_DEFAULT_LPM = 40;
export const SPIKE_DEFAULT_PROBABILITY = 0.3;

/**
 * A fault as programs give it to the simulator, and as `msg.truth` reports it.
 * Times are simulated epoch milliseconds.
 */
export interface Fault {
  kind: FaultKind;
  start: number;
  /** Absent: until cleared. */
  end?: number;
  /** leak and burst: extra outflow in L/min; drift: level units per day (negative drifts down). */
  rate?: number;
  /** leak and burst: downstream of the flow meter (it sees the water) or, when false, before it (only the level shows it). */
  metered?: boolean;
  /** dropout: which sensors stop reporting. */
  sensors?: DropoutSensors;
  /** spike: size of a spike in level units. */
  magnitude?: number;
  /** spike: chance that a reading is a spike. */
  probability?: number;
}

/** A fault to inject: as a Fault, but starting at the simulator's clock when `start` is absent. */
export type FaultSpec = Omit<Fault, 'start'> & { start?: number };

export function isActive(fault: Fault, time: number): boolean {
  return fault.start <= time && (fault.end === undefined || time < fault.end);
}

/** The faults active at `time`, in their order (without a closure: asked for every reading). */
export function activeAt(faults: readonly Fault[], time: number): Fault[] {
  const active: Fault[] = [];
  for (const fault of faults) if (isActive(fault, time)) active.push(fault);
  return active;
}

/** A copy of a fault, so that what a reading reports cannot change the simulation. */
export const copyFault = (fault: Fault): Fault => ({ ...fault });

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

const MINUTE_MS = 60_000;

type FieldCheck = (value: number) => boolean;
const positive: FieldCheck = (v) => v > 0;
const nonNegative: FieldCheck = (v) => v >= 0;
const anyNumber: FieldCheck = () => true;
const probability: FieldCheck = (v) => v > 0 && v <= 1;

/** The numeric fields a user may give, with the values each accepts (the text names them in the catalog). */
const NUMERIC_FIELDS: ReadonlyArray<{ field: 'after' | 'duration' | 'rate' | 'magnitude' | 'probability'; check: FieldCheck; expected: string }> = [
  { field: 'after', check: nonNegative, expected: 'minutes >= 0' },
  { field: 'duration', check: positive, expected: 'minutes > 0' },
  { field: 'rate', check: anyNumber, expected: 'a number' },
  { field: 'magnitude', check: positive, expected: 'a number > 0' },
  { field: 'probability', check: probability, expected: 'a number > 0 and <= 1' },
];

function badField(field: string, value: unknown, expected: string): Parsed<never> {
  return fail('errors.bad-fault-field', { field, value: describeValue(value), expected });
}

/**
 * Reads a fault as a user writes it in `msg.fault` or the node's schedule:
 * `{kind, after?, duration?, rate?, metered?, sensors?, magnitude?, probability?}`,
 * where `after` (default 0) and `duration` (default: until cleared) are
 * simulated minutes from `reference`.
 */
export function parseFaultSpec(raw: unknown, reference: number): Parsed<Fault> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail('errors.bad-fault', { value: describeValue(raw) });
  }
  const form = raw as Record<string, unknown>;
  if (!isFaultKind(form.kind)) {
    return fail('errors.bad-fault-kind', { value: describeValue(form.kind), expected: FAULT_KINDS.join(', ') });
  }
  const numbers: Partial<Record<(typeof NUMERIC_FIELDS)[number]['field'], number>> = {};
  for (const { field, check, expected } of NUMERIC_FIELDS) {
    if (form[field] === undefined || form[field] === null || form[field] === '') continue;
    const value = parseNumber(form[field]);
    if (value === undefined || !check(value)) return badField(field, form[field], expected);
    numbers[field] = value;
  }
  if (form.metered !== undefined && typeof form.metered !== 'boolean') return badField('metered', form.metered, 'true or false');
  if (form.sensors !== undefined && !(DROPOUT_SENSORS as readonly unknown[]).includes(form.sensors)) {
    return badField('sensors', form.sensors, DROPOUT_SENSORS.join(', '));
  }
  if ((form.kind === 'leak' || form.kind === 'burst') && numbers.rate !== undefined && numbers.rate <= 0) {
    return badField('rate', form.rate, 'L/min > 0');
  }
  const start = reference + (numbers.after ?? 0) * MINUTE_MS;
  const fault: Fault = { kind: form.kind, start };
  if (numbers.duration !== undefined) fault.end = start + numbers.duration * MINUTE_MS;
  if (numbers.rate !== undefined) fault.rate = numbers.rate;
  if (typeof form.metered === 'boolean') fault.metered = form.metered;
  if (form.sensors !== undefined) fault.sensors = form.sensors as DropoutSensors;
  if (numbers.magnitude !== undefined) fault.magnitude = numbers.magnitude;
  if (numbers.probability !== undefined) fault.probability = numbers.probability;
  return ok(fault);
}

/** Reads the node's fault schedule: a JSON array of user fault specs, relative to the simulation start. */
export function parseFaultSchedule(raw: unknown, reference: number): Parsed<Fault[]> {
  let list: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return ok([]);
    try {
      list = JSON.parse(raw);
    } catch {
      return fail('errors.bad-schedule', { value: describeValue(raw) });
    }
  }
  if (list === undefined || list === null) return ok([]);
  if (!Array.isArray(list)) return fail('errors.bad-schedule', { value: describeValue(raw) });
  const faults: Fault[] = [];
  for (const entry of list) {
    const parsed = parseFaultSpec(entry, reference);
    if (!parsed.ok) return parsed;
    faults.push(parsed.value);
  }
  return ok(faults);
}

/** Milliseconds of [from, to) covered by at least one of the intervals (overlapping faults count once). */
export function coveredMs(intervals: ReadonlyArray<{ start: number; end?: number }>, from: number, to: number): number {
  const clipped = intervals
    .map((i) => [Math.max(i.start, from), Math.min(i.end ?? Infinity, to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let reach = from;
  for (const [a, b] of clipped) {
    if (b <= reach) continue;
    covered += b - Math.max(a, reach);
    reach = b;
  }
  return covered;
}
