import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageNodeTypes, run } from '../support/process';

interface BenchResults {
  throughput: Record<string, { msgPerSec: number; ratioToRbe: number; flood: { msgPerSec: number; ratioToRbe: number } }>;
  scaling: Record<string, Record<string, number>>;
  memory: Record<string, { growth: number; secondToThird: number }>;
}

/** Runs `body` with a new temporary directory for a script's output, removed afterwards. */
async function inTempDir(prefix: string, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm run bench (tiny message counts)', function () {
  this.timeout(180000);

  it('measures every node type against the rbe reference and writes the figures as JSON', () =>
    inTempDir('water-bench-', async (dir) => {
      const out = path.join(dir, 'bench.json');
      const result = await run(process.execPath, ['--expose-gc', 'dist/scripts/bench.js', '--quick', '--out', out]);
      assert.equal(result.code, 0, result.output);
      assert.match(result.output, /Throughput \(300 messages per case, pushed 20 at a time, and 500 at a time for the flood columns, end to end in Node-RED 4\.1\.\d+\)/);
      assert.match(result.output, /\| core rbe \(reference\) \| [\d,]+ \| [\d,]+ \| 1\.00 \| [\d,]+ \| [\d,]+ \| 1\.00 \| 1\.00 \|/);
      const figures = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
      const cases = Object.keys(figures.throughput);
      for (const type of packageNodeTypes().filter((t) => t !== 'water-tank')) {
        assert.ok(cases.some((c) => c.startsWith(`${type} `)), `no benchmark case for ${type}`);
      }
      for (const [name, f] of Object.entries(figures.throughput)) {
        assert.ok(f.msgPerSec > 0 && Number.isFinite(f.ratioToRbe), `${name}: ${JSON.stringify(f)}`);
        assert.ok(f.flood.msgPerSec > 0 && Number.isFinite(f.flood.ratioToRbe), `${name} in a flood: ${JSON.stringify(f)}`);
      }
      assert.equal(figures.throughput['core rbe (reference)'].ratioToRbe, 1);
      assert.equal(figures.throughput['core rbe (reference)'].flood.ratioToRbe, 1);
      assert.ok(cases.some((c) => c.startsWith('pipeline: ')), 'no pipeline case');
      for (const type of ['water-level-predictor', 'water-anomaly']) {
        assert.ok(Object.keys(figures.scaling).some((c) => c.startsWith(`${type} `)), `no scaling case for ${type}`);
        assert.ok(Object.keys(figures.memory).some((c) => c.startsWith(`${type} `)), `no memory case for ${type}`);
      }
      for (const [name, costs] of Object.entries(figures.scaling)) {
        assert.ok(Object.values(costs).every((c) => c > 0), `${name}: ${JSON.stringify(costs)}`);
      }
      for (const [name, m] of Object.entries(figures.memory)) assert.ok(Number.isFinite(m.growth), name);
    }));

  it('pushes the messages in batches of the size given, waiting for the flow to be idle after each', async () => {
    const result = await run(process.execPath, [path.join('dist', 'test', 'fixtures', 'bench-batches.js'), '7', '30']);
    assert.equal(result.code, 0, result.output);
    const seen = JSON.parse(/^BATCHES (.*)$/m.exec(result.output)?.[1] ?? 'null') as number[];
    // Three deliveries a message: into the source at once as it is pushed, then, in Node-RED's delivery
    // queue, to the change node and on to the sink; all of a batch's before the next batch is built.
    assert.deepEqual(
      seen,
      Array.from({ length: 30 }, (_, i) => 3 * 7 * Math.floor(i / 7) + (i % 7)),
    );
  });

  it('refuses a batch size that is not a whole number of at least 1', async () => {
    const result = await run(process.execPath, ['--expose-gc', 'dist/scripts/bench.js', '--quick', '--batch', '0']);
    assert.notEqual(result.code, 0);
    assert.match(result.output, /--batch takes a whole number of at least 1, not "0"/);
  });
});

describe('npm run profile (a tiny message count)', function () {
  this.timeout(60000);

  it('profiles one case and lists the functions of this package among the costs per message', () =>
    inTempDir('water-profile-', async (dir) => {
      const out = path.join(dir, 'case.cpuprofile');
      const result = await run(process.execPath, ['dist/scripts/profile.js', '--case', 'water-flow-meter (default', '--messages', '3000', '--batch', '100', '--top', '200', '--out', out]);
      assert.equal(result.code, 0, result.output);
      assert.match(result.output, /water-flow-meter \(default, pulses\): 3,000 messages pushed 100 at a time, [\d.]+ µs a message under the profiler/);
      const part = (name: string): number => Number(new RegExp(`\\| ${name} \\| ([\\d.]+) \\|`).exec(result.output)?.[1]);
      assert.ok(part('this package') > 0 && part('Node-RED') > 0, result.output);
      assert.match(result.output, /\| \S+ \(nodes\/[\w/.-]+\.js:\d+\) \| this package \| [\d.]+ \|/);
      assert.match(result.output, /\| nodes\/water-flow-meter\.js \| [\d.]+ \|/);
      assert.match(result.output, /\| young generation \(scavenges\) \| \d+ \| [\d.]+ \|/);
      assert.match(result.output, /Into the old generation: [\d,]+ bytes a message promoted by scavenges, [\d,]+ allocated there directly\./);
      const profile = JSON.parse(readFileSync(out, 'utf8')) as { nodes: unknown[]; samples: unknown[] };
      assert.ok(profile.nodes.length > 0 && profile.samples.length > 0);
    }));

  it('refuses a case name that matches more than one case, and lists them', async () => {
    const result = await run(process.execPath, ['dist/scripts/profile.js', '--case', 'water-anomaly']);
    assert.notEqual(result.code, 0);
    assert.match(result.output, /--case "water-anomaly" matches 3 cases; give one of:/);
    assert.match(result.output, /^ {2}core rbe \(reference\)$/m);
  });
});
