/**
 * Renders a line chart of time series into a raster: a title, a framed plot
 * with grid lines, value ticks on the left and local clock times below, one
 * coloured anti-aliased line per series (broken where the readings pause) and
 * a legend underneath. Text sizes grow with the image, in whole steps of the
 * bitmap font.
 */

import { drawText, fitText, textHeight, textWidth } from './font';
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
const MAX_LEGEND_ROWS = 2;
/** A pause in readings longer than this many times their usual spacing breaks the line. */
const GAP_FACTOR = 5;
/** …and at least this share of the time span, so pauses too short to see do not break it. */
const GAP_MIN_SHARE = 0.01;

/** Text scale: 1 up to about 700 × 350, then in whole steps with the image. */
export function textScale(width: number, height: number): number {
  return Math.max(1, Math.floor(Math.min(width / 700, height / 350)));
}

/** Indices [from, to) of the points inside [start, end], plus the one before start so the line enters from the left edge. */
function visibleRange(series: ChartSeries, start: number, end: number): { from: number; to: number; inside: number } {
  const { times } = series;
  let first = 0;
  while (first < times.length && times[first] < start) first++;
  let to = first;
  while (to < times.length && times[to] <= end) to++;
  return { from: Math.max(0, first - 1), to, inside: to - first };
}

function legendLabel(series: ChartSeries): string {
  const name = [...series.name].length > MAX_NAME_CHARS ? `${[...series.name].slice(0, MAX_NAME_CHARS - 1).join('')}…` : series.name;
  return series.unit ? `${name} (${series.unit})` : name;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface LegendEntry {
  label: string;
  colour?: Colour;
  width: number;
}

/** Lays the legend out in rows across `width`; what does not fit in the rows ends as "+N more". */
function legendRows(entries: LegendEntry[], width: number, gap: number, more: (count: number) => string, scale: number): LegendEntry[][] {
  const rows: LegendEntry[][] = [[]];
  let used = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (used > 0 && used + entry.width > width) {
      if (rows.length === MAX_LEGEND_ROWS) {
        const rest = more(entries.length - i);
        const row = rows[rows.length - 1];
        // Room for the "+N more" note, at the cost of the row's last entries if need be.
        while (row.length > 0 && used + textWidth(rest, scale) > width) used -= row.pop()!.width + gap;
        row.push({ label: rest, width: textWidth(rest, scale) });
        return rows;
      }
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1].push(entry);
    used += entry.width + gap;
  }
  return rows;
}

export function renderChart(series: readonly ChartSeries[], options: ChartOptions): ChartResult {
  const { width, height, texts } = options;
  const start = options.start;
  const end = Math.max(options.end, start + 60_000);
  const s = textScale(width, height);
  const pad = 8 * s;
  const lineHeight = textHeight(s) + 5 * s;
  const raster = new Raster(width, height, BACKGROUND);

  const visible = series
    .map((one, index) => ({ one, index, range: visibleRange(one, start, end) }))
    .filter((v) => v.range.inside > 0)
    .map((v, order) => ({ ...v, colour: PALETTE[order % PALETTE.length] }));

  // Title, then the legend across the full width at the bottom, then the plot in what is left.
  let top = pad;
  if (options.title) {
    const title = fitText(options.title, width - 2 * pad, 2 * s);
    drawText(raster, title, (width - textWidth(title, 2 * s)) / 2, top, TITLE, 2 * s);
    top += textHeight(2 * s) + pad;
  }
  const swatch = 14 * s;
  const entryGap = 12 * s;
  const entries = visible.map((v): LegendEntry => {
    const label = fitText(legendLabel(v.one), width - 2 * pad - swatch - 4 * s, s);
    return { label, colour: v.colour, width: swatch + 4 * s + textWidth(label, s) };
  });
  const rows = entries.length > 0 ? legendRows(entries, width - 2 * pad, entryGap, texts.more, s) : [];
  const legendTop = height - pad - rows.length * lineHeight + 5 * s;
  const units = new Set(visible.map((v) => v.one.unit ?? ''));
  const unitLabel = units.size === 1 ? [...units][0] : '';
  // The unit stands above the value labels, clear of the top one, which is centred on the plot's top edge.
  const unitTop = top;
  if (unitLabel) top += Math.ceil(textHeight(s) * 1.5) + 4 * s;
  const plotBottom = legendTop - (rows.length > 0 ? pad : 0) - lineHeight - 4 * s;

  // Value axis: the data's range unless fixed, a tick about every 40 px at text scale 1.
  let low = Infinity;
  let high = -Infinity;
  for (const v of visible) {
    for (let i = v.range.from; i < v.range.to; i++) {
      low = Math.min(low, v.one.values[i]);
      high = Math.max(high, v.one.values[i]);
    }
  }
  const hasData = visible.length > 0;
  const [rangeLow, rangeHigh] = valueRange(hasData ? low : 0, hasData ? high : 1, options.yMin, options.yMax);
  const maxTicks = Math.max(2, Math.floor((plotBottom - top) / (40 * s)));
  const ticks = valueTicks(rangeLow, rangeHigh, maxTicks, { low: options.yMin === undefined, high: options.yMax === undefined });
  const { min: yMin, max: yMax } = ticks;
  // Without data only a fixed range has meaningful labels.
  const showValues = hasData || options.yMin !== undefined || options.yMax !== undefined;
  const valueLabels = showValues ? ticks.values.filter((v) => v >= yMin && v <= yMax).map((v) => ({ value: v, label: v.toFixed(ticks.decimals) })) : [];
  const labelWidth = Math.max(0, ...valueLabels.map((l) => textWidth(l.label, s)));

  const plot: Rect = {
    left: pad + Math.max(labelWidth + 6 * s, Math.ceil(textWidth('00:00', s) / 2)),
    top,
    right: width - pad - Math.ceil(textWidth('00:00', s) / 2),
    bottom: plotBottom,
  };
  const plotWidth = plot.right - plot.left;
  const plotHeight = plot.bottom - plot.top;
  const xOf = (t: number): number => plot.left + ((t - start) / (end - start)) * plotWidth;
  const yOf = (v: number): number => plot.bottom - ((v - yMin) / (yMax - yMin)) * plotHeight;

  // Grid and labels: horizontal lines at value ticks, vertical lines at time ticks.
  const half = textHeight(s) / 2;
  for (const { value, label } of valueLabels) {
    const y = Math.round(yOf(value));
    raster.fillRect({ left: plot.left, top: y, right: plot.right, bottom: y + 1 }, GRID);
    drawText(raster, label, plot.left - 6 * s - textWidth(label, s), y - half, TEXT, s);
  }
  const timeLabelWidth = textWidth('00:00', s) + 24 * s;
  for (const tick of timeTicks(start, end, Math.max(1, Math.floor(plotWidth / timeLabelWidth)), options.utcOffsetMinutes)) {
    const x = Math.round(xOf(tick.time));
    raster.fillRect({ left: x, top: plot.top, right: x + 1, bottom: plot.bottom }, GRID);
    raster.fillRect({ left: x, top: plot.bottom, right: x + 1, bottom: plot.bottom + 3 * s }, AXIS);
    drawText(raster, tick.label, x - textWidth(tick.label, s) / 2, plot.bottom + 5 * s, TEXT, s);
  }
  if (unitLabel) drawText(raster, fitText(unitLabel, width - 2 * pad, s), pad, unitTop, TEXT, s);

  // The lines, clipped to the plot.
  const stroke = new Stroke(plot);
  const minGap = (end - start) * GAP_MIN_SHARE;
  for (const v of visible) {
    const { times, values } = v.one;
    const spacings: number[] = [];
    for (let i = v.range.from + 1; i < v.range.to; i++) if (times[i] > times[i - 1]) spacings.push(times[i] - times[i - 1]);
    const gap = Math.max(GAP_FACTOR * median(spacings), minGap);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = v.range.from; i < v.range.to; i++) {
      if (i > v.range.from && times[i] - times[i - 1] > gap) {
        xs.push(NaN);
        ys.push(NaN);
      }
      xs.push(xOf(times[i]));
      ys.push(yOf(values[i]));
    }
    stroke.polyline(xs, ys, 2 * s);
    stroke.paint(raster, v.colour);
  }

  // Axes over the grid and the lines' ends.
  raster.fillRect({ left: plot.left - 1, top: plot.top, right: plot.left, bottom: plot.bottom + 1 }, AXIS);
  raster.fillRect({ left: plot.left - 1, top: plot.bottom, right: plot.right, bottom: plot.bottom + 1 }, AXIS);

  if (!hasData) {
    drawText(raster, texts.noData, plot.left + (plotWidth - textWidth(texts.noData, 2 * s)) / 2, plot.top + (plotHeight - textHeight(2 * s)) / 2, TEXT, 2 * s);
  }

  rows.forEach((row, r) => {
    let x = pad;
    const y = legendTop + r * lineHeight;
    for (const entry of row) {
      if (entry.colour !== undefined) {
        raster.fillRect({ left: x, top: y + half - s, right: x + swatch, bottom: y + half + s }, entry.colour);
        drawText(raster, entry.label, x + swatch + 4 * s, y, TEXT, s);
      } else {
        drawText(raster, entry.label, x, y, TEXT, s);
      }
      x += entry.width + entryGap;
    }
  });

  return { raster, plot, yMin, yMax, drawn: visible.map((v) => ({ index: v.index, name: v.one.name, colour: v.colour, points: v.range.inside })) };
}
