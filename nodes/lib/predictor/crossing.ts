/**
 * When a predicted trajectory reaches a level. The trajectory is the line
 * through the level now and the predicted levels at each horizon, continued
 * past the longest horizon at the rate of its last segment; a time beyond
 * `limitMs` is not reported (null), since no model sees that far.
 */

export interface TrajectoryPoint {
  /** ms after now. */
  offset: number;
  level: number;
}

export interface Marks {
  empty?: number;
  full?: number;
  low?: number;
  high?: number;
}

export interface ThresholdTimes {
  timeToEmpty: number | null;
  timeToFull: number | null;
  timeToLow: number | null;
  timeToHigh: number | null;
}

/**
 * ms until the trajectory falls to `target` (`falling`) or rises to it; 0 when
 * it is there already, null when not within the limit.
 */
export function timeToReach(trajectory: readonly TrajectoryPoint[], target: number, falling: boolean, limitMs: number): number | null {
  if (trajectory.length === 0) return null;
  if (reached(trajectory[0].level, target, falling)) return 0;
  for (let i = 1; i < trajectory.length; i++) {
    if (reached(trajectory[i].level, target, falling)) return withinLimit(crossingOffset(trajectory[i - 1], trajectory[i], target), limitMs);
  }
  if (trajectory.length < 2) return null;
  const last = trajectory[trajectory.length - 1];
  const before = trajectory[trajectory.length - 2];
  const heading = falling ? last.level < before.level : last.level > before.level;
  return heading ? withinLimit(crossingOffset(before, last, target), limitMs) : null;
}

/** The times to every mark set (null for a mark not set), into `times` when given. */
export function thresholdTimes(trajectory: readonly TrajectoryPoint[], marks: Marks, limitMs: number, times: ThresholdTimes = emptyTimes()): ThresholdTimes {
  times.timeToEmpty = marks.empty === undefined ? null : timeToReach(trajectory, marks.empty, true, limitMs);
  times.timeToFull = marks.full === undefined ? null : timeToReach(trajectory, marks.full, false, limitMs);
  times.timeToLow = marks.low === undefined ? null : timeToReach(trajectory, marks.low, true, limitMs);
  times.timeToHigh = marks.high === undefined ? null : timeToReach(trajectory, marks.high, false, limitMs);
  return times;
}

function emptyTimes(): ThresholdTimes {
  return { timeToEmpty: null, timeToFull: null, timeToLow: null, timeToHigh: null };
}

function reached(level: number, target: number, falling: boolean): boolean {
  return falling ? level <= target : level >= target;
}

/** Where the line through a and b reaches the target. */
function crossingOffset(a: TrajectoryPoint, b: TrajectoryPoint, target: number): number {
  return a.offset + ((target - a.level) * (b.offset - a.offset)) / (b.level - a.level);
}

function withinLimit(offset: number, limitMs: number): number | null {
  return offset <= limitMs ? offset : null;
}
