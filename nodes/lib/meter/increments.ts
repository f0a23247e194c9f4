/**
 * What a cumulative input adds since its last value: a pulse counter that may
 * roll over or restart from zero, and a meter index that may be replaced.
 * Neither ever yields a negative volume, and nothing is counted twice.
 */

/** How a counter got from its last value to the current one. */
export type CounterStep = 'count' | 'rollover' | 'reset';

export interface CounterIncrement {
  pulses: number;
  step: CounterStep;
}

/**
 * Pulses a running counter has added since `last`.
 *
 * A counter that went down either wrapped past its largest value (`modulus`,
 * for example 65536 for a 16-bit counter) or restarted from zero (the device
 * rebooted). With a modulus, the reading that needs the shorter way round is
 * taken, as serial-number arithmetic does: a wrap forward by less than half
 * the range is a rollover, anything else a restart. A restarted counter has
 * counted its current value since the restart, so that is what it adds.
 */
export function counterIncrement(last: number, current: number, modulus?: number): CounterIncrement {
  if (current >= last) return { pulses: current - last, step: 'count' };
  if (modulus !== undefined) {
    const wrapped = modulus - last + current;
    if (wrapped < last - current) return { pulses: wrapped, step: 'rollover' };
  }
  return { pulses: current, step: 'reset' };
}

export interface ReadingIncrement {
  volume: number;
  /** The index went down: the meter was replaced or reset, and the new reading is the new baseline. */
  replaced: boolean;
}

/** Volume a meter index has added since `last`; an index that went down adds nothing. */
export function readingIncrement(last: number, current: number): ReadingIncrement {
  if (current < last) return { volume: 0, replaced: true };
  return { volume: current - last, replaced: false };
}
