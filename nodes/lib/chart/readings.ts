/**
 * Readings as the chart keeps them: a message checked against the message
 * contract and against the topic's buffer (time never going backwards, one
 * unit per series), then recorded. Checking and recording are separate so
 * that a rejected reading leaves every buffer as it was.
 */

import { checkMonotonic, describeTopic, describeValue, fail, ok, parseReading, parseTimestamp, parseUnit, topicOf, type Parsed } from '../input';
import type { UnitKind } from '../units';
import { addReading, lastTime, type Series, type SeriesLimits } from './series';

const ANY_KIND: readonly UnitKind[] = ['percent', 'length', 'volume', 'rate', 'pulses'];

export interface ChartReading {
  topic: string;
  time: number;
  value: number;
  /** Canonical unit, or undefined when the message did not say. */
  unit?: string;
}

/** Checks a message as the next reading of `series`, the buffer of its topic if it has one. */
export function parseChartReading(msg: { payload?: unknown; topic?: unknown; timestamp?: unknown; unit?: unknown }, series: Series | undefined, now: number): Parsed<ChartReading> {
  const topic = topicOf(msg);
  const value = parseReading(msg);
  if (!value.ok) return value;
  const time = parseTimestamp(msg, now);
  if (!time.ok) return time;
  const unit = parseUnit(msg, ANY_KIND, '');
  if (!unit.ok) return unit;
  const monotonic = checkMonotonic(topic, time.value, series && lastTime(series));
  if (!monotonic.ok) return monotonic;
  if (unit.value !== '' && series?.unit !== undefined && unit.value !== series.unit) {
    return fail('errors.unit-changed', { topic: describeTopic(topic), value: describeValue(msg.unit), unit: series.unit });
  }
  return ok({ topic, time: time.value, value: value.value, ...(unit.value === '' ? {} : { unit: unit.value }) });
}

/** Records a reading checked by `parseChartReading`; the first unit a series is given stays its unit. */
export function recordReading(series: Series, reading: ChartReading, limits: SeriesLimits): void {
  if (series.unit === undefined && reading.unit !== undefined) series.unit = reading.unit;
  addReading(series, reading.time, reading.value, limits);
}
