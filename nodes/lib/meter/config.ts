/**
 * The flow meter's configuration: what its input is, how to turn it into
 * litres, and the units, time zone and timings of its outputs.
 */

import { convert, unitKind } from '../units';
import { Calendar, PERIOD_KINDS, systemTimeZone, type PeriodKind } from './calendar';

export const METER_MODES = ['pulses', 'reading', 'rate'] as const;
export type MeterMode = (typeof METER_MODES)[number];
export type PulseInput = 'delta' | 'counter';

/**
 * What one unit of the meter's running count is in litres, as a fraction, so
 * that litres = count * litres / per is one multiplication of whole numbers and
 * one division: 45,000 pulses at 450 pulses per litre are exactly 100 L.
 */
export interface CountScale {
  litres: number;
  per: number;
}

export interface MeterConfig {
  mode: MeterMode;
  /** Pulses mode: each payload is new pulses (`delta`) or a running counter. */
  pulseInput: PulseInput;
  /** Pulses mode, counter: the value the counter wraps at (65536 for 16 bits); undefined when it never wraps. */
  counterModulus?: number;
  scale: CountScale;
  /** Pulses mode: c of a sensor whose datasheet says f = k * Q - c (Hz); 0 for most. */
  offsetHz: number;
  /** The unit a payload is in when the message names none: a volume (reading mode), a rate (rate mode) or pulses. */
  inputUnit: string;
  rateUnit: string;
  volumeUnit: string;
  /** Rate mode: readings further apart than this are not integrated across. */
  maxGapMs: number;
  /** After this long without a reading, a non-zero rate falls to 0; 0 turns it off. */
  zeroFlowMs: number;
  /** A usage event starts above this rate, in L/min. */
  usageThresholdLpm: number;
  usageQuietMs: number;
  calendar: Calendar;
  /** The periods whose end is reported as an event. */
  periodEvents: ReadonlySet<PeriodKind>;
}

function num(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : NaN;
}

function required(name: string, v: unknown, fallback: number, test: (n: number) => boolean, expected: string): number {
  const n = num(v) ?? fallback;
  if (!test(n)) throw new RangeError(`${name} must be ${expected}, got ${String(v)}`);
  return n;
}

const positive = (n: number): boolean => n > 0;
const nonNegative = (n: number): boolean => n >= 0;

function unitOf(name: string, v: unknown, fallback: string, kind: 'volume' | 'rate'): string {
  const unit = typeof v === 'string' && v !== '' ? v : fallback;
  if (unitKind(unit) !== kind) throw new RangeError(`${name} must be a ${kind} unit, got "${unit}"`);
  return unit;
}

function flag(v: unknown): boolean {
  return v !== false && v !== 'false';
}

/** Reads the editor's stored form into a configuration; throws a RangeError naming the first bad field. */
export function meterConfigFromForm(form: Record<string, unknown>): MeterConfig {
  const mode = (form.mode ?? 'pulses') as MeterMode;
  if (!METER_MODES.includes(mode)) throw new RangeError(`mode must be one of ${METER_MODES.join(', ')}, got "${String(form.mode)}"`);
  const pulseInput: PulseInput = form.pulseInput === 'counter' ? 'counter' : 'delta';
  const modulus = num(form.counterMax);
  if (modulus !== undefined && !(Number.isInteger(modulus) && modulus >= 2)) {
    throw new RangeError(`counter wrap value must be a whole number of at least 2, got ${String(form.counterMax)}`);
  }
  const kFactor = required('K-factor', form.kFactor, 450, positive, 'a positive number of pulses');
  const kVolume = required('K-factor volume', form.kVolume, 1, positive, 'a positive volume');
  const kUnit = unitOf('K-factor unit', form.kUnit, 'L', 'volume');
  const volumeUnit = unitOf('volume unit', form.volumeUnit, 'L', 'volume');
  const rateUnit = unitOf('rate unit', form.rateUnit, 'L/min', 'rate');
  let inputUnit = 'pulses';
  let scale: CountScale = { litres: convert(kVolume, kUnit, 'L'), per: kFactor };
  if (mode === 'reading') {
    inputUnit = unitOf('reading unit', form.readingUnit, 'L', 'volume');
    scale = { litres: convert(1, inputUnit, 'L'), per: 1 };
  } else if (mode === 'rate') {
    inputUnit = unitOf('input rate unit', form.rateInputUnit, 'L/min', 'rate');
    scale = { litres: 1, per: 1 };
  }
  const zone = typeof form.timeZone === 'string' && form.timeZone.trim() !== '' ? form.timeZone.trim() : systemTimeZone();
  const weekStart = required('week start', form.weekStart, 1, (n) => Number.isInteger(n) && n >= 0 && n <= 6, 'a weekday from 0 (Sunday) to 6');
  const periodEvents = new Set(PERIOD_KINDS.filter((kind) => flag(form[`${kind}Events`])));
  return {
    mode,
    pulseInput,
    counterModulus: modulus,
    scale,
    offsetHz: required('frequency offset', form.offset, 0, nonNegative, 'zero or more Hz'),
    inputUnit,
    rateUnit,
    volumeUnit,
    maxGapMs: required('maximum gap', form.maxGap, 600, positive, 'a positive number of seconds') * 1000,
    zeroFlowMs: required('zero-flow timeout', form.zeroFlowTimeout, 300, nonNegative, 'zero or more seconds') * 1000,
    usageThresholdLpm: convert(required('usage threshold', form.usageThreshold, 0, nonNegative, 'zero or more'), rateUnit, 'L/min'),
    usageQuietMs: required('usage quiet time', form.usageQuiet, 60, positive, 'a positive number of seconds') * 1000,
    calendar: new Calendar(zone, weekStart),
    periodEvents,
  };
}
