/**
 * Renders a line chart of time series into a raster: a title, a framed plot
 * with grid lines, value ticks on the left and local clock times below, one
 * coloured anti-aliased line per series (broken where the readings pause) and
 * a legend underneath. Text sizes grow with the image, in whole steps of the
 * bitmap font.
 */

import { drawText, fitText, textHeight, textWidth } from './font';
import { drawLegend, layoutLegend, legendHeight, legendRowHeight } from './legend';
import { Raster, type Colour, type Rect } from './raster';
import { Stroke } from './stroke';
import { timeTicks, valueRange, valueTicks } from './ticks';

export interface ChartSeries {
  name: string;
  unit?: string;
  /** Epoch ms, never decreasing. */
  times: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface ChartOptions {
  width: number;
  height: number;
  title?: string;
  /** The time span shown, epoch ms. */
  start: number;
  end: number;
  /** A fixed value axis; each bound that is absent follows the data. */
  yMin?: number;
  yMax?: number;
  /** Offset of local time from UTC at the end of the span, for the clock labels. */
  utcOffsetMinutes: number;
  /** User-visible texts, translated by the caller. */
  texts: { noData: string; more: (count: number) => string };
}

export interface DrawnSeries {
  /** Position in the series given to `renderChart`. */
  index: number;
  name: string;
  colour: Colour;
  /** Points inside the time span. */
  points: number;
}

export interface ChartResult {
  raster: Raster;
  /** The plot area (pixels) and the ranges it maps. */
  plot: Rect;
  yMin: number;
  yMax: number;
  /** The series that had points in the span, in drawing order. */
  drawn: DrawnSeries[];
}

/** Tableau's ten colours: distinct for the usual kinds of colour blindness, water blue first. */
export const PALETTE: readonly Colour[] = [0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf];
export const BACKGROUND: Colour = 0xffffff;
export const GRID: Colour = 0xe4e4e4;
export const AXIS: Colour = 0x555555;
export const TEXT: Colour = 0x333333;
export const TITLE: Colour = 0x111111;
/** Topic texts come from messages: drawn at most this many characters long. */
export const MAX_NAME_CHARS = 40;
/** A pause in readings longer than this many times their usual spacing breaks the line. */
const GAP_FACTOR = 5;
/** …and at least this share of the time span, so pauses too short to see do not break it. */
const GAP_MIN_SHARE = 0.01;

/** Text scale: 1 up to about 700 × 350, then in whole steps with the image. */
export function textScale(width: number, height: number): number {
  return Math.max(1, Math.floor(Math.min(width / 700, height / 350)));
}

interface Visible {
  one: ChartSeries;
  index: number;
  colour: Colour;
  /** Indices [from, to) to draw: the points inside the span and the one before it, so the line enters from the left edge. */
  from: number;
  to: number;
  /** How many of them lie inside the span. */
  inside: number;
}

/** The series with points inside [start, end], coloured in order. */
function visibleSeries(series: readonly ChartSeries[], start: number, end: number): Visible[] {
  const visible: Visible[] = [];
  series.forEach((one, index) => {
    const { times } = one;
    let first = 0;
    while (first < times.length && times[first] < start) first++;
    let to = first;
    while (to < times.length && times[to] <= end) to++;
    if (to > first) visible.push({ one, index, colour: PALETTE[visible.length % PALETTE.length], from: Math.max(0, first - 1), to, inside: to - first });
  });
  return visible;
}

function legendLabel(series: ChartSeries): string {
  const chars = [...series.name];
  const name = chars.length > MAX_NAME_CHARS ? `${chars.slice(0, MAX_NAME_CHARS - 1).join('')}…` : series.name;
  return series.unit ? `${name} (${series.unit})` : name;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface ValueAxis {
  min: number;
  max: number;
  labels: Array<{ value: number; label: string }>;
}

/** The value axis: the data's range unless fixed, a tick about every 40 px at text scale 1. */
function valueAxis(visible: readonly Visible[], options: ChartOptions, plotHeight: number, scale: number): ValueAxis {
  let low = Infinity;
  let high = -Infinity;
  for (const v of visible) {
    for (let i = v.from; i < v.to; i++) {
      low = Math.min(low, v.one.values[i]);
      high = Math.max(high, v.one.values[i]);
    }
  }
  const hasData = visible.length > 0;
  const [rangeLow, rangeHigh] = valueRange(hasData ? low : 0, hasData ? high : 1, options.yMin, options.yMax);
  const maxTicks = Math.max(2, Math.floor(plotHeight / (40 * scale)));
  const ticks = valueTicks(rangeLow, rangeHigh, maxTicks, { low: options.yMin === undefined, high: options.yMax === undefined });
  // Without data only a fixed range has meaningful labels.
  const labelled = hasData || options.yMin !== undefined || options.yMax !== undefined;
  const labels = labelled ? ticks.values.filter((v) => v >= ticks.min && v <= ticks.max).map((value) => ({ value, label: value.toFixed(ticks.decimals) })) : [];
  return { min: ticks.min, max: ticks.max, labels };
}

/** The points of a series in pixels, with NaN where its readings pause long enough to break the line. */
function linePoints(v: Visible, start: number, end: number, xOf: (t: number) => number, yOf: (value: number) => number): { xs: number[]; ys: number[] } {
  const { times, values } = v.one;
  const spacings: number[] = [];
  for (let i = v.from + 1; i < v.to; i++) if (times[i] > times[i - 1]) spacings.push(times[i] - times[i - 1]);
  const gap = Math.max(GAP_FACTOR * median(spacings), (end - start) * GAP_MIN_SHARE);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = v.from; i < v.to; i++) {
    if (i > v.from && times[i] - times[i - 1] > gap) {
      xs.push(NaN);
      ys.push(NaN);
    }
    xs.push(xOf(times[i]));
    ys.push(yOf(values[i]));
  }
  return { xs, ys };
}

export function renderChart(series: readonly ChartSeries[], options: ChartOptions): ChartResult {
  const { width, height, texts } = options;
  const start = options.start;
  const end = Math.max(options.end, start + 60_000);
  const s = textScale(width, height);
  const pad = 8 * s;
  const raster = new Raster(width, height, BACKGROUND);
  const visible = visibleSeries(series, start, end);

  // Bands from the top: title, unit; from the bottom: legend, time labels; the plot in between.
  let top = pad;
  if (options.title) {
    const title = fitText(options.title, width - 2 * pad, 2 * s);
    drawText(raster, title, (width - textWidth(title, 2 * s)) / 2, top, TITLE, 2 * s);
    top += textHeight(2 * s) + pad;
  }
  const units = new Set(visible.map((v) => v.one.unit ?? ''));
  const unit = units.size === 1 ? [...units][0] : '';
  if (unit) {
    drawText(raster, fitText(unit, width - 2 * pad, s), pad, top, TEXT, s);
    // Clear of the top value label, which is centred on the plot's top edge.
    top += Math.ceil(textHeight(s) * 1.5) + 4 * s;
  }
  const legend = layoutLegend(visible.map((v) => ({ label: legendLabel(v.one), colour: v.colour })), width - 2 * pad, s, texts.more);
  const legendTop = height - pad - legendHeight(legend) + 5 * s;
  if (legend.rows.length > 0) drawLegend(raster, legend, pad, legendTop, TEXT);
  const bottom = legendTop - (legend.rows.length > 0 ? pad : 0) - legendRowHeight(s) - 4 * s;

  const axis = valueAxis(visible, options, bottom - top, s);
  const clockHalf = Math.ceil(textWidth('00:00', s) / 2);
  const labelWidth = Math.max(0, ...axis.labels.map((l) => textWidth(l.label, s)));
  const plot: Rect = { left: pad + Math.max(labelWidth + 6 * s, clockHalf), top, right: width - pad - clockHalf, bottom };
  const plotWidth = plot.right - plot.left;
  const plotHeight = plot.bottom - plot.top;
  const xOf = (t: number): number => plot.left + ((t - start) / (end - start)) * plotWidth;
  const yOf = (v: number): number => plot.bottom - ((v - axis.min) / (axis.max - axis.min)) * plotHeight;

  // Grid and labels: horizontal lines at value ticks, vertical lines at time ticks.
  for (const { value, label } of axis.labels) {
    const y = Math.round(yOf(value));
    raster.fillRect({ left: plot.left, top: y, right: plot.right, bottom: y + 1 }, GRID);
    drawText(raster, label, plot.left - 6 * s - textWidth(label, s), y - textHeight(s) / 2, TEXT, s);
  }
  const maxTimeTicks = Math.max(1, Math.floor(plotWidth / (2 * clockHalf + 24 * s)));
  for (const tick of timeTicks(start, end, maxTimeTicks, options.utcOffsetMinutes)) {
    const x = Math.round(xOf(tick.time));
    raster.fillRect({ left: x, top: plot.top, right: x + 1, bottom: plot.bottom }, GRID);
    raster.fillRect({ left: x, top: plot.bottom, right: x + 1, bottom: plot.bottom + 3 * s }, AXIS);
    drawText(raster, tick.label, x - textWidth(tick.label, s) / 2, plot.bottom + 5 * s, TEXT, s);
  }

  const stroke = new Stroke(plot);
  for (const v of visible) {
    const { xs, ys } = linePoints(v, start, end, xOf, yOf);
    stroke.polyline(xs, ys, 2 * s);
    stroke.paint(raster, v.colour);
  }

  // Axes over the grid and the lines' ends.
  raster.fillRect({ left: plot.left - 1, top: plot.top, right: plot.left, bottom: plot.bottom + 1 }, AXIS);
  raster.fillRect({ left: plot.left - 1, top: plot.bottom, right: plot.right, bottom: plot.bottom + 1 }, AXIS);
  if (visible.length === 0) {
    drawText(raster, texts.noData, plot.left + (plotWidth - textWidth(texts.noData, 2 * s)) / 2, plot.top + (plotHeight - textHeight(2 * s)) / 2, TEXT, 2 * s);
  }

  return { raster, plot, yMin: axis.min, yMax: axis.max, drawn: visible.map((v) => ({ index: v.index, name: v.one.name, colour: v.colour, points: v.inside })) };
}
