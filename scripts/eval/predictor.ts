/**
 * Evaluates the level predictor online, reading by reading as the node sees
 * them, with the node's default settings for every series:
 *
 * - the seven BATADAL C-Town tanks (one year, hourly, metres), the first week
 *   being warm-up;
 * - the package's own tank simulator (a pump with level hysteresis filling
 *   against a household's daily demand), read every 5 minutes, once from the
 *   level alone and once with the pump's inflow and the metered outflow known;
 *   and the same read every minute, more often than the history's 10-minute
 *   step, so that most readings fall between two of its samples.
 *
 * For each horizon it prints the mean absolute error of the predictor beside
 * two baselines computed here: persistence (the level stays where it is) and
 * yesterday's change (the level changes as it did over the same hours a day
 * earlier), plus how often the truth fell inside the 95 % interval.
 *
 * Run: node dist/scripts/eval/predictor.js
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatDuration } from '../../nodes/lib/alert/duration';
import { defaultPredictorOptions } from '../../nodes/lib/predictor/config';
import type { Flows } from '../../nodes/lib/predictor/history';
import { LevelPredictor } from '../../nodes/lib/predictor/predictor';
import { DAY_MS, MINUTE_MS } from '../../nodes/lib/predictor/time';
import { fallbackTank } from '../../nodes/lib/simulator/config';
import { TankSimulator } from '../../nodes/lib/simulator';

const DATA_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'data');
const BATADAL_FILE = path.join(DATA_DIR, 'batadal', 'dataset03_normal_levels.csv');
const WARM_UP_MS = 7 * DAY_MS;

interface Series {
  name: string;
  times: number[];
  levels: number[];
  flows?: Flows[];
}

interface Scores {
  learned: number[];
  persistence: number[];
  yesterday: number[];
  /** Fraction of truths inside the predicted 95 % interval. */
  coverage: number[];
  /** Fraction of predictions made by the learned model. */
  learnedShare: number;
}

/** Source timestamps are naive local times; read as UTC they keep their daily phase and never skip an hour. */
function parseNaiveTime(text: string): number {
  const [date, clock] = text.split(' ');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi, s] = clock.split(':').map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function readBatadal(): Series[] {
  const lines = readFileSync(BATADAL_FILE, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((line) => line.split(','));
  const times = rows.map((r) => parseNaiveTime(r[0]));
  return header.slice(1).map((name, k) => ({ name, times, levels: rows.map((r) => Number(r[k + 1])) }));
}

const SIMULATED_DAYS = 45;
const SIMULATOR_SEEDS = [1, 2];
/** Every 5 minutes, as many tank sensors report, and every minute, more often than the history keeps a sample. */
const READING_INTERVALS_MS = [5 * MINUTE_MS, MINUTE_MS];

/**
 * The package's tank simulator with its defaults (a 1000 L tank, a household
 * of three, a 20 L/min pump switched on at 30 % and off at 90 %), its level
 * sensor read in % with 0.2 % noise every `interval` ms. The pump's inflow and
 * the household's metered outflow are kept as flow rates for the run with flows.
 */
function simulatedTank(seed: number, interval: number): Series {
  const simulator = new TankSimulator({ tank: fallbackTank(), seed, startTime: Date.UTC(2026, 0, 5), level: { noise: 0.2 }, tickMs: 10_000 });
  const readings = simulator.generate(SIMULATED_DAYS * 24, interval).filter((r) => r.level !== undefined && r.flow !== undefined);
  return {
    name: `seed ${seed}`,
    times: readings.map((r) => r.time),
    levels: readings.map((r) => r.level as number),
    flows: readings.map((r) => ({ inflow: r.inflowLitres / (r.stepMs / MINUTE_MS), outflow: r.flow })),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Runs the predictor over a series and scores every prediction made after the warm-up whose target time is in the data. */
function evaluate(series: Series, withFlows: boolean): Scores {
  const options = defaultPredictorOptions();
  const predictor = new LevelPredictor(options);
  const horizons = [...options.horizons].sort((a, b) => a - b);
  const levelAt = new Map(series.times.map((t, i) => [t, series.levels[i]]));
  const errors = horizons.map(() => ({ learned: [] as number[], persistence: [] as number[], yesterday: [] as number[], inside: 0 }));
  let learnedCount = 0;
  let scored = 0;
  const warmUpEnd = series.times[0] + WARM_UP_MS;
  series.times.forEach((time, i) => {
    const level = series.levels[i];
    const forecast = predictor.update(time, level, withFlows ? series.flows?.[i] : undefined);
    if (time < warmUpEnd) return;
    scored++;
    if (forecast.model === 'learned') learnedCount++;
    forecast.horizons.forEach((f, k) => {
      const truth = levelAt.get(time + f.horizon);
      const dayAgo = levelAt.get(time - DAY_MS);
      const dayAgoLater = levelAt.get(time - DAY_MS + f.horizon);
      if (truth === undefined || dayAgo === undefined || dayAgoLater === undefined) return;
      const e = errors[k];
      e.learned.push(Math.abs(f.level - truth));
      e.persistence.push(Math.abs(level - truth));
      e.yesterday.push(Math.abs(level + dayAgoLater - dayAgo - truth));
      if (f.low !== null && f.high !== null && f.low <= truth && truth <= f.high) e.inside++;
    });
  });
  return {
    learned: errors.map((e) => mean(e.learned)),
    persistence: errors.map((e) => mean(e.persistence)),
    yesterday: errors.map((e) => mean(e.yesterday)),
    coverage: errors.map((e) => e.inside / e.learned.length),
    learnedShare: learnedCount / scored,
  };
}

/** Prints a Markdown table, so the README can quote it as printed. */
function table(title: string, horizons: readonly number[], rows: Array<[string, Scores]>): void {
  const labels = horizons.map(formatDuration);
  const header = ['series', ...labels.flatMap((h) => [`${h} learned`, `${h} persistence`, `${h} yesterday`]), '95 % interval coverage'];
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  console.log(`\n${title}: MAE by horizon\n`);
  console.log(line(header));
  console.log(line(header.map((_, i) => (i === 0 ? '---' : '---:'))));
  for (const [name, s] of rows) {
    const errors = horizons.flatMap((_, k) => [s.learned[k], s.persistence[k], s.yesterday[k]].map((v) => v.toFixed(3)));
    console.log(line([name, ...errors, s.coverage.map((c) => `${(100 * c).toFixed(0)} %`).join(' / ')]));
  }
}

export async function run(): Promise<void> {
  const horizons = [...defaultPredictorOptions().horizons].sort((a, b) => a - b);
  const tanks = readBatadal().map((s): [string, Scores] => [s.name, evaluate(s, false)]);
  const average = (pick: (s: Scores) => number[]): number[] => horizons.map((_, k) => mean(tanks.map(([, s]) => pick(s)[k])));
  const overall: Scores = {
    learned: average((s) => s.learned),
    persistence: average((s) => s.persistence),
    yesterday: average((s) => s.yesterday),
    coverage: average((s) => s.coverage),
    learnedShare: mean(tanks.map(([, s]) => s.learnedShare)),
  };
  table('BATADAL C-Town, 7 tanks, hourly levels (m), one year, first week warm-up', horizons, [...tanks, ['mean', overall]]);
  const ratios = overall.learned.map((l, k) => l / overall.persistence[k]);
  console.log(`learned / persistence (mean MAE): ${horizons.map((h, k) => `${formatDuration(h)} ${ratios[k].toFixed(3)}`).join(', ')}; target <= 0.6: ${ratios.every((r) => r <= 0.6) ? 'met' : 'NOT met'}`);
  console.log(`predictions made by the learned model after warm-up: ${(100 * overall.learnedShare).toFixed(1)} %`);

  for (const interval of READING_INTERVALS_MS) {
    const simulated = SIMULATOR_SEEDS.map((seed) => simulatedTank(seed, interval));
    table(`Simulated tank (water-simulator defaults, % every ${formatDuration(interval)}, ${SIMULATED_DAYS} days, first week warm-up)`, horizons, [
      ...simulated.map((series): [string, Scores] => [`${series.name}, level only`, evaluate(series, false)]),
      ...simulated.map((series): [string, Scores] => [`${series.name}, with flows`, evaluate(series, true)]),
    ]);
  }
}

if (require.main === module) void run();
