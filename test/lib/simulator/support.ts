/** Shared set-up for the simulator specs: a 1000 L tank and a simulator over it. */

import { Tank } from '../../../nodes/lib/tank';
import { TankSimulator, type SimulatorConfig } from '../../../nodes/lib/simulator';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** A Monday, 00:00 UTC. */
export const START = Date.UTC(2026, 0, 5);

export const tank = new Tank({ shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: 1, height: 1.2, capacity: 1000, sensor: 'bottom' });

export function simulator(config: Partial<SimulatorConfig> = {}): TankSimulator {
  return new TankSimulator({ tank, seed: 1, startTime: START, ...config });
}

export function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
