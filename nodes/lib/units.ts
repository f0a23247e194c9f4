/**
 * Units of the message contract and exact conversions between them.
 *
 * Every quantity is converted through one base unit per kind (litres, litres per
 * minute, metres), so any pair of units of the same kind converts with one
 * multiplication and one division and nothing else.
 */

export type UnitKind = 'volume' | 'rate' | 'length' | 'percent' | 'pulses';

interface UnitInfo {
  kind: UnitKind;
  /** How many base units (L, L/min, m, %, pulse) one of this unit is. */
  toBase: number;
  label: string;
}

/** One US liquid gallon in litres, exact by definition (231 cubic inches). */
export const LITRES_PER_US_GALLON = 3.785411784;

const UNITS: Readonly<Record<string, UnitInfo>> = {
  L: { kind: 'volume', toBase: 1, label: 'litres' },
  m3: { kind: 'volume', toBase: 1000, label: 'cubic metres' },
  gal: { kind: 'volume', toBase: LITRES_PER_US_GALLON, label: 'US gallons' },
  'L/min': { kind: 'rate', toBase: 1, label: 'litres per minute' },
  'L/s': { kind: 'rate', toBase: 60, label: 'litres per second' },
  'L/h': { kind: 'rate', toBase: 1 / 60, label: 'litres per hour' },
  'm3/h': { kind: 'rate', toBase: 1000 / 60, label: 'cubic metres per hour' },
  gpm: { kind: 'rate', toBase: LITRES_PER_US_GALLON, label: 'US gallons per minute' },
  m: { kind: 'length', toBase: 1, label: 'metres' },
  cm: { kind: 'length', toBase: 0.01, label: 'centimetres' },
  mm: { kind: 'length', toBase: 0.001, label: 'millimetres' },
  '%': { kind: 'percent', toBase: 1, label: 'percent' },
  pulses: { kind: 'pulses', toBase: 1, label: 'pulses' },
};

/** Spellings people and devices commonly send, mapped to the canonical unit. */
const ALIASES: Readonly<Record<string, string>> = {
  l: 'L', litre: 'L', liter: 'L', litres: 'L', liters: 'L',
  'm³': 'm3', m3: 'm3',
  gallon: 'gal', gallons: 'gal', usgal: 'gal',
  'l/min': 'L/min', lpm: 'L/min', 'l/m': 'L/min',
  'l/s': 'L/s', 'l/h': 'L/h',
  'm³/h': 'm3/h', 'm3/h': 'm3/h',
  'gal/min': 'gpm', gpm: 'gpm',
  percent: '%', pct: '%',
  pulse: 'pulses', imp: 'pulses',
};

export const VOLUME_UNITS = ['L', 'm3', 'gal'] as const;
export const RATE_UNITS = ['L/min', 'L/s', 'L/h', 'm3/h', 'gpm'] as const;
export const LENGTH_UNITS = ['m', 'cm', 'mm'] as const;
export type VolumeUnit = (typeof VOLUME_UNITS)[number];
export type RateUnit = (typeof RATE_UNITS)[number];
export type LengthUnit = (typeof LENGTH_UNITS)[number];

/** Returns the canonical spelling of a unit, or undefined when it is not one we know. */
export function canonicalUnit(unit: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(UNITS, unit)) return unit;
  const alias = ALIASES[unit.trim().toLowerCase()];
  return alias;
}

export function unitKind(unit: string): UnitKind | undefined {
  const canonical = canonicalUnit(unit);
  return canonical === undefined ? undefined : UNITS[canonical].kind;
}

export function isUnitOfKind(unit: string, kind: UnitKind): boolean {
  return unitKind(unit) === kind;
}

export function unitsOfKind(kind: UnitKind): string[] {
  return Object.keys(UNITS).filter((u) => UNITS[u].kind === kind);
}

/**
 * Converts a value between two units of the same kind.
 * Throws on an unknown unit or a change of kind: callers validate first, so this is a bug guard.
 */
export function convert(value: number, from: string, to: string): number {
  const a = canonicalUnit(from);
  const b = canonicalUnit(to);
  if (a === undefined || b === undefined) {
    throw new Error(`unknown unit "${a === undefined ? from : to}"`);
  }
  if (a === b) return value;
  const ua = UNITS[a];
  const ub = UNITS[b];
  if (ua.kind !== ub.kind) {
    throw new Error(`cannot convert ${ua.label} to ${ub.label}`);
  }
  return (value * ua.toBase) / ub.toBase;
}

/**
 * convert() from one unit to another with the units looked up once, for a
 * conversion made for every reading: the same multiplication and division,
 * so the same result to the last bit. Refuses what convert() refuses.
 */
export function converter(from: string, to: string): (value: number) => number {
  convert(0, from, to);
  const a = UNITS[canonicalUnit(from) as string];
  const b = UNITS[canonicalUnit(to) as string];
  return a === b ? (value) => value : (value) => (value * a.toBase) / b.toBase;
}

/**
 * The volume unit whose amount per minute a rate unit measures, with the factor
 * from "that volume per minute" to the rate unit. Lets a meter integrate a rate
 * into a volume without a table of its own.
 */
export function litresPerMinute(rate: number, unit: string): number {
  return convert(rate, unit, 'L/min');
}

export function fromLitresPerMinute(rateLpm: number, unit: string): number {
  return convert(rateLpm, 'L/min', unit);
}

export function toLitres(volume: number, unit: string): number {
  return convert(volume, unit, 'L');
}

export function fromLitres(litres: number, unit: string): number {
  return convert(litres, 'L', unit);
}

export function toMetres(length: number, unit: string): number {
  return convert(length, unit, 'm');
}
