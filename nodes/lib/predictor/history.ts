/**
 * The sliding history the learned model trains on: levels and the flow rates
 * known at the time, thinned to about one sample per `step` so a sensor that
 * reports every few seconds does not fill memory, and bounded by a time span.
 * The newest reading always stands as the last sample (it replaces the last
 * one while less than a step has passed), so lookups reach up to "now".
 *
 * A fixed-size ring: adding is O(1); looking a level up at any past time is
 * O(1) for evenly spaced samples (see `indexAtOrBefore`), with linear
 * interpolation, never across a gap longer than `maxGapMs` (the sensor was
 * offline: nothing is known in between).
 */

export const FLOW_KINDS = ['inflow', 'outflow', 'net'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];
/** Flow rates known at a reading, in litres per minute. */
export type Flows = Partial<Record<FlowKind, number>>;

/** [epoch ms, level, inflow, outflow, net flow]; a flow is null when not known. */
export type HistorySample = [number, number, number | null, number | null, number | null];

export interface HistoryOptions {
  /** Samples older than this (ms) before the newest are dropped. */
  spanMs: number;
  /** About one sample is kept per step (ms). */
  stepMs: number;
  /** Levels are not interpolated between samples further apart than this (ms). */
  maxGapMs: number;
}

/** The plain-JSON state of a history, kept in node context. */
export interface HistoryState {
  capacity: number;
  samples: HistorySample[];
  /** Index of the oldest sample in the ring. */
  head: number;
  count: number;
}

/** One more slot than span / step, for the newest reading that moves forward within its step. */
export function historyCapacity(options: HistoryOptions): number {
  return Math.ceil(options.spanMs / options.stepMs) + 2;
}

export function emptyHistoryState(options: HistoryOptions): HistoryState {
  return { capacity: historyCapacity(options), samples: [], head: 0, count: 0 };
}

const FLOW_OFFSET = 2;
/** Steps walked from the guessed index before falling back to a binary search. */
const NEAR_WALK = 4;

export class LevelHistory {
  constructor(
    readonly options: HistoryOptions,
    readonly state: HistoryState = emptyHistoryState(options),
  ) {
    if (state.capacity !== historyCapacity(options)) Object.assign(state, emptyHistoryState(options));
  }

  get size(): number {
    return this.state.count;
  }

  /** The i-th sample, oldest first. */
  sample(i: number): HistorySample {
    return this.state.samples[(this.state.head + i) % this.state.capacity];
  }

  time(i: number): number {
    return this.sample(i)[0];
  }

  level(i: number): number {
    return this.sample(i)[1];
  }

  flow(i: number, kind: FlowKind): number | null {
    return this.sample(i)[FLOW_OFFSET + FLOW_KINDS.indexOf(kind)];
  }

  get newestTime(): number | undefined {
    return this.size === 0 ? undefined : this.time(this.size - 1);
  }

  add(time: number, level: number, flows: Flows): void {
    const s = this.state;
    const sample: HistorySample = [time, level, flows.inflow ?? null, flows.outflow ?? null, flows.net ?? null];
    const n = s.count;
    const replacesNewest = n > 0 && (time === this.time(n - 1) || (n >= 2 && time - this.time(n - 2) < this.options.stepMs));
    if (replacesNewest) {
      s.samples[(s.head + n - 1) % s.capacity] = sample;
    } else {
      if (n === s.capacity) this.dropOldest();
      s.samples[(s.head + s.count) % s.capacity] = sample;
      s.count++;
    }
    while (s.count > 1 && this.time(0) < time - this.options.spanMs) this.dropOldest();
  }

  /** The level at a past time, interpolated between the samples around it; undefined outside the history or across a gap. */
  levelAt(time: number): number | undefined {
    const n = this.size;
    if (n === 0 || time < this.time(0) || time > this.time(n - 1)) return undefined;
    const lo = this.indexAtOrBefore(time);
    const t0 = this.time(lo);
    if (t0 === time) return this.level(lo);
    const t1 = this.time(lo + 1);
    if (t1 - t0 > this.options.maxGapMs) return undefined;
    const w = (time - t0) / (t1 - t0);
    return this.level(lo) + w * (this.level(lo + 1) - this.level(lo));
  }

  /**
   * The last sample at or before `time`, which lies within the history.
   * Samples are about evenly spaced, so the index the average spacing points
   * at is right or a step away: a short walk from there finds it in O(1).
   * Where gaps make the guess miss by more, a binary search between the
   * guess and the end it points to takes over.
   */
  private indexAtOrBefore(time: number): number {
    const n = this.size;
    const first = this.time(0);
    const span = this.time(n - 1) - first;
    let i = span > 0 ? Math.min(n - 1, Math.floor(((time - first) / span) * (n - 1))) : 0;
    for (let walk = 0; walk < NEAR_WALK; walk++) {
      if (this.time(i) > time) i--;
      else if (i + 1 < n && this.time(i + 1) <= time) i++;
      else return i;
    }
    let lo = this.time(i) <= time ? i : 0;
    let hi = this.time(i) <= time ? n - 1 : i - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.time(mid) <= time) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private dropOldest(): void {
    const s = this.state;
    s.head = (s.head + 1) % s.capacity;
    s.count--;
  }
}
