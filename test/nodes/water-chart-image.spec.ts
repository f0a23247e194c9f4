import assert from 'node:assert/strict';
import sinon from 'sinon';
import waterChartImage from '../../nodes/water-chart-image';
import { shortText } from '../../nodes/lib/adapter/runtime';
import { helper, withFlow } from '../support/helper';
import { decodePng, pixelOf } from '../support/png';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5, 6);

type Msg = Record<string, unknown> & { payload: Buffer; headers: Record<string, string>; chart: { width: number; height: number; start: number; end: number; series: Array<{ topic: string; unit?: string; points: number; colour: string }> } };
type RuntimeNode = {
  on(event: string, cb: (arg: never) => void): void;
  receive(msg: object): void;
  context(): { get(key: string): unknown };
  close(removed: boolean): Promise<void>;
};

interface Recorded {
  node: RuntimeNode;
  /** Fakes setTimeout and Date from after the flow started: the status throttle and the eviction warning. */
  clock: sinon.SinonFakeTimers;
  images: Msg[];
  errors: string[];
  warnings: string[];
  statuses: Array<{ fill?: string; shape?: string; text?: string }>;
}

/** Lets the runtime deliver what was received and sent; delivery runs on setImmediate, which is not faked. */
async function delivered(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

function flowWith(props: Record<string, unknown>): Array<{ id: string; type: string; [key: string]: unknown }> {
  return [
    { id: 'c1', type: 'water-chart-image', name: 'chart', ...props, wires: [['out']] },
    { id: 'out', type: 'helper' },
  ];
}

/** Loads a chart node wired to a helper node and records what it sends, its errors, warnings and status. */
async function withChart(props: Record<string, unknown>, body: (rec: Recorded) => Promise<void>): Promise<void> {
  await withFlow([waterChartImage], flowWith(props), async () => {
    const node = helper.getNode('c1') as unknown as RuntimeNode;
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const rec: Recorded = { node, clock, images: [], errors: [], warnings: [], statuses: [] };
    try {
      (helper.getNode('out') as unknown as RuntimeNode).on('input', (m: Msg) => rec.images.push(m));
      const text = (into: string[]) => (call: { args: unknown[] }) => {
        const arg = call.args[0];
        into.push(arg instanceof Error ? arg.message : String(arg));
      };
      node.on('call:error', text(rec.errors));
      node.on('call:warn', text(rec.warnings));
      node.on('call:status', (call: { args: Array<Recorded['statuses'][number]> }) => rec.statuses.push(call.args[0]));
      await body(rec);
    } finally {
      clock.restore();
    }
  });
}

async function send(rec: Recorded, msg: Record<string, unknown>): Promise<void> {
  rec.node.receive(msg);
  await delivered();
}

/** An hour of level readings, one a minute, rising from 40 to 99 %. */
async function feedLevel(rec: Recorded, topic = 'tank/level'): Promise<void> {
  for (let i = 0; i < 60; i++) rec.node.receive({ topic, payload: 40 + i, unit: '%', timestamp: T0 + i * MINUTE });
  await delivered();
}

/** The status once the throttle has shown the latest. */
async function shownStatus(rec: Recorded): Promise<Recorded['statuses'][number]> {
  rec.clock.tick(1000);
  await delivered();
  return rec.statuses[rec.statuses.length - 1];
}

const lastStatus = (rec: Recorded): Recorded['statuses'][number] => rec.statuses[rec.statuses.length - 1];

describe('water-chart-image node', () => {
  it('renders the readings as a PNG of the configured size on a render command', async () => {
    await withChart({ title: 'Tank' }, async (rec) => {
      await feedLevel(rec);
      await send(rec, { topic: 'tank/flow', payload: '2.5', unit: 'L/min', timestamp: T0 });
      assert.deepEqual(await shownStatus(rec), { fill: 'green', shape: 'dot', text: '2 series · 61 points' });
      await send(rec, { command: 'render', topic: 'daily chart' });
      assert.equal(rec.images.length, 1);
      const msg = rec.images[0];
      assert.ok(Buffer.isBuffer(msg.payload));
      const png = decodePng(msg.payload);
      assert.deepEqual([png.width, png.height], [800, 400]);
      assert.deepEqual(msg.headers, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
      assert.equal(msg.filename, 'water-chart.png');
      assert.equal(msg.topic, 'daily chart');
      assert.deepEqual(msg.chart.series, [
        { topic: 'tank/flow', unit: 'L/min', points: 1, colour: '#1f77b4' },
        { topic: 'tank/level', unit: '%', points: 60, colour: '#ff7f0e' },
      ]);
      assert.deepEqual([msg.chart.start, msg.chart.end], [T0 + 59 * MINUTE - 24 * 60 * MINUTE, T0 + 59 * MINUTE]);
      let levelPixels = 0;
      for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) if (pixelOf(png, x, y).rgb === 0xff7f0e) levelPixels++;
      assert.ok(levelPixels > 40, `${levelPixels} pixels of the level's colour`);
      assert.deepEqual(rec.errors, []);
    });
  });

  it('answers an http in message with the image, keeping req and res, sized by its query', async () => {
    await withChart({}, async (rec) => {
      await feedLevel(rec);
      const res = { marker: 'response' };
      await send(rec, { payload: { width: '400', height: '9999' }, req: { query: { width: '400', height: '9999', hours: '1' } }, res, headers: { 'X-Extra': 'kept' } });
      assert.equal(rec.images.length, 1);
      const msg = rec.images[0];
      const png = decodePng(msg.payload);
      assert.deepEqual([png.width, png.height], [400, 1500]);
      assert.equal((msg.res as { marker: string }).marker, 'response');
      assert.deepEqual((msg.req as { query: unknown }).query, { width: '400', height: '9999', hours: '1' });
      assert.deepEqual(msg.headers, { 'X-Extra': 'kept', 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
      assert.equal(msg.chart.start, T0 - MINUTE);
      assert.equal(msg.chart.series[0].points, 60);
      assert.deepEqual(rec.errors, []);
    });
  });

  it('never takes an HTTP request for a reading', async () => {
    await withChart({}, async (rec) => {
      await send(rec, { payload: 42, topic: 'tank/level', req: { query: {} }, res: {} });
      assert.equal(rec.images.length, 1);
      assert.deepEqual(rec.images[0].chart.series, []);
      await send(rec, { command: 'render' });
      assert.deepEqual(rec.images[1].chart.series, []);
      assert.deepEqual(await shownStatus(rec), { fill: 'grey', shape: 'ring', text: 'no data' });
    });
  });

  it('takes msg.width, msg.height and msg.hours within bounds and rejects them outside', async () => {
    await withChart({ hours: '2' }, async (rec) => {
      await feedLevel(rec);
      await send(rec, { command: 'render', width: 200, height: 150, hours: 0.5 });
      const png = decodePng(rec.images[0].payload);
      assert.deepEqual([png.width, png.height], [200, 150]);
      assert.equal(rec.images[0].chart.series[0].points, 31);
      await send(rec, { command: 'render', width: 2001 });
      await send(rec, { command: 'render', height: 149 });
      await send(rec, { command: 'render', hours: 3 });
      assert.deepEqual(rec.errors, [
        'msg.width 2001: expected a whole number from 200 to 2000',
        'msg.height 149: expected a whole number from 150 to 1500',
        'msg.hours 3: expected hours above 0 and at most 2 (the window)',
      ]);
      assert.equal(rec.images.length, 1);
      assert.deepEqual(lastStatus(rec), { fill: 'red', shape: 'ring', text: shortText(rec.errors[2]) });
    });
  });

  describe('rejects bad input with a clear error and unchanged state', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['a payload that is not a number', { topic: 'tank/level', payload: 'full' }, 'tank/level: payload "full" is not a finite number'],
      ['a timestamp going backwards', { topic: 'tank/level', payload: 50, timestamp: T0 + 58 * MINUTE }, 'tank/level: timestamp 2026-01-05T06:58:00.000Z is before the previous reading at 2026-01-05T06:59:00.000Z'],
      ['a bad timestamp', { topic: 'tank/level', payload: 50, timestamp: 'soon' }, 'tank/level: timestamp "soon" is not a date from 1970 to 9999 in epoch milliseconds or ISO text'],
      ['an unknown unit', { topic: 'tank/level', payload: 50, unit: 'furlong' }, 'tank/level: unit "furlong" is not one of %, m, cm, mm, L, m3, gal, L/min, L/s, L/h, m3/h, gpm, pulses'],
      ['a change of unit', { topic: 'tank/level', payload: 50, unit: 'cm', timestamp: T0 + 60 * MINUTE }, 'tank/level: unit "cm" differs from the series\' unit %; send msg.command "clear" with this topic to start it over'],
      ['an unknown command', { topic: 'ctl', command: 'explode' }, 'ctl: unknown command "explode"; expected one of render, clear'],
      ['a command that is not text', { command: 5 }, '(no topic): unknown command 5; expected one of render, clear'],
    ];
    for (const [what, msg, text] of cases) {
      it(what, async () => {
        await withChart({}, async (rec) => {
          await feedLevel(rec);
          await send(rec, msg);
          assert.deepEqual(rec.errors, [text]);
          assert.deepEqual(lastStatus(rec), { fill: 'red', shape: 'ring', text: shortText(text) });
          await send(rec, { command: 'render' });
          assert.deepEqual(rec.images.map((m) => m.chart.series), [[{ topic: 'tank/level', unit: '%', points: 60, colour: '#1f77b4' }]]);
          assert.equal(rec.images[0].chart.end, T0 + 59 * MINUTE);
        });
      });
    }
  });

  it('keeps and draws only the listed topics, in the list order', async () => {
    await withChart({ topics: 'tank/level\ntank/flow' }, async (rec) => {
      await send(rec, { topic: 'garden/flow', payload: 'not even a number' });
      await send(rec, { topic: 'tank/flow', payload: 1, timestamp: T0 });
      await send(rec, { topic: 'tank/level', payload: 2, timestamp: T0 });
      await send(rec, { command: 'render' });
      assert.deepEqual(rec.errors, []);
      assert.deepEqual(rec.images[0].chart.series.map((s) => s.topic), ['tank/level', 'tank/flow']);
      assert.deepEqual(await shownStatus(rec), { fill: 'green', shape: 'dot', text: '2 series · 2 points' });
    });
  });

  it('clears one topic or all on command', async () => {
    await withChart({}, async (rec) => {
      await feedLevel(rec, 'a');
      await feedLevel(rec, 'b');
      await send(rec, { command: 'clear', topic: 'a' });
      assert.deepEqual(await shownStatus(rec), { fill: 'green', shape: 'dot', text: '1 series · 60 points' });
      await send(rec, { command: 'clear' });
      assert.deepEqual(await shownStatus(rec), { fill: 'grey', shape: 'ring', text: 'no data' });
      await send(rec, { topic: 'a', payload: 1, timestamp: T0 });
      assert.deepEqual(rec.errors, [], 'a cleared topic starts over, earlier timestamps allowed');
    });
  });

  it('bounds the topics it keeps, with one warning per burst of evictions, and clears its timers on close', async () => {
    await withChart({ maxTopics: '3' }, async (rec) => {
      const { clock } = rec;
      for (let i = 0; i < 10; i++) rec.node.receive({ topic: `t${i}`, payload: i, timestamp: T0 });
      await delivered();
      assert.deepEqual(rec.warnings, []);
      clock.tick(1000);
      await delivered();
      assert.deepEqual(rec.warnings, ['evicted 7 topic(s) to stay within the limit of 3 topics (last: t6)']);
      assert.equal(clock.countTimers(), 0);
      rec.node.receive({ topic: 't10', payload: 1, timestamp: T0 });
      await delivered();
      assert.equal(clock.countTimers(), 2, 'a new burst: its warning and the status are pending');
      await rec.node.close(false);
      await delivered();
      assert.equal(clock.countTimers(), 0, 'close cleared both');
      clock.tick(5000);
      await delivered();
      assert.equal(rec.warnings.length, 1);
      assert.deepEqual(lastStatus(rec), {});
    });
  });

  it('saves its buffers in node context when asked to', async () => {
    await withChart({ persist: true }, async (rec) => {
      await feedLevel(rec);
      const saved = rec.node.context().get('series') as Record<string, { unit: string; times: number[]; values: number[] }>;
      assert.deepEqual(Object.keys(saved), ['tank/level']);
      assert.equal(saved['tank/level'].unit, '%');
      assert.deepEqual(saved['tank/level'].times, Array.from({ length: 60 }, (_, i) => T0 + i * MINUTE));
      assert.deepEqual(saved['tank/level'].values, Array.from({ length: 60 }, (_, i) => 40 + i));
      await send(rec, { command: 'clear' });
      assert.deepEqual(Object.keys(rec.node.context().get('series') as object), []);
    });
  });

  it('keeps nothing in node context by default', async () => {
    await withChart({}, async (rec) => {
      await feedLevel(rec);
      assert.equal(rec.node.context().get('series'), undefined);
    });
  });

  it('explains an invalid configuration and refuses messages', async () => {
    await withChart({ yMin: '100', yMax: '0' }, async (rec) => {
      await delivered();
      const text = 'invalid setting yMin: 100, expected below the maximum 0';
      assert.deepEqual(rec.errors, [text], 'reported at deploy');
      await send(rec, { command: 'render' });
      assert.deepEqual(rec.errors, [text, text], 'and for each message');
      assert.equal(rec.images.length, 0);
    });
  });
});
