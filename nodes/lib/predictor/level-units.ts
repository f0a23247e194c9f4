/**
 * The units the predictor works in. With a tank, readings in any level-like
 * unit become metres of level (lengths through the sensor mounting, percent
 * and volumes through the geometry), and predictions are shown in the chosen
 * unit as a level above the floor, a fill percentage or a volume. Without a
 * tank, readings are converted within their own kind into the chosen unit and
 * the predictor works in that unit directly.
 */

import type { Tank } from '../tank';
import { convert, unitKind, type UnitKind } from '../units';
import type { Marks } from './crossing';

/** Unit kinds a level reading may come in. */
export const LEVEL_KINDS: readonly UnitKind[] = ['length', 'percent', 'volume'];

export class LevelUnits {
  constructor(
    private readonly tank: Tank | undefined,
    /** The unit of the outputs, of the marks, and of readings that carry none. */
    readonly unit: string,
  ) {
    const kind = unitKind(unit);
    if (kind === undefined || !LEVEL_KINDS.includes(kind)) throw new RangeError(`unit "${unit}" is not a level, percent or volume unit`);
  }

  /** Names the model's units, so state saved in other units is not mixed in. */
  get space(): string {
    return this.tank === undefined ? this.unit : 'm';
  }

  /** A reading in the model's units; undefined when its unit cannot express a level here. */
  fromReading(value: number, unit: string): number | undefined {
    const kind = unitKind(unit);
    if (kind === undefined || !LEVEL_KINDS.includes(kind)) return undefined;
    if (this.tank !== undefined) return this.tank.toLevel(value, unit);
    return kind === unitKind(this.unit) ? convert(value, unit, this.unit) : undefined;
  }

  /** A level of the model in the output unit. */
  toOutput(level: number): number {
    return this.tank === undefined ? level : this.tank.fromLevel(level, this.unit);
  }

  /** A mark given in the output unit, as a level of the model. */
  markToModel(value: number): number {
    if (this.tank === undefined) return value;
    // A length mark is a level above the floor, not a sensor reading: no mounting applies.
    return unitKind(this.unit) === 'length' ? convert(value, this.unit, 'm') : this.tank.toLevel(value, this.unit);
  }

  /** A rate of the model (per hour) at a level, in output units per hour: the local slope of the unit conversion times the rate. */
  rateToOutput(level: number, ratePerHour: number): number {
    if (this.tank === undefined) return ratePerHour;
    const delta = 1e-4 * this.tank.height;
    const below = Math.max(0, level - delta);
    const above = Math.min(this.tank.height, level + delta);
    return ((this.toOutput(above) - this.toOutput(below)) / (above - below)) * ratePerHour;
  }

  /** Empty and full in the model's units (full only where it is known), with the user's marks. */
  marks(low: number | undefined, high: number | undefined): Marks {
    const full = this.tank !== undefined ? this.tank.height : unitKind(this.unit) === 'percent' ? 100 : undefined;
    return {
      empty: 0,
      full,
      low: low === undefined ? undefined : this.markToModel(low),
      high: high === undefined ? undefined : this.markToModel(high),
    };
  }

  /** The range a level can take: none below empty, none above full where full is known. */
  bounds(): { min: number; max: number } {
    return { min: 0, max: this.marks(undefined, undefined).full ?? Infinity };
  }
}
