import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { predictorConfigFromForm } from '../../nodes/lib/predictor/config';
import { LevelPredictor, type HorizonForecast } from '../../nodes/lib/predictor/predictor';
import { httpPostJson, runtimeSession } from '../support/process';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const T0 = Date.UTC(2026, 0, 5);
const SETTINGS = { horizons: '1h, 3h', step: '10min' };

/** POST /level {topic, timestamp, level} answers with the predictor's `msg.prediction`. */
function predictorFlow(): unknown[] {
  const z = 'p4e0000000000001';
  let row = 0;
  const at = () => ({ x: 200, y: 40 * ++row });
  return [
    { id: z, type: 'tab', label: 'predictor restart' },
    { id: 'p4e0000000000002', type: 'http in', z, url: '/level', method: 'post', upload: false, swaggerDoc: '', wires: [['p4e0000000000003']], ...at() },
    {
      id: 'p4e0000000000003',
      type: 'change',
      z,
      rules: [
        { t: 'set', p: 'topic', pt: 'msg', to: 'payload.topic', tot: 'msg' },
        { t: 'set', p: 'timestamp', pt: 'msg', to: 'payload.timestamp', tot: 'msg' },
        { t: 'set', p: 'payload', pt: 'msg', to: 'payload.level', tot: 'msg' },
      ],
      wires: [['p4e0000000000004']],
      ...at(),
    },
    { id: 'p4e0000000000004', type: 'water-level-predictor', z, ...SETTINGS, wires: [['p4e0000000000005']], ...at() },
    { id: 'p4e0000000000005', type: 'change', z, rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'prediction', tot: 'msg' }], wires: [['p4e0000000000006']], ...at() },
    { id: 'p4e0000000000006', type: 'http response', z, statusCode: '', headers: {}, wires: [], ...at() },
  ];
}

/** A daily cycle of demand and refills, with a faster wobble on top. */
function level(t: number): number {
  return 50 + 30 * Math.sin((2 * Math.PI * (t - T0)) / DAY) + 2 * Math.sin((t - T0) / (37 * MINUTE));
}

interface Answer {
  model: string;
  horizons: HorizonForecast[];
}

async function predict(base: string, t: number): Promise<Answer> {
  const res = await httpPostJson(`${base}/level`, { topic: 'tank', timestamp: t, level: level(t) });
  assert.equal(res.status, 200, res.body);
  return JSON.parse(res.body) as Answer;
}

describe('water-level-predictor restarted in a real runtime with the localfilesystem context store', function () {
  this.timeout(90_000);
  let userDir: string;

  before(() => {
    userDir = mkdtempSync(path.join(os.tmpdir(), 'water-predictor-'));
    writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(predictorFlow()));
  });
  after(() => rmSync(userDir, { recursive: true, force: true }));

  it('predicts after the restart exactly as it would have without one', async () => {
    const times = Array.from({ length: (2 * DAY) / (10 * MINUTE) }, (_, i) => T0 + i * 10 * MINUTE);
    const after = T0 + 2 * DAY;
    const { result: before } = await runtimeSession(userDir, async (base) => {
      let last: Answer | undefined;
      for (const t of times) last = await predict(base, t);
      return last;
    });
    assert.equal(before?.model, 'learned');
    const { result: restarted } = await runtimeSession(userDir, (base) => predict(base, after));

    const parsed = predictorConfigFromForm(SETTINGS);
    assert.ok(parsed.ok);
    const uninterrupted = new LevelPredictor({ ...parsed.value.options, marks: { empty: 0, full: 100 }, bounds: { min: 0, max: 100 } });
    for (const t of times) uninterrupted.update(t, level(t));
    const expected = uninterrupted.update(after, level(after));
    assert.equal(restarted.model, 'learned');
    assert.deepEqual(restarted.horizons, expected.horizons);
  });
});
