/**
 * Turns a stream of scores for one kind of anomaly into a condition and events.
 *
 * The condition (is it anomalous now?) has hysteresis: it starts after
 * `enterReadings` consecutive readings at or above the threshold and stops
 * when a score falls below the threshold minus the deadband, so a score
 * hovering at the threshold does not flap.
 *
 * Events (start, end) add a cooldown on top: an event ends only once its
 * condition has stayed clear for the cooldown, and a condition that returns
 * within it continues the same event. One fault raises one event, not a storm.
 */

export interface AlarmConfig {
  threshold: number;
  enterReadings: number;
  deadband: number;
  /** ms. */
  cooldown: number;
}

export interface AlarmState {
  /** The condition. */
  on: boolean;
  /** Consecutive readings at or above the threshold while off, and when the first of them came. */
  streak: number;
  streakSince?: number;
  /** The open event: when it started and its score then. */
  event?: { since: number; score: number };
  /** When the condition of the open event cleared, if it has. */
  clearedAt?: number;
}

export function emptyAlarm(): AlarmState {
  return { on: false, streak: 0 };
}

export type AlarmTransition = { state: 'start'; since: number; score: number } | { state: 'end'; since: number; score: number };

/** Updates the alarm with one reading's score at `time`; returns the event that starts or ends, if any. */
export function updateAlarm(alarm: AlarmState, config: AlarmConfig, score: number, time: number): AlarmTransition | undefined {
  if (!alarm.on) {
    if (score >= config.threshold) {
      if (alarm.streak++ === 0) alarm.streakSince = time;
    } else {
      alarm.streak = 0;
      alarm.streakSince = undefined;
    }
    if (alarm.streak >= config.enterReadings) {
      const since = alarm.streakSince ?? time;
      alarm.on = true;
      alarm.streak = 0;
      alarm.streakSince = undefined;
      alarm.clearedAt = undefined;
      if (!alarm.event) {
        alarm.event = { since, score };
        return { state: 'start', since, score };
      }
    }
  } else if (score < config.threshold - config.deadband) {
    alarm.on = false;
    alarm.clearedAt = time;
  }
  return closeIfCooled(alarm, config, time);
}

/** Ends the open event once its condition has been clear for the cooldown. */
function closeIfCooled(alarm: AlarmState, config: AlarmConfig, time: number): AlarmTransition | undefined {
  if (alarm.event && !alarm.on && alarm.clearedAt !== undefined && time - alarm.clearedAt >= config.cooldown) {
    const { since, score } = alarm.event;
    alarm.event = undefined;
    alarm.clearedAt = undefined;
    return { state: 'end', since, score };
  }
  return undefined;
}

/** Forces the condition on or off at once (for conditions known exactly, like silence). */
export function setAlarm(alarm: AlarmState, on: boolean, score: number, time: number): AlarmTransition | undefined {
  alarm.streak = 0;
  alarm.streakSince = undefined;
  if (on && !alarm.on) {
    alarm.on = true;
    alarm.clearedAt = undefined;
    if (!alarm.event) {
      alarm.event = { since: time, score };
      return { state: 'start', since: time, score };
    }
  } else if (!on && alarm.on) {
    alarm.on = false;
    alarm.clearedAt = undefined;
    const event = alarm.event;
    alarm.event = undefined;
    if (event) return { state: 'end', since: event.since, score: event.score };
  }
  return undefined;
}

/** Whether the alarm holds nothing worth keeping: off, no event open, no streak building. */
export function isIdle(alarm: AlarmState): boolean {
  return !alarm.on && !alarm.event && alarm.streak === 0;
}
