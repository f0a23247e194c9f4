/**
 * Volume from a flow rate sampled now and then: the trapezoid rule, which
 * takes the rate to change linearly between two readings. It is exact for a
 * rate that does, and its error for a smooth one shrinks with the square of
 * the reading interval.
 */

const MS_PER_MINUTE = 60_000;

/** Two consecutive rate readings: times in epoch ms, rates in L/min. */
export interface RateSegment {
  t0: number;
  r0: number;
  t1: number;
  r1: number;
}

/** The rate the segment's straight line gives at time t (exactly r0 at t0 and r1 at t1). */
function rateAt(s: RateSegment, t: number): number {
  return (s.r0 * (s.t1 - t) + s.r1 * (t - s.t0)) / (s.t1 - s.t0);
}

/** Litres that flowed between `from` and `to` (within the segment) at the segment's linear rate. */
export function segmentVolume(s: RateSegment, from = s.t0, to = s.t1): number {
  if (to <= from) return 0;
  return ((rateAt(s, from) + rateAt(s, to)) / 2) * ((to - from) / MS_PER_MINUTE);
}
