/**
 * The alert node's configuration as the editor stores it, turned into
 * settings in milliseconds. An invalid configuration throws a RangeError whose
 * message names the field, the value and what was expected; the node shows it
 * instead of running on a guess.
 */

import { isTimeZone } from './quiet-hours';
import {
  MODES,
  PREDICTION_MEASURES,
  SEVERITIES,
  SHUTOFF_POLICIES,
  THRESHOLD_LEVELS,
  type AlertSettings,
  type Condition,
  type Mode,
  type Severity,
  type QuietHoursSettings,
} from './types';

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;

/** How valve commands are written: `"close"`/`"open"`, or a boolean either way round. */
export const VALVE_FORMATS = ['text', 'open-true', 'close-true'] as const;
export type ValveFormat = (typeof VALVE_FORMATS)[number];

export interface AlertNodeConfig {
  settings: AlertSettings;
  /** The mode until a `mode` command sets another. */
  initialMode: Mode;
  valveFormat: ValveFormat;
  valveTopic: string;
  maxTopics: number;
}

type Form = Record<string, unknown>;

const CONDITION_TYPES = ['threshold', 'anomaly', 'prediction'] as const;

function invalid(field: string, value: unknown, expected: string): never {
  throw new RangeError(`${field} must be ${expected}, got ${JSON.stringify(value)}`);
}

/** A number of at least `min`; blank means the fallback. */
function numberValue(raw: unknown, field: string, fallback: number, min = 0): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(n) || n < min) invalid(field, raw, `a number of at least ${min}`);
  return n;
}

/** A required number, above `above` when given. */
function requiredNumber(raw: unknown, field: string, above = -Infinity): number {
  const n = typeof raw === 'number' ? raw : raw === '' || raw === null || raw === undefined ? NaN : Number(raw);
  if (!Number.isFinite(n) || n <= above) invalid(field, raw, above === -Infinity ? 'a number' : `a number above ${above}`);
  return n;
}

function choiceValue<T extends string>(raw: unknown, field: string, choices: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) invalid(field, raw, `one of ${choices.join(', ')}`);
  return raw as T;
}

function flagValue(raw: unknown, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  return raw === true || raw === 'true';
}

function textValue(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim() : '';
}

/** Minutes after midnight from `HH:MM`. */
function clockValue(raw: unknown, field: string, fallback: string): number {
  const text = raw === undefined || raw === '' ? fallback : raw;
  const match = typeof text === 'string' ? /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim()) : null;
  if (!match) invalid(field, raw, 'a time of day as HH:MM');
  return Number(match[1]) * 60 + Number(match[2]);
}

function conditionFromForm(form: Form, index: number): Condition {
  const at = (field: string): string => `conditions[${index}].${field}`;
  const name = textValue(form.name);
  if (name === '' || name.includes('#') || name.length > 60) invalid(at('name'), form.name, 'a name of 1 to 60 characters without #');
  const base = {
    name,
    topic: textValue(form.topic),
    onDelayMs: numberValue(form.onDelay, at('onDelay'), 0) * SECOND_MS,
    offDelayMs: numberValue(form.offDelay, at('offDelay'), 0) * SECOND_MS,
  };
  const severity = (): Severity => choiceValue(form.severity, at('severity'), SEVERITIES, 'warning');
  const type = choiceValue(form.type, at('type'), CONDITION_TYPES, 'threshold');
  if (type === 'threshold') {
    return {
      ...base,
      type,
      shutoff: flagValue(form.shutoff, false),
      level: choiceValue(form.level, at('level'), THRESHOLD_LEVELS, 'hi'),
      limit: requiredNumber(form.limit, at('limit')),
      deadband: numberValue(form.deadband, at('deadband'), 0),
      severity: severity(),
    };
  }
  if (type === 'anomaly') {
    return {
      ...base,
      type,
      shutoff: flagValue(form.shutoff, true),
      kinds: textValue(form.kinds).split(',').map((k) => k.trim()).filter((k) => k !== ''),
      minSeverity: choiceValue(form.minSeverity, at('minSeverity'), SEVERITIES, 'warning'),
    };
  }
  return {
    ...base,
    type,
    shutoff: flagValue(form.shutoff, false),
    measure: choiceValue(form.measure, at('measure'), PREDICTION_MEASURES, 'timeToEmpty'),
    limitMs: requiredNumber(form.limit, at('limit'), 0) * MINUTE_MS,
    deadbandMs: numberValue(form.deadband, at('deadband'), 0) * MINUTE_MS,
    severity: severity(),
  };
}

/** The editor's default: any anomaly event raises an alert that can close the valve. */
const DEFAULT_CONDITIONS: Form[] = [{ type: 'anomaly', name: 'leak', kinds: '', minSeverity: 'warning', shutoff: true }];

function conditionsFromForm(given: unknown): Condition[] {
  // A flow written by hand or by a tool may leave the field out: it then means the editor's default.
  const raw = given === undefined ? DEFAULT_CONDITIONS : given;
  if (!Array.isArray(raw) || raw.length === 0) invalid('conditions', raw, 'a list of at least one condition');
  const conditions = raw.map((entry, i) => conditionFromForm(entry !== null && typeof entry === 'object' ? (entry as Form) : {}, i));
  const seen = new Set<string>();
  for (const condition of conditions) {
    if (seen.has(condition.name)) invalid('conditions', condition.name, 'names that differ from each other');
    seen.add(condition.name);
  }
  return conditions;
}

function quietHoursFromForm(form: Form): QuietHoursSettings | undefined {
  if (!flagValue(form.quietHours, false)) return undefined;
  const timeZone = textValue(form.timeZone);
  if (!isTimeZone(timeZone)) invalid('timeZone', form.timeZone, 'an IANA time zone such as Europe/Berlin, or empty');
  return {
    startMinute: clockValue(form.quietStart, 'quietStart', '22:00'),
    endMinute: clockValue(form.quietEnd, 'quietEnd', '07:00'),
    timeZone,
  };
}

export function alertConfigFromForm(form: Form): AlertNodeConfig {
  const maxTopics = numberValue(form.maxTopics, 'maxTopics', 1000, 1);
  if (!Number.isInteger(maxTopics)) invalid('maxTopics', form.maxTopics, 'a whole number');
  return {
    settings: {
      conditions: conditionsFromForm(form.conditions),
      escalation: {
        warning: flagValue(form.warning, true),
        critical: flagValue(form.critical, true),
        criticalAfterMs: numberValue(form.criticalAfter, 'criticalAfter', 15) * MINUTE_MS,
        action: flagValue(form.action, true),
        actionAfterMs: numberValue(form.actionAfter, 'actionAfter', 15) * MINUTE_MS,
      },
      shutoffPolicy: {
        home: choiceValue(form.homePolicy, 'homePolicy', SHUTOFF_POLICIES, 'staged'),
        away: choiceValue(form.awayPolicy, 'awayPolicy', SHUTOFF_POLICIES, 'immediate'),
        vacation: choiceValue(form.vacationPolicy, 'vacationPolicy', SHUTOFF_POLICIES, 'immediate'),
      },
      quietHours: quietHoursFromForm(form),
      rateLimitMs: numberValue(form.rateLimit, 'rateLimit', 60) * SECOND_MS,
      reminderMs: numberValue(form.reminder, 'reminder', 60) * MINUTE_MS,
      defaultSnoozeMs: numberValue(form.snooze, 'snooze', 30) * MINUTE_MS,
      notifyClear: flagValue(form.notifyClear, true),
      openOnReset: flagValue(form.openOnReset, true),
    },
    initialMode: choiceValue(form.mode, 'mode', MODES, 'home'),
    valveFormat: choiceValue(form.valvePayload, 'valvePayload', VALVE_FORMATS, 'text'),
    valveTopic: typeof form.valveTopic === 'string' ? form.valveTopic : 'valve',
    maxTopics,
  };
}

/** The payload of a valve command in the configured format. */
export function valvePayload(command: 'close' | 'open', format: ValveFormat): string | boolean {
  if (format === 'text') return command;
  return format === 'close-true' ? command === 'close' : command === 'open';
}
