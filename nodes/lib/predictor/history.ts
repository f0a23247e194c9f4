/**
 * The sliding history the learned model trains on: levels and the flow rates
 * known at the time, thinned to about one sample per `step` so a sensor that
 * reports every few seconds does not fill memory, and bounded by a time span.
 * The newest reading always stands as the last sample (it replaces the last
 * one while less than a step has passed), so lookups reach up to "now".
 *
 * A fixed-size ring: adding is O(1); looking a level up at any past time is
 * O(1) for evenly spaced samples (see `levelsAt`), with linear
 * interpolation, never across a gap longer than `maxGapMs` (the sensor was
 * offline: nothing is known in between).
 *
 * The ring is kept in columns (one array of times, one of levels, one per
 * flow kind that was ever known) rather than one small array per sample:
 * arrays of plain numbers take 8 bytes an entry, where a sample array of its
 * own took about 150, which over a thousand topics of two weeks each is the
 * difference between tens and hundreds of megabytes. The columns are made
 * at their full length when the history starts, so a topic takes the memory
 * of a full history from its first reading, not more and more of it for two
 * weeks: what a thousand topics cost is known at once.
 */

export const FLOW_KINDS = ['inflow', 'outflow', 'net'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];
/** Flow rates known at a reading, in litres per minute. */
export type Flows = Partial<Record<FlowKind, number>>;

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
  /** The ring's columns, slot by slot: epoch ms and level of each sample. */
  times: number[];
  levels: number[];
  /** Per flow kind, the rate at each slot (null where not known); a kind never known has no column. */
  flows: Partial<Record<FlowKind, Array<number | null>>>;
  /** Slot of the oldest sample. */
  head: number;
  count: number;
}

/** The layout saved by earlier versions: one [time, level, inflow, outflow, net] array per slot. */
interface SampleRowsState {
  capacity: number;
  samples: Array<[number, number, number | null, number | null, number | null]>;
  head: number;
  count: number;
}

/** One more slot than span / step, for the newest reading that moves forward within its step. */
export function historyCapacity(options: HistoryOptions): number {
  return Math.ceil(options.spanMs / options.stepMs) + 2;
}

export function emptyHistoryState(options: HistoryOptions): HistoryState {
  const capacity = historyCapacity(options);
  return { capacity, times: new Array<number>(capacity).fill(0), levels: new Array<number>(capacity).fill(0), flows: {}, head: 0, count: 0 };
}

/** Steps walked from the guessed index before falling back to a binary search. */
const NEAR_WALK = 4;

/** The ring slot of the i-th sample of a ring starting at `head` (0 ≤ i ≤ capacity). */
function ringSlot(head: number, i: number, capacity: number): number {
  const slot = head + i;
  return slot < capacity ? slot : slot - capacity;
}

export class LevelHistory {
  /** Scratch for `levelAt`, which is `levelsAt` of one time. */
  private readonly query = new Float64Array(1);
  private readonly found = new Float64Array(1);

  constructor(
    readonly options: HistoryOptions,
    readonly state: HistoryState = emptyHistoryState(options),
  ) {
    const saved = state as HistoryState | SampleRowsState;
    if ('samples' in saved) this.restoreRows(saved);
    else if (saved.capacity !== historyCapacity(options)) Object.assign(state, emptyHistoryState(options));
    else this.padColumns();
  }

  get size(): number {
    return this.state.count;
  }

  time(i: number): number {
    return this.state.times[this.slot(i)];
  }

  level(i: number): number {
    return this.state.levels[this.slot(i)];
  }

  flow(i: number, kind: FlowKind): number | null {
    const column = this.state.flows[kind];
    return column === undefined ? null : column[this.slot(i)];
  }

  get newestTime(): number | undefined {
    return this.size === 0 ? undefined : this.time(this.size - 1);
  }

  /** Adds a reading; true when it began a new sample, false when it replaced the newest one. */
  add(time: number, level: number, flows: Flows): boolean {
    const s = this.state;
    const n = s.count;
    const replacesNewest = n > 0 && (time === this.time(n - 1) || (n >= 2 && time - this.time(n - 2) < this.options.stepMs));
    let slot: number;
    if (replacesNewest) {
      slot = this.slot(n - 1);
    } else {
      if (n === s.capacity) this.dropOldest();
      slot = this.slot(s.count);
      s.count++;
    }
    this.write(slot, time, level, flows);
    while (s.count > 1 && this.time(0) < time - this.options.spanMs) this.dropOldest();
    return !replacesNewest;
  }

  /** The level at a past time, interpolated between the samples around it; undefined outside the history or across a gap. */
  levelAt(time: number): number | undefined {
    this.query[0] = time;
    return this.levelsAt(this.query, 1, this.found) ? this.found[0] : undefined;
  }

  /**
   * The levels at `count` past times (`times[k]` into `levels[k]`), as
   * `levelAt` gives each; false when any is unknown. The features of a
   * sample need several lookups at once, and taking them in one call, with
   * the times read from typed arrays and not passed as arguments, keeps the
   * epoch-ms times from being boxed as heap numbers at every call.
   */
  levelsAt(times: Float64Array, count: number, levels: Float64Array): boolean {
    const s = this.state;
    const n = s.count;
    if (n === 0) return false;
    // The ring's arrays read directly rather than through time(): this runs several times for every reading.
    const { head, capacity, times: sampleTimes, levels: sampleLevels } = s;
    const maxGapMs = this.options.maxGapMs;
    const first = sampleTimes[head];
    const last = sampleTimes[ringSlot(head, n - 1, capacity)];
    // Samples are about evenly spaced, so the index the average spacing points at is right or a step away.
    const perMs = last > first ? (n - 1) / (last - first) : 0;
    for (let k = 0; k < count; k++) {
      const time = times[k];
      if (time < first || time > last) return false;
      let i = Math.min(n - 1, Math.floor((time - first) * perMs));
      let settled = false;
      for (let walk = 0; walk < NEAR_WALK; walk++) {
        if (sampleTimes[ringSlot(head, i, capacity)] > time) i--;
        else if (i + 1 < n && sampleTimes[ringSlot(head, i + 1, capacity)] <= time) i++;
        else {
          settled = true;
          break;
        }
      }
      if (!settled) i = this.searchAtOrBefore(time, i);
      const before = ringSlot(head, i, capacity);
      const t0 = sampleTimes[before];
      if (t0 === time) {
        levels[k] = sampleLevels[before];
        continue;
      }
      const after = ringSlot(head, i + 1, capacity);
      const t1 = sampleTimes[after];
      if (t1 - t0 > maxGapMs) return false;
      const w = (time - t0) / (t1 - t0);
      levels[k] = sampleLevels[before] + w * (sampleLevels[after] - sampleLevels[before]);
    }
    return true;
  }

  /**
   * The last sample at or before `time`, which lies within the history,
   * where a short walk from the index `i` did not find it (gaps made the
   * guess miss): a binary search between the guess and the end it points to.
   */
  private searchAtOrBefore(time: number, i: number): number {
    const n = this.size;
    let lo = this.time(i) <= time ? i : 0;
    let hi = this.time(i) <= time ? n - 1 : i - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.time(mid) <= time) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The ring slot of the i-th sample (0 ≤ i ≤ count, and below capacity). */
  private slot(i: number): number {
    return ringSlot(this.state.head, i, this.state.capacity);
  }

  /** Fills a slot (an existing one, or the next while the ring is still growing); a flow known for the first time gets its column. */
  private write(slot: number, time: number, level: number, flows: Flows): void {
    const s = this.state;
    s.times[slot] = time;
    s.levels[slot] = level;
    for (const kind of FLOW_KINDS) {
      const rate = flows[kind];
      let column = s.flows[kind];
      if (column === undefined) {
        if (rate === undefined) continue;
        column = s.flows[kind] = new Array<number | null>(s.capacity).fill(null);
      }
      column[slot] = rate ?? null;
    }
  }

  /**
   * Brings columns saved shorter than the ring (earlier versions grew them
   * slot by slot, from slot 0, until the ring was full) to its full length.
   */
  private padColumns(): void {
    const s = this.state;
    const pad = <T>(column: T[], filler: T): T[] => (column.length < s.capacity ? column.concat(new Array<T>(s.capacity - column.length).fill(filler)) : column);
    s.times = pad(s.times, 0);
    s.levels = pad(s.levels, 0);
    for (const kind of FLOW_KINDS) {
      const column = s.flows[kind];
      if (column !== undefined) s.flows[kind] = pad(column, null);
    }
  }

  private dropOldest(): void {
    const s = this.state;
    s.head = (s.head + 1) % s.capacity;
    s.count--;
  }

  /** Rewrites a history saved one array per sample into columns, oldest first (none if saved under other settings). */
  private restoreRows(saved: SampleRowsState): void {
    const count = saved.capacity === historyCapacity(this.options) ? saved.count : 0;
    const rows = Array.from({ length: count }, (_, i) => saved.samples[(saved.head + i) % saved.capacity]);
    const state = this.state as HistoryState & Partial<SampleRowsState>;
    delete state.samples;
    Object.assign(state, emptyHistoryState(this.options));
    rows.forEach(([time, level, ...rates], i) => {
      const flows: Flows = {};
      FLOW_KINDS.forEach((kind, k) => {
        const rate = rates[k];
        if (rate !== null) flows[kind] = rate;
      });
      this.write(i, time, level, flows);
      state.count++;
    });
  }
}
