import assert from 'node:assert/strict';
import fc from 'fast-check';
import sinon from 'sinon';
import waterAnomaly from '../../nodes/water-anomaly';
import waterFlowMeter from '../../nodes/water-flow-meter';
import waterLevelPredictor from '../../nodes/water-level-predictor';
import type { MeterEvent } from '../../nodes/lib/meter/meter';
import { helper } from '../support/helper';

const ZONE = 'Europe/Berlin';
const K_FACTOR = 450;
const MAX_GAP_S = 600;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Three hours before the clocks go forward (2026-03-29 02:00 CET) and back (2026-10-25 03:00 CEST). */
const STARTS = [Date.UTC(2026, 2, 28, 22), Date.UTC(2026, 9, 24, 21)];
const RUNS = 100;

/** How the next reading's time follows the last one's: the clock trouble of real installations. */
type Tick = { late: boolean; ms: number };
const tick: fc.Arbitrary<Tick> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ late: false, ms: 0 }) }, // the same timestamp again
  { weight: 6, arbitrary: fc.integer({ min: 1, max: HOUR }).map((ms) => ({ late: false, ms })) },
  { weight: 2, arbitrary: fc.integer({ min: HOUR, max: 4 * HOUR }).map((ms) => ({ late: false, ms })) }, // over a clock change
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 * DAY }).map((ms) => ({ late: true, ms })) }, // out of order: older than the last
  { weight: 1, arbitrary: fc.integer({ min: DAY, max: 10 * DAY }).map((ms) => ({ late: false, ms })) }, // a silent sensor
);

/** Local calendar date and time of an instant, straight from Intl (not the meter's calendar). */
const localFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
function local(t: number): { date: string; time: string } {
  const p = Object.fromEntries(localFormat.formatToParts(t).map((part) => [part.type, part.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
}

type Msg = Record<string, unknown> & { payload: number; timestamp: number; flow?: Record<string, number>; event?: MeterEvent };
type PeriodEvent = Extract<MeterEvent, { type: 'period' }>;

function periods(run: Run, kind: PeriodEvent['period']): PeriodEvent[] {
  return run.events.flatMap((m) => (m.event?.type === 'period' && m.event.period === kind ? [m.event] : []));
}

interface Run {
  rates: Msg[];
  events: Msg[];
  errors: string[];
}

/** Every number anywhere in a message. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(numbersIn);
}

/** Feeds readings to a node (on a frozen clock, so no timer fires) and collects what it says on its two outputs. */
async function feed(
  node: { type: string; module: unknown; config: Record<string, unknown> },
  readings: Array<{ t: number; value: unknown }>,
  extra: Record<string, unknown> = {},
): Promise<Run> {
  const flow = [
    { id: 'n', type: node.type, wires: [['out0'], ['out1']], ...node.config },
    { id: 'out0', type: 'helper' },
    { id: 'out1', type: 'helper' },
  ];
  await helper.load(node.module as never, flow as never);
  const run: Run = { rates: [], events: [], errors: [] };
  const on = (id: string, event: string, cb: (arg: never) => void) => (helper.getNode(id) as unknown as { on(e: string, cb: (arg: never) => void): void }).on(event, cb);
  on('out0', 'input', (m: Msg) => run.rates.push(m));
  on('out1', 'input', (m: Msg) => run.events.push(m));
  on('n', 'call:error', (call: { args: unknown[] }) => run.errors.push(String(call.args[0])));
  const receiver = helper.getNode('n') as unknown as { receive(msg: object): void };
  for (const r of readings) {
    receiver.receive({ topic: 'house/water', payload: r.value, timestamp: r.t, ...extra });
    await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setImmediate(resolve));
  await helper.unload();
  return run;
}

const meter = (config: Record<string, unknown>, readings: Array<{ t: number; value: number }>): Promise<Run> =>
  feed({ type: 'water-flow-meter', module: waterFlowMeter, config: { timeZone: ZONE, ...config } }, readings);

/** The readings a meter takes: each not older than the last one taken. */
function accepted<T extends { t: number }>(readings: T[]): T[] {
  let last = -Infinity;
  return readings.filter((r) => (r.t >= last ? ((last = r.t), true) : false));
}

/** Readings at the ticks from `start`; a late one is older than the last and does not move the stream's clock. */
function readingsFrom<V>(start: number, steps: Array<[Tick, V]>): Array<{ t: number; value: V }> {
  let now = start;
  return steps.map(([{ late, ms }, value]) => ({ t: late ? now - ms : (now += ms), value }));
}

describe('clock trouble: duplicate, out-of-order and days-apart timestamps across DST changes', function () {
  this.timeout(60_000);
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(async () => {
    clock.restore();
    await helper.unload();
  });

  it('flow meter on pulses: totals and period totals exact, rates right, older readings refused', async () => {
    const dayLengths = new Set<number>();
    let repeated = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...STARTS), fc.array(fc.tuple(tick, fc.integer({ min: 0, max: 5000 })), { minLength: 5, maxLength: 80 }), async (start, steps) => {
        const readings = readingsFrom(start, steps);
        const taken = accepted(readings);
        const run = await meter({ mode: 'pulses', pulseInput: 'delta', kFactor: String(K_FACTOR) }, readings);

        assert.equal(run.errors.length, readings.length - taken.length);
        for (const e of run.errors) assert.match(e, /before the previous reading/);
        assert.equal(run.rates.length, taken.length);
        for (const m of [...run.rates, ...run.events]) for (const n of numbersIn(m)) assert.ok(Number.isFinite(n), `${n} in ${JSON.stringify(m)}`);

        // Whole pulses divided once: exact.
        const pulsesIn = (from: number, to: number) => taken.filter((r) => r.t >= from && r.t < to).reduce((sum, r) => sum + r.value, 0);
        const last = run.rates[run.rates.length - 1].flow as Record<string, number>;
        assert.equal(last.total, pulsesIn(-Infinity, Infinity) / K_FACTOR);
        for (const kind of ['hour', 'day'] as const) {
          const closed = periods(run, kind);
          for (const p of closed) assert.equal(p.volume, pulsesIn(p.start, p.end) / K_FACTOR, `${kind} ${p.label}`);
          // Periods follow each other (idle ones skipped), and what is not in a closed one is in the current one.
          for (let i = 1; i < closed.length; i++) assert.ok(closed[i].start >= closed[i - 1].end);
          const open = closed.length === 0 ? -Infinity : closed[closed.length - 1].end;
          assert.equal(kind === 'hour' ? last.thisHour : last.today, pulsesIn(open, Infinity) / K_FACTOR);
          for (const p of closed) {
            if (kind === 'hour') assert.equal(p.end - p.start, HOUR, p.label);
            else {
              // A local day from midnight to midnight: 23, 24 or 25 hours.
              assert.deepEqual([local(p.start), local(p.end).time], [{ date: p.label, time: '00:00:00' }, '00:00:00']);
              assert.ok([23, 24, 25].includes((p.end - p.start) / HOUR), p.label);
              dayLengths.add((p.end - p.start) / HOUR);
            }
          }
        }

        // The rate is the volume over the time since the last reading; a repeated timestamp leaves it as it was.
        taken.forEach((r, i) => {
          const rate = run.rates[i].payload;
          if (i === 0) assert.equal(rate, 0);
          else if (r.t === taken[i - 1].t) {
            assert.equal(rate, run.rates[i - 1].payload);
            repeated++;
          }
          else assert.ok(Math.abs(rate - (r.value / K_FACTOR / (r.t - taken[i - 1].t)) * MINUTE) <= 1e-12 * Math.max(1, rate), `rate ${rate}`);
        });
      }),
      { numRuns: RUNS, seed: 20260329 },
    );
    assert.deepEqual([...dayLengths].sort(), [23, 24, 25], 'the days the clocks change were among those closed');
    assert.ok(repeated > RUNS, `${repeated} repeated timestamps`);
  });

  it('flow meter on a flow rate: the trapezoid within the maximum gap, nothing across a longer one, period totals adding up', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...STARTS), fc.array(fc.tuple(tick, fc.double({ min: 0, max: 40, noNaN: true })), { minLength: 5, maxLength: 80 }), async (start, steps) => {
        const readings = readingsFrom(start, steps);
        const taken = accepted(readings);
        const run = await meter({ mode: 'rate', rateInputUnit: 'L/min', maxGap: String(MAX_GAP_S) }, readings);

        assert.equal(run.errors.length, readings.length - taken.length);
        for (const m of [...run.rates, ...run.events]) for (const n of numbersIn(m)) assert.ok(Number.isFinite(n), `${n} in ${JSON.stringify(m)}`);
        taken.forEach((r, i) => assert.equal(run.rates[i].payload, r.value, 'a rate sensor is its own rate'));

        let litres = 0;
        let gaps = 0;
        for (let i = 1; i < taken.length; i++) {
          const dt = taken[i].t - taken[i - 1].t;
          if (dt > MAX_GAP_S * SECOND) gaps++;
          else litres += ((taken[i - 1].value + taken[i].value) / 2) * (dt / MINUTE);
        }
        const last = run.rates[run.rates.length - 1].flow as Record<string, number>;
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
        assert.ok(close(last.total, litres), `total ${last.total}, trapezoid ${litres}`);
        assert.equal(run.events.filter((m) => m.event?.type === 'gap').length, gaps);
        const days = periods(run, 'day').reduce((sum, p) => sum + p.volume, 0);
        assert.ok(close(days + last.today, litres), `days ${days} + today ${last.today}, trapezoid ${litres}`);
      }),
      { numRuns: RUNS, seed: 20261025 },
    );
  });

  /** Two days of a tank's daily cycle every 10 minutes up to `start`: enough history for the predictor's learned model. */
  const history = (start: number) =>
    Array.from({ length: 288 }, (_, i) => {
      const t = start - (288 - i) * 10 * MINUTE;
      return { t, value: 50 + 30 * Math.sin((2 * Math.PI * t) / DAY) + 2 * Math.sin(t / (37 * MINUTE)) };
    });

  for (const c of [
    {
      name: 'anomaly detector',
      // Short learning and window, so the learned detectors score within the sequence; the units turn on the water rules.
      node: { type: 'water-anomaly', module: waterAnomaly, config: { learningReadings: '3', window: '16', statisticsOnWater: true } },
      reading: fc.record({ flow: fc.double({ min: 0, max: 40, noNaN: true }), level: fc.double({ min: 0, max: 100, noNaN: true }) }) as fc.Arbitrary<unknown>,
      extra: { unit: { flow: 'L/min', level: '%' } },
      before: (): Array<{ t: number; value: unknown }> => [],
      runs: RUNS,
    },
    {
      name: 'level predictor',
      // Short horizons and frequent refits, after a history long enough for the learned model.
      node: { type: 'water-level-predictor', module: waterLevelPredictor, config: { horizons: '30min, 1h', retrainEvery: '1h', outputs: 2 } },
      reading: fc.double({ min: 0, max: 100, noNaN: true }) as fc.Arbitrary<unknown>,
      extra: { unit: '%' },
      before: history,
      runs: 25,
    },
  ]) {
    it(`${c.name}: no NaN, no Infinity, no exception; only readings older than the last refused`, async () => {
      const models = new Set<unknown>();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...STARTS), fc.array(fc.tuple(tick, c.reading), { minLength: 5, maxLength: 80 }), async (start, steps) => {
          const readings = [...c.before(start), ...readingsFrom(start, steps)];
          const taken = accepted(readings);
          const run = await feed(c.node, readings, c.extra);
          assert.equal(run.errors.length, readings.length - taken.length, run.errors.join('\n'));
          for (const e of run.errors) assert.match(e, /before the previous reading/);
          assert.equal(run.rates.length, taken.length);
          for (const m of [...run.rates, ...run.events]) for (const n of numbersIn(m)) assert.ok(Number.isFinite(n), `${n} in ${JSON.stringify(m)}`);
          for (const m of run.rates.slice(c.before(start).length)) models.add((m.prediction as { model?: string } | undefined)?.model);
        }),
        { numRuns: c.runs, seed: 20260330 },
      );
      if (c.node.type === 'water-level-predictor') assert.ok(models.has('learned'), `models seen in the trouble: ${[...models].join(', ')}`);
    });
  }
});
