import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PALETTE } from '../../nodes/lib/chart/chart';
import { colourCount, decodePng } from '../support/png';
import { runtimeSession } from '../support/process';

const T0 = Date.UTC(2026, 0, 5, 6);
const MINUTE = 60_000;

/**
 * GET /water/chart.png answers with the chart; POST /water/readings feeds it
 * a JSON array of readings (without the request, which the chart would take
 * for a render) and answers "ok".
 */
function chartFlow(): unknown[] {
  const z = 'c4a7000000000001';
  // Node-RED treats a node without a position as a config node.
  let row = 0;
  const at = () => ({ x: 200, y: 40 * ++row });
  return [
    { id: z, type: 'tab', label: 'chart image' },
    { id: 'c4a7000000000002', type: 'http in', z, url: '/water/readings', method: 'post', upload: false, swaggerDoc: '', wires: [['c4a7000000000003']], ...at() },
    {
      id: 'c4a7000000000003',
      type: 'function',
      z,
      name: 'readings',
      func: 'return [msg.payload.map((r) => ({ topic: r.topic, payload: r.payload, unit: r.unit, timestamp: r.timestamp })), Object.assign(msg, { payload: "ok" })];',
      outputs: 2,
      wires: [['c4a7000000000005'], ['c4a7000000000006']],
      ...at(),
    },
    { id: 'c4a7000000000004', type: 'http in', z, url: '/water/chart.png', method: 'get', upload: false, swaggerDoc: '', wires: [['c4a7000000000005']], ...at() },
    { id: 'c4a7000000000005', type: 'water-chart-image', z, name: 'chart', title: 'Tank', persist: true, wires: [['c4a7000000000006']], ...at() },
    { id: 'c4a7000000000006', type: 'http response', z, statusCode: '', headers: {}, wires: [], ...at() },
  ];
}

describe('water-chart-image behind http in and http response, across a restart', function () {
  this.timeout(60_000);
  let userDir: string;

  before(() => {
    userDir = mkdtempSync(path.join(os.tmpdir(), 'water-chart-'));
    writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(chartFlow()));
  });
  after(() => rmSync(userDir, { recursive: true, force: true }));

  async function chart(base: string, query = ''): Promise<{ response: Response; png: Buffer }> {
    const response = await fetch(`${base}/water/chart.png${query}`);
    return { response, png: Buffer.from(await response.arrayBuffer()) };
  }

  it('serves the PNG chart of what it was fed, and the same chart after a restart', async () => {
    const { result: first } = await runtimeSession(userDir, async (base, app) => {
      const readings = Array.from({ length: 60 }, (_, i) => [
        { topic: 'tank/level', payload: 40 + i / 2, unit: '%', timestamp: T0 + i * MINUTE },
        { topic: 'tank/flow', payload: i % 10 === 0 ? 8 : 0, unit: 'L/min', timestamp: T0 + i * MINUTE },
      ]).flat();
      const posted = await fetch(`${base}/water/readings`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(readings) });
      assert.equal(await posted.text(), 'ok');

      const { response, png } = await chart(base, '?width=400&height=300');
      assert.equal(response.status, 200, app.output());
      assert.equal(response.headers.get('content-type'), 'image/png');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const image = decodePng(png);
      assert.deepEqual([image.width, image.height], [400, 300]);
      assert.ok(colourCount(image, PALETTE[0]) > 100, 'the flow line (tank/flow sorts first)');
      assert.ok(colourCount(image, PALETTE[1]) > 100, 'the level line');

      const full = decodePng((await chart(base)).png);
      assert.deepEqual([full.width, full.height], [800, 400]);
      assert.doesNotMatch(app.output(), /\[error\]/);
      return png;
    });

    const { result: again } = await runtimeSession(userDir, async (base) => (await chart(base, '?width=400&height=300')).png);
    assert.ok(again.equals(first), 'the restored buffers draw the same image');
  });
});
