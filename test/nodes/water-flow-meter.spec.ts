import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sinon from 'sinon';
import flowMeter from '../../nodes/water-flow-meter';
import { Calendar } from '../../nodes/lib/meter/calendar';
import type { MeterEvent } from '../../nodes/lib/meter/meter';
import { helper, withFlow } from '../support/helper';
import { ROOT } from '../support/process';

const MINUTE = 60_000;
const HOUR = 3_600_000;

type Msg = Record<string, unknown> & { payload?: unknown; flow?: Record<string, number | string | boolean>; event?: MeterEvent };
interface TestNode {
  receive(msg: Record<string, unknown>): void;
  on(event: string, cb: (arg: never) => void): void;
  context(): { get(key: string): unknown };
}

function flowWith(config: Record<string, unknown>): Array<{ id: string; type: string; [key: string]: unknown }> {
  return [
    { id: 'meter', type: 'water-flow-meter', timeZone: 'Europe/Berlin', kFactor: 450, wires: [['rates'], ['events']], ...config },
    { id: 'rates', type: 'helper' },
    { id: 'events', type: 'helper' },
  ];
}

/** What the meter sent on each output, and the errors and warnings it raised. */
interface Seen {
  meter: TestNode;
  rates: Msg[];
  events: Msg[];
  errors: string[];
  warnings: string[];
}

function watch(): Seen {
  const seen: Seen = { meter: helper.getNode('meter') as unknown as TestNode, rates: [], events: [], errors: [], warnings: [] };
  (helper.getNode('rates') as unknown as TestNode).on('input', (msg: Msg) => seen.rates.push(msg));
  (helper.getNode('events') as unknown as TestNode).on('input', (msg: Msg) => seen.events.push(msg));
  seen.meter.on('call:error', (call: { args: unknown[] }) => {
    const err = call.args[0];
    seen.errors.push(err instanceof Error ? err.message : String(err));
  });
  seen.meter.on('call:warn', (call: { args: unknown[] }) => seen.warnings.push(String(call.args[0])));
  return seen;
}

/** Lets Node-RED deliver what was sent (it hands messages on with setImmediate, which is not faked). */
function delivered(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function lastFlow(seen: Seen): Record<string, number | string | boolean> {
  const flow = seen.rates.at(-1)?.flow;
  assert.ok(flow, 'a rate message');
  return flow;
}

function periodEvents(seen: Seen, kind: string): Array<Extract<MeterEvent, { type: 'period' }>> {
  return seen.events.flatMap((m) => (m.event?.type === 'period' && m.event.period === kind ? [m.event] : []));
}

/** Runs `body` on a fake clock (timers and Date) starting at `now`, with the flow loaded on it. */
async function onClock(now: number, config: Record<string, unknown>, body: (clock: sinon.SinonFakeTimers, seen: Seen) => Promise<void>): Promise<void> {
  const clock = sinon.useFakeTimers({ now, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  try {
    await withFlow([flowMeter], flowWith(config), () => body(clock, watch()));
  } finally {
    clock.restore();
  }
}

describe('water-flow-meter node', () => {
  it('sends the reading on as the rate, with the totals beside it', async () => {
    await withFlow([flowMeter], flowWith({ mode: 'pulses' }), async () => {
      const seen = watch();
      const t0 = Date.parse('2024-05-14T08:00:00Z');
      const first = { topic: 'house/water', payload: 0, timestamp: t0, sensor: 'esp32' };
      seen.meter.receive(first);
      seen.meter.receive({ topic: 'house/water', payload: '750', timestamp: new Date(t0 + 10_000).toISOString() });
      await delivered();
      assert.equal(seen.rates.length, 2);
      const [a, b] = seen.rates;
      assert.equal(a.sensor, 'esp32', 'the incoming message travels on');
      assert.equal(b.topic, 'house/water');
      assert.equal(b.payload, 10);
      assert.equal(b.unit, 'L/min');
      assert.equal(b.timestamp, t0 + 10_000);
      assert.deepEqual(b.flow, {
        rate: 10,
        unit: 'L/min',
        volume: 750 / 450,
        total: 750 / 450,
        thisHour: 750 / 450,
        today: 750 / 450,
        thisWeek: 750 / 450,
        thisMonth: 750 / 450,
        volumeUnit: 'L',
        flowing: true,
      });
      assert.deepEqual(seen.errors, []);
    });
  });

  it('keeps one meter per topic', async () => {
    await withFlow([flowMeter], flowWith({ mode: 'reading' }), async () => {
      const seen = watch();
      const t0 = Date.parse('2024-05-14T08:00:00Z');
      for (const [topic, reading, t] of [['a', 100, 0], ['b', 5000, 0], ['a', 130, HOUR], ['b', 5001, HOUR]] as const) {
        seen.meter.receive({ topic, payload: reading, timestamp: t0 + t });
      }
      await delivered();
      assert.deepEqual(
        seen.rates.slice(2).map((m) => [m.topic, m.flow?.total]),
        [['a', 30], ['b', 1]],
      );
    });
  });

  it('reports a meter that went back on the events output and as a warning', async () => {
    await withFlow([flowMeter], flowWith({ mode: 'reading' }), async () => {
      const seen = watch();
      const t0 = Date.parse('2024-05-14T08:00:00Z');
      [1000, 1010, 5, 15].forEach((payload, i) => seen.meter.receive({ topic: 'flat', payload, timestamp: t0 + i * HOUR }));
      await delivered();
      assert.equal(lastFlow(seen).total, 20);
      assert.deepEqual(
        seen.events.filter((m) => m.event?.type === 'meter-replaced').map((m) => [m.topic, m.payload, m.event]),
        [['flat', 5, { type: 'meter-replaced', previous: 1010, reading: 5, unit: 'L' }]],
      );
      assert.deepEqual(seen.warnings, ['flat: meter reading went down from 1010 to 5; taken as a replaced or reset meter and counted from the new reading on']);
    });
  });

  describe('commands', () => {
    it('sets the total to the physical meter, resets it and forgets a topic', async () => {
      await withFlow([flowMeter], flowWith({ mode: 'pulses', pulseInput: 'counter' }), async () => {
        const seen = watch();
        const t0 = Date.parse('2024-05-14T08:00:00Z');
        const read = (counter: number, minutes: number): void => seen.meter.receive({ topic: 'm', payload: counter, timestamp: t0 + minutes * MINUTE });
        read(1000, 0);
        seen.meter.receive({ topic: 'm', command: 'set', payload: 1.5, unit: 'm3' });
        read(1450, 1);
        await delivered();
        assert.equal(lastFlow(seen).total, 1501);
        seen.meter.receive({ topic: 'm', command: 'reset' });
        read(1900, 2);
        await delivered();
        assert.equal(lastFlow(seen).total, 1);
        assert.equal(lastFlow(seen).today, 2, 'period totals are not touched');
        seen.meter.receive({ topic: 'm', command: 'reset-topic' });
        read(5000, 3);
        await delivered();
        assert.deepEqual([lastFlow(seen).total, lastFlow(seen).today], [0, 0], 'a forgotten topic starts from a new baseline');
        assert.equal(seen.rates.length, 4, 'commands send nothing');
        assert.deepEqual(seen.errors, []);
      });
    });

    it('rejects an unknown command or a bad total without changing anything', async () => {
      await withFlow([flowMeter], flowWith({ mode: 'pulses' }), async () => {
        const seen = watch();
        seen.meter.receive({ topic: 'm', payload: 450, timestamp: 0 });
        seen.meter.receive({ topic: 'm', command: 'explode' });
        seen.meter.receive({ topic: 'm', command: 'set', payload: -4 });
        seen.meter.receive({ topic: 'm', command: 'set', payload: 'lots' });
        seen.meter.receive({ topic: 'm', command: 'set', payload: 4, unit: 'L/min' });
        seen.meter.receive({ topic: 'm', payload: 450, timestamp: 1000 });
        await delivered();
        assert.deepEqual(seen.errors, [
          'm: unknown command "explode"; expected one of reset, set, reset-topic',
          'm: cannot set the total to -4; it must be zero or more',
          'm: payload "lots" is not a finite number',
          'm: unit "L/min" is not one of L, m3, gal',
        ]);
        assert.equal(lastFlow(seen).total, 2);
      });
    });
  });

  it('rejects bad readings with an error naming them, and carries on as if they never came', async () => {
    await withFlow([flowMeter], flowWith({ mode: 'pulses' }), async () => {
      const seen = watch();
      const t0 = Date.parse('2024-05-14T08:00:00Z');
      seen.meter.receive({ topic: 'm', payload: 450, timestamp: t0 });
      const before = JSON.stringify(seen.meter.context().get('meters'));
      for (const bad of [
        { payload: 'lots' },
        { payload: -5 },
        { payload: 2.5 },
        { payload: Infinity },
        { payload: 450, unit: 'L' },
        { payload: 450, timestamp: t0 - 1 },
        { payload: 450, timestamp: 'yesterday' },
      ]) {
        seen.meter.receive({ topic: 'm', ...bad });
      }
      await delivered();
      assert.equal(JSON.stringify(seen.meter.context().get('meters')), before);
      seen.meter.receive({ topic: 'm', payload: 450, timestamp: t0 + MINUTE });
      await delivered();
      assert.deepEqual(seen.errors, [
        'm: payload "lots" is not a finite number',
        'm: -5 pulses is negative; pulses only add up',
        'm: 2.5 is not a whole number of pulses',
        'm: payload Infinity is not a finite number',
        'm: unit "L" is not one of pulses',
        'm: timestamp 2024-05-14T07:59:59.999Z is before the previous reading at 2024-05-14T08:00:00.000Z',
        'm: timestamp "yesterday" is not a date from 1970 to 9999 in epoch milliseconds or ISO text',
      ]);
      assert.equal(seen.rates.length, 2);
      assert.equal(lastFlow(seen).total, 2);
    });
  });

  it('explains a bad configuration and rejects every message with it', async () => {
    await withFlow([flowMeter], flowWith({ timeZone: 'Mars/Olympus_Mons' }), async () => {
      const seen = watch();
      seen.meter.receive({ payload: 1 });
      await delivered();
      const text = 'invalid flow meter configuration: "Mars/Olympus_Mons" is not an IANA time zone (such as Europe/Berlin)';
      assert.deepEqual(seen.errors, [text, text], 'once at deploy, once for the message');
      assert.equal(seen.rates.length, 0);
    });
  });

  describe('timers', () => {
    const berlin = new Calendar('Europe/Berlin');

    it('sends rate 0 when the pulses stop, and leaves no timer behind on close', async () => {
      const clock = sinon.useFakeTimers({ now: Date.parse('2024-05-14T08:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        await helper.load([flowMeter], flowWith({ mode: 'pulses', zeroFlowTimeout: 120 }));
        const seen = watch();
        seen.meter.receive({ topic: 'm', payload: 0 });
        await clock.tickAsync(10_000);
        seen.meter.receive({ topic: 'm', payload: 750 });
        await clock.tickAsync(119_999);
        assert.deepEqual(seen.rates.map((m) => m.payload), [0, 10]);
        await clock.tickAsync(1);
        assert.deepEqual(seen.rates.map((m) => m.payload), [0, 10, 0]);
        const zero = seen.rates[2];
        assert.equal(zero.topic, 'm');
        assert.equal(zero.timestamp, Date.parse('2024-05-14T08:02:10Z'));
        assert.equal(zero.flow?.today, 750 / 450);
        assert.ok(clock.countTimers() > 0, 'the period timer is set');
        await helper.unload();
        assert.equal(clock.countTimers(), 0);
      } finally {
        clock.restore();
      }
    });

    it('rolls the hour and the day over at midnight with no reading, each period with its own volume', async () => {
      await onClock(berlin.instantOf(2024, 5, 14, 23, 50), { mode: 'pulses' }, async (clock, seen) => {
        seen.meter.receive({ topic: 'm', payload: 450 });
        await clock.tickAsync(5 * MINUTE);
        seen.meter.receive({ topic: 'm', payload: 900 });
        await clock.tickAsync(10 * MINUTE - 1);
        assert.deepEqual(
          seen.events.filter((m) => m.event?.type === 'period').map((m) => [m.event?.type === 'period' && m.event.label, m.payload, m.timestamp]),
          [
            ['2024-05-14T23:00+02:00', 3, berlin.instantOf(2024, 5, 15)],
            ['2024-05-14', 3, berlin.instantOf(2024, 5, 15)],
          ],
        );
        seen.meter.receive({ topic: 'm', payload: 450 });
        await delivered();
        const flow = lastFlow(seen);
        assert.deepEqual([flow.thisHour, flow.today, flow.thisWeek, flow.thisMonth, flow.total], [1, 1, 4, 4, 4]);
      });
    });

    /**
     * Runs the timer through a whole local day, with one batch of 450 pulses
     * (1 L) half past each hour and one the evening before, and returns what it sent.
     */
    async function throughDay(zone: string, year: number, month: number, day: number, config: Record<string, unknown> = {}): Promise<Seen> {
      const calendar = new Calendar(zone);
      const start = calendar.instantOf(year, month, day);
      const end = calendar.instantOf(year, month, day + 1);
      let result: Seen | undefined;
      await onClock(start - 10 * MINUTE, { mode: 'pulses', timeZone: zone, ...config }, async (clock, seen) => {
        seen.meter.receive({ topic: 'm', payload: 450 });
        for (let at = start + 30 * MINUTE; at < end; at += HOUR) {
          await clock.tickAsync(at - Date.now());
          seen.meter.receive({ topic: 'm', payload: 450 });
        }
        await clock.tickAsync(end + MINUTE - Date.now());
        assert.deepEqual(seen.errors, []);
        result = seen;
      });
      assert.ok(result);
      return result;
    }

    function assertDay(seen: Seen, zone: string, label: string, hours: number, firstHours: string[]): void {
      const [day] = periodEvents(seen, 'day').filter((e) => e.label === label);
      assert.ok(day, `${zone}: a day event for ${label}`);
      assert.equal((day.end - day.start) / HOUR, hours, `${zone} ${label} lasts ${hours} hours`);
      assert.equal(day.volume, hours, 'one litre in each hour of the day');
      const dayHours = periodEvents(seen, 'hour').filter((e) => e.start >= day.start && e.end <= day.end);
      assert.equal(dayHours.length, hours);
      assert.ok(dayHours.every((e) => e.volume === 1 && e.end - e.start === HOUR));
      assert.deepEqual(dayHours.slice(0, firstHours.length).map((e) => e.label), firstHours);
    }

    it('gives the day the clocks go forward 23 hours in Berlin, and rolls week and month with it', async () => {
      const seen = await throughDay('Europe/Berlin', 2024, 3, 31);
      assertDay(seen, 'Europe/Berlin', '2024-03-31', 23, ['2024-03-31T00:00+01:00', '2024-03-31T01:00+01:00', '2024-03-31T03:00+02:00']);
      // The evening before counts in the week and month, not the day.
      assert.deepEqual(periodEvents(seen, 'week').map((e) => [e.label, e.volume]), [['2024-03-25', 24]]);
      assert.deepEqual(periodEvents(seen, 'month').map((e) => [e.label, e.volume]), [['2024-03', 24]]);
    });

    it('gives the day the clocks go back 25 hours in Berlin', async () => {
      const seen = await throughDay('Europe/Berlin', 2024, 10, 27);
      assertDay(seen, 'Europe/Berlin', '2024-10-27', 25, [
        '2024-10-27T00:00+02:00',
        '2024-10-27T01:00+02:00',
        '2024-10-27T02:00+02:00',
        '2024-10-27T02:00+01:00',
        '2024-10-27T03:00+01:00',
      ]);
    });

    it('gives New York 23 hours on the second Sunday of March and 25 on the first of November', async () => {
      const spring = await throughDay('America/New_York', 2024, 3, 10);
      assertDay(spring, 'America/New_York', '2024-03-10', 23, ['2024-03-10T00:00-05:00', '2024-03-10T01:00-05:00', '2024-03-10T03:00-04:00']);
      const autumn = await throughDay('America/New_York', 2024, 11, 3);
      assertDay(autumn, 'America/New_York', '2024-11-03', 25, ['2024-11-03T00:00-04:00', '2024-11-03T01:00-04:00', '2024-11-03T01:00-05:00']);
    });

    it('starts the week on the configured day', async () => {
      // Saturday 2024-05-18: with weeks from Sunday, the week ends at its midnight.
      const seen = await throughDay('Europe/Berlin', 2024, 5, 18, { weekStart: '0', hourEvents: false });
      assert.deepEqual(periodEvents(seen, 'week').map((e) => [e.label, e.volume, new Date(e.end).toISOString()]), [
        ['2024-05-12', 25, '2024-05-18T22:00:00.000Z'],
      ]);
    });

    it('closes the month at the end of its last day', async () => {
      const seen = await throughDay('Europe/Berlin', 2024, 5, 31, { hourEvents: false });
      assert.deepEqual(periodEvents(seen, 'month').map((e) => [e.label, e.volume, new Date(e.end).toISOString()]), [
        ['2024-05', 25, '2024-05-31T22:00:00.000Z'],
      ]);
      assert.deepEqual(periodEvents(seen, 'week'), []);
    });

    it('ends a usage event after the quiet time with no reading', async () => {
      await onClock(Date.parse('2024-05-14T08:00:00Z'), { mode: 'pulses', usageQuiet: 30 }, async (clock, seen) => {
        seen.meter.receive({ topic: 'm', payload: 0 });
        for (let i = 0; i < 6; i++) {
          await clock.tickAsync(10_000);
          seen.meter.receive({ topic: 'm', payload: 300 });
        }
        await clock.tickAsync(30_000);
        const usage = seen.events.map((m) => m.event).filter((e) => e?.type === 'usage');
        assert.deepEqual(usage, [
          {
            type: 'usage',
            start: Date.parse('2024-05-14T08:00:10Z'),
            end: Date.parse('2024-05-14T08:01:00Z'),
            duration: 50,
            volume: 4,
            unit: 'L',
            peakRate: 4,
            rateUnit: 'L/min',
          },
        ]);
      });
    });

    it('warns once about a burst of evicted topics', async () => {
      await onClock(Date.parse('2024-05-14T08:00:00Z'), { mode: 'pulses', maxTopics: 2 }, async (clock, seen) => {
        for (const topic of ['a', 'b', 'c', 'd']) seen.meter.receive({ topic, payload: 1 });
        await clock.tickAsync(1000);
        assert.deepEqual(seen.warnings, ['evicted 2 topic(s) to stay within the limit of 2 topics (last: b)']);
        assert.deepEqual(Object.keys(seen.meter.context().get('meters') as object), ['c', 'd']);
      });
    });
  });
});

/*
 * Real household smart meters (DAIAD, Alicante) through the meter-reading
 * mode: a year of irregular, roughly hourly index readings with gaps and both
 * clock changes. The data lives beside the checkout.
 */
const DAIAD = path.join(ROOT, '..', 'shared', 'data', 'daiad');
/** The source's timestamps are naive local time of Alicante. */
const ALICANTE = new Calendar('Europe/Madrid');

interface Row {
  date: string;
  t: number;
  reading: number;
}

function readRows(file: string): Row[] {
  const [header, ...lines] = readFileSync(path.join(DAIAD, file), 'utf8').trim().split('\n');
  assert.equal(header.trim(), 'timestamp,value,cumulative_reading');
  return lines.map((line) => {
    const [timestamp, , reading] = line.split(',');
    const [date, time] = timestamp.split(' ');
    const [y, mo, d] = date.split('-').map(Number);
    const [h, mi, s] = time.split(':').map(Number);
    return { date, t: ALICANTE.instantOf(y, mo, d, h, mi, s), reading: Number(reading) };
  });
}

/** The file's own daily consumption: each reading's difference to the one before, summed by the reading's date. */
function dailySums(rows: Row[]): Map<string, number> {
  const sums = new Map<string, number>(rows.map((r) => [r.date, 0]));
  for (let i = 1; i < rows.length; i++) sums.set(rows[i].date, (sums.get(rows[i].date) ?? 0) + rows[i].reading - rows[i - 1].reading);
  return sums;
}

describe('water-flow-meter on DAIAD household meters (../shared/data/daiad)', () => {
  const files = readdirSync(DAIAD).filter((f) => f.endsWith('.csv'));

  it('finds the data files', () => {
    assert.ok(files.length >= 3, `CSV files in ${DAIAD}`);
  });

  for (const file of files) {
    it(`${file}: runs without errors and its daily totals are the sums of the file's differences`, async () => {
      const rows = readRows(file);
      await withFlow([flowMeter], flowWith({ mode: 'reading', readingUnit: 'L', timeZone: 'Europe/Madrid', hourEvents: false }), async () => {
        const seen = watch();
        for (const row of rows) seen.meter.receive({ topic: file, payload: row.reading, timestamp: row.t });
        await delivered();

        assert.deepEqual(seen.errors, []);
        assert.equal(seen.rates.length, rows.length);
        assert.deepEqual(seen.events.filter((m) => m.event?.type === 'meter-replaced'), []);
        const expected = dailySums(rows);
        const lastDate = rows[rows.length - 1].date;
        assert.equal(lastFlow(seen).today, expected.get(lastDate), 'the last day is still open');
        expected.delete(lastDate);
        assert.deepEqual(new Map(periodEvents(seen, 'day').map((e) => [e.label, e.volume])), expected);
        assert.equal(lastFlow(seen).total, rows[rows.length - 1].reading - rows[0].reading);
      });
    });
  }
});
