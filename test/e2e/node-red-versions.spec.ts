import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { ROOT, packageManifest, run } from '../support/process';
import { RUNTIMES, mainOf, nodeFor, versionOf, type NodeRedRuntime } from '../support/runtimes';

const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const PROBE = path.join(ROOT, 'dist', 'test', 'compat', 'runtime.probe.js');
/** The probe and the compiled specs of a folder of dist/test. */
const specsIn = (folder: string): string[] => {
  const dir = path.join(ROOT, 'dist', 'test', folder);
  return [PROBE, ...readdirSync(dir).filter((f) => f.endsWith('.spec.js')).map((f) => path.join(dir, f))];
};
/** The newest release line: the examples run on it too (on the others, the node specs and an install). */
const NEWEST = RUNTIMES[RUNTIMES.length - 1];

interface MochaStats {
  tests: number;
  passes: number;
  failures: number;
  pending: number;
}

describe('the node specs on every Node-RED release line declared, the examples on the newest', function () {
  this.timeout(120000);
  let work: string;
  /** How many tests the node specs and the examples hold (with the probe), from dry runs. */
  let expected: { nodes: number; examples: number };

  /** Runs `files` with mocha under `runtime`'s Node.js, the helper and the embedded runtime being `runtime`. */
  async function mocha(runtime: NodeRedRuntime, files: string[], ...options: string[]): Promise<MochaStats> {
    const report = path.join(work, `${runtime.module}-${Date.now()}.json`);
    const args = [MOCHA, '--no-config', '--timeout', '20000', '--exit', '--reporter', 'json', '--reporter-option', `output=${report}`, ...options, ...files];
    const result = await run(nodeFor(runtime), args, { env: { WATER_NODE_RED: mainOf(runtime), WATER_NODE_RED_VERSION: versionOf(runtime) } });
    assert.equal(result.code, 0, `mocha on Node-RED ${versionOf(runtime)}:\n${result.output.slice(-4000)}`);
    return (JSON.parse(readFileSync(report, 'utf8')) as { stats: MochaStats }).stats;
  }

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'water-versions-'));
    const main = { module: 'node-red' };
    expected = { nodes: (await mocha(main, specsIn('nodes'), '--dry-run')).tests, examples: (await mocha(main, specsIn('examples'), '--dry-run')).tests };
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('declares in node-red.version the release lines tested, from the oldest to the newest major', () => {
    const range = packageManifest()['node-red'].version;
    const versions = RUNTIMES.map(versionOf).sort(semver.compare);
    for (const version of versions) assert.ok(semver.satisfies(version, range), `${version} in ${range}`);
    const oldest = semver.parse(versions[0])!;
    assert.equal(semver.minVersion(range)?.version, `${oldest.major}.${oldest.minor}.0`, `the range starts at the oldest line tested`);
    assert.ok(!semver.satisfies(`${semver.major(versions[versions.length - 1]) + 1}.0.0`, range), `${range} claims no untested major`);
  });

  it('declares in engines every Node.js the releases run under here', async () => {
    const range = packageManifest().engines.node;
    for (const command of new Set(RUNTIMES.map(nodeFor))) {
      const version = await run(command, ['--version']);
      assert.equal(version.code, 0, `${command}: ${version.output}`);
      assert.ok(semver.satisfies(version.output.trim(), range), `${command} is ${version.output.trim()}, not in ${range}`);
    }
  });

  for (const runtime of RUNTIMES) {
    it(`pass on Node-RED ${versionOf(runtime)}`, async () => {
      assert.ok(expected.nodes > 50, `${expected.nodes} tests found`);
      const { tests, passes, failures, pending } = await mocha(runtime, specsIn('nodes'));
      assert.deepEqual({ tests, passes, failures, pending }, { tests: expected.nodes, passes: expected.nodes, failures: 0, pending: 0 });
    });
  }

  it(`run the examples, each a simulated day with its dashboard nodes, on Node-RED ${versionOf(NEWEST)}`, async function () {
    this.timeout(600000);
    assert.ok(expected.examples > 30, `${expected.examples} tests found`);
    const { tests, passes, failures, pending } = await mocha(NEWEST, specsIn('examples'));
    assert.deepEqual({ tests, passes, failures, pending }, { tests: expected.examples, passes: expected.examples, failures: 0, pending: 0 });
  });
});
