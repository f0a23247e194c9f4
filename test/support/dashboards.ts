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
    type ChartJs = { chart: { canvas: HTMLCanvasElement }; config: { type: string }; data: { datasets: Array<{ label: string; data: Point[] }> } };
    const charts = Object.values((window as unknown as { Chart?: { instances: Record<string, ChartJs> } }).Chart?.instances ?? {});
    const canvases = [...document.querySelectorAll('canvas')];
    return charts.map((chart) => ({
      title: chart.chart.canvas.closest('md-card')?.querySelector('.nr-dashboard-chart-title')?.textContent?.trim() ?? '',
      type: chart.config.type,
      canvas: canvases.indexOf(chart.chart.canvas),
      series: chart.data.datasets.map((d) => {
        const xs = d.data.map((p) => (typeof p === 'number' ? NaN : p.x));
        const ys = d.data.map((p) => (typeof p === 'number' ? p : p.y));
        return { label: d.label, points: d.data.length, firstX: xs[0], lastX: xs[xs.length - 1], minY: Math.min(...ys), maxY: Math.max(...ys) };
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
    type Option = { title?: Array<{ text: string }>; series: Array<{ name: string; type: string; data: Array<[number | string, number]> }> };
    type Instance = { type?: { name?: string }; data: { chart?: { getOption(): Option } }; vnode: { el: Element | null }; subTree?: VNode };
    type VNode = { component?: Instance; children?: unknown; suspense?: { activeBranch?: VNode } };
    const canvases = [...document.querySelectorAll('canvas')];
    const found: Array<{ title: string; type: string; canvas: number; series: Array<{ label: string; points: number; firstX: number; lastX: number; minY: number; maxY: number }> }> = [];
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
            series: option.series.map((s) => {
              const xs = s.data.map((p) => (typeof p[0] === 'number' ? p[0] : NaN));
              const ys = s.data.map((p) => p[1]);
              return { label: s.name, points: s.data.length, firstX: xs[0], lastX: xs[xs.length - 1], minY: Math.min(...ys), maxY: Math.max(...ys) };
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

/** The colour of the first series in the examples' charts (#1f77b4). */
export const SERIES_COLOUR: [number, number, number] = [31, 119, 180];

function chartTitled(charts: DrawnChart[], title: string): DrawnChart {
  const chart = charts.find((c) => c.title === title);
  assert.ok(chart, `chart "${title}" among ${JSON.stringify(charts.map((c) => c.title))}`);
  return chart;
}

/**
 * The tank monitoring example's charts hold its data and have drawn it: the
 * level over the backfilled hours, the flow, a bar per day; each chart's
 * canvas shows its series colour. Returns the level chart.
 */
export async function assertTankChartsDrawn(page: Page, charts: DrawnChart[]): Promise<DrawnChart> {
  const level = chartTitled(charts, 'Level');
  const measured = level.series.find((s) => s.label === 'tank/level');
  assert.ok(measured && measured.points > 100 && measured.minY >= 0 && measured.maxY <= 100, JSON.stringify(level));
  assert.ok(measured.lastX - measured.firstX >= 12 * 3_600_000, 'the level chart spans the backfilled hours');
  const flow = chartTitled(charts, 'Flow');
  assert.ok(flow.series[0].points > 50 && flow.series[0].minY >= 0, JSON.stringify(flow));
  const dailyUse = chartTitled(charts, 'Daily use (L)');
  assert.equal(dailyUse.type, 'bar');
  assert.ok(dailyUse.series[0].points >= 1, 'a day total after the backfilled midnight');
  for (const chart of [level, flow, dailyUse]) {
    const pixels = await countColourPixels(page, chart.canvas, SERIES_COLOUR);
    assert.ok(pixels > 200, `${chart.title}: ${pixels} pixels of the series colour`);
  }
  return level;
}

/** Numbers shown by the elements a selector finds (a gauge's value text), in page order. */
export function numbersShown(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(
    (sel) => [...document.querySelectorAll(sel)].map((el) => Number((el.textContent ?? '').trim())).filter((n) => Number.isFinite(n)),
    selector,
  );
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

/** The level chart holds more than a hundred points: the backfilled day has arrived. */
export const backfillArrived = (charts: DrawnChart[]): boolean => charts.some((c) => c.title === 'Level' && c.series.some((s) => s.points > 100));
