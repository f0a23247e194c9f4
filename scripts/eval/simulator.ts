/**
 * How much water the simulated household uses per day with the defaults, by
 * household size: 20 seeds of 28 simulated days each, daily totals from the
 * true outflow of the tank.
 */

import { fallbackTank } from '../../nodes/lib/simulator/config';
import { TankSimulator } from '../../nodes/lib/simulator';

const SEEDS = 20;
const DAYS = 28;
const HOUR_MS = 3_600_000;
const START = Date.UTC(2026, 0, 5);

function dailyLitres(people: number, seed: number): number[] {
  const readings = new TankSimulator({ tank: fallbackTank(), seed, startTime: START, people }).generate(DAYS * 24, HOUR_MS);
  const days: number[] = [];
  for (let d = 0; d < DAYS; d++) days.push(readings.slice(d * 24, (d + 1) * 24).reduce((sum, r) => sum + r.outflowLitres, 0));
  return days;
}

export async function run(): Promise<void> {
  console.log(`Simulated daily consumption with the default household (${SEEDS} seeds x ${DAYS} days)`);
  console.log('| people | mean L/day | sd L/day | L/person/day | days in 250-500 L |');
  console.log('|---|---|---|---|---|');
  for (const people of [1, 2, 3, 4, 6]) {
    const days: number[] = [];
    for (let seed = 0; seed < SEEDS; seed++) days.push(...dailyLitres(people, seed));
    const mean = days.reduce((a, b) => a + b, 0) / days.length;
    const sd = Math.sqrt(days.reduce((a, b) => a + (b - mean) ** 2, 0) / days.length);
    const inRange = days.filter((d) => d >= 250 && d <= 500).length / days.length;
    console.log(`| ${people} | ${mean.toFixed(0)} | ${sd.toFixed(0)} | ${(mean / people).toFixed(0)} | ${(inRange * 100).toFixed(1)} % |`);
  }
}

if (require.main === module) void run();
