/**
 * The `water-chart-image` node's settings from its editor form, and the size
 * and time span of one render from its message, within fixed bounds so that
 * no request can make the server draw an image of unbounded size.
 */

import { booleanField, numberField, numberFields, type Range } from '../form';
import { describeValue, fail, ok, parseNumber, type Parsed } from '../input';
import { MIN_POINTS, type SeriesLimits } from './series';

const HOUR_MS = 3_600_000;

export const WIDTH = { min: 200, max: 2000 } as const;
export const HEIGHT = { min: 150, max: 1500 } as const;
/** A month of hours: the longest window a buffer keeps. */
export const MAX_HOURS = 744;
/**
 * Two points (a bucket's lowest and highest) for each pixel column of the
 * widest image, five times over: more could never show, and dropping the
 * oldest point moves the whole buffer, which grows costly beyond this.
 */
export const MAX_POINTS = 20_000;

export interface ChartSettings {
  title: string;
  /** Topics to chart, in legend order; empty means every topic. */
  topics: string[];
  limits: SeriesLimits;
  maxTopics: number;
  width: number;
  height: number;
  yMin?: number;
  yMax?: number;
  /** Keep the buffers in node context (across restarts with a persistent store). */
  persist: boolean;
}

const NUMBER_FIELDS = {
  hours: [24, { min: 0, max: MAX_HOURS, minIncluded: false }],
  maxPoints: [2000, { min: MIN_POINTS, max: MAX_POINTS, integer: true }],
  maxTopics: [100, { min: 1, max: 10_000, integer: true }],
  width: [800, { min: WIDTH.min, max: WIDTH.max, integer: true }],
  height: [400, { min: HEIGHT.min, max: HEIGHT.max, integer: true }],
} as const satisfies Record<string, readonly [number, Range]>;

const ANY_NUMBER: Range = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };

/** A list of topics, one per line or separated by commas. */
export function parseTopicList(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  const topics = text.split(/[\n,]/).map((t) => t.trim()).filter((t) => t !== '');
  return [...new Set(topics)];
}

export function chartSettingsFromForm(form: Record<string, unknown>): Parsed<ChartSettings> {
  const numbers = numberFields(form, NUMBER_FIELDS);
  if (!numbers.ok) return numbers;
  const n = numbers.value;
  const yMin = numberField(form, 'yMin', NaN, ANY_NUMBER);
  if (!yMin.ok) return yMin;
  const yMax = numberField(form, 'yMax', NaN, ANY_NUMBER);
  if (!yMax.ok) return yMax;
  if (yMin.value >= yMax.value) {
    return fail('errors.bad-config', { field: 'yMin', value: yMin.value, expected: `below the maximum ${yMax.value}` });
  }
  return ok({
    title: typeof form.title === 'string' ? form.title.trim() : '',
    topics: parseTopicList(form.topics),
    limits: { windowMs: n.hours * HOUR_MS, maxPoints: n.maxPoints },
    maxTopics: n.maxTopics,
    width: n.width,
    height: n.height,
    ...(Number.isNaN(yMin.value) ? {} : { yMin: yMin.value }),
    ...(Number.isNaN(yMax.value) ? {} : { yMax: yMax.value }),
    persist: booleanField(form, 'persist', false),
  });
}

export interface RenderRequest {
  width: number;
  height: number;
  /** The time span to draw, ending at the newest reading. */
  spanMs: number;
}

interface Bound {
  field: 'width' | 'height' | 'hours';
  min: number;
  max: number;
  whole: boolean;
  fallback: number;
}

/**
 * One value of a render: `msg.<field>` when present, which must be within the
 * bound (a flow asked for it, so a mistake is reported); otherwise, for an
 * HTTP request, the query parameter, clamped into the bound (a browser asked,
 * and must get an image whatever it typed); otherwise the configured value.
 */
function requestValue(msg: Record<string, unknown>, query: Record<string, unknown> | undefined, bound: Bound): Parsed<number> {
  const { field, min, max, whole } = bound;
  const raw = msg[field];
  if (raw !== undefined && raw !== null && raw !== '') {
    const value = parseNumber(raw);
    const inBound = value !== undefined && (field === 'hours' ? value > min : value >= min) && value <= max && (!whole || Number.isInteger(value));
    if (!inBound) {
      const expected = field === 'hours' ? `hours above 0 and at most ${max} (the window)` : `a whole number from ${min} to ${max}`;
      return fail('errors.bad-request', { field, value: describeValue(raw), expected });
    }
    return ok(value);
  }
  const asked = query === undefined ? undefined : parseNumber(Array.isArray(query[field]) ? (query[field] as unknown[])[0] : query[field]);
  if (asked === undefined || (field === 'hours' && asked <= 0)) return ok(bound.fallback);
  const clamped = Math.min(max, Math.max(min, asked));
  return ok(whole ? Math.round(clamped) : clamped);
}

/** The HTTP query of a message from an `http in` node, if it is one. */
function queryOf(msg: Record<string, unknown>): Record<string, unknown> | undefined {
  const req = msg.req as { query?: unknown } | undefined;
  return req !== null && typeof req === 'object' && req.query !== null && typeof req.query === 'object' ? (req.query as Record<string, unknown>) : undefined;
}

export function renderRequest(msg: Record<string, unknown>, settings: ChartSettings): Parsed<RenderRequest> {
  const query = queryOf(msg);
  const windowHours = settings.limits.windowMs / HOUR_MS;
  const width = requestValue(msg, query, { field: 'width', ...WIDTH, whole: true, fallback: settings.width });
  if (!width.ok) return width;
  const height = requestValue(msg, query, { field: 'height', ...HEIGHT, whole: true, fallback: settings.height });
  if (!height.ok) return height;
  const hours = requestValue(msg, query, { field: 'hours', min: 0, max: windowHours, whole: false, fallback: windowHours });
  if (!hours.ok) return hours;
  return ok({ width: width.value, height: height.value, spanMs: hours.value * HOUR_MS });
}
