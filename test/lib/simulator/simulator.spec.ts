import assert from 'node:assert/strict';
import { Tank } from '../../../nodes/lib/tank';
import type { SimulatorConfig } from '../../../nodes/lib/simulator';
import { simulator, sum, tank, DAY, HOUR, MINUTE, START } from './support';

describe('tank simulator', () => {
  describe('mass balance', () => {
    it('accounts for every litre over a simulated week, faults, dry spells and all', () => {
      const sim = simulator({
        level: { unit: 'L' },
        faults: [
          { kind: 'burst', start: START + 2 * DAY, end: START + 2 * DAY + 3 * HOUR },
          { kind: 'leak', rate: 0.5, metered: false, start: START + 3 * DAY, end: START + 5 * DAY },
          { kind: 'pump-failure', start: START + 4 * DAY, end: START + 4 * DAY + 8 * HOUR },
        ],
      });
      const initial = sim.volume;
      const readings = sim.generate(7 * 24, MINUTE);
      assert.equal(readings.length, 7 * 24 * 60);
      const net = sum(readings, (r) => r.inflowLitres - r.outflowLitres - r.overflowLitres);
      const change = readings[readings.length - 1].volume - initial;
      assert.ok(Math.abs(change - net) <= 0.001 * tank.capacity, `change ${change} vs in - out ${net}`);
      // Step by step too, and the noiseless level sensor reads back the same litres.
      let before = initial;
      for (const r of readings) {
        assert.ok(Math.abs(r.volume - before - (r.inflowLitres - r.outflowLitres - r.overflowLitres)) < 1e-9);
        assert.ok(Math.abs((r.level as number) - r.volume) < 1e-9);
        before = r.volume;
      }
      // The burst (40 L/min against a 20 L/min pump) empties the tank: an event, and demand that goes unmet.
      const dry = readings.flatMap((r) => r.events).filter((e) => e.type === 'dry');
      assert.ok(dry.length >= 1);
      assert.ok(dry[0].time > START + 2 * DAY && dry[0].time < START + 2 * DAY + 3 * HOUR);
      assert.ok(sum(readings, (r) => r.unmetLitres) > 0);
      assert.ok(readings.every((r) => r.volume >= 0 && r.volume <= tank.capacity));
    });

    it('reports spilling over as an event and the litres lost, not silent clipping', () => {
      const sim = simulator({ initialPercent: 95.5, pump: { rate: 600, lowPercent: 99, highPercent: 100 }, tickMs: 1000 });
      const readings = sim.generate(2, MINUTE);
      const spills = readings.flatMap((r) => r.events).filter((e) => e.type === 'overflow');
      assert.ok(spills.length >= 1);
      assert.ok(sum(readings, (r) => r.overflowLitres) > 0);
      assert.ok(readings.every((r) => r.volume <= tank.capacity));
    });
  });

  describe('refill pump', () => {
    it('keeps the level between its marks when demand allows, switching only across them', () => {
      const sim = simulator({ initialPercent: 50 });
      const readings = sim.generate(3 * 24, 1000);
      let previousPercent = 50;
      let switches = 0;
      for (const r of readings) {
        for (const event of r.events) {
          if (event.type === 'pump-on') assert.ok(previousPercent < 30, `started at ${previousPercent} %`);
          if (event.type === 'pump-off') assert.ok(previousPercent >= 90, `stopped at ${previousPercent} %`);
          switches++;
        }
        // One second of the largest net flow moves the level well under 0.1 %.
        assert.ok(r.percent > 30 - 0.1 && r.percent < 90 + 0.1, `level ${r.percent} %`);
        previousPercent = r.percent;
      }
      assert.ok(switches >= 4, `the pump cycled ${switches} times`);
    });

    it('leaves the tank to drain without a pump', () => {
      const readings = simulator({ pump: false }).generate(24, MINUTE);
      assert.equal(sum(readings, (r) => r.inflowLitres), 0);
      assert.ok(readings.every((r) => !r.pumpOn));
    });
  });

  describe('repeatability', () => {
    const noisy = { level: { unit: 'cm', noise: 0.5, resolution: 0.1 }, faults: [{ kind: 'spike' as const, start: START + HOUR, end: START + 5 * HOUR }] };

    it('gives the same readings, message for message, for the same seed and config', () => {
      assert.deepEqual(simulator(noisy).generate(24, MINUTE), simulator(noisy).generate(24, MINUTE));
    });

    it('gives different readings for another seed', () => {
      const a = simulator(noisy).generate(24, MINUTE);
      const b = simulator({ ...noisy, seed: 2 }).generate(24, MINUTE);
      assert.notDeepEqual(a.map((r) => r.level), b.map((r) => r.level));
    });

    /** Leaks, bursts and pump failures that start and stop within ticks, an irrigation, and the pump cycling. */
    const busy = {
      pump: { rate: 25, lowPercent: 40, highPercent: 80 },
      irrigation: { hour: 6, minutes: 20, rate: 15 },
      faults: [
        { kind: 'leak' as const, rate: 0.4, start: START + 5 * HOUR + 30_250.5, end: START + 20 * HOUR },
        { kind: 'leak' as const, rate: 0.8, metered: false, start: START + 22 * HOUR, end: START + 26 * HOUR + 100 },
        { kind: 'burst' as const, start: START + 30 * HOUR, end: START + 31 * HOUR },
        { kind: 'pump-failure' as const, start: START + 8 * HOUR, end: START + 9 * HOUR + 500 },
      ],
    };

    it('integrates the same one-second ticks whatever the reading interval, to the last bit', () => {
      const volumes = (stepMs: number): Array<[number, number]> =>
        simulator(busy)
          .generate(48, stepMs)
          .filter((r) => (r.time - START) % HOUR === 0)
          .map((r) => [r.time, r.volume]);
      const bySecond = volumes(1000);
      assert.equal(bySecond.length, 48);
      for (const stepMs of [MINUTE, 7.5 * MINUTE, HOUR]) assert.deepEqual(volumes(stepMs), bySecond, `steps of ${stepMs} ms`);
      const events = (stepMs: number): unknown[] => simulator(busy).generate(48, stepMs).flatMap((r) => r.events);
      assert.ok(events(HOUR).filter((e) => (e as { type: string }).type === 'pump-on').length >= 2, 'the pump cycled');
      assert.deepEqual(events(HOUR), events(MINUTE));
    });

    it('gives the same readings as working every tick out afresh, to the last bit', () => {
      // Ticks whose flows do not change are not worked out again, nor integrated after one that changed nothing:
      // with that turned off, every tick is worked out and integrated, as the model is written.
      const configs: Array<Partial<SimulatorConfig>> = [busy, { ...busy, startTime: START + 0.25, tickMs: 700 }, { pump: false }];
      for (const config of configs) {
        const everyTick = simulator(config);
        Object.defineProperty(everyTick, 'flowsHold', { value: () => false });
        assert.deepEqual(simulator(config).generate(36, 61_234.5), everyTick.generate(36, 61_234.5));
      }
    });

    it('draws the same household demand whatever the reading interval', () => {
      const byMinute = sum(simulator({ pump: false }).generate(24, MINUTE), (r) => r.outflowLitres);
      const byHour = sum(simulator({ pump: false }).generate(24, HOUR), (r) => r.outflowLitres);
      assert.ok(Math.abs(byMinute - byHour) < 1e-6, `${byMinute} vs ${byHour}`);
    });
  });

  describe('sensors', () => {
    it('reads a top-mounted sensor as the distance the tank config turns back into the level', () => {
      const ultrasonic = new Tank({ shape: 'rectangular', dimensionUnit: 'cm', length: 100, width: 100, height: 100, sensor: 'top', sensorOffset: 20 });
      const sim = simulator({ tank: ultrasonic, level: { unit: 'cm' } });
      for (const r of sim.generate(6, 10 * MINUTE)) {
        assert.ok(Math.abs(ultrasonic.volumeAt(ultrasonic.toLevel(r.level as number, 'cm')) - r.volume) < 1e-6);
        assert.equal(r.level, r.trueLevel);
      }
    });

    it('adds Gaussian noise of the configured deviation and rounds to the resolution', () => {
      const readings = simulator({ level: { unit: '%', noise: 0.4, resolution: 0.1 } }).generate(48, MINUTE);
      const errors = readings.map((r) => (r.level as number) - r.trueLevel);
      const mean = sum(errors, (e) => e) / errors.length;
      const sd = Math.sqrt(sum(errors, (e) => (e - mean) ** 2) / errors.length);
      assert.ok(Math.abs(mean) < 0.03, `mean error ${mean}`);
      // Rounding to 0.1 adds a uniform error of deviation 0.1 / sqrt(12).
      const expected = Math.sqrt(0.4 ** 2 + 0.1 ** 2 / 12);
      assert.ok(Math.abs(sd - expected) < 0.05 * expected, `sd ${sd} vs ${expected}`);
      for (const r of readings) assert.equal(r.level, Number(((r.level as number) * 10).toFixed(0)) / 10);
    });

    it('counts meter pulses with the K-factor, carrying fractions from step to step', () => {
      const readings = simulator({ kFactor: 450 }).generate(24, MINUTE);
      const litres = sum(readings, (r) => r.meteredLitres);
      assert.equal(sum(readings, (r) => r.pulses as number), Math.floor(litres * 450));
      for (const r of readings) {
        assert.equal(r.flow, r.trueFlow);
        assert.ok(Math.abs(r.trueFlow - r.meteredLitres) < 1e-9, 'one-minute steps: L/min equals litres');
      }
    });
  });
});
