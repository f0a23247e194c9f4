/**
 * `npm run bench`: throughput, per-message cost against history length, and
 * heap growth, for every node of this package in an embedded Node-RED, each
 * figure also given as a ratio to the core `rbe` node measured in the same run.
 *
 * Options: --messages N (per throughput case, default 100000), --batch N
 * (messages pushed at once, default 20), --flood N (messages pushed at once
 * for the flood column of the throughput table, default 500), --quick (tiny
 * counts, to show the benchmark works), --only TEXT (only the cases whose
 * name contains TEXT, and the reference), --out FILE (JSON results).
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { countFlag, flagValue, fmt } from './bench/cli';
import { DEFAULT_BATCH, FLOOD_BATCH, Harness, type BenchCase } from './bench/harness';
import { REFERENCE, levelReading, memoryCases, nodeCases, pipelineCase, referenceCases, scalingCases } from './bench/cases';
import { PACKAGE_ROOT } from './embedded-runtime';

interface Options {
  messages: number;
  batch: number;
  flood: number;
  quick: boolean;
  only: string;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  return {
    quick,
    messages: countFlag(argv, '--messages', quick ? 300 : 100_000),
    batch: countFlag(argv, '--batch', DEFAULT_BATCH),
    flood: countFlag(argv, '--flood', FLOOD_BATCH),
    only: flagValue(argv, '--only') ?? '',
    out: flagValue(argv, '--out') ?? path.join(PACKAGE_ROOT, 'bench-results', 'bench.json'),
  };
}

function nodeRedVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('node-red/package.json'), 'utf8')) as { version: string }).version;
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc (npm run bench does)');
  collect();
  collect();
}

const heapMb = (): number => process.memoryUsage().heapUsed / 1024 / 1024;

const REPEATS = 5;
/** Readings pushed before a history length is measured, however short: a run of a short window on a node just deployed met the deploy's own work. */
const MIN_FILL = 20_000;
/** Rounds over the history lengths: the ratio of two medians wanders less than either figure. */
const SCALING_ROUNDS = 5;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface Throughput {
  msgPerSec: number;
  rbeMsgPerSec: number;
  ratioToRbe: number;
  outPerIn: number;
}

/** The msg/s, the reference's msg/s and the ratio, as a table row prints them. */
const throughputColumns = (t: Throughput): string[] => [fmt(t.msgPerSec), fmt(t.rbeMsgPerSec), fmt(t.ratioToRbe, 2)];

/** Messages in per second, and messages out per message in, of one timed run after a warm-up run on a fresh deployment, `batch` at a time. */
async function timedRun(h: Harness, bench: BenchCase, messages: number, batch: number): Promise<{ rate: number; outPerIn: number }> {
  await h.deploy(bench.nodes);
  await h.push(bench, messages, 0, batch);
  const { ms, sunk } = await h.push(bench, messages, messages, batch);
  return { rate: ((bench.counts === 'out' ? sunk : messages) / ms) * 1000, outPerIn: sunk / messages };
}

/**
 * A case and the rbe reference, measured alternately REPEATS times each, so
 * that both see the same machine load, JIT state and heap. The medians make
 * the msg/s figures; the ratio is the median of the ratios of each run to the
 * reference's run just before it, so that a slow spell of the machine that
 * lasts one pair moves both of its runs alike and leaves the ratio be.
 */
async function againstReference(h: Harness, bench: BenchCase, messages: number, batch: number): Promise<Throughput> {
  const rates: number[] = [];
  const references: number[] = [];
  const ratios: number[] = [];
  let outPerIn = 0;
  for (let r = 0; r < REPEATS; r++) {
    const reference = (await timedRun(h, referenceCases[0], messages, batch)).rate;
    const run = await timedRun(h, bench, messages, batch);
    references.push(reference);
    rates.push(run.rate);
    ratios.push(run.rate / reference);
    outPerIn = run.outPerIn;
  }
  return { msgPerSec: median(rates), rbeMsgPerSec: median(references), ratioToRbe: bench.name === REFERENCE ? 1 : median(ratios), outPerIn };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const chosen = <T extends { name: string }>(cases: T[]): T[] => cases.filter((c) => c.name.includes(options.only));
  const h = new Harness(options.batch);
  await h.start();
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, options };
  try {
    const [batch, flood] = [fmt(options.batch), fmt(options.flood)];
    console.log(`\nThroughput (${fmt(options.messages)} messages per case, pushed ${batch} at a time, and ${flood} at a time for the flood columns, end to end in Node-RED ${nodeRedVersion()})\n`);
    console.log(`| case | msg/s | rbe msg/s beside it | x rbe | msg/s, ${flood} at a time | rbe msg/s beside it | x rbe, ${flood} at a time | messages out per message in |`);
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    // Warm the runtime's own code paths first, so the first case measured is not the one that pays for it.
    await timedRun(h, referenceCases[1], options.messages * 2, options.batch);
    const throughput: Record<string, Throughput & { flood: Throughput }> = {};
    for (const bench of [referenceCases[0], ...chosen([...referenceCases.slice(1), ...nodeCases, pipelineCase])]) {
      const steady = await againstReference(h, bench, options.messages, options.batch);
      const flooded = await againstReference(h, bench, options.messages, options.flood);
      throughput[bench.name] = { ...steady, flood: flooded };
      console.log(`| ${bench.name} | ${[...throughputColumns(steady), ...throughputColumns(flooded), fmt(steady.outPerIn, 2)].join(' | ')} |`);
    }
    results.throughput = throughput;

    const windows = options.quick ? [100, 1000] : [100, 1000, 10000, 100000];
    if (chosen(scalingCases).length > 0) {
      console.log('\nCost per message against history length (µs/msg)\n');
      console.log(`| case | ${windows.map((w) => `${fmt(w)} readings`).join(' | ')} | largest / smallest |`);
      console.log(`|---|${windows.map(() => '---:').join('|')}|---:|`);
    }
    const scaling: Record<string, Record<string, number>> = {};
    const measured = options.quick ? 200 : 10000;
    /** µs per message of one run with the history filled to `window`, on a fresh deployment. */
    const costAt = async (s: (typeof scalingCases)[number], window: number): Promise<number> => {
      const bench: BenchCase = { name: s.name, nodes: s.build(window), message: (i) => levelReading(i) };
      await h.deploy(bench.nodes);
      // The history filled to its bound, and for long enough that what the deploy left running has finished.
      const filled = Math.max(s.kept?.(window) ?? window, options.quick ? 0 : MIN_FILL) + 200;
      await h.push(bench, filled);
      return ((await h.push(bench, measured, filled)).ms * 1000) / measured;
    };
    for (const s of chosen(scalingCases)) {
      // Once unmeasured, so that the first window is not the one measured on code the JIT has yet to optimise.
      await costAt(s, windows[0]);
      // Round after round over every length, the medians making the figures: a slow spell of the machine
      // then costs each length one run, rather than every run of one length.
      const runs: number[][] = windows.map(() => []);
      for (let r = 0; r < SCALING_ROUNDS; r++) {
        for (const [k, w] of windows.entries()) runs[k].push(await costAt(s, w));
      }
      const costs = runs.map(median);
      scaling[s.name] = Object.fromEntries(windows.map((w, i) => [w, costs[i]]));
      console.log(`| ${s.name} | ${costs.map((c) => fmt(c, 1)).join(' | ')} | ${fmt(costs[costs.length - 1] / costs[0], 2)} |`);
    }
    results.scaling = scaling;

    const million = options.quick ? 2000 : 1_000_000;
    const topics = options.quick ? 10 : 1000;
    if (chosen(memoryCases).length > 0) {
      console.log(`\nHeap after ${fmt(million)} readings over ${fmt(topics)} topics (MB, after a forced GC)\n`);
      console.log('| case | growth, 1st million | growth, 3rd vs 2nd million |');
      console.log('|---|---:|---:|');
    }
    const memory: Record<string, Record<string, number>> = {};
    for (const m of chosen(memoryCases)) {
      const bench: BenchCase = { name: m.name, nodes: m.nodes, message: (i) => m.message(i, topics) };
      await h.deploy(bench.nodes);
      gc();
      const before = heapMb();
      await h.push(bench, million);
      gc();
      const first = heapMb();
      await h.push(bench, million, million);
      gc();
      const second = heapMb();
      await h.push(bench, million, 2 * million);
      gc();
      const third = heapMb();
      memory[m.name] = { before, first, second, third, growth: first - before, secondToThird: third - second };
      console.log(`| ${m.name} | ${fmt(first - before, 1)} | ${fmt(third - second, 1)} |`);
    }
    results.memory = memory;
  } finally {
    await h.stop();
  }
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(options.out, JSON.stringify(results, null, 2));
  console.log(`\nResults written to ${path.relative(process.cwd(), options.out)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
