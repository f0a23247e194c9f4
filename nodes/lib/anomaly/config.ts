/**
 * The anomaly detector's configuration: which detectors raise alarms, their
 * limits, the water rules, and the alarm logic, with defaults that work
 * without tuning. `anomalyConfigFromForm` reads the editor's stored form
 * (numbers arrive as strings, empty means the default).
 */

import type { AlarmConfig } from './alarm';
import type { FlatLineConfig, SilenceConfig } from './sensor-health';
import type { StatisticalConfig } from './statistical';
import type { WaterRulesConfig } from './water-rules';

export const ANOMALY_KINDS = [
  'deviation',
  'outlier',
  'daily-pattern',
  'spike',
  'level-shift',
  'flat-line',
  'silence',
  'out-of-range',
  'continuous-flow',
  'night-flow',
  'burst',
  'long-event',
  'large-event',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export const STATISTICAL_KINDS = ['deviation', 'outlier', 'daily-pattern', 'spike', 'level-shift'] as const;
export const WATER_RULE_KINDS = ['continuous-flow', 'night-flow', 'burst', 'long-event', 'large-event'] as const;

export interface AnomalyConfig {
  /** Which kinds may raise alarms (and count in the score). */
  enabled: Record<AnomalyKind, boolean>;
  /** Score flow and level readings with the distribution detectors too (see channel.ts, kindsFor). */
  statisticsOnWater: boolean;
  /** Readings of a topic before learned detectors may score. */
  learningReadings: number;
  /** After this many readings in a row that the baseline refused as unusual, it accepts the new level. */
  relearnAfter: number;
  statistical: StatisticalConfig;
  flatLine: FlatLineConfig;
  silence: SilenceConfig;
  /** Physical range, in the stream's unit; undefined bounds come from the unit (no negative flow, no level above 100 %). */
  rangeMin: number | undefined;
  rangeMax: number | undefined;
  rules: WaterRulesConfig;
  alarm: AlarmConfig;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_ANOMALY_CONFIG: Readonly<AnomalyConfig> = {
  enabled: Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, true])) as Record<AnomalyKind, boolean>,
  statisticsOnWater: false,
  learningReadings: 300,
  relearnAfter: 512,
  statistical: {
    window: 512,
    minReadings: 32,
    deviationLimit: 6,
    robustLimit: 10,
    spikeLimit: 16,
    shiftSpan: 16,
    shiftLimit: 6,
    dailySlotMinutes: 30,
    dailyMemory: 32,
    dailyMinReadings: 12,
    dailyMinDays: 3,
    dailyLimit: 3,
  },
  flatLine: { factor: 4, minRun: 10, tolerance: 0 },
  silence: { timeout: 0, factor: 5, minimum: MINUTE },
  rangeMin: undefined,
  rangeMax: undefined,
  rules: {
    zeroFlow: 0.05,
    quietPeriod: HOUR,
    continuousWindow: 24 * HOUR,
    nightStart: 2 * 60,
    nightEnd: 5 * 60,
    nightFlowLimit: undefined,
    nightFlowMargin: 0.1,
    burstFlow: 30,
    burstDuration: 2 * MINUTE,
    eventMaxDuration: 2 * HOUR,
    eventMaxVolume: 500,
  },
  alarm: { threshold: 0.5, enterReadings: 2, deadband: 0.2, cooldown: 10 * MINUTE },
};

/** The editor's checkbox for each kind; the usage-event checkbox covers both of its kinds. */
export const KIND_CHECKBOX: Readonly<Record<AnomalyKind, string>> = {
  deviation: 'deviation',
  outlier: 'outlier',
  'daily-pattern': 'dailyPattern',
  spike: 'spike',
  'level-shift': 'levelShift',
  'flat-line': 'flatLine',
  silence: 'silence',
  'out-of-range': 'outOfRange',
  'continuous-flow': 'continuousFlow',
  'night-flow': 'nightFlow',
  burst: 'burst',
  'long-event': 'usageEvents',
  'large-event': 'usageEvents',
};

type Form = Record<string, unknown>;

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function numberField(form: Form, name: string, fallback: number, check: (n: number) => boolean, expected: string): number {
  const raw = form[name];
  if (isUnset(raw)) return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new RangeError(`${name} must be ${expected}, got ${JSON.stringify(raw)}`);
  return n;
}

function optionalNumber(form: Form, name: string): number | undefined {
  return isUnset(form[name]) ? undefined : numberField(form, name, 0, () => true, 'a number');
}

const positive = (n: number): boolean => n > 0;
const nonNegative = (n: number): boolean => n >= 0;
const integerAtLeast = (min: number) => (n: number) => Number.isInteger(n) && n >= min;

/** `HH:MM` to minutes after midnight. */
function timeOfDay(form: Form, name: string, fallback: number): number {
  const raw = form[name];
  if (isUnset(raw)) return fallback;
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(String(raw).trim());
  if (!m) throw new RangeError(`${name} must be a time of day HH:MM, got ${JSON.stringify(raw)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function checkbox(form: Form, name: string, fallback: boolean): boolean {
  const raw = form[name];
  if (isUnset(raw)) return fallback;
  return raw === true || raw === 'true';
}

/** Reads the stored form into a configuration; throws a RangeError naming the first invalid field. */
export function anomalyConfigFromForm(form: Form): AnomalyConfig {
  const d = DEFAULT_ANOMALY_CONFIG;
  const enabled = Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, checkbox(form, KIND_CHECKBOX[kind], true)])) as Record<AnomalyKind, boolean>;
  const window = numberField(form, 'window', d.statistical.window, integerAtLeast(16), 'a whole number of readings, at least 16');
  const threshold = numberField(form, 'threshold', d.alarm.threshold, (n) => n > 0 && n < 1, 'a score between 0 and 1');
  const rangeMin = optionalNumber(form, 'rangeMin');
  const rangeMax = optionalNumber(form, 'rangeMax');
  if (rangeMin !== undefined && rangeMax !== undefined && rangeMin >= rangeMax) {
    throw new RangeError(`rangeMin must be below rangeMax, got ${rangeMin} and ${rangeMax}`);
  }
  const minutes = (name: string, fallback: number): number => numberField(form, name, fallback / MINUTE, positive, 'a positive number of minutes') * MINUTE;
  const hours = (name: string, fallback: number): number => numberField(form, name, fallback / HOUR, positive, 'a positive number of hours') * HOUR;
  const nightLimit = optionalNumber(form, 'nightFlowLimit');
  if (nightLimit !== undefined && nightLimit < 0) throw new RangeError(`nightFlowLimit must be a flow of at least 0, got ${nightLimit}`);
  return {
    enabled,
    statisticsOnWater: checkbox(form, 'statisticsOnWater', d.statisticsOnWater),
    learningReadings: numberField(form, 'learningReadings', d.learningReadings, integerAtLeast(0), 'a whole number of readings'),
    relearnAfter: window,
    statistical: {
      ...d.statistical,
      window,
      deviationLimit: numberField(form, 'deviationLimit', d.statistical.deviationLimit, positive, 'a positive number of standard deviations'),
      robustLimit: numberField(form, 'robustLimit', d.statistical.robustLimit, positive, 'a positive number of deviations'),
      spikeLimit: numberField(form, 'spikeLimit', d.statistical.spikeLimit, positive, 'a positive number of deviations'),
      shiftLimit: numberField(form, 'shiftLimit', d.statistical.shiftLimit, positive, 'a positive number of deviations'),
      dailyLimit: numberField(form, 'dailyLimit', d.statistical.dailyLimit, positive, 'a positive number of deviations'),
    },
    flatLine: {
      ...d.flatLine,
      factor: numberField(form, 'flatLineFactor', d.flatLine.factor, (n) => n > 1, 'a factor above 1'),
    },
    silence: {
      ...d.silence,
      timeout: numberField(form, 'silenceTimeout', d.silence.timeout / 1000, nonNegative, 'a number of seconds (0 to learn it)') * 1000,
    },
    rangeMin,
    rangeMax,
    rules: {
      ...d.rules,
      zeroFlow: numberField(form, 'zeroFlow', d.rules.zeroFlow, nonNegative, 'a flow of at least 0 L/min'),
      quietPeriod: minutes('quietMinutes', d.rules.quietPeriod),
      continuousWindow: hours('continuousHours', d.rules.continuousWindow),
      nightStart: timeOfDay(form, 'nightStart', d.rules.nightStart),
      nightEnd: timeOfDay(form, 'nightEnd', d.rules.nightEnd),
      nightFlowLimit: nightLimit,
      burstFlow: numberField(form, 'burstFlow', d.rules.burstFlow, positive, 'a positive flow in L/min'),
      burstDuration: minutes('burstMinutes', d.rules.burstDuration),
      eventMaxDuration: minutes('eventMaxMinutes', d.rules.eventMaxDuration),
      eventMaxVolume: numberField(form, 'eventMaxLitres', d.rules.eventMaxVolume, positive, 'a positive number of litres'),
    },
    alarm: {
      threshold,
      enterReadings: numberField(form, 'enterReadings', d.alarm.enterReadings, integerAtLeast(1), 'a whole number of readings, at least 1'),
      deadband: numberField(form, 'deadband', d.alarm.deadband, (n) => n >= 0 && n < threshold, 'a score from 0 to below the threshold'),
      cooldown: numberField(form, 'cooldown', d.alarm.cooldown / MINUTE, nonNegative, 'a number of minutes') * MINUTE,
    },
  };
}
