/**
 * `water-anomaly` evaluation, with the detector's default settings:
 *
 * - NAB (../shared/data/nab): the NAB score of the three profiles, threshold
 *   swept over the whole corpus, beside a rolling z-score baseline (last 6,400
 *   readings, |z| as the score) scored by the same code;
 * - SKAB (../shared/data/skab): flow, pressure and motor current as the
 *   channels of one topic per file; point-wise F1, false and missed alarm rates
 *   of the node's `anomalous` flag;
 * - simulator scenarios with ground truth (`msg.truth`), or any other
 *   scenario source given to `run`.
 *
 * Run as `node dist/scripts/eval/anomaly.js`.
 */

import { DEFAULT_ANOMALY_CONFIG, type AnomalyConfig } from '../../nodes/lib/anomaly/config';
import { RollingWindow } from '../../nodes/lib/anomaly/rolling-window';
import { scoreRatio } from '../../nodes/lib/anomaly/score';
import { TopicModel, VALUE_CHANNEL, emptyTopic } from '../../nodes/lib/anomaly/topic-model';
import { evaluateScenarios, type ScenarioSource } from './anomaly-scenarios';
import { simulatorScenarios } from './anomaly-simulator';
import { hasData, loadNab, loadSkab, type LabelledSeries } from './datasets';
import { countPoints, pointMetrics, type PointCounts } from './detection-metrics';
import { NAB_PROFILES, nabScore, type NabResult, type ScoredSeries } from './nab-scorer';

/** The score of every row of a one-channel series, as msg.anomaly.score would carry it. */
export function detectorScores(series: LabelledSeries, config: AnomalyConfig = DEFAULT_ANOMALY_CONFIG): number[] {
  const model = new TopicModel(config, emptyTopic());
  const values = series.channels.value;
  return series.times.map((time, i) => model.process({ time, arrival: time, channels: [{ name: VALUE_CHANNEL, value: values[i] }] }).score);
}

/** |z| of each value against the previous `window` values. */
export function rollingZScores(values: readonly number[], window = 6400): number[] {
  const recent = new RollingWindow(window);
  return values.map((value) => {
    const std = recent.std();
    const z = std > 0 ? Math.abs(value - recent.mean()) / std : 0;
    recent.push(value);
    return z;
  });
}

/** The node's `anomalous` flag on every row of a multi-channel series. */
export function detectorFlags(series: LabelledSeries, config: AnomalyConfig = DEFAULT_ANOMALY_CONFIG): boolean[] {
  const model = new TopicModel(config, emptyTopic());
  const names = Object.keys(series.channels);
  return series.times.map(
    (time, i) => model.process({ time, arrival: time, channels: names.map((name) => ({ name, value: series.channels[name][i] })) }).anomalous,
  );
}

/** A markdown table, so the README can quote the output as it is. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const fixed = (n: number, digits = 1): string => n.toFixed(digits);

function nabRows(name: string, results: readonly NabResult[], describe: (threshold: number) => string): string[][] {
  return results.map((r) => [name, r.profile, fixed(r.normalised), `${r.detectedWindows}/${r.windows}`, String(r.falsePositives), describe(r.threshold)]);
}

function evaluateNab(): void {
  const nab = loadNab();
  const scored = (scores: (s: LabelledSeries) => number[]): ScoredSeries[] => nab.map((s) => ({ name: s.name, scores: scores(s), windows: s.windows }));
  const detector = scored((s) => detectorScores(s));
  const baseline = scored((s) => rollingZScores(s.channels.value));
  const rows = [
    ...nabRows('water-anomaly (defaults)', NAB_PROFILES.map((p) => nabScore(detector, p)), (t) => `score ${t.toFixed(3)} (${scoreRatio(t).toFixed(2)} x limit)`),
    ...nabRows('rolling z-score, 6,400 readings', NAB_PROFILES.map((p) => nabScore(baseline, p)), (t) => `abs(z) ${t.toFixed(2)}`),
  ];
  console.log(`NAB: ${nab.length} files, ${nab.reduce((n, s) => n + s.times.length, 0)} rows, ${nab.reduce((n, s) => n + s.windows.length, 0)} windows; threshold swept over the whole corpus per profile\n`);
  console.log(table(['detector', 'profile', 'NAB score', 'windows detected', 'false positive rows', 'best threshold'], rows));
}

function evaluateSkab(): void {
  const skab = loadSkab();
  const total: PointCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const series of skab) countPoints(detectorFlags(series), series.labels, total);
  const m = pointMetrics(total);
  console.log(`\nSKAB: ${skab.length} files (${skab.filter((s) => s.windows.length > 0).length} with a valve anomaly), channels flow, pressure, current; each file a fresh topic\n`);
  console.log(
    table(
      ['detector', 'F1', 'precision', 'recall', 'false alarm rate', 'missed alarm rate'],
      [['water-anomaly (defaults)', fixed(m.f1, 3), fixed(m.precision, 3), fixed(m.recall, 3), fixed(m.falseAlarmRate, 3), fixed(m.missedAlarmRate, 3)]],
    ),
  );
}

const minutes = (ms: number | undefined): string => (ms === undefined ? '-' : `${(ms / 60000).toFixed(0)} min`);

async function evaluateScenarioSource(source: ScenarioSource, title: string): Promise<void> {
  const report = await evaluateScenarios(source);
  console.log(`\n${title}; an alarm counts when it starts during the fault\n`);
  console.log(
    table(
      ['fault', 'faults', 'caught', 'alarms', 'false alarms', 'precision', 'recall', 'F1', 'median delay'],
      report.byFault.map((r) => [r.kind, String(r.faults), String(r.caught), String(r.alarms), String(r.falseAlarms), fixed(r.precision, 2), fixed(r.recall, 2), fixed(r.f1, 2), minutes(r.medianDelay)]),
    ),
  );
  if (report.falseAlarmsPerDay !== undefined) {
    console.log(`\nFault-free: ${fixed(report.faultFreeDays)} simulated days, ${fixed(report.falseAlarmsPerDay, 2)} false alarms per day (${fixed(report.falseAlarmsPerDay * 7, 2)} per week)`);
  }
}

const SCENARIO_SEEDS = 8;
const FAULT_FREE_WEEKS = 4;

export async function run(options: { scenarios?: ScenarioSource } = {}): Promise<void> {
  console.log('## water-anomaly\n');
  if (hasData('nab')) evaluateNab();
  else console.log('NAB: no data in ../shared/data/nab');
  if (hasData('skab')) evaluateSkab();
  else console.log('SKAB: no data in ../shared/data/skab');
  if (options.scenarios) await evaluateScenarioSource(options.scenarios, 'Scenarios');
  else await evaluateScenarioSource(simulatorScenarios(SCENARIO_SEEDS, FAULT_FREE_WEEKS), `Simulator scenarios: ${SCENARIO_SEEDS} seeds per fault, ${FAULT_FREE_WEEKS} fault-free weeks`);
}

if (require.main === module) void run();
