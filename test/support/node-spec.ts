/**
 * What a node under test sent and raised: a flow of the node wired to one
 * helper node per output, and a record of every message, error and warning.
 */

import { helper } from './helper';

export type Msg = Record<string, unknown> & { payload?: unknown };

export interface TestNode {
  receive(msg: Record<string, unknown>): void;
  on(event: string, cb: (arg: never) => void): void;
  context(): { get(key: string): unknown };
}

type FlowNode = { id: string; type: string; [key: string]: unknown };

/** The node `id` of `type` with `config`, each of its outputs wired to a helper node `<id>-out<i>`. */
export function nodeFlow(type: string, id: string, outputs: number, config: Record<string, unknown>): FlowNode[] {
  const outs = Array.from({ length: outputs }, (_, i) => `${id}-out${i}`);
  return [{ id, type, wires: outs.map((o) => [o]), ...config }, ...outs.map((o) => ({ id: o, type: 'helper' }))];
}

export interface Seen {
  node: TestNode;
  /** Messages by output. */
  outputs: Msg[][];
  errors: string[];
  warnings: string[];
}

/** Starts recording what the loaded node `id` sends on its `outputs` and the errors and warnings it raises. */
export function watchNode(id: string, outputs: number): Seen {
  const seen: Seen = { node: helper.getNode(id) as unknown as TestNode, outputs: [], errors: [], warnings: [] };
  for (let i = 0; i < outputs; i++) {
    const received: Msg[] = [];
    seen.outputs.push(received);
    (helper.getNode(`${id}-out${i}`) as unknown as TestNode).on('input', (msg: Msg) => received.push(msg));
  }
  seen.node.on('call:error', (call: { args: unknown[] }) => {
    const err = call.args[0];
    seen.errors.push(err instanceof Error ? err.message : String(err));
  });
  seen.node.on('call:warn', (call: { args: unknown[] }) => seen.warnings.push(String(call.args[0])));
  return seen;
}

/** Lets Node-RED deliver what was sent (it hands messages on with setImmediate, which fake timers leave alone). */
export function delivered(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
