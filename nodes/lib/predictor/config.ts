/**
 * The predictor node's editor form read into its configuration. Durations are
 * typed as text ("1h", "10min", "14d"); an empty field means its default. The
 * node and the evaluation script both start from `PREDICTOR_DEFAULTS`, so the
 * evaluation measures what a new node does.
 */

import { parseDuration } from '../alert/duration';
import { choiceField, numberField } from '../form';
import { describeValue, fail, ok, parseNumber, type Parsed } from '../input';
import { RATE_UNITS, unitsOfKind } from '../units';
import { FLOW_KINDS, type FlowKind } from './history';
import { LEVEL_KINDS } from './level-units';
import type { PredictorOptions } from './predictor';
import { HOUR_MS } from './time';

/** The duration fields and their defaults, as the editor shows them. */
export const PREDICTOR_DEFAULTS = {
  horizons: '1h, 3h, 6h',
  trendWindow: '1h',
  history: '14d',
  step: '10min',
  retrainEvery: '48h',
  limit: '24h',
} as const;
export const DEFAULT_TREND_SAMPLES = 120;
export const DEFAULT_MAX_TOPICS = 100;

/** The history never holds more samples than this; a finer step over a longer span is coarsened to fit. */
export const MAX_HISTORY_SAMPLES = 10_000;
/** The trend keeps running sums, so its cost does not depend on this bound; its memory (16 bytes a reading) does. */
export const MAX_TREND_SAMPLES = 100_000;
/** Readings further apart than this (or three steps, if longer) are a gap, not a line. */
const MIN_GAP_MS = 3 * HOUR_MS;

export const FLOW_SOURCES = ['none', 'topic', 'msg'] as const;
export type FlowSourceType = (typeof FLOW_SOURCES)[number];

/** Where one flow rate comes from: messages on its own topic, or a property of each level message. */
export interface FlowSource {
  kind: FlowKind;
  from: 'topic' | 'msg';
  name: string;
}

export interface PredictorConfig {
  /** Everything but the marks and bounds, which depend on the tank. */
  options: PredictorOptions;
  /** The horizon whose level is the payload: the first one listed. */
  mainHorizon: number;
  unit: string;
  low?: number;
  high?: number;
  flows: FlowSource[];
  flowUnit: string;
  maxTopics: number;
  /** Whether the second output (chart points) is wired. */
  chart: boolean;
}

type Form = Record<string, unknown>;

function badConfig<T>(field: string, raw: unknown, expected: string): Parsed<T> {
  return fail('errors.bad-config', { field, value: describeValue(raw), expected });
}

/** A positive duration (or zero, where allowed); empty means the default. */
function durationField(form: Form, field: keyof typeof PREDICTOR_DEFAULTS, allowZero = false): Parsed<number> {
  const raw = form[field];
  const text = raw === undefined || raw === null || raw === '' ? PREDICTOR_DEFAULTS[field] : raw;
  const ms = parseDuration(text);
  if (ms === undefined || (ms === 0 && !allowZero)) return badConfig(field, raw, `a duration such as 30min, 6h or 7d${allowZero ? ', or 0' : ''}`);
  return ok(ms);
}

/** A comma-separated list of positive durations, in the order written, without repeats. */
function horizonsField(form: Form): Parsed<number[]> {
  const raw = form.horizons;
  const text = raw === undefined || raw === null || raw === '' ? PREDICTOR_DEFAULTS.horizons : raw;
  const horizons = typeof text === 'string' ? text.split(',').map((part) => parseDuration(part)) : [undefined];
  if (horizons.some((h) => h === undefined || h === 0)) return badConfig('horizons', raw, 'durations separated by commas, such as 1h, 3h, 6h');
  return ok([...new Set(horizons as number[])]);
}

/** An optional number: empty means none. */
function optionalNumberField(form: Form, field: string): Parsed<number | undefined> {
  const raw = form[field];
  if (raw === undefined || raw === null || raw === '') return ok(undefined);
  const value = parseNumber(raw);
  return value === undefined ? badConfig(field, raw, 'a number, or empty for none') : ok(value);
}

function flowSources(form: Form): Parsed<FlowSource[]> {
  const sources: FlowSource[] = [];
  for (const kind of FLOW_KINDS) {
    const from = choiceField(form, `${kind}Type`, FLOW_SOURCES);
    if (!from.ok) return from;
    if (from.value === 'none') continue;
    const name = typeof form[kind] === 'string' ? (form[kind] as string).trim() : '';
    if (name === '') return badConfig(kind, form[kind], from.value === 'topic' ? 'a topic' : 'a message property');
    sources.push({ kind, from: from.value, name });
  }
  return ok(sources);
}

/** Reads the whole form; the first invalid field is the Problem. */
export function predictorConfigFromForm(form: Form): Parsed<PredictorConfig> {
  const horizons = horizonsField(form);
  if (!horizons.ok) return horizons;
  const durations = {} as Record<keyof typeof PREDICTOR_DEFAULTS, number>;
  for (const field of ['trendWindow', 'history', 'step', 'retrainEvery', 'limit'] as const) {
    const parsed = durationField(form, field, field === 'trendWindow');
    if (!parsed.ok) return parsed;
    durations[field] = parsed.value;
  }
  const trendSamples = numberField(form, 'trendSamples', DEFAULT_TREND_SAMPLES, { min: 2, max: MAX_TREND_SAMPLES, integer: true });
  if (!trendSamples.ok) return trendSamples;
  const maxTopics = numberField(form, 'maxTopics', DEFAULT_MAX_TOPICS, { min: 1, max: 100_000, integer: true });
  if (!maxTopics.ok) return maxTopics;
  const unit = choiceField(form, 'unit', ['%', ...LEVEL_KINDS.filter((k) => k !== 'percent').flatMap(unitsOfKind)]);
  if (!unit.ok) return unit;
  const flowUnit = choiceField(form, 'flowUnit', RATE_UNITS);
  if (!flowUnit.ok) return flowUnit;
  const low = optionalNumberField(form, 'low');
  if (!low.ok) return low;
  const high = optionalNumberField(form, 'high');
  if (!high.ok) return high;
  const flows = flowSources(form);
  if (!flows.ok) return flows;
  const historyStepMs = Math.max(durations.step, Math.ceil(durations.history / MAX_HISTORY_SAMPLES));
  return ok({
    options: {
      horizons: horizons.value,
      trendWindowMs: durations.trendWindow === 0 ? Infinity : durations.trendWindow,
      trendMaxSamples: trendSamples.value,
      historyMs: durations.history,
      historyStepMs,
      maxGapMs: Math.max(MIN_GAP_MS, 3 * historyStepMs),
      retrainEveryMs: durations.retrainEvery,
      limitMs: durations.limit,
      marks: {},
    },
    mainHorizon: horizons.value[0],
    unit: unit.value,
    low: low.value,
    high: high.value,
    flows: flows.value,
    flowUnit: flowUnit.value,
    maxTopics: maxTopics.value,
    chart: Number(form.outputs) === 2,
  });
}

/** The predictor options a node with the default settings uses. */
export function defaultPredictorOptions(): PredictorOptions {
  const config = predictorConfigFromForm({});
  if (!config.ok) throw new Error('the default predictor settings do not parse');
  return config.value.options;
}

