import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { Node } from '../../../nodes/lib/adapter/runtime';
import { PersistedTopicStore } from '../../../nodes/lib/adapter/persist';

/** A node whose context records what is saved. */
function recordingNode(): { node: Node; saves: unknown[] } {
  const saves: unknown[] = [];
  const context = { get: () => undefined, set: (_key: string, value: unknown) => saves.push(value) };
  return { node: { context: () => context, warn: () => undefined } as unknown as Node, saves };
}

describe('PersistedTopicStore', () => {
  it('saves changes made for readings at most once a second, and the last of them once the second is over', () => {
    const clock = sinon.useFakeTimers({ now: 10_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { node, saves } = recordingNode();
      const store = new PersistedTopicStore<{ n: number }>(node, 'key', 10);
      const state = store.getOrCreate('a', () => ({ n: 0 }));
      for (const wait of [0, 500, 499, 1, 300]) {
        clock.tick(wait);
        state.n++;
        store.saveSoon();
      }
      assert.equal(saves.length, 2, 'at once, then after the first second');
      clock.tick(1000);
      assert.equal(saves.length, 3, 'the change held back is saved when its second is over');
      assert.equal(clock.countTimers(), 0);
      assert.ok(saves.every((saved) => saved === saves[0]), 'the context holds the very object that changes');
      assert.deepEqual({ ...(saves[0] as object) }, { a: { n: 5 } });
      state.n++;
      store.saveSoon();
      store.save();
      assert.equal(saves.length, 4, 'save() saves at once and ends the wait');
      assert.equal(clock.countTimers(), 0);
    } finally {
      clock.restore();
    }
  });
});
