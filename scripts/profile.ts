/**
 * `npm run profile -- --case TEXT`: one benchmark case under V8's CPU
 * profiler, in the benchmark's harness. The case is deployed and warmed up as
 * the benchmark does, then only the timed run is profiled; the profile is
 * written for Chrome DevTools (`bench-results/<case>.cpuprofile`), and the
 * self time of each part of the process, of each file of this package and of
 * the costliest functions is printed in µs per message, and so is what the
 * garbage collector did meanwhile (recorded by `v8.GCProfiler`).
 *
 * Options: --case TEXT (the one case whose name contains TEXT; `rbe` for the
 * reference), --messages N (default 200000), --batch N (messages pushed at
 * once, default 20), --top N (functions listed, default 25), --out FILE (the
 * profile).
 */

import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { countFlag, flagValue, fmt } from './bench/cli';
import { DEFAULT_BATCH, Harness, type BenchCase } from './bench/harness';
import { nodeCases, pipelineCase, referenceCases } from './bench/cases';
import { summariseGc } from './bench/gc-summary';
import { summariseProfile, type CpuProfile } from './bench/profile-summary';
import { PACKAGE_ROOT } from './embedded-runtime';

/** µs between samples: fine enough for a function that costs a tenth of a microsecond a message. */
const SAMPLING_INTERVAL_US = 200;

function chooseCase(text: string): BenchCase {
  const cases = [...referenceCases, ...nodeCases, pipelineCase];
  const exact = cases.find((c) => c.name === text);
  const matching = exact ? [exact] : cases.filter((c) => c.name.includes(text));
  if (matching.length !== 1) {
    const names = cases.map((c) => `  ${c.name}`).join('\n');
    throw new Error(`--case "${text}" matches ${matching.length} cases; give one of:\n${names}`);
  }
  return matching[0];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const bench = chooseCase(flagValue(argv, '--case') ?? '');
  const messages = countFlag(argv, '--messages', 200_000);
  const batch = countFlag(argv, '--batch', DEFAULT_BATCH);
  const top = countFlag(argv, '--top', 25);
  const slug = bench.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  const out = flagValue(argv, '--out') ?? path.join(PACKAGE_ROOT, 'bench-results', `${slug}.cpuprofile`);
  const h = new Harness(batch);
  await h.start();
  const session = new Session();
  session.connect();
  try {
    await h.deploy(bench.nodes);
    await h.push(bench, messages);
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await session.post('Profiler.start');
    const gcProfiler = new v8.GCProfiler();
    gcProfiler.start();
    const { ms } = await h.push(bench, messages, messages);
    const gcs = gcProfiler.stop();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(profile));
    const summary = summariseProfile(profile, messages);
    console.log(`\n${bench.name}: ${fmt(messages, 0)} messages pushed ${fmt(batch, 0)} at a time, ${fmt((ms * 1000) / messages, 2)} µs a message under the profiler\n`);
    console.log('| part of the process | self time, µs/msg |');
    console.log('|---|---:|');
    for (const [part, micros] of Object.entries(summary.parts)) console.log(`| ${part} | ${fmt(micros, 3)} |`);
    if (summary.files.length > 0) {
      console.log('\n| file of this package | self time, µs/msg |');
      console.log('|---|---:|');
      for (const f of summary.files) console.log(`| ${f.file} | ${fmt(f.microsPerMessage, 3)} |`);
    }
    console.log(`\n| function | part | self time, µs/msg |`);
    console.log('|---|---|---:|');
    for (const f of summary.functions.slice(0, top)) console.log(`| ${f.function} | ${f.part} | ${fmt(f.microsPerMessage, 3)} |`);
    const gc = summariseGc(gcs.statistics, messages);
    console.log('\n| garbage collections | how many | main-thread µs/msg |');
    console.log('|---|---:|---:|');
    console.log(`| young generation (scavenges) | ${gc.young.count} | ${fmt(gc.young.microsPerMessage, 3)} |`);
    console.log(`| old generation (mark-sweep-compact, with its incremental marking) | ${gc.old.count} | ${fmt(gc.old.microsPerMessage, 3)} |`);
    console.log(
      `\nInto the old generation: ${fmt(gc.promotedBytesPerMessage, 0)} bytes a message promoted by scavenges, ` +
        `${fmt(gc.pretenuredBytesPerMessage, 0)} allocated there directly.`,
    );
    console.log(`\nProfile written to ${path.relative(process.cwd(), out)} (open it in Chrome DevTools, Performance)`);
  } finally {
    session.disconnect();
    await h.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
