/**
 * The benchmark harness: one embedded Node-RED runtime (not the test helper,
 * whose spies would record every call), into which each case deploys
 * `source junction -> node under test -> sink junction` (every output of the
 * node under test wired to the sink), pushes readings into the source in
 * batches, and times each batch until the flow is idle again: every message
 * handled, those the node sent to the sink included. Every case, the
 * core-node references included, goes through exactly the same path, Node-RED's
 * asynchronous message delivery included.
 *
 * Node-RED queues every message of a batch for delivery at once, and the
 * length of that queue decides how long what a node hangs on a message lives,
 * and so what the garbage collector does with it: a few readings at a time,
 * as sensors deliver them, and a flood of them, as a replay does, are
 * measured apart.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RED, startRuntime, type RunningRuntime } from '../embedded-runtime';

export type FlowNode = { id: string; type: string; [key: string]: unknown };
export type Reading = Record<string, unknown>;

export interface BenchCase {
  name: string;
  /** The node under test, and any config nodes it needs; the node under test has id `nut`. */
  nodes: FlowNode[];
  /** Builds the i-th message (a fresh object each time: nodes reuse and mutate messages). */
  message(i: number): Reading;
  /**
   * What its msg/s count: the messages pushed in (the default), or the
   * messages the node sends, for a source such as the simulator, whose input
   * only asks it for its next readings.
   */
  counts?: 'in' | 'out';
}

interface RuntimeNode {
  receive(msg: Reading): void;
}

/** The runtime's internal node registry; `getNode` is there though its published types omit it. */
const runtimeNodes = (): { getNode(id: string): RuntimeNode | null } => RED.nodes as unknown as { getNode(id: string): RuntimeNode | null };

export const NODE_UNDER_TEST = 'nut';
/** The id cases use to wire a node to the sink, when they wire the node under test themselves. */
export const SINK = 'sink';
/** More outputs than any node benchmarked has: an output a node does not have is never sent on. */
const MAX_OUTPUTS = 3;
const TAB = 'bench-tab';
/** Messages pushed at once unless told otherwise: a flow fed by sensors, a broker's backlog or a few meters read together. */
export const DEFAULT_BATCH = 20;
/** Messages pushed at once for the flood figures: a replay of history, or an array split into messages. */
export const FLOOD_BATCH = 500;
/** Node types that are configuration nodes, which sit on no tab. */
const CONFIG_TYPES = new Set(['water-tank']);

export class Harness {
  private runtime?: RunningRuntime;
  private userDir = '';
  /** Messages any node has handled: what shows whether a flow is still busy. */
  private received = 0;
  /** Messages the sink has received since the last push began. */
  private sunk = 0;
  /** Each deployment's node under test gets a new id, so no node context carries over from an earlier case. */
  private deployments = 0;
  private nodeUnderTest = NODE_UNDER_TEST;
  private source = 'source';
  private sink = SINK;

  constructor(private readonly batch = DEFAULT_BATCH) {}

  async start(): Promise<void> {
    this.userDir = mkdtempSync(path.join(os.tmpdir(), 'water-bench-'));
    this.runtime = await startRuntime({
      userDir: this.userDir,
      host: '127.0.0.1',
      port: 0,
      logLevel: 'warn',
      // Memory context: the benchmark measures the nodes, not the disk.
      settings: { contextStorage: { default: { module: 'memory' } }, credentialSecret: false },
    });
    RED.hooks.add('postReceive.waterBench', (event: { destination: { id: string } }) => {
      this.received++;
      if (event.destination.id === this.sink) this.sunk++;
    });
  }

  async stop(): Promise<void> {
    RED.hooks.remove('*.waterBench');
    await this.runtime?.stop();
    rmSync(this.userDir, { recursive: true, force: true });
  }

  async deploy(nodes: FlowNode[]): Promise<void> {
    // The source is new each time too: Node-RED 4.1 fails to rewire a junction kept across a deploy.
    this.deployments++;
    this.nodeUnderTest = `${NODE_UNDER_TEST}-${this.deployments}`;
    this.source = `source-${this.deployments}`;
    this.sink = `${SINK}-${this.deployments}`;
    const renamed = (id: string): string => `${id}-${this.deployments}`;
    const ids = new Set([SINK, ...nodes.map((n) => n.id)]);
    const rename = (value: unknown): unknown => (typeof value === 'string' && ids.has(value) ? renamed(value) : value);
    const flow = [
      { id: TAB, type: 'tab', label: 'bench' },
      { id: this.source, type: 'junction', z: TAB, wires: [[this.nodeUnderTest]] },
      { id: this.sink, type: 'junction', z: TAB, wires: [] },
      // Every node of the case gets a new id, and references to it (wires, config nodes) follow.
      ...nodes.map((n) => {
        const node: Record<string, unknown> = Object.fromEntries(Object.entries(n).map(([key, value]) => [key, rename(value)]));
        if (Array.isArray(n.wires)) node.wires = (n.wires as string[][]).map((port) => port.map((id) => renamed(id)));
        if (CONFIG_TYPES.has(n.type)) return node;
        const toSink = n.id === NODE_UNDER_TEST && n.wires === undefined ? Array.from({ length: MAX_OUTPUTS }, () => [this.sink]) : [];
        return { z: TAB, wires: toSink, ...node };
      }),
    ];
    const res = await fetch(`${this.runtime!.url}/flows`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
      body: JSON.stringify(flow),
    });
    if (res.status !== 204 && res.status !== 200) throw new Error(`deploy failed: ${res.status} ${await res.text()}`);
    await waitFor(() => runtimeNodes().getNode(this.nodeUnderTest) !== null && runtimeNodes().getNode(this.source) !== null, 5000);
  }

  /**
   * Pushes `count` messages through the source in batches, each batch done
   * once the flow is idle, and resolves with the elapsed milliseconds and the
   * messages the sink received. `offset` continues the message numbering across calls.
   */
  async push(bench: BenchCase, count: number, offset = 0, batchSize = this.batch): Promise<{ ms: number; sunk: number }> {
    const source = runtimeNodes().getNode(this.source)!;
    this.sunk = 0;
    const started = process.hrtime.bigint();
    for (let sent = 0; sent < count; ) {
      const batch = Math.min(batchSize, count - sent);
      for (let j = 0; j < batch; j++) source.receive(bench.message(offset + sent + j));
      sent += batch;
      await this.idle();
    }
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, sunk: this.sunk };
  }

  /**
   * Resolves once a turn of the event loop has passed in which no node handled
   * a message. Node-RED delivers each message in a setImmediate of its own,
   * queued before this check's next turn, so a turn without any means none is
   * waiting.
   */
  private idle(): Promise<void> {
    return new Promise((resolve) => {
      let seen = -1;
      const check = (): void => {
        if (this.received === seen) resolve();
        else {
          seen = this.received;
          setImmediate(check);
        }
      };
      setImmediate(check);
    });
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the deployed flow');
    await new Promise((r) => setTimeout(r, 10));
  }
}
