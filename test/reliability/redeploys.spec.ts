import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { grown, type Census } from '../support/census';
import { ROOT, run } from '../support/process';
import { pipelineFlow, type FlowNode } from './flows';

const REDEPLOYS = 500;
const WARM_UP = 20;
const MB = 1024 * 1024;
const RUNNER = path.join(__dirname, '..', 'fixtures', 'redeploy-runtime.js');

interface RedeployResult {
  before: Census;
  after: Census;
  /** Heap after forced collections: after the warm-up, then after each fifth of the redeploys. */
  heaps: number[];
  /** Node instances still alive though a later deploy replaced them, by type. */
  retained: Record<string, number>;
  /** Node instances the deploys created. */
  watched: number;
  elapsedMs: number;
}

/**
 * Every example flow, deployed idle, and a pipeline that keeps every node type
 * of the package busy while it is redeployed. The examples' simulators do not
 * start and their injects do not fire on deploy: their readings would build up
 * learned state across the deploys (the context store persists), and with it
 * per-topic timers that a census would take for leaks. Their core MQTT nodes are
 * left out: with no broker to reach, each broker node waits 2 s to close, which
 * five hundred deploys cannot afford (nothing is wired into them).
 */
function flowsUnderTest(): FlowNode[] {
  const dir = path.join(ROOT, 'flows');
  const idle = (n: FlowNode): FlowNode =>
    n.type === 'water-simulator' ? { ...n, autostart: false } : n.type === 'inject' && n.once === true ? { ...n, once: false } : n;
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as FlowNode[])
    .filter((n) => !n.type.startsWith('mqtt'))
    .map(idle);
  return [...examples, ...pipelineFlow()];
}

describe(`${REDEPLOYS} redeploys of the example flows (embedded runtime, child process)`, function () {
  this.timeout(120_000);
  let result: RedeployResult;
  let output: string;

  before(async () => {
    const flows = flowsUnderTest();
    assert.equal(new Set(flows.map((n) => n.id)).size, flows.length, 'node ids are unique across the flows');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'water-redeploys-'));
    try {
      const file = path.join(dir, 'flows.json');
      writeFileSync(file, JSON.stringify(flows));
      const child = await run('node', ['--expose-gc', RUNNER, file, String(REDEPLOYS), String(WARM_UP)]);
      output = child.output;
      assert.equal(child.code, 0, output);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const line = output.match(/^REDEPLOY-RESULT (.*)$/m);
    assert.ok(line, output);
    result = JSON.parse(line[1]) as RedeployResult;
  });

  it('deploys cleanly every time, full and modified nodes alike', () => {
    assert.doesNotMatch(output, /\[error\]/);
    // Every deploy creates the instances it restarts: all nodes on a full deploy, the modified one on the others.
    assert.ok(result.watched > REDEPLOYS, `${result.watched} node instances watched`);
  });

  it('leaves no timer or interval behind', () => {
    assert.ok(
      Object.keys(result.before.timers).some((site) => site.includes('water-simulator')),
      `the census sees the nodes' timers: ${JSON.stringify(result.before.timers)}`,
    );
    assert.deepEqual(grown(result.before.timers, result.after.timers), {});
  });

  it('leaves no active handle behind', () => {
    assert.deepEqual(grown(result.before.handles, result.after.handles), {});
  });

  it('leaves no listener behind on RED.events, process or the HTTP server', () => {
    assert.ok(result.before.listeners['server:request'] >= 1, JSON.stringify(result.before.listeners));
    assert.deepEqual(grown(result.before.listeners, result.after.listeners), {});
  });

  it('lets every replaced node instance be collected', () => {
    assert.deepEqual(result.retained, {});
  });

  it('settles its heap', () => {
    const [afterWarmUp, , , threeFifths, , end] = result.heaps;
    // Growth that levels off (compiled code, caches): bounded, and small over the last two fifths.
    const growth = `heap after the warm-up and each fifth: ${result.heaps.map((h) => (h / MB).toFixed(1)).join(', ')} MB`;
    assert.ok(end - afterWarmUp < 4 * MB, growth);
    assert.ok(end - threeFifths < 1 * MB, growth);
  });
});
