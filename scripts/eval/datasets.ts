/**
 * Reads the public evaluation data beside the checkout (`../shared/data`, or
 * the folder in WATER_EVAL_DATA): CSVs with a `timestamp` first column in
 * naive local time, and NAB's labelled windows.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..', '..');

export function dataDir(): string {
  return process.env.WATER_EVAL_DATA ?? path.resolve(PACKAGE_ROOT, '..', 'shared', 'data');
}

export function hasData(folder: string): boolean {
  return existsSync(path.join(dataDir(), folder));
}

/** `YYYY-MM-DD HH:MM:SS` read as local time, as the sources recorded it. */
export function parseLocalTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!m) throw new Error(`not a timestamp: ${text}`);
  return new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]).getTime();
}

interface Table {
  columns: string[];
  rows: string[][];
}

function readCsv(file: string): Table {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((line) => line !== '');
  return { columns: lines[0].split(','), rows: lines.slice(1).map((line) => line.split(',')) };
}

function column(table: Table, name: string): string[] {
  const index = table.columns.indexOf(name);
  if (index < 0) throw new Error(`no column ${name} in ${table.columns.join(',')}`);
  return table.rows.map((row) => row[index]);
}

/** A labelled series: timestamps, one or more numeric channels, and its anomaly windows as inclusive row ranges. */
export interface LabelledSeries {
  name: string;
  times: number[];
  channels: Record<string, number[]>;
  labels: boolean[];
  windows: Array<[number, number]>;
}

/** Inclusive row ranges of [start, end] timestamp windows. */
export function windowRows(times: readonly number[], windows: ReadonlyArray<readonly [string, string]>): Array<[number, number]> {
  return windows.map(([start, end]) => {
    const from = parseLocalTimestamp(start);
    const to = parseLocalTimestamp(end);
    const first = times.findIndex((t) => t >= from);
    let last = first;
    while (last + 1 < times.length && times[last + 1] <= to) last++;
    return [first, last];
  });
}

/** Inclusive row ranges where a 0/1 label is 1. */
export function labelRuns(labels: readonly boolean[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  labels.forEach((on, i) => {
    if (!on) return;
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  });
  return runs;
}

function loadTable(file: string, name: string, channels: Record<string, string>): Omit<LabelledSeries, 'windows'> {
  const table = readCsv(file);
  return {
    name,
    times: column(table, 'timestamp').map(parseLocalTimestamp),
    channels: Object.fromEntries(Object.entries(channels).map(([channel, col]) => [channel, column(table, col).map(Number)])),
    // A file without a label column (SKAB's anomaly-free run) has no anomalies.
    labels: table.columns.includes('label') ? column(table, 'label').map((l) => l === '1') : table.rows.map(() => false),
  };
}

/** The NAB files, each as one `value` channel with NAB's combined windows. */
export function loadNab(): LabelledSeries[] {
  const root = path.join(dataDir(), 'nab');
  const windows = JSON.parse(readFileSync(path.join(root, 'windows.json'), 'utf8')) as Record<string, Array<[string, string]>>;
  return Object.keys(windows)
    .sort()
    .map((name) => {
      const series = loadTable(path.join(root, name), name, { value: 'value' });
      return { ...series, windows: windowRows(series.times, windows[name]) };
    });
}

/** SKAB channels as a water-circulation sensor would name them. */
export const SKAB_CHANNELS: Readonly<Record<string, string>> = {
  flow: 'flow_l_per_min',
  pressure: 'pressure_bar',
  current: 'current_A',
};

/** The SKAB files with flow, pressure and current as channels and the point labels. */
export function loadSkab(): LabelledSeries[] {
  const root = path.join(dataDir(), 'skab');
  return readdirSync(root)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((file) => {
      const series = loadTable(path.join(root, file), file, SKAB_CHANNELS);
      return { ...series, windows: labelRuns(series.labels) };
    });
}
