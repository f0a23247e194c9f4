/**
 * Parsing and validation of incoming readings, per the message contract:
 * `payload` a finite number (numeric strings accepted), `timestamp` epoch ms or
 * the arrival time, `unit` optional and known. Nothing here throws: every
 * function returns either a value or a Problem that names the topic, the value
 * and what was expected. A Problem is a message-catalog key with its
 * parameters, so the text lives in the locales and can be translated.
 */

import { canonicalUnit, unitKind, unitsOfKind, type UnitKind } from './units';

/** A rejected input: a key in the message catalog (`common.*` for shared texts) and its parameters. */
export interface Problem {
  key: string;
  params?: Record<string, string | number>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T = never>(key: string, params?: Problem['params']): Parsed<T> {
  return refused({ key, params });
}

/** A Problem as a failed parse (the hot paths build the Problem alone, with no result object when all is well). */
export function refused<T = never>(problem: Problem): Parsed<T> {
  return { ok: false, problem };
}

const MAX_SHOWN = 60;

/** A short, printable rendering of any value for an error text. */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else if (value === null) text = 'null';
  else if (value === undefined) text = 'undefined';
  else if (Array.isArray(value)) text = `an array of ${value.length}`;
  else if (value instanceof Date) text = `Date(${String(value.getTime())})`;
  else if (typeof value === 'object') {
    try {
      text = JSON.stringify(value);
    } catch {
      text = 'an object';
    }
  } else text = typeof value;
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** The topic as it appears in error texts and status, shortened so a huge topic cannot flood a log. */
export function describeTopic(topic: unknown): string {
  if (typeof topic !== 'string' || topic === '') return '(no topic)';
  return topic.length > MAX_SHOWN ? `${topic.slice(0, MAX_SHOWN)}…` : topic;
}

/** Accepts finite numbers and strings that are entirely a finite decimal number. */
export function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return undefined;
    const n = Number(trimmed);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** The topic a message belongs to; messages without one share a default stream. */
export function topicOf(msg: { topic?: unknown }, fallback = ''): string {
  return typeof msg.topic === 'string' ? msg.topic : fallback;
}

export function parseReading(msg: { payload?: unknown; topic?: unknown }): Parsed<number> {
  const value = parseNumber(msg.payload);
  if (value === undefined) {
    return fail('common.errors.not-a-number', { topic: describeTopic(msg.topic), value: describeValue(msg.payload) });
  }
  return ok(value);
}

/** 9999-12-31T23:59:59.999Z: later instants break calendar arithmetic and are never real readings. */
const LATEST_TIMESTAMP = 253402300799999;

/**
 * Reads `msg.timestamp`: epoch milliseconds (number or numeric string), an ISO
 * date string or a Date. Absent means the arrival time `now`.
 */
export function parseTimestamp(msg: { timestamp?: unknown; topic?: unknown }, now: number): Parsed<number> {
  const ms = timestampOf(msg, now);
  return ms === undefined ? refused(badTimestamp(msg)) : ok(ms);
}

/**
 * parseTimestamp without the result object, for a node's per-message path:
 * the timestamp, or undefined when it is not one (badTimestamp says why).
 */
export function timestampOf(msg: { timestamp?: unknown }, now: number): number | undefined {
  const raw = msg.timestamp;
  if (raw === undefined || raw === null) return now;
  let ms: number | undefined;
  if (raw instanceof Date) ms = raw.getTime();
  else {
    ms = parseNumber(raw);
    if (ms === undefined && typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}/.test(raw)) ms = Date.parse(raw);
  }
  return ms === undefined || !Number.isFinite(ms) || ms < 0 || ms > LATEST_TIMESTAMP ? undefined : ms;
}

/** The refusal of a message whose timestamp timestampOf cannot read. */
export function badTimestamp(msg: { timestamp?: unknown; topic?: unknown }): Problem {
  return { key: 'common.errors.bad-timestamp', params: { topic: describeTopic(msg.topic), value: describeValue(msg.timestamp) } };
}

/**
 * Reads `msg.unit` when present and checks it is of the expected kind; absent
 * means the node's configured unit.
 */
export function parseUnit(
  msg: { unit?: unknown; topic?: unknown },
  kinds: readonly UnitKind[],
  configured: string,
): Parsed<string> {
  if (msg.unit === undefined || msg.unit === null || msg.unit === '') return ok(configured);
  const canonical = typeof msg.unit === 'string' ? canonicalUnit(msg.unit) : undefined;
  const kind = canonical === undefined ? undefined : unitKind(canonical);
  if (canonical === undefined || kind === undefined || !kinds.includes(kind)) {
    return fail('common.errors.bad-unit', {
      topic: describeTopic(msg.topic),
      value: describeValue(msg.unit),
      expected: kinds.map((k) => unitsOfKind(k).join(', ')).join(', '),
    });
  }
  return ok(canonical);
}

/** Rejects a reading older than the last one accepted for its topic. */
export function checkMonotonic(topic: string, timestamp: number, last: number | undefined): Parsed<number> {
  const problem = backwards(topic, timestamp, last);
  return problem === undefined ? ok(timestamp) : refused(problem);
}

/** checkMonotonic without the result object: the refusal of a reading older than the last, if it is. */
export function backwards(topic: string, timestamp: number, last: number | undefined): Problem | undefined {
  if (last === undefined || timestamp >= last) return undefined;
  return {
    key: 'common.errors.backwards',
    params: { topic: describeTopic(topic), value: new Date(timestamp).toISOString(), last: new Date(last).toISOString() },
  };
}

/**
 * Reads a command name from `msg.command`. Commands travel beside the payload,
 * never in it, so a reading can never be mistaken for a command.
 */
export function commandOf(msg: { command?: unknown }): string | undefined {
  if (typeof msg.command === 'string' && msg.command !== '') return msg.command.trim().toLowerCase();
  return undefined;
}
