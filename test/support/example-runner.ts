/**
 * Runs one example flow in a real embedded Node-RED with both dashboards
 * installed, for a given time, and prints (as one JSON line after
 * `EXAMPLE-RESULT `) what every dashboard widget received, what was logged at
 * warn or error, and which node types were deployed. A child process per
 * example, because a Node-RED runtime is one per process.
 *
 * Usage: node example-runner.js <flow.json> <seconds> [patch] [presses] [clock]
 *
 * The patch is JSON mapping a node type or a node id to properties merged over
 * that node's (an id wins over a type), e.g. to speed up the simulator or point
 * the MQTT broker node at a test broker. `EXAMPLE-URL <url>` is printed once the
 * flows run, so a spec can call the example's HTTP endpoints meanwhile; SIGUSR2
 * ends the run before its time. A flow
 * with a node type that is not installed never starts: the result then lists
 * the missing types and the runner ends at once.
 *
 * Presses are JSON `[{node, msg, after, when?}]` (see `Press`): one after the
 * other, the node (a dashboard button or switch) sends `msg` as if a user had
 * used it, so that a spec can drive an example's controls without a browser.
 * Waiting for what a widget shows, rather than for a time, keeps a scenario in
 * step however fast the machine runs the flows.
 *
 * The clock is JSON `{start, speed}` (see `WarpedClock`): once the flows run,
 * the runtime's dates jump to `start` and move `speed` times faster than real
 * time, for examples fed by sensors that send no timestamps.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RED, startRuntime } from '../../scripts/embedded-runtime';
import type { Patch, Press, Shown, Widget } from './examples';
import { warpClock, type WarpedClock } from './warped-clock';

/**
 * Messages kept per widget and topic (a chart's series): a simulated day at the
 * specs' speed, and more. The oldest of a topic goes first; the rest keep their order.
 */
const KEEP = 1000;

function summarise(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { buffer: value.length };
  return value;
}

async function main(): Promise<void> {
  const [flowFile, secondsText, patchText, pressesText, clockText] = process.argv.slice(2);
  // SIGUSR2 ends the run early: a spec that drives the example itself says when it is done.
  const finishedEarly = new Promise((finish) => process.once('SIGUSR2', finish));
  const presses = pressesText ? (JSON.parse(pressesText) as Press[]) : [];
  const patch = patchText ? (JSON.parse(patchText) as Patch) : {};
  const flow = (JSON.parse(readFileSync(flowFile, 'utf8')) as Array<Record<string, unknown>>).map((n) => ({
    ...n,
    ...(patch[String(n.type)] ?? {}),
    ...(patch[String(n.id)] ?? {}),
  }));
  const userDir = mkdtempSync(path.join(os.tmpdir(), 'water-example-'));
  const patched = path.join(userDir, 'example.json');
  writeFileSync(patched, JSON.stringify(flow));
  const logged: Array<{ level: number; msg: string }> = [];
  const widgets: Record<string, Widget> = {};
  const watchers: Array<{ shown: Shown; seen(): void }> = [];
  // Registered before the flows start, so that messages sent at once on deploy are recorded too.
  RED.hooks.add('onReceive.exampleRunner', (event: { msg: Record<string, unknown>; destination: { id: string; node: { type: string; name?: string } } }) => {
    const { type, name } = event.destination.node;
    // A message without an id was not sent over a wire: a widget sends itself one (a chart's redraw at start).
    if (!/^ui[_-]/.test(type) || event.msg._msgid === undefined) return;
    const w = (widgets[event.destination.id] ??= { type, name: name ?? '', count: 0, numbers: 0, messages: [] });
    w.count++;
    const value = event.msg.payload;
    if (typeof value === 'number') {
      w.numbers++;
      w.min = Math.min(w.min ?? value, value);
      w.max = Math.max(w.max ?? value, value);
    }
    const topic = event.msg.topic;
    if (w.messages.filter((m) => m.topic === topic).length >= KEEP) w.messages.splice(w.messages.findIndex((m) => m.topic === topic), 1);
    w.messages.push({ payload: summarise(event.msg.payload), topic, timestamp: event.msg.timestamp, at: Date.now() });
    for (const watcher of watchers.filter((x) => x.shown.widget === event.destination.id)) {
      if (JSON.stringify(value ?? null).includes(watcher.shown.text)) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.seen();
      }
    }
  });
  const missingTypes = new Promise<string[]>((resolve) =>
    RED.events.on('runtime-event', (event: { payload?: { error?: string; types?: string[] } }) => {
      if (event.payload?.error === 'missing-types') resolve(event.payload.types ?? []);
    }),
  );
  const started = startRuntime({
    userDir,
    host: '127.0.0.1',
    port: 0,
    initialFlow: patched,
    settings: {
      credentialSecret: false,
      contextStorage: { default: { module: 'memory' } },
      logging: {
        console: { level: 'off' },
        capture: {
          level: 'warn',
          metrics: false,
          handler: () => (entry: { level: number; msg: unknown }) => logged.push({ level: entry.level, msg: String(entry.msg) }),
        },
      },
    },
  });
  const missing = await Promise.race([missingTypes, started.then(() => [])]);
  if (missing.length > 0) {
    rmSync(userDir, { recursive: true, force: true });
    console.log(`EXAMPLE-RESULT ${JSON.stringify({ missing, types: [], logged, widgets })}`);
    return;
  }
  const runtime = await started;
  if (clockText) warpClock(JSON.parse(clockText) as WarpedClock);
  console.log(`EXAMPLE-URL ${runtime.url}`);
  const nodes = RED.nodes as unknown as { getNode(id: string): { send(msg: object): void } | null };
  let running = true;
  const sleep = (seconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  // Presses still waiting when the time is up are dropped with the process.
  void (async () => {
    for (const press of presses) {
      if (press.when) await new Promise<void>((seen) => watchers.push({ shown: press.when!, seen }));
      await sleep(press.after);
      if (!running) return;
      nodes.getNode(press.node)?.send(press.msg);
    }
  })();
  await Promise.race([sleep(Number(secondsText)), finishedEarly]);
  running = false;
  const deployed = JSON.parse(await (await fetch(`${runtime.url}/flows`, { headers: { Accept: 'application/json' } })).text()) as Array<{ type: string }>;
  await runtime.stop();
  rmSync(userDir, { recursive: true, force: true });
  console.log(`EXAMPLE-RESULT ${JSON.stringify({ url: runtime.url, missing, types: [...new Set(deployed.map((n) => n.type))], logged, widgets })}`);
}

main().then(
  // stdout to a pipe is written asynchronously: exit once the result has gone out.
  () => process.stdout.write('', () => process.exit(0)),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
