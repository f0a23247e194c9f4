/**
 * Runs one example flow in a real embedded Node-RED with both dashboards
 * installed, for a given time, and prints (as one JSON line after
 * `EXAMPLE-RESULT `) what every dashboard widget received, what was logged at
 * warn or error, and which node types were deployed. A child process per
 * example, because a Node-RED runtime is one per process.
 *
 * Usage: node example-runner.js <flow.json> <seconds> [json-patch-of-node-props-by-type]
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import RED from 'node-red';
import { startRuntime } from '../../scripts/embedded-runtime';

interface Received {
  type: string;
  name: string;
  count: number;
  messages: Array<{ payload: unknown; topic: unknown; timestamp: unknown; at: number }>;
}

const KEEP = 400;

function summarise(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { buffer: value.length };
  return value;
}

async function main(): Promise<void> {
  const [flowFile, secondsText, patchText] = process.argv.slice(2);
  const patch = patchText ? (JSON.parse(patchText) as Record<string, Record<string, unknown>>) : {};
  const flow = (JSON.parse(readFileSync(flowFile, 'utf8')) as Array<Record<string, unknown>>).map((n) => ({ ...n, ...(patch[String(n.type)] ?? {}) }));
  const userDir = mkdtempSync(path.join(os.tmpdir(), 'water-example-'));
  const patched = path.join(userDir, 'example.json');
  writeFileSync(patched, JSON.stringify(flow));
  const logged: Array<{ level: number; msg: string }> = [];
  const widgets: Record<string, Received> = {};
  const runtime = await startRuntime({
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
  RED.hooks.add('onReceive.exampleRunner', (event: { msg: Record<string, unknown>; destination: { id: string; node: { type: string; name?: string } } }) => {
    const { type, name } = event.destination.node;
    if (!/^ui[_-]/.test(type)) return;
    const w = (widgets[event.destination.id] ??= { type, name: name ?? '', count: 0, messages: [] });
    w.count++;
    if (w.messages.length >= KEEP) w.messages.shift();
    w.messages.push({ payload: summarise(event.msg.payload), topic: event.msg.topic, timestamp: event.msg.timestamp, at: Date.now() });
  });
  await new Promise((resolve) => setTimeout(resolve, Number(secondsText) * 1000));
  const deployed = JSON.parse(await (await fetch(`${runtime.url}/flows`, { headers: { Accept: 'application/json' } })).text()) as Array<{ type: string }>;
  await runtime.stop();
  rmSync(userDir, { recursive: true, force: true });
  console.log(`EXAMPLE-RESULT ${JSON.stringify({ url: runtime.url, types: [...new Set(deployed.map((n) => n.type))], logged, widgets })}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
