import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { grown, type Census } from '../support/census';
import { startMosquitto, type Broker } from '../support/mosquitto';
import { ROOT, run } from '../support/process';
import { pipelineFlow, type FlowNode } from './flows';

const REDEPLOYS = 500;
const WARM_UP = 20;
const MB = 1024 * 1024;
const RUNNER = path.join(__dirname, '..', 'fixtures', 'redeploy-runtime.js');

interface RedeployResult {
  /** Live timers by creation site while the flows ran. */
  running: Record<string, number>;
  /** With no flows deployed, after the warm-up and after the redeploys. */
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
 * Every example flow, and a pipeline that keeps every node type of the
 * package busy while it is redeployed. MQTT brokers point at `broker`: one
 * that cannot be reached makes every MQTT node wait for its connection
 * attempt when it closes.
 */
function flowsUnderTest(broker: Broker | undefined): FlowNode[] {
  const dir = path.join(ROOT, 'flows');
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as FlowNode[])
    .map((n) => (n.type === 'mqtt-broker' && broker ? { ...n, broker: '127.0.0.1', port: String(broker.port) } : n));
  return [...examples, ...pipelineFlow()];
}

describe(`${REDEPLOYS} redeploys of the example flows (embedded runtime, child process)`, function () {
  // About 25 s of CPU in all with the five examples and both dashboards (a full deploy every fifth); more on a busy machine.
  this.timeout(180_000);
  let result: RedeployResult;
  let output: string;
  const nodesOfType: Record<string, number> = {};

  before(async () => {
    const usesMqtt = flowsUnderTest(undefined).some((n) => n.type === 'mqtt-broker');
    const broker = usesMqtt ? await startMosquitto() : undefined;
    const flows = flowsUnderTest(broker);
    assert.equal(new Set(flows.map((n) => n.id)).size, flows.length, 'node ids are unique across the flows');
    for (const n of flows) nodesOfType[n.type] = (nodesOfType[n.type] ?? 0) + 1;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'water-redeploys-'));
    try {
      const file = path.join(dir, 'flows.json');
      writeFileSync(file, JSON.stringify(flows));
      const child = await run(process.execPath, ['--expose-gc', RUNNER, file, String(REDEPLOYS), String(WARM_UP)]);
      output = child.output;
      assert.equal(child.code, 0, output);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await broker?.stop();
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
    for (const type of ['water-simulator', 'water-flow-meter', 'water-alert', 'water-anomaly']) {
      assert.ok(Object.keys(result.running).some((site) => site.includes(`${type}.js`)), `the census sees the timers of ${type}: ${JSON.stringify(result.running)}`);
    }
    assert.deepEqual(grown(result.before.timers, result.after.timers), {});
  });

  it('leaves no active handle behind', () => {
    assert.deepEqual(grown(result.before.handles, result.after.handles), {});
  });

  it('leaves no listener behind on RED.events, process or the HTTP server', () => {
    assert.ok(result.before.listeners['server:request'] >= 1, JSON.stringify(result.before.listeners));
    assert.ok(result.before.listeners['events:node-status'] >= 1, JSON.stringify(result.before.listeners));
    assert.deepEqual(grown(result.before.listeners, result.after.listeners), {});
  });

  it("lets every removed or replaced instance of the package's nodes be collected, and others keep at most their last one", () => {
    const ours = Object.keys(result.retained).filter((type) => type.startsWith('water-'));
    assert.deepEqual(Object.fromEntries(ours.map((type) => [type, result.retained[type]])), {});
    // node-red-dashboard holds on to the last instance of each of its nodes after the node is removed: one per node, not per deploy.
    for (const [type, count] of Object.entries(result.retained)) {
      assert.ok(count <= nodesOfType[type], `${count} instances of ${type} alive, for ${nodesOfType[type] ?? 0} nodes`);
    }
  });

  it('settles its heap', () => {
    const [afterWarmUp, , , threeFifths, , end] = result.heaps;
    // Growth that levels off (compiled code, the dashboards' caches): bounded, and small over the last two fifths.
    const growth = `heap after the warm-up and each fifth: ${result.heaps.map((h) => (h / MB).toFixed(1)).join(', ')} MB`;
    assert.ok(end - afterWarmUp < 10 * MB, growth);
    // 2 MB over 200 redeploys: a leak of 10 kB per deploy fails it; the heap's own noise, about 1 MB, does not.
    assert.ok(end - threeFifths < 2 * MB, growth);
  });
});
