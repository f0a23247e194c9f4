/**
 * Twin-node harness for the bad-input properties: two identically configured
 * nodes A and B in one flow. Every message goes to A; only the messages A
 * accepts also go to B. If a rejected message left any trace in A's state, A
 * and B would answer the same later messages differently, so comparing their
 * outputs (and their node context) proves that rejection changes nothing,
 * whatever the node keeps and wherever it keeps it.
 */

import assert from 'node:assert/strict';
import { helper } from '../support/helper';

export type FlowNode = { id: string; type: string; [key: string]: unknown };
export type Msg = Record<string, unknown>;

interface RuntimeNode {
  receive(msg: Msg): void;
  on(event: string, cb: (arg: never) => void): void;
  context(): { keys(): string[]; get(key: string): unknown };
}

export interface TwinCase {
  /** Node type under test. */
  type: string;
  /** The node modules to load (the type under test and any config node types). */
  modules: unknown[];
  /** Configuration of the node under test (without id, type or wires). */
  config: Record<string, unknown>;
  /** Config nodes it references. */
  extra?: FlowNode[];
  outputs: number;
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

function strip(msg: Msg): Msg {
  const { _msgid: _ignored, ...rest } = msg;
  return JSON.parse(JSON.stringify(rest)) as Msg;
}

function contextOf(node: RuntimeNode): string {
  const ctx = node.context();
  return JSON.stringify(Object.fromEntries(ctx.keys().sort().map((k) => [k, ctx.get(k)])));
}

export class Twins {
  private a!: RuntimeNode;
  private b!: RuntimeNode;
  readonly outA: Msg[][] = [];
  readonly outB: Msg[][] = [];
  readonly caught: Msg[] = [];
  errorsOfA: string[] = [];
  private errorsOfB: string[] = [];

  async load(c: TwinCase): Promise<void> {
    const wiresFor = (side: string): string[][] => Array.from({ length: c.outputs }, (_, i) => [`${side}-out${i}`]);
    // Everything on one tab: a catch node without one would be taken for a config node.
    const z = 'twins';
    const flow: FlowNode[] = [
      { id: z, type: 'tab' },
      { id: 'A', z, type: c.type, ...c.config, wires: wiresFor('A') },
      { id: 'B', z, type: c.type, ...c.config, wires: wiresFor('B') },
      { id: 'catcher', z, type: 'catch', scope: ['A'], uncaught: false, wires: [['caught']] },
      { id: 'caught', z, type: 'helper' },
      ...['A', 'B'].flatMap((side) => Array.from({ length: c.outputs }, (_, i) => ({ id: `${side}-out${i}`, z, type: 'helper' }))),
      ...(c.extra ?? []),
    ];
    await helper.load(c.modules as never, flow as never);
    this.a = helper.getNode('A') as unknown as RuntimeNode;
    this.b = helper.getNode('B') as unknown as RuntimeNode;
    for (let i = 0; i < c.outputs; i++) {
      this.outA.push([]);
      this.outB.push([]);
      (helper.getNode(`A-out${i}`) as unknown as RuntimeNode).on('input', (m: Msg) => this.outA[i].push(strip(m)));
      (helper.getNode(`B-out${i}`) as unknown as RuntimeNode).on('input', (m: Msg) => this.outB[i].push(strip(m)));
    }
    (helper.getNode('caught') as unknown as RuntimeNode).on('input', (m: Msg) => this.caught.push(m));
    const record = (into: string[]) => (call: { args: unknown[] }) => {
      const err = call.args[0];
      into.push(err instanceof Error ? err.message : String(err));
    };
    this.a.on('call:error', record(this.errorsOfA));
    this.b.on('call:error', record(this.errorsOfB));
  }

  /**
   * Sends one message to A, and to B when A accepted it. Returns the error
   * text when A rejected it. Asserts the rejection left A's context as it was.
   */
  async send(msg: Msg): Promise<string | undefined> {
    const errorsBefore = this.errorsOfA.length;
    const contextBefore = contextOf(this.a);
    this.a.receive(structuredClone(msg));
    await settle();
    if (this.errorsOfA.length > errorsBefore) {
      assert.equal(contextOf(this.a), contextBefore, 'a rejected message changed the node context');
      return this.errorsOfA[this.errorsOfA.length - 1];
    }
    this.b.receive(structuredClone(msg));
    await settle();
    return undefined;
  }

  /** A and B must have said and kept exactly the same. */
  assertSame(): void {
    assert.deepEqual(this.outA, this.outB);
    assert.deepEqual(this.errorsOfB, [], 'B rejected a message that A accepted');
    assert.equal(contextOf(this.a), contextOf(this.b));
  }
}
