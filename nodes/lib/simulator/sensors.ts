/**
 * The simulated sensors: a level sensor with Gaussian noise, a resolution and
 * the sensor faults (stuck, dropout, spikes, drift), and a flow meter that
 * reports L/min or pulses with a K-factor.
 */

import type { Tank } from '../tank';
import { unitKind } from '../units';
import { SPIKE_DEFAULT_PROBABILITY, type Fault } from './faults';
import type { Random } from './random';

const DAY_MS = 86_400_000;
/** Defaults of the faults whose size depends on the sensor's scale. */
const SPIKE_DEFAULT_FRACTION = 0.25;
const DRIFT_DEFAULT_FRACTION_PER_DAY = 0.02;

export interface LevelSensorConfig {
  /** `%`, a length (`m`, `cm`, `mm`: what the tank's sensor mounting reads) or a volume (`L`, `m3`, `gal`). */
  unit: string;
  /** Standard deviation of the Gaussian noise, in `unit`. */
  noise: number;
  /** Readings are rounded to a multiple of this, in `unit`; 0 for none. */
  resolution: number;
}

/** Removes the binary residue of rounding to a decimal step (0.1 * 623 = 62.300000000000004). */
function tidy(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

/** Resolutions of 1, 0.1, ... 0.000001, as the steps in one unit. */
const DECIMAL_STEPS_PER_UNIT = [1, 10, 100, 1000, 1e4, 1e5, 1e6];
/** Below this many steps, k / 10^n has at most 11 significant digits, which tidy() keeps exactly. */
const MAX_DIVIDED_STEPS = 1e11;

/**
 * Rounds readings to a multiple of `resolution` (none for 0), tidied as
 * tidy() does. For a decimal resolution, within MAX_DIVIDED_STEPS steps, the
 * number tidy() reads back from its 12 digits is the double nearest to the
 * decimal k / 10^n, which is what the division gives (correctly rounded),
 * without the string; `+ 0` turns -0 into 0 as the string does.
 */
export function quantiser(resolution: number): (value: number) => number {
  if (!(resolution > 0)) return (value) => value;
  const perUnit = DECIMAL_STEPS_PER_UNIT.find((n) => resolution === 1 / n);
  return (value) => {
    const steps = Math.round(value / resolution);
    return perUnit !== undefined && Math.abs(steps) < MAX_DIVIDED_STEPS ? steps / perUnit + 0 : tidy(steps * resolution);
  };
}

/** Whether a fault silences a sensor; a dropout without `sensors` silences the level sensor. */
export function dropsOut(fault: Fault, sensor: 'level' | 'flow'): boolean {
  const silenced = fault.sensors ?? 'level';
  return fault.kind === 'dropout' && (silenced === 'both' || silenced === sensor);
}

const silencesLevel = (fault: Fault): boolean => dropsOut(fault, 'level');
const isStuck = (fault: Fault): boolean => fault.kind === 'stuck';

export class LevelSensor {
  /** The span of the sensor from an empty to a full tank, in its unit. */
  readonly fullScale: number;
  private last: number | undefined;
  private readonly measuresLength: boolean;
  private readonly quantise: (value: number) => number;

  constructor(
    private readonly tank: Tank,
    private readonly config: LevelSensorConfig,
    private readonly rng: Random,
  ) {
    this.measuresLength = unitKind(config.unit) === 'length';
    this.quantise = quantiser(config.resolution);
    this.fullScale = Math.abs(this.exact(tank.height) - this.exact(0));
  }

  /** What a perfect sensor reads at a level in metres: lengths as the tank's sensor mounting measures them. */
  exact(level: number): number {
    const unit = this.config.unit;
    return this.measuresLength ? this.tank.sensorFromLevel(level, unit) : this.tank.fromLevel(level, unit);
  }

  /** The size of a spike fault without a magnitude. */
  get defaultSpike(): number {
    return SPIKE_DEFAULT_FRACTION * this.fullScale;
  }

  /** The rate of a drift fault without one, in units per day. */
  get defaultDrift(): number {
    return DRIFT_DEFAULT_FRACTION_PER_DAY * this.fullScale;
  }

  /**
   * The reading at `time` where a perfect sensor reads `exact` (see exact()),
   * or undefined when a dropout silences the sensor. Every reading draws the
   * same random numbers whatever the faults, so a fault changes only the
   * readings it is active for.
   */
  read(exact: number, time: number, active: readonly Fault[]): number | undefined {
    const noise = this.rng.normal() * this.config.noise;
    const spikeDraw = this.rng.next();
    const spikeSign = this.rng.next() < 0.5 ? -1 : 1;
    if (active.some(silencesLevel)) return undefined;
    if (this.last !== undefined && active.some(isStuck)) return this.last;
    let value = exact + noise;
    for (const fault of active) {
      if (fault.kind === 'drift') value += ((fault.rate ?? this.defaultDrift) * (time - fault.start)) / DAY_MS;
      if (fault.kind === 'spike' && spikeDraw < (fault.probability ?? SPIKE_DEFAULT_PROBABILITY)) {
        value += spikeSign * (fault.magnitude ?? this.defaultSpike);
      }
    }
    this.last = this.quantise(value);
    return this.last;
  }
}

export class FlowMeter {
  /** Litres through the meter since the start; pulses are whole counts of it times the K-factor. */
  private litres = 0;

  constructor(private readonly kFactor: number) {}

  /**
   * Counts `litres` through the meter over `ms`. A silenced meter loses its
   * pulses (the counter was offline) but the water still flowed.
   */
  read(litres: number, ms: number, silenced: boolean): { flow?: number; pulses?: number } {
    const before = Math.floor(this.litres * this.kFactor);
    this.litres += litres;
    if (silenced) return {};
    return { flow: litres / (ms / 60_000), pulses: Math.floor(this.litres * this.kFactor) - before };
  }
}
