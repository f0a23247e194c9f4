import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runExample } from '../support/examples';

/** The example runner itself: what the example specs rely on when they find nothing missing. */
describe('example runner', function () {
  this.timeout(30000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'water-runner-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a node type that is not installed instead of waiting for it', async () => {
    const file = path.join(dir, 'missing.json');
    writeFileSync(file, JSON.stringify([
      { id: 'f00d000000000001', type: 'tab', label: 'missing' },
      { id: 'f00d000000000002', type: 'water-not-a-node', z: 'f00d000000000001', x: 100, y: 100, wires: [] },
    ]));
    const started = Date.now();
    const result = await runExample(file, 20);
    assert.deepEqual(result.missing, ['water-not-a-node']);
    assert.ok(Date.now() - started < 15000, 'without running for its 20 s');
  });

  it('records what a widget receives, and presses controls in turn, each when its time or what it waits for has come', async () => {
    const file = path.join(dir, 'press.json');
    const z = 'f00d000000000011';
    writeFileSync(file, JSON.stringify([
      { id: z, type: 'tab', label: 'press' },
      { id: 'f00d000000000012', type: 'ui_tab', name: 'T', icon: 'dashboard', order: 1 },
      { id: 'f00d000000000013', type: 'ui_group', name: 'G', tab: 'f00d000000000012', order: 1, width: '6' },
      { id: 'f00d000000000014', type: 'ui_button', z, name: 'B', group: 'f00d000000000013', order: 1, width: 3, height: 1, label: 'B', payload: 'x', payloadType: 'str', topic: '', topicType: 'str', x: 100, y: 100, wires: [['f00d000000000015']] },
      { id: 'f00d000000000015', type: 'ui_text', z, name: 'T', group: 'f00d000000000013', order: 2, width: 6, height: 1, label: 'T', format: '{{msg.payload}}', layout: 'row-spread', x: 300, y: 100, wires: [] },
    ]));
    const shownOnText = { widget: 'f00d000000000015', text: '42' };
    const result = await runExample(file, 3, {}, [
      { node: 'f00d000000000014', msg: { payload: 42, topic: 'pressed' }, after: 0.5 },
      // Waits for the first press to show, then presses again.
      { node: 'f00d000000000014', msg: { payload: 43, topic: 'again' }, after: 0.2, when: shownOnText },
      // Never shown: this press is not made.
      { node: 'f00d000000000014', msg: { payload: 44, topic: 'never' }, after: 0, when: { widget: 'f00d000000000015', text: '99' } },
    ]);
    assert.deepEqual(result.missing, []);
    const text = result.widgets.f00d000000000015;
    assert.deepEqual([text.count, text.numbers, text.min, text.max], [2, 2, 42, 43]);
    assert.deepEqual(text.messages.map((m) => [m.payload, m.topic]), [[42, 'pressed'], [43, 'again']]);
    assert.ok(text.messages[1].at - text.messages[0].at >= 200);
  });
});
