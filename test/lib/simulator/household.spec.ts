import assert from 'node:assert/strict';
import type { SimulatorReading } from '../../../nodes/lib/simulator';
import { simulator, sum, HOUR } from './support';

/** Litres used in each simulated day, from hourly steps. */
function dailyLitres(readings: SimulatorReading[]): number[] {
  const days: number[] = [];
  for (let i = 0; i < readings.length; i += 24) days.push(sum(readings.slice(i, i + 24), (r) => r.outflowLitres));
  return days;
}

const fourWeeks = (people: number, seed: number | string = 1): number[] =>
  dailyLitres(simulator({ people, seed, pump: { rate: 200 }, tickMs: 60_000 }).generate(28 * 24, HOUR));
const mean = (values: number[]): number => sum(values, (v) => v) / values.length;

describe('household demand', () => {
  it('uses a realistic 250-500 L a day for three people', () => {
    for (const seed of [1, 'household']) {
      const days = fourWeeks(3, seed);
      const inRange = days.filter((litres) => litres >= 250 && litres <= 500).length;
      assert.ok(mean(days) > 300 && mean(days) < 420, `mean ${mean(days)} L/day`);
      assert.ok(inRange >= 0.9 * days.length, `${inRange} of ${days.length} days in range: ${days.map(Math.round).join(' ')}`);
    }
  });

  it('scales with the household size', () => {
    const one = mean(fourWeeks(1));
    const three = mean(fourWeeks(3));
    const six = mean(fourWeeks(6));
    assert.ok(one > 80 && one < 170, `one person ${one}`);
    assert.ok(six > 1.8 * three && six < 2.2 * three, `six ${six} vs three ${three}`);
  });

  it('is quiet at night and peaks in the morning and the evening', () => {
    const byHour = new Array<number>(24).fill(0);
    for (const r of simulator({ pump: { rate: 200 }, tickMs: 60_000 }).generate(28 * 24, HOUR)) {
      byHour[new Date(r.time - HOUR).getUTCHours()] += r.outflowLitres;
    }
    const night = mean(byHour.slice(1, 5));
    const morning = mean(byHour.slice(6, 9));
    const afternoon = mean(byHour.slice(13, 16));
    const evening = mean(byHour.slice(19, 22));
    assert.ok(morning > 10 * night, `morning ${morning} vs night ${night}`);
    assert.ok(morning > 1.5 * afternoon && evening > 1.5 * afternoon, `peaks ${morning}, ${evening} vs afternoon ${afternoon}`);
  });

  it('follows local time', () => {
    const peakHour = (utcOffsetMinutes: number): number => {
      const byHour = new Array<number>(24).fill(0);
      for (const r of simulator({ utcOffsetMinutes, pump: { rate: 200 }, tickMs: 60_000 }).generate(28 * 24, HOUR)) {
        byHour[new Date(r.time - HOUR).getUTCHours()] += r.outflowLitres;
      }
      return byHour.indexOf(Math.max(...byHour));
    };
    assert.equal((peakHour(0) - peakHour(180) + 24) % 24, 3);
  });

  it('draws toilets, taps and showers at their real rates, flushes in under a minute', () => {
    const rates: Record<string, [number, number]> = { toilet: [8, 12], tap: [4, 7], shower: [7.5, 9.5] };
    const seen = new Set<string>();
    let flushSeconds = 0;
    let previous: SimulatorReading | undefined;
    for (const r of simulator({ pump: false, initialPercent: 100 }).generate(12, 1000)) {
      // A fixture alone for a whole second, both before and after it: its rate is the flow.
      const alone = r.fixtures.length === 1 && previous?.fixtures.length === 1 && previous.fixtures[0] === r.fixtures[0];
      if (alone && rates[r.fixtures[0]] && r.trueFlow > 0) {
        const [low, high] = rates[r.fixtures[0]];
        assert.ok(r.trueFlow >= low && r.trueFlow <= high, `${r.fixtures[0]} at ${r.trueFlow} L/min`);
        seen.add(r.fixtures[0]);
      }
      flushSeconds = r.fixtures.includes('toilet') ? flushSeconds + 1 : 0;
      assert.ok(flushSeconds < 60, 'a flush lasts under a minute');
      previous = r;
    }
    assert.deepEqual([...seen].sort(), ['shower', 'tap', 'toilet']);
  });

  it('waters the garden on its schedule', () => {
    const irrigation = { hour: 6, minutes: 20, rate: 12 };
    const base = simulator({ pump: false, initialPercent: 100 }).generate(24, HOUR);
    const watered = simulator({ pump: false, initialPercent: 100, irrigation }).generate(24, HOUR);
    const extra = watered.map((r, i) => r.outflowLitres - base[i].outflowLitres);
    assert.ok(Math.abs(extra[6] - 240) < 1e-9, `hour 6-7: ${extra[6]}`);
    assert.ok(extra.every((litres, hour) => hour === 6 || Math.abs(litres) < 1e-9));
  });
});
