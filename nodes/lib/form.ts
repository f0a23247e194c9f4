/**
 * A node's editor form read into settings. The editor sends numbers as
 * strings and an empty field means its default; every field is checked
 * against the values it accepts. A rejected field is the node's own
 * `errors.bad-config` Problem (each node's catalog has that key), naming the
 * field, the value and what was expected.
 */

import { describeValue, fail, ok, parseNumber, type Parsed } from './input';

export interface Range {
  min: number;
  max: number;
  /** Whether `min` itself is allowed. */
  minIncluded?: boolean;
  integer?: boolean;
}

/** Reads one numeric field; empty means `fallback`. */
export function numberField(form: Record<string, unknown>, field: string, fallback: number, range: Range): Parsed<number> {
  const raw = form[field];
  if (raw === undefined || raw === null || raw === '') return ok(fallback);
  const value = parseNumber(raw);
  const aboveMin = range.minIncluded === false ? (value ?? NaN) > range.min : (value ?? NaN) >= range.min;
  if (value === undefined || !aboveMin || value > range.max || (range.integer && !Number.isInteger(value))) {
    const kind = range.integer ? 'a whole number' : 'a number';
    const low = range.minIncluded === false ? `above ${range.min}` : `from ${range.min}`;
    return fail('errors.bad-config', { field, value: describeValue(raw), expected: `${kind} ${low} to ${range.max}` });
  }
  return ok(value);
}

/** Reads numeric fields described as `field: [default, range]`; the first bad one is the Problem. */
export function numberFields<K extends string>(form: Record<string, unknown>, spec: Readonly<Record<K, readonly [number, Range]>>): Parsed<Record<K, number>> {
  const values = {} as Record<K, number>;
  for (const field of Object.keys(spec) as K[]) {
    const [fallback, range] = spec[field];
    const parsed = numberField(form, field, fallback, range);
    if (!parsed.ok) return parsed;
    values[field] = parsed.value;
  }
  return ok(values);
}

/** Reads a field that takes one of `choices`; empty means the first. */
export function choiceField<T extends string>(form: Record<string, unknown>, field: string, choices: readonly T[]): Parsed<T> {
  const raw = form[field];
  if (raw === undefined || raw === null || raw === '') return ok(choices[0]);
  if (!(choices as readonly unknown[]).includes(raw)) {
    return fail('errors.bad-config', { field, value: describeValue(raw), expected: choices.join(', ') });
  }
  return ok(raw as T);
}

/** Reads a checkbox; absent means `fallback` (a form saved before the field existed). */
export function booleanField(form: Record<string, unknown>, field: string, fallback: boolean): boolean {
  const raw = form[field];
  if (raw === undefined || raw === null || raw === '') return fallback;
  return raw !== false && raw !== 'false';
}
