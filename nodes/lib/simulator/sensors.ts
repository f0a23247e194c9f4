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

/** Whether a fault silences a sensor; a dropout without `sensors` silences the level sensor. */
export function dropsOut(fault: Fault, sensor: 'level' | 'flow'): boolean {
  const silenced = fault.sensors ?? 'level';
  return fault.kind === 'dropout' && (silenced === 'both' || silenced === sensor);
}

export class LevelSensor {
  /** The span of the sensor from an empty to a full tank, in its unit. */
  readonly fullScale: number;
  private last: number | undefined;

  constructor(
    private readonly tank: Tank,
    private readonly config: LevelSensorConfig,
    private readonly rng: Random,
  ) {
    this.fullScale = Math.abs(this.exact(tank.height) - this.exact(0));
  }

  /** What a perfect sensor reads at a level in metres: lengths as the tank's sensor mounting measures them. */
  exact(level: number): number {
    const unit = this.config.unit;
    return unitKind(unit) === 'length' ? this.tank.sensorFromLevel(level, unit) : this.tank.fromLevel(level, unit);
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
   * The reading at `time` for a level in metres, or undefined when a dropout
   * silences the sensor. Every reading draws the same random numbers whatever
   * the faults, so a fault changes only the readings it is active for.
   */
  read(level: number, time: number, active: readonly Fault[]): number | undefined {
    const noise = this.rng.normal() * this.config.noise;
    const spikeDraw = this.rng.next();
    const spikeSign = this.rng.next() < 0.5 ? -1 : 1;
    if (active.some((f) => dropsOut(f, 'level'))) return undefined;
    if (this.last !== undefined && active.some((f) => f.kind === 'stuck')) return this.last;
    let value = this.exact(level) + noise;
    for (const fault of active) {
      if (fault.kind === 'drift') value += ((fault.rate ?? this.defaultDrift) * (time - fault.start)) / DAY_MS;
      if (fault.kind === 'spike' && spikeDraw < (fault.probability ?? SPIKE_DEFAULT_PROBABILITY)) {
        value += spikeSign * (fault.magnitude ?? this.defaultSpike);
      }
    }
    this.last = this.quantise(value);
    return this.last;
  }

  private quantise(value: number): number {
    const step = this.config.resolution;
    return step > 0 ? tidy(Math.round(value / step) * step) : value;
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
