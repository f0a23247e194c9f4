/**
 * The anomaly detector's configuration: which detectors raise alarms, their
 * limits, the water rules, and the alarm logic, with defaults that work
 * without tuning. `anomalyConfigFromForm` reads the editor's stored form
 * (numbers arrive as strings, empty means the default) with the shared form
 * fields, so a bad field is the node's `errors.bad-config` problem.
 */

import { booleanField, numberField, numberFields, type Range } from '../form';
import { describeValue, fail, ok, type Parsed } from '../input';
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

/** The longest rolling window: its values kept in sorted blocks, a reading costs nearly the same up to it (sorted-blocks.ts). */
export const MAX_WINDOW = 100_000;

const positive = (max: number): Range => ({ min: 0, max, minIncluded: false });

/** The numeric fields of the form with their defaults (in the form's units) and the values they accept. */
const NUMBER_FIELDS = {
  learningReadings: [DEFAULT_ANOMALY_CONFIG.learningReadings, { min: 0, max: 1e6, integer: true }],
  window: [DEFAULT_ANOMALY_CONFIG.statistical.window, { min: 16, max: MAX_WINDOW, integer: true }],
  deviationLimit: [DEFAULT_ANOMALY_CONFIG.statistical.deviationLimit, positive(1000)],
  robustLimit: [DEFAULT_ANOMALY_CONFIG.statistical.robustLimit, positive(1000)],
  spikeLimit: [DEFAULT_ANOMALY_CONFIG.statistical.spikeLimit, positive(1000)],
  shiftLimit: [DEFAULT_ANOMALY_CONFIG.statistical.shiftLimit, positive(1000)],
  dailyLimit: [DEFAULT_ANOMALY_CONFIG.statistical.dailyLimit, positive(1000)],
  flatLineFactor: [DEFAULT_ANOMALY_CONFIG.flatLine.factor, { min: 1, max: 1000, minIncluded: false }],
  silenceTimeout: [DEFAULT_ANOMALY_CONFIG.silence.timeout / 1000, { min: 0, max: 30 * 86_400 }],
  zeroFlow: [DEFAULT_ANOMALY_CONFIG.rules.zeroFlow, { min: 0, max: 1000 }],
  quietMinutes: [DEFAULT_ANOMALY_CONFIG.rules.quietPeriod / MINUTE, positive(1440)],
  continuousHours: [DEFAULT_ANOMALY_CONFIG.rules.continuousWindow / HOUR, positive(720)],
  burstFlow: [DEFAULT_ANOMALY_CONFIG.rules.burstFlow, positive(1e5)],
  burstMinutes: [DEFAULT_ANOMALY_CONFIG.rules.burstDuration / MINUTE, positive(1440)],
  eventMaxMinutes: [DEFAULT_ANOMALY_CONFIG.rules.eventMaxDuration / MINUTE, positive(7 * 1440)],
  eventMaxLitres: [DEFAULT_ANOMALY_CONFIG.rules.eventMaxVolume, positive(1e7)],
  threshold: [DEFAULT_ANOMALY_CONFIG.alarm.threshold, { min: 0, max: 0.99, minIncluded: false }],
  enterReadings: [DEFAULT_ANOMALY_CONFIG.alarm.enterReadings, { min: 1, max: 1000, integer: true }],
  deadband: [DEFAULT_ANOMALY_CONFIG.alarm.deadband, { min: 0, max: 0.99 }],
  cooldown: [DEFAULT_ANOMALY_CONFIG.alarm.cooldown / MINUTE, { min: 0, max: 7 * 1440 }],
} as const satisfies Record<string, readonly [number, Range]>;

const ANY_NUMBER: Range = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };

/** A number that may be left empty, meaning "none". */
function optionalNumber(form: Form, field: string, range: Range): Parsed<number | undefined> {
  return form[field] === undefined || form[field] === null || form[field] === '' ? ok(undefined) : numberField(form, field, 0, range);
}

/** `HH:MM` to minutes after midnight; empty means `fallback`. */
function timeOfDay(form: Form, field: string, fallback: number): Parsed<number> {
  const raw = form[field];
  if (raw === undefined || raw === null || raw === '') return ok(fallback);
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(String(raw).trim());
  if (!m) return fail('errors.bad-config', { field, value: describeValue(raw), expected: 'a time of day HH:MM' });
  return ok(Number(m[1]) * 60 + Number(m[2]));
}

/** Reads the stored form into a configuration, or the first field it cannot use. */
export function anomalyConfigFromForm(form: Form): Parsed<AnomalyConfig> {
  const d = DEFAULT_ANOMALY_CONFIG;
  const numbers = numberFields(form, NUMBER_FIELDS);
  if (!numbers.ok) return numbers;
  const n = numbers.value;
  const rangeMin = optionalNumber(form, 'rangeMin', ANY_NUMBER);
  if (!rangeMin.ok) return rangeMin;
  const rangeMax = optionalNumber(form, 'rangeMax', ANY_NUMBER);
  if (!rangeMax.ok) return rangeMax;
  if (rangeMin.value !== undefined && rangeMax.value !== undefined && rangeMin.value >= rangeMax.value) {
    return fail('errors.bad-config', { field: 'rangeMax', value: rangeMax.value, expected: `above the minimum ${rangeMin.value}` });
  }
  const nightFlowLimit = optionalNumber(form, 'nightFlowLimit', { min: 0, max: 1e5 });
  if (!nightFlowLimit.ok) return nightFlowLimit;
  const nightStart = timeOfDay(form, 'nightStart', d.rules.nightStart);
  if (!nightStart.ok) return nightStart;
  const nightEnd = timeOfDay(form, 'nightEnd', d.rules.nightEnd);
  if (!nightEnd.ok) return nightEnd;
  if (n.deadband >= n.threshold) {
    return fail('errors.bad-config', { field: 'deadband', value: n.deadband, expected: `below the alarm score ${n.threshold}` });
  }
  return ok({
    enabled: Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, booleanField(form, KIND_CHECKBOX[kind], true)])) as Record<AnomalyKind, boolean>,
    statisticsOnWater: booleanField(form, 'statisticsOnWater', d.statisticsOnWater),
    learningReadings: n.learningReadings,
    relearnAfter: n.window,
    statistical: {
      ...d.statistical,
      window: n.window,
      deviationLimit: n.deviationLimit,
      robustLimit: n.robustLimit,
      spikeLimit: n.spikeLimit,
      shiftLimit: n.shiftLimit,
      dailyLimit: n.dailyLimit,
    },
    flatLine: { ...d.flatLine, factor: n.flatLineFactor },
    silence: { ...d.silence, timeout: n.silenceTimeout * 1000 },
    rangeMin: rangeMin.value,
    rangeMax: rangeMax.value,
    rules: {
      ...d.rules,
      zeroFlow: n.zeroFlow,
      quietPeriod: n.quietMinutes * MINUTE,
      continuousWindow: n.continuousHours * HOUR,
      nightStart: nightStart.value,
      nightEnd: nightEnd.value,
      nightFlowLimit: nightFlowLimit.value,
      burstFlow: n.burstFlow,
      burstDuration: n.burstMinutes * MINUTE,
      eventMaxDuration: n.eventMaxMinutes * MINUTE,
      eventMaxVolume: n.eventMaxLitres,
    },
    alarm: { threshold: n.threshold, enterReadings: n.enterReadings, deadband: n.deadband, cooldown: n.cooldown * MINUTE },
  });
}
