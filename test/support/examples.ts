/** The example flows as the specs read them, and runs of them in the example runner. */

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startProcess, type Started } from './process';
import type { WarpedClock } from './warped-clock';

export const FLOWS_DIR = path.join(ROOT, 'flows');
const RUNNER = path.join(ROOT, 'dist', 'test', 'support', 'example-runner.js');

export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  name?: string;
  wires?: string[][];
  [property: string]: unknown;
}

export interface WidgetMessage {
  payload: unknown;
  topic: unknown;
  timestamp: unknown;
  at: number;
}

/** What one dashboard widget received in a run; the last messages are kept. */
export interface Widget {
  type: string;
  name: string;
  count: number;
  /** Over every message, not only those kept: how many payloads were numbers, and their range. */
  numbers: number;
  min?: number;
  max?: number;
  messages: WidgetMessage[];
}

export interface ExampleResult {
  url?: string;
  missing: string[];
  types: string[];
  logged: Array<{ level: number; msg: string }>;
  widgets: Record<string, Widget>;
}

/** Properties merged over nodes, by node type or node id. */
export type Patch = Record<string, Record<string, unknown>>;

/**
 * A simulator reading every 50 ms for every 4 simulated minutes (a simulated day
 * in 18 s), with a fixed seed so that a spec meets the same household each run.
 */
export const FAST_SIMULATOR: Patch = { 'water-simulator': { interval: 0.05, speed: 4800, seed: 'examples' } };

export function exampleFiles(): string[] {
  return readdirSync(FLOWS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function loadFlow(file: string): FlowNode[] {
  return JSON.parse(readFileSync(path.join(FLOWS_DIR, file), 'utf8')) as FlowNode[];
}

/**
 * A dashboard control used by the runner: `node` sends `msg` as if a user had
 * used it. Presses happen one after the other: each waits, after the previous
 * one (or the start of the flows), until `when` has been seen if given, then
 * `after` seconds.
 */
export interface Press {
  node: string;
  /** A message, or one per output (null for none), as `node.send` takes them. */
  msg: Record<string, unknown> | Array<Record<string, unknown> | null>;
  after: number;
  when?: Shown;
}

/** A widget received a payload whose JSON contains `text`. */
export interface Shown {
  widget: string;
  text: string;
}

export function shown(flow: FlowNode[], type: string, name: string, text: string): Shown {
  return { widget: nodeNamed(flow, type, name).id, text };
}

/** Pressing a node-red-dashboard button: it sends its configured payload (typed as configured) and topic. */
export function pressButton(flow: FlowNode[], name: string, after: number, when?: Shown): Press {
  const button = nodeNamed(flow, 'ui_button', name);
  const payload = button.payloadType === 'json' ? (JSON.parse(String(button.payload)) as unknown) : button.payload;
  return { node: button.id, msg: { payload, topic: button.topic }, after, when };
}

/** Flipping a node-red-dashboard switch: it sends its on or off value and its topic. */
export function flipSwitch(flow: FlowNode[], name: string, on: boolean, after: number, when?: Shown): Press {
  const control = nodeNamed(flow, 'ui_switch', name);
  assert.equal(control[on ? 'onvalueType' : 'offvalueType'], 'str');
  return { node: control.id, msg: { payload: on ? control.onvalue : control.offvalue, topic: control.topic }, after, when };
}

/** A running example: its URL, and its result once its time is up. */
export interface RunningExample {
  url: string;
  result(): Promise<ExampleResult>;
  /** Ends the run now, and resolves with its result. */
  finish(): Promise<ExampleResult>;
  stop(): Promise<void>;
}

function parseResult(output: string): ExampleResult {
  const line = output.split('\n').find((l) => l.startsWith('EXAMPLE-RESULT '));
  if (!line) throw new Error(`the example runner printed no result:\n${output.slice(-4000)}`);
  return JSON.parse(line.slice('EXAMPLE-RESULT '.length)) as ExampleResult;
}

/**
 * Starts an example (a file in flows/, or any flow file by its absolute path) in
 * the runner for `seconds`, its dates on `clock` if given; resolves once its flows run (or it found types missing).
 */
export async function startExample(file: string, seconds: number, patch: Patch = {}, presses: Press[] = [], clock?: WarpedClock): Promise<RunningExample> {
  const args = [RUNNER, path.resolve(FLOWS_DIR, file), String(seconds), JSON.stringify(patch), JSON.stringify(presses), ...(clock ? [JSON.stringify(clock)] : [])];
  const started: Started = await startProcess(process.execPath, args, {
    ready: /^EXAMPLE-(?:URL (\S+)|RESULT )/m,
    timeoutMs: 60000,
  });
  const exited = new Promise<void>((resolve) => {
    if (started.proc.exitCode !== null) resolve();
    else started.proc.once('exit', () => resolve());
  });
  const result = async (): Promise<ExampleResult> => {
    await exited;
    return parseResult(started.output());
  };
  return {
    url: started.match[1] ?? '',
    result,
    finish() {
      started.proc.kill('SIGUSR2');
      return result();
    },
    async stop() {
      await started.stop();
    },
  };
}

/** Runs an example for `seconds` and returns what its widgets received. */
export async function runExample(file: string, seconds: number, patch: Patch = {}, presses: Press[] = []): Promise<ExampleResult> {
  const running = await startExample(file, seconds, patch, presses);
  return running.result();
}

/**
 * Node-RED warns about these itself on every start of the embedded runtime:
 * projects are off, and credentials are not encrypted (the runner sets no secret).
 */
const RUNTIME_OWN_WARNINGS = [/^Projects disabled/, /^Using unencrypted credentials/];

/** What was logged at warn or error level, apart from the runtime's own start-up warnings. */
export function problemsLogged(result: ExampleResult): string[] {
  return result.logged.filter((e) => !RUNTIME_OWN_WARNINGS.some((known) => known.test(e.msg))).map((e) => `[${e.level}] ${e.msg}`);
}

/** The example deployed with every node type installed (all of its types), and nothing was logged at warn or error. */
export function assertDeployedCleanly(result: ExampleResult, flow: FlowNode[]): void {
  assert.deepEqual(result.missing, []);
  assert.deepEqual([...result.types].sort(), [...new Set(flow.map((n) => n.type))].sort());
  assert.deepEqual(problemsLogged(result), []);
}

/** The one node of a flow with this type and name. */
export function nodeNamed(flow: FlowNode[], type: string, name: string): FlowNode {
  const found = flow.filter((n) => n.type === type && n.name === name);
  assert.equal(found.length, 1, `one ${type} named "${name}" in the flow`);
  return found[0];
}

/** What the widget of this type and name received (it must have received something). */
export function widgetNamed(result: ExampleResult, flow: FlowNode[], type: string, name: string): Widget {
  const node = nodeNamed(flow, type, name);
  const widget = result.widgets[node.id];
  assert.ok(widget, `${type} "${name}" received no message`);
  return widget;
}

/** Every payload a gauge received is a number within the gauge's configured range. */
export function assertGaugeInRange(result: ExampleResult, flow: FlowNode[], type: string, name: string): Widget {
  const node = nodeNamed(flow, type, name);
  const widget = widgetNamed(result, flow, type, name);
  assert.equal(widget.numbers, widget.count, `${name}: every payload a number`);
  const [min, max] = [Number(node.min), Number(node.max)];
  assert.ok(widget.min! >= min && widget.max! <= max, `${name}: payloads within [${min}, ${max}], got [${widget.min}, ${widget.max}]`);
  return widget;
}

/** The numeric points of a line chart for one series (topic), with their timestamps. */
export function chartPoints(widget: Widget, topic: string): Array<{ t: number; y: number; at: number }> {
  return widget.messages
    .filter((m) => m.topic === topic && typeof m.payload === 'number')
    .map((m) => ({ t: m.timestamp as number, y: m.payload as number, at: m.at }));
}

/** The text the examples show for the predictor's time to empty or full. */
export const TIME_TO_TEXT = /^(?:(?:empty|full) in (?:\d+ h )?\d+ min|not empty or full within 24 h)$/;

/** Every message a line chart received is a number stamped with a plausible epoch-ms time. */
export function assertTimedPoints(widget: Widget, name: string): void {
  assert.equal(widget.numbers, widget.count, `${name}: every payload a number`);
  for (const m of widget.messages) {
    assert.ok(typeof m.timestamp === 'number' && m.timestamp > Date.UTC(2020, 0, 1) && m.timestamp < Date.UTC(2100, 0, 1), `${name}: timestamp ${String(m.timestamp)}`);
  }
}
