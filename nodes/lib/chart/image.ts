/**
 * The chart image of a set of buffers: which series to draw and in what
 * order, the time span, and the PNG with a summary of what it shows.
 */

import { describeTopic } from '../input';
import { renderChart, type ChartOptions } from './chart';
import { encodePng } from './png';
import type { ChartSettings, RenderRequest } from './config';
import { lastTime, type Series } from './series';

export interface ChartInfo {
  width: number;
  height: number;
  /** The time span drawn, epoch ms. */
  start: number;
  end: number;
  yMin: number;
  yMax: number;
  series: Array<{ topic: string; unit?: string; points: number; colour: string }>;
}

/**
 * The series to draw: the configured topics in their order, or every topic in
 * alphabetical order, so that colours do not move between renders.
 */
export function selectSeries(buffers: Iterable<[string, Series]>, topics: readonly string[]): Array<[string, Series]> {
  const all = new Map(buffers);
  if (topics.length > 0) return topics.flatMap((topic): Array<[string, Series]> => (all.has(topic) ? [[topic, all.get(topic)!]] : []));
  return [...all.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const hex = (colour: number): string => `#${colour.toString(16).padStart(6, '0')}`;

/**
 * Draws the series over the requested span, ending at the newest reading
 * (`now` when there is none). `utcOffsetAt` gives the local time offset in
 * minutes at an instant, for the clock labels.
 */
export function chartImage(
  selected: ReadonlyArray<[string, Series]>,
  request: RenderRequest,
  settings: Pick<ChartSettings, 'title' | 'yMin' | 'yMax'>,
  texts: ChartOptions['texts'],
  now: number,
  utcOffsetAt: (time: number) => number,
): { png: Buffer; info: ChartInfo } {
  const newest = selected.map(([, s]) => lastTime(s)).filter((t): t is number => t !== undefined);
  const end = newest.length > 0 ? Math.max(...newest) : now;
  const start = end - request.spanMs;
  const result = renderChart(
    selected.map(([topic, s]) => ({ name: describeTopic(topic), unit: s.unit, times: s.times, values: s.values })),
    { width: request.width, height: request.height, title: settings.title, start, end, yMin: settings.yMin, yMax: settings.yMax, utcOffsetMinutes: utcOffsetAt(end), texts },
  );
  return {
    png: encodePng(result.raster),
    info: {
      width: request.width,
      height: request.height,
      start,
      end,
      yMin: result.yMin,
      yMax: result.yMax,
      series: result.drawn.map((d) => {
        const [topic, s] = selected[d.index];
        return { topic, ...(s.unit === undefined ? {} : { unit: s.unit }), points: d.points, colour: hex(d.colour) };
      }),
    },
  };
}
