import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Calendar } from '../../nodes/lib/meter/calendar';
import type { MeterEvent } from '../../nodes/lib/meter/meter';
import { startProcess, type Started } from '../support/process';

const RUNTIME = path.join(__dirname, '..', 'fixtures', 'meter-runtime.js');
const K_FACTOR = 450;
const BERLIN = new Calendar('Europe/Berlin');

/**
 * HTTP in -> flow meter -> HTTP response with `msg.flow`, so each POSTed
 * reading answers with the totals after it; the events go to a file, one JSON
 * object a line.
 */
function meterFlow(eventsFile: string): unknown[] {
  const tab = 'f0000000000000a1';
  return [
    { id: tab, type: 'tab', label: 'meter restart' },
    { id: 'n000000000000001', z: tab, type: 'http in', url: '/reading', method: 'post', wires: [['n000000000000002']] },
    {
      id: 'n000000000000002',
      z: tab,
      type: 'change',
      rules: [
        { t: 'set', p: 'topic', pt: 'msg', to: 'payload.topic', tot: 'msg' },
        { t: 'set', p: 'timestamp', pt: 'msg', to: 'payload.timestamp', tot: 'msg' },
        { t: 'set', p: 'payload', pt: 'msg', to: 'payload.pulses', tot: 'msg' },
      ],
      wires: [['n000000000000003']],
    },
    {
      id: 'n000000000000003',
      z: tab,
      type: 'water-flow-meter',
      mode: 'pulses',
      kFactor: K_FACTOR,
      timeZone: 'Europe/Berlin',
      wires: [['n000000000000004'], ['n000000000000006']],
    },
    { id: 'n000000000000004', z: tab, type: 'change', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'flow', tot: 'msg' }], wires: [['n000000000000005']] },
    { id: 'n000000000000005', z: tab, type: 'http response', statusCode: '', headers: {}, wires: [] },
    { id: 'n000000000000006', z: tab, type: 'change', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'event', tot: 'msg' }], wires: [['n000000000000007']] },
    {
      id: 'n000000000000007',
      z: tab,
      type: 'file',
      filename: eventsFile,
      filenameType: 'str',
      appendNewline: true,
      createDir: false,
      overwriteFile: 'false',
      encoding: 'none',
      wires: [[]],
    },
  ];
}

function post(url: string, body: unknown): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) }, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200) reject(new Error(`POST ${url} answered ${res.statusCode}: ${text}`));
        else resolve(JSON.parse(text) as Record<string, number>);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`POST ${url} timed out`)));
    req.on('error', reject);
    req.end(data);
  });
}

interface Reading {
  t: number;
  pulses: number;
}

describe('flow meter restarted in a real runtime with the localfilesystem context store', function () {
  this.timeout(90000);
  let userDir: string;
  let app: Started | undefined;

  before(() => {
    userDir = mkdtempSync(path.join(os.tmpdir(), 'water-meter-restart-'));
  });
  after(async () => {
    await app?.stop();
    rmSync(userDir, { recursive: true, force: true });
  });

  it('continues the totals exactly after a restart in the middle of the day', async () => {
    const eventsFile = path.join(userDir, 'events.jsonl');
    writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(meterFlow(eventsFile)));
    // A reading every 15 minutes from 08:00 to 23:45, and one after midnight; pulses not a multiple of the K-factor.
    const readings: Reading[] = [];
    for (let i = 0; i < 64; i++) readings.push({ t: BERLIN.instantOf(2024, 5, 14, 8, 15 * i), pulses: 450 * ((i % 7) + 1) + (i % 3) * 37 });
    readings.push({ t: BERLIN.instantOf(2024, 5, 15, 0, 15), pulses: 900 });
    const restartAfter = readings.findIndex((r) => r.t === BERLIN.instantOf(2024, 5, 14, 12, 0));
    const start = (): Promise<Started> => startProcess('node', [RUNTIME, userDir], { ready: /ready (http:\/\/\S+)/ });

    const answers: Array<Record<string, number>> = [];
    app = await start();
    for (const [i, r] of readings.entries()) {
      if (i === restartAfter + 1) {
        assert.equal(await app.stop(), 0, app.output());
        assert.ok(existsSync(path.join(userDir, 'context')), 'context written to disk');
        app = await start();
      }
      answers.push(await post(`${app.match[1]}/reading`, { topic: 'house/water', timestamp: r.t, pulses: r.pulses }));
    }
    const output = app.output();
    assert.equal(await app.stop(), 0, output);
    app = undefined;
    assert.doesNotMatch(output, /\[error\]/);

    // Every figure is whole pulses counted and divided by the K-factor once, so it is exact.
    const litres = (from: number, to: number): number => readings.slice(from, to).reduce((sum, r) => sum + r.pulses, 0) / K_FACTOR;
    const endOfDay = readings.length - 1;
    const noon = readings.findIndex((r) => r.t === BERLIN.instantOf(2024, 5, 14, 12));
    const afterRestart = answers[restartAfter + 1];
    assert.equal(afterRestart.total, litres(0, restartAfter + 2));
    assert.equal(afterRestart.today, litres(0, restartAfter + 2));
    assert.equal(afterRestart.thisHour, litres(noon, restartAfter + 2));
    assert.equal(answers[endOfDay - 1].today, litres(0, endOfDay));
    assert.deepEqual(
      [answers[endOfDay].total, answers[endOfDay].today, answers[endOfDay].thisWeek],
      [litres(0, endOfDay + 1), 2, litres(0, endOfDay + 1)],
    );

    const events = readFileSync(eventsFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as MeterEvent);
    const periods = (kind: string): Array<[string, number]> =>
      events.flatMap((e) => (e.type === 'period' && e.period === kind ? [[e.label, e.volume] as [string, number]] : []));
    assert.deepEqual(periods('day'), [['2024-05-14', litres(0, endOfDay)]]);
    const noonHour = periods('hour').find(([label]) => label === '2024-05-14T12:00+02:00');
    assert.deepEqual(noonHour, ['2024-05-14T12:00+02:00', litres(noon, noon + 4)], 'the hour the restart fell in');
  });
});
