/**
 * What the two dashboards have drawn on a page, read from their chart
 * libraries: node-red-dashboard draws with Chart.js 2, Dashboard 2.0 with
 * ECharts inside Vue components. Both are summarised the same way, so the
 * browser specs check the example's charts alike.
 */

import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { countColourPixels } from './browser';

export interface DrawnSeries {
  label: string;
  /** The line's colour as the library was given it: `#rrggbb` or `rgba(r,g,b,a)`. */
  colour: string;
  points: number;
  /** x of the first and last point: epoch ms on a time axis, NaN on a category axis. */
  firstX: number;
  lastX: number;
  minY: number;
  maxY: number;
}

export interface DrawnChart {
  title: string;
  type: string;
  /** Index of the chart's canvas among the page's canvases. */
  canvas: number;
  series: DrawnSeries[];
}

/** node-red-dashboard: every Chart.js chart on the page, titled by its card's label. */
export function chartJsCharts(page: Page): Promise<DrawnChart[]> {
  return page.evaluate(() => {
    type Point = { x: number; y: number } | number;
    type ChartJs = { chart: { canvas: HTMLCanvasElement }; config: { type: string }; data: { datasets: Array<{ label: string; borderColor: string; data: Point[] }> } };
    const charts = Object.values((window as unknown as { Chart?: { instances: Record<string, ChartJs> } }).Chart?.instances ?? {});
    const canvases = [...document.querySelectorAll('canvas')];
    return charts.map((chart) => ({
      title: chart.chart.canvas.closest('md-card')?.querySelector('.nr-dashboard-chart-title')?.textContent?.trim() ?? '',
      type: chart.config.type,
      canvas: canvases.indexOf(chart.chart.canvas),
      series: chart.data.datasets.map((d) => {
        const xs = d.data.map((p) => (typeof p === 'number' ? NaN : p.x));
        const ys = d.data.map((p) => (typeof p === 'number' ? p : p.y));
        return { label: d.label, colour: d.borderColor, points: d.data.length, firstX: xs[0], lastX: xs[xs.length - 1], minY: Math.min(...ys), maxY: Math.max(...ys) };
      }),
    }));
  });
}

/**
 * Dashboard 2.0: every chart component (DBUIChart) in the page's Vue tree,
 * with the options its ECharts instance draws from.
 */
export function echartsCharts(page: Page): Promise<DrawnChart[]> {
  return page.evaluate(() => {
    type Option = { title?: Array<{ text: string }>; color: string[]; series: Array<{ name: string; type: string; data: Array<[number | string, number]> }> };
    type Instance = { type?: { name?: string }; data: { chart?: { getOption(): Option } }; vnode: { el: Element | null }; subTree?: VNode };
    type VNode = { component?: Instance; children?: unknown; suspense?: { activeBranch?: VNode } };
    const canvases = [...document.querySelectorAll('canvas')];
    const found: Array<{ title: string; type: string; canvas: number; series: Array<{ label: string; colour: string; points: number; firstX: number; lastX: number; minY: number; maxY: number }> }> = [];
    const visit = (vnode: VNode | undefined): void => {
      if (!vnode) return;
      const instance = vnode.component;
      if (instance) {
        const option = instance.type?.name === 'DBUIChart' ? instance.data.chart?.getOption() : undefined;
        if (option) {
          found.push({
            title: option.title?.[0]?.text ?? '',
            type: option.series[0]?.type ?? '',
            canvas: canvases.indexOf(instance.vnode.el?.querySelector('canvas') as HTMLCanvasElement),
            series: option.series.map((s, i) => {
              const xs = s.data.map((p) => (typeof p[0] === 'number' ? p[0] : NaN));
              const ys = s.data.map((p) => p[1]);
              return { label: s.name, colour: option.color[i % option.color.length], points: s.data.length, firstX: xs[0], lastX: xs[xs.length - 1], minY: Math.min(...ys), maxY: Math.max(...ys) };
            }),
          });
        }
        visit(instance.subTree);
      }
      if (Array.isArray(vnode.children)) for (const child of vnode.children) visit(child as VNode);
      visit(vnode.suspense?.activeBranch);
    };
    visit((document.querySelector('#app') as unknown as { _vnode?: VNode })._vnode);
    return found;
  });
}

/** A colour as `#rrggbb` or `rgb(a)(r,g,b...)`, as red, green and blue. */
export function rgbOf(colour: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(colour);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`not a colour: ${colour}`);
}

function chartTitled(charts: DrawnChart[], title: string): DrawnChart {
  const chart = charts.find((c) => c.title === title);
  assert.ok(chart, `chart "${title}" among ${JSON.stringify(charts.map((c) => c.title))}`);
  return chart;
}

/** The examples draw the level and the predictor's 6-hour line on the level chart. */
const MEASURED = 'tank/level';
const FORECAST = 'tank/level +6 h';
const HOUR_MS = 3_600_000;
/** Simulated time between readings as the examples are deployed (1 s at 120 times): a forecast trails its reading by less. */
const STEP_MS = 2 * 60_000;

/**
 * The tank monitoring example's charts hold its data and have drawn it: the
 * level over the backfilled hours with the forecast line ending ahead of it,
 * the flow, a bar per day; each series' colour is on its chart's canvas.
 */
export async function assertTankChartsDrawn(page: Page, charts: DrawnChart[]): Promise<void> {
  const level = chartTitled(charts, 'Level');
  const measured = level.series.find((s) => s.label === MEASURED);
  const forecast = level.series.find((s) => s.label === FORECAST);
  assert.ok(measured && forecast, JSON.stringify(level.series.map((s) => s.label)));
  assert.ok(measured.points > 100 && measured.minY >= 0 && measured.maxY <= 100, JSON.stringify(measured));
  assert.ok(measured.lastX - measured.firstX >= 12 * 3_600_000, 'the level chart spans the backfilled hours');
  assert.ok(forecast.points > 100 && forecast.minY >= 0 && forecast.maxY <= 100, JSON.stringify(forecast));
  const ahead = forecast.lastX - measured.lastX;
  assert.ok(ahead > 6 * HOUR_MS - STEP_MS && ahead <= 6 * HOUR_MS, `the forecast line ends 6 hours ahead of the measured level, not ${ahead / HOUR_MS} h`);
  const flow = chartTitled(charts, 'Flow');
  assert.ok(flow.series[0].points > 50 && flow.series[0].minY >= 0, JSON.stringify(flow));
  const dailyUse = chartTitled(charts, 'Daily use (L)');
  assert.equal(dailyUse.type, 'bar');
  assert.ok(dailyUse.series[0].points >= 1, 'a day total after the backfilled midnight');
  // The first day is the part of it the backfill covered: its bar may be too short to see.
  const bars = dailyUse.series[0].maxY > 0 ? [dailyUse.series[0]] : [];
  const drawn: Array<[DrawnChart, DrawnSeries]> = [[level, measured], [level, forecast], [flow, flow.series[0]], ...bars.map((b): [DrawnChart, DrawnSeries] => [dailyUse, b])];
  for (const [chart, series] of drawn) {
    const pixels = await countColourPixels(page, chart.canvas, rgbOf(series.colour));
    assert.ok(pixels > 100, `${chart.title}, ${series.label}: ${pixels} pixels of its colour ${series.colour}`);
  }
}

/** The texts shown by the elements a selector finds (a gauge's value), trimmed, in page order. */
export function textsShown(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)].map((el) => (el.textContent ?? '').trim()), selector);
}

/** Reads the charts until `ready` holds for them (data arrives over a websocket after the page loads). */
export async function waitForCharts(read: () => Promise<DrawnChart[]>, ready: (charts: DrawnChart[]) => boolean, timeoutMs = 30000): Promise<DrawnChart[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const charts = await read();
    if (ready(charts)) return charts;
    if (Date.now() > until) throw new Error(`charts not ready within ${timeoutMs} ms: ${JSON.stringify(charts)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The backfilled day has reached every chart: more than a hundred points of
 * the measured and the forecast line on the level chart, more than fifty on
 * the flow chart, and a day's bar. A dashboard draws its charts one by one.
 */
export function backfillArrived(charts: DrawnChart[]): boolean {
  const level = charts.find((c) => c.title === 'Level');
  const [measured, forecast] = [MEASURED, FORECAST].map((label) => level?.series.find((s) => s.label === label && s.points > 100));
  const flow = charts.find((c) => c.title === 'Flow')?.series[0];
  const days = charts.find((c) => c.title === 'Daily use (L)')?.series[0];
  // The forecasts of the backfill come after its readings: wait until they have caught up.
  const caughtUp = measured !== undefined && forecast !== undefined && forecast.lastX - measured.lastX > 6 * HOUR_MS - STEP_MS;
  return caughtUp && flow !== undefined && flow.points > 50 && days !== undefined && days.points >= 1;
}
