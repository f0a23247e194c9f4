/**
 * node-red-node-test-helper bound to the same Node-RED as the embedded
 * runtime: the one this package is developed against, or the release the
 * compatibility spec names. Specs import `helper` from here so the runtime is
 * initialised once.
 */

import helper from 'node-red-node-test-helper';
import { NODE_RED_MAIN } from '../../scripts/embedded-runtime';

helper.init(NODE_RED_MAIN);

export { helper };

/** Loads a flow, runs `body`, and always unloads so one failing spec cannot poison the next. */
export async function withFlow(
  nodes: unknown[],
  flow: Array<{ id: string; type: string; [key: string]: unknown }>,
  body: () => Promise<void> | void,
): Promise<void> {
  await helper.load(nodes as never, flow as never);
  try {
    await body();
  } finally {
    await helper.unload();
  }
}

/** Resolves with the next message a node receives, or rejects after `ms`. */
export function nextMessage<T = Record<string, unknown>>(node: { on(event: string, cb: (msg: T) => void): void }, ms = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
    node.on('input', (msg: T) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

/**
 * Takes back the call-recording spies `helper.load` puts on every node's
 * `send`, `status`, `warn`, `error` and log methods, for specs that push
 * hundreds of thousands of messages, where recording every call would cost
 * more than the nodes themselves. No `call:*` events are emitted afterwards;
 * `helper.unload` works as before.
 */
export function stopRecordingCalls(): void {
  (helper as unknown as { _sandbox: { restore(): void } })._sandbox.restore();
}
