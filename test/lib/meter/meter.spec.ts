import assert from 'node:assert/strict';
import { meterConfigFromForm } from '../../../nodes/lib/meter/config';
import { FlowMeter, type EventRecord, type MeterEvent, type MeterState, type RecordResult } from '../../../nodes/lib/meter/meter';

const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

function meterOf(form: Record<string, unknown>): FlowMeter {
  return new FlowMeter(meterConfigFromForm({ timeZone: 'Europe/Berlin', ...form }));
}

/** Epoch ms of a wall time in Berlin, written as `2024-05-14 23:50` (CEST, +02:00, in the months used here). */
function berlin(wall: string, offset = '+02:00'): number {
  return Date.parse(`${wall.replace(' ', 'T')}${wall.length === 16 ? ':00' : ''}${offset}`);
}

/** A meter and its state, fed reading by reading, collecting every event. */
class Stream {
  readonly state: MeterState;
  readonly events: EventRecord[] = [];
  last?: RecordResult;

  constructor(
    readonly meter: FlowMeter,
    readonly topic = 'house',
  ) {
    this.state = meter.newState();
  }

  read(t: number, value: number, unit = this.meter.config.inputUnit): RecordResult {
    const reading = { topic: this.topic, value, unit, t };
    const problem = this.meter.check(this.state, reading);
    assert.equal(problem, undefined, JSON.stringify(problem));
    this.last = this.meter.record(this.state, reading);
    this.events.push(...this.last.events);
    return this.last;
  }

  tick(now: number): void {
    const result = this.meter.tick(this.state, now);
    this.events.push(...result.events);
  }

  of<T extends MeterEvent['type']>(type: T): Array<Extract<MeterEvent, { type: T }>> {
    return this.events.map((e) => e.event).filter((e): e is Extract<MeterEvent, { type: T }> => e.type === type);
  }

  periods(kind: string): Array<[string, number]> {
    return this.of('period')
      .filter((e) => e.period === kind)
      .map((e) => [e.label, e.volume]);
  }
}

describe('flow meter', () => {
  describe('pulses', () => {
    it('makes exactly 100 L of 45,000 pulses at 450 pulses/L, one pulse per message', () => {
      const s = new Stream(meterOf({ mode: 'pulses', kFactor: 450 }));
      const t0 = berlin('2024-05-14 10:00');
      for (let i = 0; i < 45_000; i++) s.read(t0 + i * 40, 1);
      assert.equal(s.last?.flow.total, 100);
      assert.equal(s.last?.flow.today, 100);
      assert.equal(s.last?.flow.thisHour, 100);
    });

    it('makes exactly 100 L of 45,000 pulses in uneven batches, and exactly 0.1 m3', () => {
      const s = new Stream(meterOf({ mode: 'pulses', kFactor: 450, volumeUnit: 'm3' }));
      const t0 = berlin('2024-05-14 10:00');
      let sent = 0;
      for (let i = 0; sent < 45_000; i++) {
        const batch = Math.min(45_000 - sent, 1 + ((i * 7919) % 613));
        s.read(t0 + i * SECOND, batch);
        sent += batch;
      }
      assert.equal(s.last?.flow.total, 0.1);
      assert.equal(s.last?.flow.volumeUnit, 'm3');
    });

    it('makes exactly 100 L of a running 16-bit counter that rolls over on the way', () => {
      const s = new Stream(meterOf({ mode: 'pulses', pulseInput: 'counter', counterMax: 65536, kFactor: 450 }));
      const t0 = berlin('2024-05-14 10:00');
      const first = 60_000;
      s.read(t0, first); // the baseline: nothing counted yet
      for (let i = 1; i <= 100; i++) s.read(t0 + i * 10 * SECOND, (first + i * 450) % 65536);
      assert.equal(s.last?.flow.total, 100);
      assert.deepEqual(s.of('counter-reset'), []);
    });

    it('counts a reed meter at 1 pulse per 10 L exactly', () => {
      const s = new Stream(meterOf({ mode: 'pulses', kFactor: 1, kVolume: 10, kUnit: 'L' }));
      for (let i = 0; i < 7; i++) s.read(berlin('2024-05-14 10:00') + i * MINUTE, 1);
      assert.equal(s.last?.flow.total, 70);
    });

    it('counts a restarted counter once and reports it, never negative or twice', () => {
      const s = new Stream(meterOf({ mode: 'pulses', pulseInput: 'counter', kFactor: 1 }));
      const t0 = berlin('2024-05-14 10:00');
      const volumes = [1000, 1200, 5, 100, 100].map((counter, i) => s.read(t0 + i * MINUTE, counter).flow.volume);
      assert.deepEqual(volumes, [0, 200, 5, 95, 0]);
      assert.equal(s.last?.flow.total, 300);
      assert.deepEqual(s.of('counter-reset'), [{ type: 'counter-reset', previous: 1200, counter: 5 }]);
    });

    it('times the rate from the pulses and the time between messages', () => {
      const s = new Stream(meterOf({ mode: 'pulses', kFactor: 450, rateUnit: 'L/min' }));
      const t0 = berlin('2024-05-14 10:00');
      assert.equal(s.read(t0, 0).rate, 0);
      assert.equal(s.read(t0 + 10 * SECOND, 750).rate, 10); // 750 pulses = 5/3 L in 1/6 min
      assert.equal(s.read(t0 + 10 * SECOND, 0).rate, 10, 'no time between readings: the rate stands');
      assert.equal(s.read(t0 + 20 * SECOND, 0).rate, 0);
    });

    it('adds the frequency offset of a sensor with f = k Q - c while the pulses keep coming', () => {
      // k = 7.5 Hz per L/min (450 pulses/L), c = 3 Hz: 10 L/min gives 72 pulses a second.
      const s = new Stream(meterOf({ mode: 'pulses', kFactor: 450, offset: 3 }));
      const t0 = berlin('2024-05-14 10:00');
      s.read(t0, 0);
      for (let i = 1; i <= 60; i++) s.read(t0 + i * SECOND, 72);
      assert.equal(s.last?.flow.total, 10);
      assert.ok(Math.abs((s.last?.rate ?? 0) - 10) < 1e-12);
      // The first pulses after a silence longer than the zero-flow timeout get no offset.
      s.read(t0 + 60 * SECOND + 10 * MINUTE, 450);
      assert.equal(s.last?.flow.total, 11);
    });
  });

  describe('meter readings', () => {
    it('counts differences and reports, but does not count, an index that goes back', () => {
      const s = new Stream(meterOf({ mode: 'reading', readingUnit: 'L' }));
      const t0 = berlin('2024-05-14 10:00');
      const volumes = [1000, 1010, 5, 15].map((reading, i) => s.read(t0 + i * HOUR, reading).flow.volume);
      assert.deepEqual(volumes, [0, 10, 0, 10]);
      assert.equal(s.last?.flow.total, 20);
      assert.deepEqual(s.of('meter-replaced'), [{ type: 'meter-replaced', previous: 1010, reading: 5, unit: 'L' }]);
    });

    it('takes readings in another unit than the configured one', () => {
      const s = new Stream(meterOf({ mode: 'reading', readingUnit: 'm3', volumeUnit: 'L' }));
      const t0 = berlin('2024-05-14 10:00');
      s.read(t0, 349.5);
      s.read(t0 + HOUR, 349_750, 'L');
      assert.equal(s.last?.flow.total, 250);
      assert.equal(s.last?.rate, 250 / 60);
    });
  });

  describe('rates', () => {
    it('integrates a linear ramp to the closed-form volume', () => {
      const s = new Stream(meterOf({ mode: 'rate', rateInputUnit: 'L/min' }));
      const t0 = berlin('2024-05-14 10:00');
      // 0 to 12 L/min over 10 minutes: 60 L, whatever the sampling.
      for (let i = 0; i <= 20; i++) s.read(t0 + i * 30 * SECOND, (12 * i) / 20);
      assert.ok(Math.abs((s.last?.flow.total ?? 0) - 60) < 1e-9, String(s.last?.flow.total));
    });

    it('integrates a smooth profile within the trapezoid rule error bound', () => {
      // r(t) = 6 + 4 sin(2 pi t / P), P = 20 min, sampled every 10 s for 50 min.
      const P = 20;
      const T = 50;
      const h = 10 / 60;
      const s = new Stream(meterOf({ mode: 'rate', rateInputUnit: 'L/min', maxGap: 60 }));
      const t0 = berlin('2024-05-14 10:00');
      for (let i = 0; i * h <= T + 1e-9; i++) s.read(t0 + i * 10 * SECOND, 6 + 4 * Math.sin((2 * Math.PI * i * h) / P));
      const exact = 6 * T + ((4 * P) / (2 * Math.PI)) * (1 - Math.cos((2 * Math.PI * T) / P));
      const bound = (T * h * h * 4 * ((2 * Math.PI) / P) ** 2) / 12;
      const error = Math.abs((s.last?.flow.total ?? 0) - exact);
      assert.ok(error <= bound, `error ${error} L, bound ${bound} L`);
    });

    it('adds nothing across a gap longer than the limit, and reports it', () => {
      const s = new Stream(meterOf({ mode: 'rate', rateInputUnit: 'L/min', maxGap: 600 }));
      const t0 = berlin('2024-05-14 10:00');
      s.read(t0, 10);
      s.read(t0 + 5 * MINUTE, 10);
      assert.equal(s.last?.flow.total, 50);
      s.read(t0 + 35 * MINUTE, 10);
      assert.equal(s.last?.flow.total, 50, 'the silent 30 minutes add nothing');
      assert.deepEqual(s.of('gap'), [{ type: 'gap', start: t0 + 5 * MINUTE, end: t0 + 35 * MINUTE, duration: 1800 }]);
    });

    it('converts input and output rate units', () => {
      const s = new Stream(meterOf({ mode: 'rate', rateInputUnit: 'm3/h', rateUnit: 'L/min', volumeUnit: 'L' }));
      const t0 = berlin('2024-05-14 10:00');
      assert.equal(s.read(t0, 0.6).rate, 10);
      s.read(t0 + 6 * MINUTE, 0.6);
      assert.equal(s.last?.flow.total, 60);
    });
  });

  describe('periods', () => {
    it('splits a rate across midnight so each day gets what flowed in it', () => {
      const s = new Stream(meterOf({ mode: 'rate', maxGap: 600 }));
      for (const wall of ['2024-05-14 23:50', '2024-05-14 23:57', '2024-05-15 00:03', '2024-05-15 00:10']) s.read(berlin(wall), 6);
      assert.deepEqual(s.periods('day'), [['2024-05-14', 60]]);
      assert.deepEqual(s.periods('hour'), [['2024-05-14T23:00+02:00', 60]]);
      assert.equal(s.last?.flow.today, 60);
      assert.equal(s.last?.flow.thisWeek, 120);
    });

    it('counts pulses and readings in the period their reading falls in', () => {
      const s = new Stream(meterOf({ mode: 'pulses', kFactor: 450 }));
      s.read(berlin('2024-05-14 23:59:00'), 450);
      s.read(berlin('2024-05-15 00:00:10'), 900);
      assert.deepEqual(s.periods('day'), [['2024-05-14', 1]]);
      assert.equal(s.last?.flow.today, 2);
      assert.equal(s.last?.flow.thisMonth, 3);
    });

    it('steps over periods in which nothing was measured', () => {
      const s = new Stream(meterOf({ mode: 'pulses', kFactor: 1 }));
      s.read(berlin('2024-05-14 10:30'), 5);
      s.read(berlin('2024-05-17 09:15'), 7);
      assert.deepEqual(s.periods('hour'), [['2024-05-14T10:00+02:00', 5]]);
      assert.deepEqual(s.periods('day'), [['2024-05-14', 5]]);
      assert.deepEqual(s.periods('week'), []);
      assert.deepEqual([s.last?.flow.thisHour, s.last?.flow.today, s.last?.flow.thisWeek], [7, 7, 12]);
    });

    it('reports only the periods chosen for events, but keeps all totals', () => {
      const s = new Stream(meterOf({ mode: 'pulses', kFactor: 1, hourEvents: false, weekEvents: 'false' }));
      s.read(berlin('2024-05-19 23:00'), 5);
      s.read(berlin('2024-05-20 01:00'), 1);
      assert.deepEqual(
        s.of('period').map((e) => e.period),
        ['day'],
      );
      assert.equal(s.last?.flow.thisWeek, 1);
    });
  });

  describe('without readings (tick)', () => {
    it('lets the rate fall to zero after the timeout, then closes periods at their end', () => {
      const m = meterOf({ mode: 'pulses', kFactor: 450, zeroFlowTimeout: 300, usageQuiet: 900 });
      const s = new Stream(m);
      s.read(berlin('2024-05-14 23:49'), 0);
      s.read(berlin('2024-05-14 23:50'), 450);
      assert.equal(m.deadline(s.state), berlin('2024-05-14 23:55'));
      assert.deepEqual(m.tick(s.state, berlin('2024-05-14 23:54:59')), { events: [] });
      const zero = m.tick(s.state, berlin('2024-05-14 23:55'));
      assert.equal(zero.zeroFlow?.timestamp, berlin('2024-05-14 23:55'));
      assert.equal(zero.zeroFlow?.flow.rate, 0);
      assert.equal(zero.zeroFlow?.flow.today, 1);
      assert.equal(m.deadline(s.state), berlin('2024-05-15 00:00'));
      s.tick(berlin('2024-05-15 00:00'));
      assert.deepEqual(s.periods('day'), [['2024-05-14', 1]]);
      assert.equal(m.view(s.state, 0).today, 0);
      assert.equal(m.deadline(s.state), berlin('2024-05-15 00:05'));
      s.tick(berlin('2024-05-15 00:05'));
      assert.equal(s.of('usage').length, 1);
      assert.equal(m.deadline(s.state), berlin('2024-05-15 01:00'));
    });

    it('closes a rate meter\'s period only once a later reading could not change it', () => {
      const m = meterOf({ mode: 'rate', maxGap: 600, zeroFlowTimeout: 0, usageQuiet: 3600 });
      const s = new Stream(m);
      s.read(berlin('2024-05-14 23:50'), 6);
      s.read(berlin('2024-05-14 23:58'), 6);
      assert.equal(m.deadline(s.state), berlin('2024-05-15 00:08'));
      s.tick(berlin('2024-05-15 00:07'));
      assert.deepEqual(s.periods('day'), []);
      s.tick(berlin('2024-05-15 00:08'));
      assert.deepEqual(s.periods('day'), [['2024-05-14', 48]]);
    });
  });

  describe('usage events', () => {
    it('reports start, end, duration, volume and peak rate of a rate meter\'s event', () => {
      // The quiet time is longer than the 2 minutes between readings, so the flow is followed throughout.
      const s = new Stream(meterOf({ mode: 'rate', usageThreshold: 0.5, usageQuiet: 180 }));
      const readings: Array<[string, number]> = [
        ['10:00', 0],
        ['10:01', 6],
        ['10:03', 8],
        ['10:05', 6],
        ['10:06', 0],
        ['10:08', 0.2],
        ['10:09', 0],
      ];
      for (const [time, rate] of readings) s.read(berlin(`2024-05-14 ${time}`), rate);
      // 10:00-10:01 3 L, 10:01-10:03 14 L, 10:03-10:05 14 L, 10:05-10:06 3 L.
      assert.deepEqual(s.of('usage'), [
        {
          type: 'usage',
          start: berlin('2024-05-14 10:01'),
          end: berlin('2024-05-14 10:06'),
          duration: 300,
          volume: 34,
          unit: 'L',
          peakRate: 8,
          rateUnit: 'L/min',
        },
      ]);
    });

    it('keeps a flow that pauses for less than the quiet time in one event', () => {
      const s = new Stream(meterOf({ mode: 'pulses', kFactor: 1, usageQuiet: 60 }));
      const t0 = berlin('2024-05-14 10:00');
      s.read(t0, 0);
      const pulses = [0, 2, 2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3];
      pulses.forEach((p, i) => s.read(t0 + (i + 1) * 10 * SECOND, p));
      // 10:00:20-10:00:30 flow, pause of 30 s, 10:01:00 flow, then 90 s quiet: one event of 6 L, then a new one.
      assert.deepEqual(
        s.of('usage').map((e) => [e.start - t0, e.end - t0, e.volume]),
        [[20 * SECOND, 70 * SECOND, 6]],
      );
      assert.equal(s.last?.flow.flowing, true);
    });

    it('ends an event of single-pulse messages once the pulses stop for the quiet time', () => {
      const m = meterOf({ mode: 'pulses', kFactor: 450, usageQuiet: 30 });
      const s = new Stream(m);
      const t0 = berlin('2024-05-14 10:00');
      s.read(t0 - 5 * MINUTE, 0);
      for (let i = 0; i < 900; i++) s.read(t0 + i * 100, 1);
      assert.equal(m.deadline(s.state), t0 + 89_900 + 30 * SECOND);
      s.tick(t0 + 89_900 + 30 * SECOND);
      const [event] = s.of('usage');
      assert.equal(event.start, t0);
      assert.equal(event.volume, 2);
      assert.equal(event.duration, 89.9);
    });
  });

  describe('totals and state', () => {
    it('sets the total to the physical meter and resets it, leaving the period totals', () => {
      const m = meterOf({ mode: 'pulses', kFactor: 1 });
      const s = new Stream(m);
      s.read(berlin('2024-05-14 10:00'), 4);
      m.setTotal(s.state, 1234.5);
      s.read(berlin('2024-05-14 10:01'), 3);
      assert.equal(s.last?.flow.total, 1237.5);
      m.resetTotal(s.state);
      s.read(berlin('2024-05-14 10:02'), 2);
      assert.equal(s.last?.flow.total, 2);
      assert.equal(s.last?.flow.today, 9);
    });

    it('continues exactly from a saved state, through JSON', () => {
      const m = meterOf({ mode: 'pulses', pulseInput: 'counter', kFactor: 450 });
      const whole = new Stream(m);
      const halves = new Stream(m);
      const t0 = berlin('2024-05-14 10:00');
      for (let i = 0; i < 40; i++) {
        const t = t0 + i * 5 * MINUTE;
        whole.read(t, 1000 + i * 333);
        if (i === 20) Object.assign(halves.state, m.revive(JSON.parse(JSON.stringify(halves.state))));
        halves.read(t, 1000 + i * 333);
      }
      assert.deepEqual(halves.last?.flow, whole.last?.flow);
      assert.deepEqual(halves.events, whole.events);
      assert.equal(whole.last?.flow.total, (39 * 333) / 450);
    });

    it('rescales saved counts when the K-factor changes, so no litre is lost or invented', () => {
      const s = new Stream(meterOf({ mode: 'pulses', kFactor: 450 }));
      s.read(berlin('2024-05-14 10:00'), 4500);
      const recalibrated = meterOf({ mode: 'pulses', kFactor: 400 });
      const state = recalibrated.revive(JSON.parse(JSON.stringify(s.state)));
      assert.ok(state);
      assert.equal(recalibrated.view(state, 0).total, 10);
      assert.equal(recalibrated.view(state, 0).today, 10);
    });

    it('drops a saved state it cannot read', () => {
      const m = meterOf({});
      assert.equal(m.revive(null), undefined);
      assert.equal(m.revive({ scale: { litres: 1, per: 450 }, count: 'many' }), undefined);
      const s = new Stream(m);
      s.read(berlin('2024-05-14 10:00'), 5);
      const saved = { ...(JSON.parse(JSON.stringify(s.state)) as Record<string, unknown>), periods: { hour: { start: 'x' } } };
      assert.equal(m.revive(saved)?.periods, undefined);
    });

    it('rejects bad readings with a Problem and leaves the state as it was', () => {
      const pulses = meterOf({ mode: 'pulses', pulseInput: 'counter', counterMax: 65536 });
      const state = pulses.newState();
      pulses.record(state, { topic: 'house', value: 10, unit: 'pulses', t: berlin('2024-05-14 10:00') });
      const before = JSON.stringify(state);
      const t = berlin('2024-05-14 10:01');
      const keyOf = (meter: FlowMeter, value: number, at = t): string | undefined =>
        meter.check(state, { topic: 'house', value, unit: meter.config.inputUnit, t: at })?.key;
      assert.equal(keyOf(pulses, -1), 'errors.negative.pulses');
      assert.equal(keyOf(pulses, 1.5), 'errors.fractional-pulses');
      assert.equal(keyOf(pulses, 65536), 'errors.counter-range');
      assert.equal(keyOf(pulses, 11, berlin('2024-05-14 09:59')), 'common.errors.backwards');
      assert.equal(keyOf(meterOf({ mode: 'reading' }), -3), 'errors.negative.reading');
      assert.equal(keyOf(meterOf({ mode: 'rate' }), -3), 'errors.negative.rate');
      assert.equal(JSON.stringify(state), before);
    });

    it('refuses a configuration it cannot run with', () => {
      assert.throws(() => meterOf({ kFactor: 0 }), /K-factor must be a positive number/);
      assert.throws(() => meterOf({ timeZone: 'Europe/Atlantis' }), /not an IANA time zone/);
      assert.throws(() => meterOf({ mode: 'weight' }), /mode must be one of/);
      assert.throws(() => meterOf({ counterMax: 1.5 }), /counter wrap value/);
      assert.throws(() => meterOf({ rateUnit: 'L' }), /rate unit must be a rate unit/);
    });
  });
});
