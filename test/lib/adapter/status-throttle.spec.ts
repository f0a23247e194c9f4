import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { NodeStatus } from 'node-red';
import type { Node } from '../../../nodes/lib/adapter/runtime';
import { LatestStatus, StatusThrottle } from '../../../nodes/lib/adapter/status-throttle';

/** A node that records the statuses it is given. */
function recordingNode(): { node: Node; shown: NodeStatus[] } {
  const shown: NodeStatus[] = [];
  return { node: { status: (s: NodeStatus) => shown.push(s) } as unknown as Node, shown };
}

describe('StatusThrottle and LatestStatus', () => {
  it('shows the first value at once, then only the latest, once a second, building each text only when shown', () => {
    const clock = sinon.useFakeTimers({ now: 10_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { node, shown } = recordingNode();
      const built: number[] = [];
      const latest = new LatestStatus(new StatusThrottle(node), (value: number): NodeStatus => {
        built.push(value);
        return { text: `value ${value}` };
      });
      latest.show(1);
      for (let v = 2; v <= 33; v++) {
        clock.tick(30);
        latest.show(v);
      }
      assert.deepEqual(shown, [{ text: 'value 1' }], 'at once, then nothing within the second');
      clock.tick(1000 - 32 * 30);
      assert.deepEqual(shown, [{ text: 'value 1' }, { text: 'value 33' }], 'the value latest when the second was over');
      assert.deepEqual(built, [1, 33], 'no text built for the values never shown');
      clock.tick(5000);
      assert.equal(shown.length, 2, 'nothing more without a new value');
      latest.show(99);
      assert.deepEqual(shown.at(-1), { text: 'value 99' }, 'a value after a quiet second shows at once');
    } finally {
      clock.restore();
    }
  });

  it('shows nothing waiting once closed', () => {
    const clock = sinon.useFakeTimers({ now: 10_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { node, shown } = recordingNode();
      const throttle = new StatusThrottle(node);
      const latest = new LatestStatus(throttle, (value: number): NodeStatus => ({ text: String(value) }));
      latest.show(1);
      clock.tick(10);
      latest.show(2);
      throttle.close();
      clock.tick(5000);
      assert.deepEqual(shown, [{ text: '1' }]);
      assert.equal(clock.countTimers(), 0, 'no timer left');
    } finally {
      clock.restore();
    }
  });
});
