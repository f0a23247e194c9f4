/**
 * Glue shared by every node adapter: the one place under `nodes/lib/` that
 * knows about Node-RED, and only through its types. Input handling with
 * `done`, status, and eviction warnings live here so each adapter stays a thin
 * translation between messages and the pure logic.
 */

import type { Node, NodeMessage, NodeMessageInFlow, NodeStatus } from 'node-red';
import type { Problem } from '../input';
import type { TopicStore } from '../topic-store';
import type { Messages } from './messages';

export type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from 'node-red';

/** A message as the water nodes read it: the contract of DESIGN.md plus whatever else rides along. */
export type WaterMessage = NodeMessageInFlow & {
  topic?: string;
  timestamp?: unknown;
  unit?: unknown;
  command?: unknown;
  [key: string]: unknown;
};

/** Node-RED's send: one message, or an array with one entry (a message, messages or null) per output. */
export type Send = (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void;

/**
 * What an input handler returns: nothing when the message was handled, or the
 * Problem that made it reject the message (with state untouched).
 */
export type InputResult = Problem | undefined | void;

const STATUS_TEXT_MAX = 40;

export function shortText(text: string): string {
  return text.length > STATUS_TEXT_MAX ? `${text.slice(0, STATUS_TEXT_MAX - 1)}…` : text;
}

export const status = {
  active: (text: string): NodeStatus => ({ fill: 'green', shape: 'dot', text: shortText(text) }),
  waiting: (text: string): NodeStatus => ({ fill: 'grey', shape: 'ring', text: shortText(text) }),
  warning: (text: string): NodeStatus => ({ fill: 'yellow', shape: 'dot', text: shortText(text) }),
  alarm: (text: string): NodeStatus => ({ fill: 'red', shape: 'dot', text: shortText(text) }),
  error: (text: string): NodeStatus => ({ fill: 'red', shape: 'ring', text: shortText(text) }),
};

/**
 * Registers an input handler that can neither throw out of the handler nor
 * forget `done`: a returned Problem or an unexpected exception goes to
 * `done(err)` (so a Catch node sees it) and shows a red ring.
 */
export function handleInput(
  node: Node,
  messages: Messages,
  handler: (msg: WaterMessage, send: Send) => InputResult,
): void {
  node.on('input', (msg: NodeMessageInFlow, send: Send, done: (err?: Error) => void) => {
    let problem: Problem | undefined;
    try {
      problem = handler(msg as WaterMessage, send) ?? undefined;
    } catch (err) {
      problem = { key: 'common.errors.internal', params: { message: err instanceof Error ? err.message : String(err) } };
    }
    if (problem === undefined) {
      done();
    } else {
      const text = messages.problem(problem);
      node.status(status.error(text));
      done(new Error(text));
    }
  });
}

/**
 * Registers a close handler that runs the node's own cleanup (timers, a last
 * save) and always calls `done`, even when cleanup fails.
 */
export function handleClose(node: Node, cleanup: (removed: boolean) => void): void {
  node.on('close', (removed: boolean, done: () => void) => {
    try {
      cleanup(removed);
    } catch (err) {
      node.error(err instanceof Error ? err.message : String(err));
    } finally {
      node.status({});
      done();
    }
  });
}

/**
 * A node whose configuration is invalid: it says why once at deploy (log and
 * red ring) and refuses every message with the same reason, so that a Catch
 * node hears of it too.
 */
export function refuseAll(node: Node, messages: Messages, problem: Problem): void {
  const text = messages.problem(problem);
  node.error(text);
  node.status(status.error(text));
  handleInput(node, messages, () => problem);
  handleClose(node, () => undefined);
}

const EVICTION_WARNING_DELAY_MS = 1000;

/** What the warner reads of a topic store, whatever the type of state it holds. */
type EvictionSource = Pick<TopicStore<unknown>, 'pendingEvictionCount' | 'limit' | 'takeEvictions'>;

/**
 * Warns once per burst of evictions from a bounded topic store, not once per
 * message: the first eviction arms a short timer and the warning summarises
 * all the evictions seen until it fires.
 */
export class EvictionWarner {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly node: Node,
    private readonly messages: Messages,
    private readonly store: EvictionSource,
  ) {}

  /** Call after any operation that may have evicted (every message: the timer's closure is made elsewhere, or every call would allocate its scope). */
  check(): void {
    if (this.timer !== undefined || this.store.pendingEvictionCount === 0) return;
    this.arm();
  }

  private arm(): void {
    this.timer = setTimeout(() => this.flush(), EVICTION_WARNING_DELAY_MS);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const report = this.store.takeEvictions();
    if (report) {
      this.node.warn(
        this.messages.text('common.warnings.evicted', {
          count: report.count,
          limit: this.store.limit,
          topic: report.lastTopic,
        }),
      );
    }
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
