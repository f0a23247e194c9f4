/**
 * Tank geometry: exact level <-> volume <-> percent conversions for the three
 * common tank shapes, and the sensor mounting that turns a raw reading into a
 * level. Lengths are metres and volumes litres inside; units are converted at
 * the edges with `units.ts`.
 */

import { convert, toMetres, unitKind } from './units';

export const TANK_SHAPES = ['vertical-cylinder', 'horizontal-cylinder', 'rectangular'] as const;
export type TankShape = (typeof TANK_SHAPES)[number];
export type SensorMounting = 'bottom' | 'top';

/** The editor's configuration, as stored in the flow. Dimensions are in `dimensionUnit`. */
export interface TankConfig {
  shape: TankShape;
  dimensionUnit: string;
  /** Vertical and horizontal cylinders. */
  diameter?: number;
  /** Vertical cylinder and rectangular tank: the height of the full level. */
  height?: number;
  /** Horizontal cylinder and rectangular tank. */
  length?: number;
  /** Rectangular tank. */
  width?: number;
  /** Nameplate capacity in litres; when set, volumes are scaled so the full level holds exactly this. */
  capacity?: number;
  /** `bottom`: the sensor reports the level above the floor; `top`: an ultrasonic distance down to the water. */
  sensor: SensorMounting;
  /** bottom: height of the sensor above the floor; top: distance from the sensor to the full level. */
  sensorOffset?: number;
}

const LITRES_PER_M3 = 1000;

function positive(name: string, value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}

/** Area of the circular segment of a circle of radius r filled to depth h (0 <= h <= 2r). */
export function circularSegmentArea(r: number, h: number): number {
  const d = r - h;
  return r * r * Math.acos(d / r) - d * Math.sqrt(Math.max(0, 2 * r * h - h * h));
}

export class Tank {
  /** Level of a full tank, metres. */
  readonly height: number;
  /** Litres at the full level. */
  readonly capacity: number;
  readonly shape: TankShape;
  private readonly sensor: SensorMounting;
  private readonly sensorOffset: number;
  /** Converts the shape's geometric volume to the nameplate capacity when one is set. */
  private readonly scale: number;
  private readonly geometricVolume: (level: number) => number;
  /** Inverse of `geometricVolume` where it is closed-form; undefined means solve numerically. */
  private readonly geometricLevel?: (litres: number) => number;

  constructor(config: TankConfig) {
    const u = config.dimensionUnit || 'm';
    if (unitKind(u) !== 'length') throw new RangeError(`dimension unit "${u}" is not a length unit`);
    const m = (name: string, v: number | undefined): number => toMetres(positive(name, v), u);
    this.shape = config.shape;
    switch (config.shape) {
      case 'vertical-cylinder': {
        const r = m('diameter', config.diameter) / 2;
        const area = Math.PI * r * r * LITRES_PER_M3;
        this.height = m('height', config.height);
        this.geometricVolume = (h) => area * h;
        this.geometricLevel = (v) => v / area;
        break;
      }
      case 'horizontal-cylinder': {
        const r = m('diameter', config.diameter) / 2;
        const len = m('length', config.length) * LITRES_PER_M3;
        this.height = 2 * r;
        this.geometricVolume = (h) => circularSegmentArea(r, h) * len;
        break;
      }
      case 'rectangular': {
        const area = m('length', config.length) * m('width', config.width) * LITRES_PER_M3;
        this.height = m('height', config.height);
        this.geometricVolume = (h) => area * h;
        this.geometricLevel = (v) => v / area;
        break;
      }
      default:
        throw new RangeError(`unknown tank shape "${String(config.shape)}"`);
    }
    const full = this.geometricVolume(this.height);
    this.capacity = config.capacity === undefined || config.capacity === null ? full : positive('capacity', config.capacity);
    this.scale = this.capacity / full;
    this.sensor = config.sensor === 'top' ? 'top' : 'bottom';
    const offset = config.sensorOffset ?? 0;
    if (!Number.isFinite(offset)) throw new RangeError(`sensor offset must be a number, got ${String(offset)}`);
    this.sensorOffset = toMetres(offset, u);
  }

  private clampLevel(level: number): number {
    return Math.min(this.height, Math.max(0, level));
  }

  /** Litres held at a level in metres (levels outside the tank are clamped to it). */
  volumeAt(level: number): number {
    return this.geometricVolume(this.clampLevel(level)) * this.scale;
  }

  /** Level in metres that holds the given litres (clamped to empty and full). */
  levelAt(litres: number): number {
    const target = Math.min(this.capacity, Math.max(0, litres)) / this.scale;
    if (this.geometricLevel) return this.clampLevel(this.geometricLevel(target));
    return this.solveLevel(target);
  }

  /** Fill percentage by volume at a level in metres. */
  percentAt(level: number): number {
    return (this.volumeAt(level) / this.capacity) * 100;
  }

  /** Level in metres at a fill percentage by volume. */
  levelAtPercent(percent: number): number {
    return this.levelAt((percent / 100) * this.capacity);
  }

  /**
   * The level in metres that a raw sensor reading of length means: a
   * bottom-mounted sensor adds its height above the floor, a top-mounted one
   * measures the air gap down to the water.
   */
  levelFromSensor(reading: number, unit = 'm'): number {
    const r = toMetres(reading, unit);
    return this.sensor === 'top' ? this.height + this.sensorOffset - r : r + this.sensorOffset;
  }

  /** The raw sensor reading (in `unit`) that a level in metres produces. */
  sensorFromLevel(level: number, unit = 'm'): number {
    const raw = this.sensor === 'top' ? this.height + this.sensorOffset - level : level - this.sensorOffset;
    return convert(raw, 'm', unit);
  }

  /**
   * Converts a level reading in any level-like unit to metres of level:
   * lengths go through the sensor mounting, percent and volumes through the geometry.
   */
  toLevel(value: number, unit: string): number {
    const kind = unitKind(unit);
    if (kind === 'length') return this.levelFromSensor(value, unit);
    if (kind === 'percent') return this.levelAtPercent(value);
    if (kind === 'volume') return this.levelAt(convert(value, unit, 'L'));
    throw new RangeError(`unit "${unit}" is not a level, percent or volume unit`);
  }

  /** Expresses a level in metres in a level-like unit (length units as level above the floor). */
  fromLevel(level: number, unit: string): number {
    const kind = unitKind(unit);
    if (kind === 'length') return convert(level, 'm', unit);
    if (kind === 'percent') return this.percentAt(level);
    if (kind === 'volume') return convert(this.volumeAt(level), 'L', unit);
    throw new RangeError(`unit "${unit}" is not a level, percent or volume unit`);
  }

  /**
   * Inverts a monotonic volume function by bisection: 200 halvings of the
   * tank height reach the limit of double precision, so the result is exact to
   * the last bit the arithmetic allows.
   */
  private solveLevel(targetVolume: number): number {
    let lo = 0;
    let hi = this.height;
    for (let i = 0; i < 200 && hi - lo > 0; i++) {
      const mid = (lo + hi) / 2;
      if (mid === lo || mid === hi) break;
      if (this.geometricVolume(mid) < targetVolume) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  }
}

/** Reads the editor's stored form (numbers arrive as strings, empty means unset) into a TankConfig. */
export function tankConfigFromForm(form: Record<string, unknown>): TankConfig {
  const num = (v: unknown): number | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? n : NaN;
  };
  return {
    shape: String(form.shape ?? 'vertical-cylinder') as TankShape,
    dimensionUnit: String(form.dimensionUnit ?? 'm'),
    diameter: num(form.diameter),
    height: num(form.height),
    length: num(form.length),
    width: num(form.width),
    capacity: num(form.capacity),
    sensor: form.sensor === 'top' ? 'top' : 'bottom',
    sensorOffset: num(form.sensorOffset) ?? 0,
  };
}
