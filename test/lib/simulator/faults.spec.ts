import assert from 'node:assert/strict';
import { parseFaultSchedule, parseFaultSpec, type Fault, type SimulatorConfig, type SimulatorReading } from '../../../nodes/lib/simulator';
import { coveredMs } from '../../../nodes/lib/simulator/faults';
import { simulator, DAY, HOUR, MINUTE, START } from './support';

const close = (actual: number, expected: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);
};

/** Six hours of one-minute readings with and without the faults, from the same seed. */
function withAndWithout(faults: Fault[], config: Partial<SimulatorConfig> = {}): Array<{ clean: SimulatorReading; faulty: SimulatorReading }> {
  const base = { level: { unit: '%', noise: 0.3 }, ...config };
  const clean = simulator(base).generate(6, MINUTE);
  const faulty = simulator({ ...base, faults }).generate(6, MINUTE);
  return clean.map((c, i) => ({ clean: c, faulty: faulty[i] }));
}

/** `msg.truth` lists a fault exactly while it is active: from its start (included) to its end (excluded). */
function assertTruthExact(pairs: Array<{ faulty: SimulatorReading }>, faults: Fault[]): void {
  for (const { faulty } of pairs) {
    const expected = faults.filter((f) => f.start <= faulty.time && (f.end === undefined || faulty.time < f.end)).map((f) => f.kind);
    assert.deepEqual(faulty.truth.map((f) => f.kind).sort(), expected.sort(), `truth at +${(faulty.time - START) / MINUTE} min`);
    for (const fault of faulty.truth) assert.equal(fault.start, faults.find((f) => f.kind === fault.kind)?.start);
  }
}

const window = (kind: Fault['kind'], fromMinute: number, toMinute: number, extra: Partial<Fault> = {}): Fault => ({
  kind,
  start: START + fromMinute * MINUTE,
  end: START + toMinute * MINUTE,
  ...extra,
});

/** Whether a reading's whole step lies inside the fault's window. */
const within = (r: SimulatorReading, f: Fault): boolean => r.time - r.stepMs >= f.start && r.time <= (f.end as number);
const outside = (r: SimulatorReading, f: Fault): boolean => r.time <= f.start;

describe('simulator faults', () => {
  const full = { pump: false as const, initialPercent: 100 };

  for (const [kind, rate] of [['leak', 0.3], ['burst', 40]] as const) {
    it(`${kind}: adds ${rate} L/min through the meter while active, and takes it from the tank`, () => {
      const fault = window(kind, 120, 130);
      const pairs = withAndWithout([fault], full);
      for (const { clean, faulty } of pairs) {
        if (within(faulty, fault)) close(faulty.trueFlow - clean.trueFlow, rate, 'extra flow');
        else if (outside(faulty, fault) || faulty.time - faulty.stepMs >= (fault.end as number)) close(faulty.flow as number, clean.flow as number, 'flow');
      }
      const last = pairs[pairs.length - 1];
      close(last.clean.volume - last.faulty.volume, rate * 10, 'litres lost');
      assertTruthExact(pairs, [fault]);
      assert.deepEqual(pairs.find((p) => within(p.faulty, fault))?.faulty.truth, [{ ...fault, rate, metered: true }]);
    });
  }

  it('leak before the meter: the level falls, the meter sees nothing', () => {
    const fault = window('leak', 60, 180, { rate: 0.5, metered: false });
    const pairs = withAndWithout([fault], full);
    for (const { clean, faulty } of pairs) assert.equal(faulty.flow, clean.flow);
    const last = pairs[pairs.length - 1];
    close(last.clean.volume - last.faulty.volume, 0.5 * 120, 'litres lost');
    assertTruthExact(pairs, [fault]);
  });

  it('pump-failure: the pump runs and delivers nothing while active', () => {
    const fault = window('pump-failure', 0, 30);
    const pairs = withAndWithout([fault], { initialPercent: 20 });
    for (const { faulty } of pairs.slice(0, 40)) {
      assert.equal(faulty.pumpOn, true);
      close(faulty.inflowLitres, within(faulty, fault) ? 0 : 20, `inflow at ${faulty.time}`);
    }
    assertTruthExact(pairs, [fault]);
  });

  it('stuck: the level sensor repeats its last reading while active, then reads as before', () => {
    const fault = window('stuck', 60, 120);
    const pairs = withAndWithout([fault]);
    const lastBefore = pairs.find((p) => p.faulty.time === fault.start - MINUTE)?.faulty.level;
    for (const { clean, faulty } of pairs) {
      const active = faulty.time >= fault.start && faulty.time < (fault.end as number);
      assert.equal(faulty.level, active ? lastBefore : clean.level);
    }
    assertTruthExact(pairs, [fault]);
  });

  for (const sensors of ['level', 'flow', 'both'] as const) {
    it(`dropout of ${sensors}: no reading from the silenced sensors while active`, () => {
      const fault = window('dropout', 30, 90, { sensors });
      const pairs = withAndWithout([fault]);
      for (const { clean, faulty } of pairs) {
        const active = faulty.time >= fault.start && faulty.time < (fault.end as number);
        assert.equal(faulty.level, active && sensors !== 'flow' ? undefined : clean.level);
        assert.equal(faulty.flow, active && sensors !== 'level' ? undefined : clean.flow);
        assert.equal(faulty.pulses, active && sensors !== 'level' ? undefined : clean.pulses);
      }
      assertTruthExact(pairs, [fault]);
    });
  }

  it('spike: readings jump by the magnitude while active', () => {
    const fault = window('spike', 60, 90, { magnitude: 10, probability: 1 });
    const pairs = withAndWithout([fault]);
    for (const { clean, faulty } of pairs) {
      const active = faulty.time >= fault.start && faulty.time < (fault.end as number);
      close(Math.abs((faulty.level as number) - (clean.level as number)), active ? 10 : 0, 'spike');
    }
    assertTruthExact(pairs, [fault]);
  });

  it('spike: by default a share of readings spike by a quarter of the scale', () => {
    const fault: Fault = { kind: 'spike', start: START };
    const pairs = withAndWithout([fault]);
    const spiked = pairs.filter((p) => Math.abs((p.faulty.level as number) - (p.clean.level as number)) > 1e-9);
    for (const p of spiked) close(Math.abs((p.faulty.level as number) - (p.clean.level as number)), 25, 'spike');
    const share = spiked.length / pairs.length;
    assert.ok(share > 0.2 && share < 0.4, `share ${share}`);
  });

  it('drift: the reading moves away from the truth at its rate per day while active', () => {
    const fault = window('drift', 60, 300, { rate: 3 });
    const pairs = withAndWithout([fault]);
    for (const { clean, faulty } of pairs) {
      const active = faulty.time >= fault.start && faulty.time < (fault.end as number);
      const offset = active ? (3 * (faulty.time - fault.start)) / DAY : 0;
      close((faulty.level as number) - (clean.level as number), offset, 'drift');
    }
    assertTruthExact(pairs, [fault]);
  });

  it('overlapping faults are all in the truth while each is active', () => {
    const faults = [window('leak', 30, 200), window('stuck', 60, 120), window('dropout', 100, 150, { sensors: 'flow' }), window('drift', 110, 111)];
    const pairs = withAndWithout(faults);
    assertTruthExact(pairs, faults);
    assert.deepEqual(pairs.find((p) => p.faulty.time === START + 110 * MINUTE)?.faulty.truth.map((f) => f.kind).sort(), ['drift', 'dropout', 'leak', 'stuck']);
  });

  describe('at run time', () => {
    it('injects a fault starting now with its defaults, and clears it by kind', () => {
      const sim = simulator();
      sim.generate(1, MINUTE);
      const leak = sim.injectFault({ kind: 'leak' });
      assert.deepEqual(leak, { kind: 'leak', start: START + HOUR, rate: 0.3, metered: true });
      assert.deepEqual(sim.step(MINUTE).truth, [leak]);
      sim.injectFault({ kind: 'stuck' });
      assert.equal(sim.clearFaults('leak'), 1);
      assert.deepEqual(sim.step(MINUTE).truth.map((f) => f.kind), ['stuck']);
      sim.injectFault({ kind: 'burst', start: sim.time + HOUR });
      assert.equal(sim.clearFaults(), 2);
      assert.deepEqual(sim.step(MINUTE).truth, []);
      assert.deepEqual(sim.faults, []);
    });

    it('lists a fault scheduled for later only once it starts, and forgets it when it ends', () => {
      const sim = simulator();
      sim.injectFault({ kind: 'drift', start: START + 2 * MINUTE, end: START + 3 * MINUTE });
      assert.deepEqual(sim.step(MINUTE).truth, []);
      assert.deepEqual(sim.step(MINUTE).truth.map((f) => f.kind), ['drift']);
      assert.deepEqual(sim.step(MINUTE).truth, []);
      assert.deepEqual(sim.faults, []);
    });

    it('refuses a fault that cannot be', () => {
      const sim = simulator();
      assert.throws(() => sim.injectFault({ kind: 'flood' as never }), /unknown fault kind "flood"/);
      assert.throws(() => sim.injectFault({ kind: 'leak', start: START, end: START }), /must end after it starts/);
      assert.deepEqual(sim.faults, []);
    });
  });

  describe('parsing user faults', () => {
    it('reads minutes after a reference and a duration', () => {
      assert.deepEqual(parseFaultSpec({ kind: 'leak', rate: '0.8', after: 10, duration: 30, metered: false }, START), {
        ok: true,
        value: { kind: 'leak', start: START + 10 * MINUTE, end: START + 40 * MINUTE, rate: 0.8, metered: false },
      });
      assert.deepEqual(parseFaultSpec({ kind: 'dropout', sensors: 'both' }, START), { ok: true, value: { kind: 'dropout', start: START, sensors: 'both' } });
      assert.deepEqual(parseFaultSpec({ kind: 'drift', rate: -2 }, START), { ok: true, value: { kind: 'drift', start: START, rate: -2 } });
    });

    it('names what is wrong', () => {
      assert.deepEqual(parseFaultSpec('leak', START), { ok: false, problem: { key: 'errors.bad-fault', params: { value: '"leak"' } } });
      assert.deepEqual(parseFaultSpec({ kind: 'flood' }, START), {
        ok: false,
        problem: { key: 'errors.bad-fault-kind', params: { value: '"flood"', expected: 'leak, burst, stuck, dropout, spike, drift, pump-failure' } },
      });
      const field = (raw: Record<string, unknown>): unknown => {
        const parsed = parseFaultSpec(raw, START);
        return parsed.ok ? undefined : parsed.problem.params?.field;
      };
      assert.equal(field({ kind: 'leak', rate: 0 }), 'rate');
      assert.equal(field({ kind: 'leak', rate: 'fast' }), 'rate');
      assert.equal(field({ kind: 'leak', duration: -5 }), 'duration');
      assert.equal(field({ kind: 'leak', after: -1 }), 'after');
      assert.equal(field({ kind: 'spike', probability: 2 }), 'probability');
      assert.equal(field({ kind: 'spike', magnitude: 0 }), 'magnitude');
      assert.equal(field({ kind: 'leak', metered: 'no' }), 'metered');
      assert.equal(field({ kind: 'dropout', sensors: 'radio' }), 'sensors');
    });

    it('reads a schedule from JSON text or an array', () => {
      assert.deepEqual(parseFaultSchedule('', START), { ok: true, value: [] });
      assert.deepEqual(parseFaultSchedule('[{"kind":"stuck","after":60,"duration":15}]', START), {
        ok: true,
        value: [{ kind: 'stuck', start: START + HOUR, end: START + 75 * MINUTE }],
      });
      assert.equal(parseFaultSchedule('[{', START).ok, false);
      assert.equal(parseFaultSchedule('{"kind":"leak"}', START).ok, false);
      assert.deepEqual(parseFaultSchedule([{ kind: 'nope' }], START).ok, false);
    });
  });

  it('counts overlapping intervals once', () => {
    assert.equal(coveredMs([{ start: 0, end: 10 }, { start: 5, end: 20 }, { start: 30 }], 2, 40), 18 + 10);
    assert.equal(coveredMs([{ start: 50, end: 60 }], 0, 40), 0);
  });
});
