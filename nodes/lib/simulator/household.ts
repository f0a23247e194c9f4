/**
 * Household water demand: discrete uses of fixtures (toilet flushes, taps,
 * showers, washing machine, dishwasher, an optional garden irrigation) drawn
 * at random times that follow a diurnal profile, each with a realistic volume
 * and flow rate. Demand is planned one local day ahead, so the water a
 * household uses does not depend on how often anyone looks at it.
 */

import { Random } from './random';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A daily garden watering at a fixed local hour. */
export interface IrrigationSchedule {
  /** Local hour it starts, 0-23. */
  hour: number;
  minutes: number;
  /** L/min. */
  rate: number;
}

export interface HouseholdConfig {
  people: number;
  irrigation?: IrrigationSchedule;
  /** Offset of local time from UTC, so that "morning" is the household's morning. */
  utcOffsetMinutes: number;
}

/** A stretch of constant flow from one fixture: `rate` L/min from `start` to `end` (epoch ms). */
export interface Draw {
  fixture: string;
  start: number;
  end: number;
  rate: number;
}

/** Relative likelihood of a use in each local hour, 0-23. */
type HourlyProfile = readonly number[];

/** Toilets and taps: quiet nights, a sharp morning peak, a broader evening one. */
const EVERYDAY: HourlyProfile = [0.3, 0.2, 0.15, 0.15, 0.2, 0.6, 2.2, 3, 2.4, 1.5, 1.1, 1, 1.1, 1, 0.9, 0.9, 1, 1.3, 1.8, 2, 1.8, 1.5, 1.1, 0.6];
/** Showers: mostly before work and before bed. */
const BATHING: HourlyProfile = [0.1, 0, 0, 0, 0, 0.5, 3, 4, 2.5, 1, 0.5, 0.3, 0.2, 0.2, 0.2, 0.3, 0.4, 0.6, 1, 1.5, 2, 2, 1.2, 0.5];
/** Washing machine: daytime. */
const LAUNDRY: HourlyProfile = [0, 0, 0, 0, 0, 0, 0.3, 1, 2, 2.5, 2.5, 2, 1.5, 1.2, 1, 1, 1.2, 1.5, 1.5, 1.2, 1, 0.6, 0.2, 0];
/** Dishwasher: after meals, mostly after dinner. */
const DISHES: HourlyProfile = [0, 0, 0, 0, 0, 0, 0.2, 0.5, 0.8, 0.5, 0.3, 0.3, 0.5, 0.8, 0.5, 0.3, 0.3, 0.3, 0.5, 1.5, 3, 3, 1.5, 0.5];

interface Fixture {
  name: string;
  profile: HourlyProfile;
  /** How many times it is used in one day. */
  usesPerDay(people: number, rng: Random): number;
  /** The flows of one use starting at `start`. */
  draws(start: number, rng: Random): Draw[];
}

function sum(count: number, draw: () => number): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += draw();
  return total;
}

/** One continuous draw of `litres` at `rate` L/min. */
function single(fixture: string, start: number, litres: number, rate: number): Draw[] {
  return [{ fixture, start, end: start + (litres / rate) * MINUTE_MS, rate }];
}

/** An appliance that fills several times during its programme (wash, then rinses). */
function fills(fixture: string, start: number, rng: Random, count: number, litres: [number, number], rate: number): Draw[] {
  const result: Draw[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    result.push(...single(fixture, at, rng.between(litres[0], litres[1]), rate));
    at += rng.between(12, 18) * MINUTE_MS;
  }
  return result;
}

/**
 * Volumes and rates from residential end-use studies: a modern dual-flush
 * cistern refills 4.5-7.5 L in well under a minute, a shower runs 7.5-9.5 L/min
 * for 5-10 minutes, a washing machine takes about 48 L in four fills, a
 * dishwasher about 12 L. With these, three people use about 360 L a day.
 */
const FIXTURES: readonly Fixture[] = [
  {
    name: 'toilet',
    profile: EVERYDAY,
    usesPerDay: (people, rng) => sum(people, () => rng.integer(4, 6)),
    draws: (start, rng) => single('toilet', start, rng.between(4.5, 7.5), rng.between(8, 12)),
  },
  {
    name: 'tap',
    profile: EVERYDAY,
    usesPerDay: (people, rng) => sum(people, () => rng.integer(9, 15)),
    draws: (start, rng) => single('tap', start, rng.between(0.5, 3), rng.between(4, 7)),
  },
  {
    name: 'shower',
    profile: BATHING,
    usesPerDay: (people, rng) => sum(people, () => (rng.chance(0.9) ? 1 : 0)),
    draws: (start, rng) => {
      const rate = rng.between(7.5, 9.5);
      return single('shower', start, rate * rng.between(5, 10), rate);
    },
  },
  {
    name: 'washing-machine',
    profile: LAUNDRY,
    usesPerDay: (people, rng) => (rng.chance(Math.min(1, 0.2 + 0.16 * people)) ? 1 : 0),
    draws: (start, rng) => fills('washing-machine', start, rng, 4, [10, 14], 10),
  },
  {
    name: 'dishwasher',
    profile: DISHES,
    usesPerDay: (people, rng) => (rng.chance(Math.min(1, 0.25 + 0.08 * people)) ? 1 : 0),
    draws: (start, rng) => fills('dishwasher', start, rng, 4, [2.5, 3.5], 6),
  },
];

/** Litres a constant `rate` (L/min) delivers in the part of [from, to) that overlaps [start, end). */
export function litresInWindow(rate: number, start: number, end: number, from: number, to: number): number {
  const overlap = Math.min(end, to) - Math.max(start, from);
  return overlap > 0 ? (rate * overlap) / MINUTE_MS : 0;
}

export class Household {
  private readonly rng: Random;
  /** Draws not yet started, sorted by start. */
  private pending: Draw[] = [];
  private active: Draw[] = [];
  /** Demand is planned up to here (a local midnight). */
  private plannedUntil: number;
  /** See steadyUntil. */
  private steady = -Infinity;

  constructor(
    private readonly config: HouseholdConfig,
    seed: number | string,
    startTime: number,
  ) {
    this.rng = Random.stream(seed, 'household');
    this.plannedUntil = this.localMidnight(startTime);
  }

  /** Litres the household draws during [from, to). Calls must follow each other in time. */
  litresBetween(from: number, to: number): number {
    while (this.plannedUntil < to) this.planDay();
    while (this.pending.length > 0 && this.pending[0].start < to) this.active.push(this.pending.shift() as Draw);
    let litres = 0;
    let steady = this.pending.length > 0 ? Math.min(this.plannedUntil, this.pending[0].start) : this.plannedUntil;
    let kept = 0;
    for (const draw of this.active) {
      litres += litresInWindow(draw.rate, draw.start, draw.end, from, to);
      if (draw.end > to) {
        this.active[kept++] = draw;
        // One that started within the window draws more in the next.
        steady = Math.min(steady, draw.start > from ? to : draw.end);
      } else if (draw.end > from) {
        // One that drew in this window draws nothing in the next.
        steady = Math.min(steady, to);
      }
    }
    this.active.length = kept;
    this.steady = steady;
    return litres;
  }

  /**
   * After `litresBetween(from, to)`: every later window of the same length
   * that ends by this time has the same draws running throughout it, so draws
   * the same litres, and needs no call (skipping calls changes nothing).
   */
  get steadyUntil(): number {
    return this.steady;
  }

  /** The fixtures running at `time` (within the window last asked for). */
  runningFixtures(time: number): string[] {
    const running: string[] = [];
    for (const draw of this.active) if (draw.start <= time && time < draw.end) running.push(draw.fixture);
    return running;
  }

  private localMidnight(time: number): number {
    const offset = this.config.utcOffsetMinutes * MINUTE_MS;
    return Math.floor((time + offset) / DAY_MS) * DAY_MS - offset;
  }

  private planDay(): void {
    const dayStart = this.plannedUntil;
    const planned: Draw[] = [];
    for (const fixture of FIXTURES) {
      const uses = fixture.usesPerDay(this.config.people, this.rng);
      for (let i = 0; i < uses; i++) {
        const start = dayStart + (this.rng.weighted(fixture.profile) + this.rng.next()) * HOUR_MS;
        planned.push(...fixture.draws(start, this.rng));
      }
    }
    const irrigation = this.config.irrigation;
    if (irrigation && irrigation.minutes > 0 && irrigation.rate > 0) {
      const start = dayStart + irrigation.hour * HOUR_MS;
      planned.push({ fixture: 'irrigation', start, end: start + irrigation.minutes * MINUTE_MS, rate: irrigation.rate });
    }
    // Appliance fills can run past midnight into the next day's draws: keep one sorted queue.
    this.pending = [...this.pending, ...planned].sort((a, b) => a.start - b.start);
    this.plannedUntil = dayStart + DAY_MS;
  }
}
