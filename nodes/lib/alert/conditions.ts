/**
 * What the alert node reads, and whether a condition holds for it. Three
 * kinds of input reach the conditions:
 *
 * - a plain reading (`payload` a number) for threshold conditions;
 * - anomaly input from `water-anomaly`: an event `{ kind, state: "start" | "end",
 *   severity, value, ... }` in `msg.payload` (or `msg.anomaly`), or a reading
 *   carrying `msg.anomaly = { score, anomalous, kinds, details }`;
 * - a prediction from `water-level-predictor`: `msg.prediction` with times in
 *   ms (`timeToEmpty`, `timeToLow`, `timeToFull`, `timeToHigh`; null when not
 *   reached).
 *
 * Parsers return a Problem for malformed input, so the node rejects it with
 * its state untouched.
 */

import { describeTopic, describeValue, fail, ok, parseNumber, type Parsed } from '../input';
import { PREDICTION_MEASURES, SEVERITIES, type PredictionMeasure, type Severity, type ThresholdLevel } from './types';

/** Whether a topic matches a condition's pattern: empty matches all, else exact or MQTT wildcards (`+` one level, `#` the rest). */
export function matchesTopic(pattern: string, topic: string): boolean {
  if (pattern === '' || pattern === topic) return true;
  if (!pattern.includes('+') && !pattern.includes('#')) return false;
  const want = pattern.split('/');
  const have = topic.split('/');
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '#') return true;
    if (i >= have.length || (want[i] !== '+' && want[i] !== have[i])) return false;
  }
  return want.length === have.length;
}

/**
 * Whether a threshold holds after `value`. Hi and HiHi hold at or above the
 * limit, Lo and LoLo at or below it; once holding, the value must pass back
 * beyond the limit by the deadband before it stops holding.
 */
export function thresholdHolds(level: ThresholdLevel, limit: number, deadband: number, value: number, wasHolding: boolean): boolean {
  const margin = wasHolding ? deadband : 0;
  return level === 'hi' || level === 'hihi' ? value >= limit - margin : value <= limit + margin;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/**
 * A severity from a name (`info`, `warning`, `critical`, any case) or a score
 * in [0, 1]: from 0.8 critical, from 0.5 warning, below that info.
 */
export function parseSeverity(value: unknown): Severity | undefined {
  if (typeof value === 'string') {
    const name = value.trim().toLowerCase();
    return (SEVERITIES as readonly string[]).includes(name) ? (name as Severity) : undefined;
  }
  if (typeof value === 'number' && value >= 0 && value <= 1) {
    if (value >= 0.8) return 'critical';
    return value >= 0.5 ? 'warning' : 'info';
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export interface AnomalyEvent {
  kind: string;
  state: 'start' | 'end';
  severity: Severity;
  value: number | null;
  /** The event's own topic, which wins over `msg.topic`. */
  topic?: string;
}

/** A reading flagged by the detector: which kinds are anomalous on it now. */
export interface FlaggedReading {
  anomalous: boolean;
  kinds: string[];
  severity: Severity;
}

interface AnomalyCarrier {
  topic?: unknown;
  payload?: unknown;
  anomaly?: unknown;
}

function isEventShape(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && ('state' in value || 'kind' in value);
}

/** The anomaly event a message carries (in `payload` or `anomaly`), undefined when it carries none. */
export function anomalyEventOf(msg: AnomalyCarrier): Parsed<AnomalyEvent> | undefined {
  const event = isEventShape(msg.payload) ? msg.payload : isEventShape(msg.anomaly) ? msg.anomaly : undefined;
  if (event === undefined) return undefined;
  const topic = typeof event.topic === 'string' ? event.topic : undefined;
  const bad = (): Parsed<AnomalyEvent> =>
    fail('errors.bad-anomaly', { topic: describeTopic(topic ?? msg.topic), value: describeValue(event) });
  if (event.state !== 'start' && event.state !== 'end') return bad();
  if (typeof event.kind !== 'string' || event.kind === '') return bad();
  const severity = event.severity === undefined ? 'warning' : parseSeverity(event.severity);
  if (severity === undefined) return bad();
  return ok({ kind: event.kind, state: event.state, severity, value: parseNumber(event.value) ?? null, topic });
}

/**
 * The flags of a reading that passed through the detector (`msg.anomaly`),
 * undefined when it has none. An anomalous reading is at least a warning; a
 * score from 0.8 makes it critical.
 */
export function flaggedReadingOf(msg: AnomalyCarrier): Parsed<FlaggedReading> | undefined {
  if (!isPlainObject(msg.anomaly)) return undefined;
  const { anomalous, kinds, score } = msg.anomaly;
  if (typeof anomalous !== 'boolean' || (kinds !== undefined && !Array.isArray(kinds))) {
    return fail('errors.bad-anomaly', { topic: describeTopic(msg.topic), value: describeValue(msg.anomaly) });
  }
  const named = (kinds ?? []).filter((k): k is string => typeof k === 'string' && k !== '');
  return ok({
    anomalous,
    kinds: anomalous && named.length === 0 ? ['anomaly'] : anomalous ? named : [],
    severity: maxSeverity('warning', parseSeverity(score) ?? 'warning'),
  });
}

/** Times from a prediction, ms; null where the mark is not reached within the predictor's limit. */
export type PredictionTimes = Record<PredictionMeasure, number | null>;

/** The times of `msg.prediction`, undefined when the message has none. */
export function predictionOf(msg: { topic?: unknown; prediction?: unknown }): Parsed<PredictionTimes> | undefined {
  if (!isPlainObject(msg.prediction)) return undefined;
  const prediction = msg.prediction;
  const times = {} as PredictionTimes;
  for (const measure of PREDICTION_MEASURES) {
    const raw = prediction[measure];
    if (raw === undefined || raw === null) {
      times[measure] = null;
    } else if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) {
      times[measure] = raw;
    } else {
      return fail('errors.bad-prediction', { topic: describeTopic(msg.topic), measure, value: describeValue(raw) });
    }
  }
  return ok(times);
}
