import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpPostJson, runtimeSession, type Started } from '../support/process';

const CRITICAL_AFTER_MS = 3000;

/** A flow that takes messages from POST /alert-in and logs what each output of the alert node sends. */
function restartFlow() {
  const z = 'aaaa000000000001';
  // Node-RED treats a node without a position as a config node.
  let row = 0;
  const at = () => ({ x: 200, y: 40 * ++row });
  const logger = (id: string) => ({
    id,
    type: 'function',
    z,
    name: id,
    func: 'node.log(JSON.stringify({ payload: msg.payload, mode: msg.mode, alert: msg.alert }));\nreturn null;',
    outputs: 0,
    wires: [],
    ...at(),
  });
  return [
    { id: z, type: 'tab', label: 'alert restart' },
    { id: 'aaaa000000000002', type: 'http in', z, url: '/alert-in', method: 'post', upload: false, swaggerDoc: '', wires: [['aaaa000000000003']], ...at() },
    {
      id: 'aaaa000000000003',
      type: 'function',
      z,
      name: 'unwrap',
      func: 'return [Object.assign({}, msg.payload), Object.assign(msg, { payload: "ok" })];',
      outputs: 2,
      wires: [['aaaa000000000005'], ['aaaa000000000004']],
      ...at(),
    },
    { id: 'aaaa000000000004', type: 'http response', z, statusCode: '', headers: {}, wires: [], ...at() },
    {
      id: 'aaaa000000000005',
      type: 'water-alert',
      z,
      name: 'restart test',
      conditions: [{ type: 'threshold', name: 'hi', topic: '', level: 'hi', limit: 90, deadband: 0, severity: 'warning', onDelay: 0, offDelay: 0, shutoff: false }],
      criticalAfter: CRITICAL_AFTER_MS / 60_000,
      actionAfter: 60,
      rateLimit: 0,
      reminder: 0,
      wires: [['out1'], ['out2'], ['out3']],
      ...at(),
    },
    logger('out1'),
    logger('out2'),
    logger('out3'),
  ];
}

interface Logged {
  payload: unknown;
  mode?: string;
  alert?: { event: string; state: string; stage: string; raisedAt: number };
}

/** What the alert node sent on an output, as logged by the flow. */
function sent(app: Started, output: 'out1' | 'out2' | 'out3'): Logged[] {
  const pattern = new RegExp(`\\[function:${output}\\] (\\{.*\\})$`, 'gm');
  return [...app.output().matchAll(pattern)].map((m) => JSON.parse(m[1]) as Logged);
}

async function waitFor<T>(what: string, app: Started, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`${what} did not happen within ${ms} ms:\n${app.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const settle = (ms = 500): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('water-alert across restarts with the localfilesystem context store', function () {
  this.timeout(60_000);
  let userDir: string;

  before(() => {
    userDir = mkdtempSync(path.join(os.tmpdir(), 'water-alert-restart-'));
    writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(restartFlow()));
  });
  after(() => rmSync(userDir, { recursive: true, force: true }));

  const post = (app: Started, body: unknown) => httpPostJson(`${app.match[1]}/alert-in`, body);

  const session = <T>(body: (app: Started) => Promise<T>) => runtimeSession(userDir, (_url, app) => body(app));

  it('keeps the active alert and the mode, escalates once what fell due while stopped, and notifies nothing twice', async () => {
    const { app: first, result: raisedAt } = await session(async (app) => {
      await post(app, { topic: 'tank1/level', payload: 95 });
      const warning = await waitFor('the warning', app, () => sent(app, 'out1').find((m) => m.alert?.event === 'warning'));
      await post(app, { command: 'mode', payload: 'away' });
      await waitFor('the mode change', app, () => sent(app, 'out3').find((m) => m.mode === 'away'));
      return warning.alert?.raisedAt ?? NaN;
    });
    assert.deepEqual(sent(first, 'out1').map((m) => m.alert?.event), ['warning'], 'stopped before the critical stage');

    // The critical stage falls due while the runtime is down.
    await settle(Math.max(0, raisedAt + CRITICAL_AFTER_MS + 200 - Date.now()));

    await session(async (app) => {
      const announced = await waitFor('the restored alerts', app, () => sent(app, 'out3')[0]);
      await waitFor('the critical stage', app, () => sent(app, 'out1')[0]);
      await settle();
      assert.deepEqual(sent(app, 'out1').map((m) => m.alert?.event), ['critical'], 'the overdue stage once, the warning not again');
      assert.equal(sent(app, 'out1')[0].alert?.raisedAt, raisedAt);
      assert.equal(announced.mode, 'away');
      assert.deepEqual((announced.payload as Array<{ id: string; state: string }>).map((a) => [a.id, a.state]), [['tank1/level#hi', 'active']]);
      await post(app, { command: 'acknowledge' });
      await waitFor('the acknowledgement', app, () => sent(app, 'out3').find((m) => (m.payload as Array<{ state: string }>)[0]?.state === 'acknowledged'));
    });

    await session(async (app) => {
      const announced = await waitFor('the restored alerts', app, () => sent(app, 'out3')[0]);
      await settle();
      assert.deepEqual((announced.payload as Array<{ state: string; stage: string }>).map((a) => [a.state, a.stage]), [['acknowledged', 'critical']]);
      assert.equal(announced.mode, 'away');
      assert.deepEqual(sent(app, 'out1'), [], 'nothing notified again');
      assert.deepEqual(sent(app, 'out2'), []);
    });
  });
});
