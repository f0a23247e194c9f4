/**
 * Usage events: a shower, a flush, a garden hose. An event starts with the
 * first reading whose rate is above a threshold and ends once the flow has
 * stayed at or below it for a quiet time, so a tap turned off and on again
 * within the quiet time is one event.
 */

export interface UsageState {
  start: number;
  /** The meter's count before the first reading of the event. */
  startCount: number;
  /** When the event's flow was last seen, or seen to have stopped. */
  end: number;
  endCount: number;
  /** Highest rate of the event, L/min. */
  peak: number;
  /** Whether the last reading was above the threshold. */
  flowing: boolean;
}

export interface UsageReading {
  t: number;
  /** The meter's count before and after this reading's volume. */
  countBefore: number;
  countAfter: number;
  /** L/min. */
  rate: number;
}

/**
 * Follows one reading: starts an event, extends it, or marks where its flow
 * stopped. Volume that trickles below the threshold during the quiet time
 * joins the event only if the flow picks up again. Returns the event in
 * progress, if any.
 */
export function trackUsage(usage: UsageState | undefined, reading: UsageReading, thresholdLpm: number): UsageState | undefined {
  const flowing = reading.rate > thresholdLpm;
  if (usage === undefined) {
    if (!flowing) return undefined;
    return {
      start: reading.t,
      startCount: reading.countBefore,
      end: reading.t,
      endCount: reading.countAfter,
      peak: reading.rate,
      flowing: true,
    };
  }
  if (flowing || usage.flowing) {
    // A reading right after the flow stops still carries the volume of the
    // slowing flow before it (a rate meter's last trapezoid): it belongs to the event.
    usage.end = reading.t;
    usage.endCount = reading.countAfter;
  }
  if (flowing) usage.peak = Math.max(usage.peak, reading.rate);
  usage.flowing = flowing;
  return usage;
}

/** The instant the event is over if no flow is seen before it. */
export function usageDeadline(usage: UsageState, quietMs: number): number {
  return usage.end + quietMs;
}
