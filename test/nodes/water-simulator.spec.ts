import assert from 'node:assert/strict';
import sinon from 'sinon';
import waterSimulator from '../../nodes/water-simulator';
import waterTank from '../../nodes/water-tank';
import { shortText } from '../../nodes/lib/adapter/runtime';
import { Tank } from '../../nodes/lib/tank';
import { TankSimulator } from '../../nodes/lib/simulator';
import { fallbackTank, nodeSettingsFromForm } from '../../nodes/lib/simulator/config';
import { helper, withFlow } from '../support/helper';

const START = Date.UTC(2026, 0, 5, 6);
const MINUTE = 60_000;

type Msg = Record<string, unknown> & { payload: number; topic: string; timestamp: number; unit: string; truth: Array<Record<string, unknown>> };
type Listener = { on(event: string, cb: (arg: never) => void): void; receive(msg: object): void };

interface Recorded {
  sim: Listener;
  levels: Msg[];
  flows: Msg[];
  errors: string[];
  statuses: Array<{ fill?: string; shape?: string; text?: string }>;
}

/** Lets the runtime deliver what the simulator sent (delivery is asynchronous). */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

const baseProps = { seed: 'spec', startTime: new Date(START).toISOString(), interval: '1', speed: '60', noise: '0.2', resolution: '0.1' };

/**
 * Loads a simulator wired to two helper nodes under fake interval timers and
 * a fake clock, and records what it sends, its errors and its status.
 */
async function withSimulator(props: Record<string, unknown>, body: (rec: Recorded, clock: sinon.SinonFakeTimers) => Promise<void>, extra: Array<{ id: string; type: string; [key: string]: unknown }> = []): Promise<void> {
  const clock = sinon.useFakeTimers({ now: START, toFake: ['setInterval', 'clearInterval', 'Date'] });
  const flow = [
    { id: 's1', type: 'water-simulator', ...baseProps, ...props, wires: [['level'], ['flow']] },
    { id: 'level', type: 'helper' },
    { id: 'flow', type: 'helper' },
    ...extra,
  ];
  try {
    await withFlow([waterSimulator, waterTank], flow, async () => {
      const sim = helper.getNode('s1') as unknown as Listener;
      const rec: Recorded = { sim, levels: [], flows: [], errors: [], statuses: [] };
      (helper.getNode('level') as unknown as Listener).on('input', (m: Msg) => rec.levels.push(m));
      (helper.getNode('flow') as unknown as Listener).on('input', (m: Msg) => rec.flows.push(m));
      sim.on('call:error', (call: { args: unknown[] }) => {
        const err = call.args[0];
        rec.errors.push(err instanceof Error ? err.message : String(err));
      });
      sim.on('call:status', (call: { args: Array<Recorded['statuses'][number]> }) => rec.statuses.push(call.args[0]));
      await body(rec, clock);
    });
  } finally {
    clock.restore();
  }
}

/** The same simulation as the node's, built from the same form through the library. */
function librarySimulator(props: Record<string, unknown>, tank: Tank = fallbackTank()): TankSimulator {
  const parsed = nodeSettingsFromForm({ ...baseProps, ...props }, tank, START, 0, -new Date(START).getTimezoneOffset());
  assert.ok(parsed.ok);
  return new TankSimulator(parsed.value.config);
}

async function command(rec: Recorded, msg: Record<string, unknown>): Promise<void> {
  rec.sim.receive(msg);
  await settle();
}

describe('water-simulator node', () => {
  it('emits level and flow on its timer, with simulated timestamps, as the library computes them', async () => {
    await withSimulator({ name: 'garden tank' }, async (rec, clock) => {
      clock.tick(3000);
      await settle();
      const expected = librarySimulator({}).generate(3 / 60, MINUTE);
      assert.deepEqual(rec.levels.map((m) => m.timestamp), [START + MINUTE, START + 2 * MINUTE, START + 3 * MINUTE]);
      assert.deepEqual(rec.levels.map((m) => m.payload), expected.map((r) => r.level));
      assert.deepEqual(rec.flows.map((m) => m.payload), expected.map((r) => r.flow));
      assert.equal(rec.levels[0].topic, 'garden tank/level');
      assert.equal(rec.levels[0].unit, '%');
      assert.equal(rec.flows[0].topic, 'garden tank/flow');
      assert.equal(rec.flows[0].unit, 'L/min');
      assert.deepEqual(rec.levels[0].truth, []);
      assert.deepEqual((rec.levels[2].actual as { volume: number }).volume, expected[2].volume);
      const last = rec.statuses[rec.statuses.length - 1];
      assert.deepEqual(last, { fill: 'green', shape: 'dot', text: `${Number((expected[2].level as number).toFixed(1))} % · ${Number((expected[2].flow as number).toFixed(1))} L/min` });
    });
  });

  it('runs simulated time at interval × speed', async () => {
    await withSimulator({ interval: '2', speed: '600', topic: 'tank7' }, async (rec, clock) => {
      clock.tick(6000);
      await settle();
      assert.deepEqual(rec.levels.map((m) => m.timestamp), [1, 2, 3].map((i) => START + i * 20 * MINUTE));
      assert.equal(rec.flows[0].topic, 'tank7/flow');
    });
  });

  it('stops and starts on command, and waits for start when not set to start on deploy', async () => {
    await withSimulator({ autostart: false }, async (rec, clock) => {
      clock.tick(5000);
      await settle();
      assert.equal(rec.levels.length, 0);
      assert.equal(rec.statuses[rec.statuses.length - 1].shape, 'ring');
      await command(rec, { command: 'start' });
      clock.tick(2000);
      await settle();
      assert.equal(rec.levels.length, 2);
      await command(rec, { command: 'stop' });
      assert.match(rec.statuses[rec.statuses.length - 1].text as string, /^stopped · /);
      clock.tick(5000);
      await settle();
      assert.equal(rec.levels.length, 2);
      await command(rec, { command: 'START' });
      clock.tick(1000);
      await settle();
      assert.deepEqual(rec.levels.map((m) => m.timestamp), [1, 2, 3].map((i) => START + i * MINUTE));
    });
  });

  it('steps once on tick and starts over on reset, repeating the same readings', async () => {
    await withSimulator({ autostart: false }, async (rec) => {
      await command(rec, { command: 'tick' });
      await command(rec, { command: 'tick' });
      await command(rec, { command: 'reset' });
      await command(rec, { command: 'tick' });
      assert.deepEqual(rec.levels.map((m) => m.timestamp), [START + MINUTE, START + 2 * MINUTE, START + MINUTE]);
      assert.equal(rec.levels[2].payload, rec.levels[0].payload);
      assert.equal(rec.flows[2].payload, rec.flows[0].payload);
    });
  });

  it('keeps where its simulated time has got to, so that without a start time it never goes back', async () => {
    await withSimulator({ autostart: false, startTime: '' }, async (rec) => {
      for (let i = 0; i < 3; i++) await command(rec, { command: 'tick' });
      await command(rec, { command: 'stop' });
      const context = (rec.sim as unknown as { context(): { get(key: string): unknown } }).context();
      assert.equal(context.get('clock'), START + 3 * MINUTE, 'saved when the simulation stops');
      await command(rec, { command: 'tick' });
      await command(rec, { command: 'reset' });
      await command(rec, { command: 'tick' });
      assert.deepEqual(rec.levels.map((m) => m.timestamp), [1, 2, 3, 4, 5].map((i) => START + i * MINUTE), 'reset goes on from the last reading');
    });
  });

  it('generates hours at once as a burst of readings', async () => {
    await withSimulator({ autostart: false }, async (rec) => {
      await command(rec, { command: 'generate', hours: 2 });
      assert.equal(rec.levels.length, 120);
      assert.equal(rec.flows.length, 120);
      assert.deepEqual(rec.levels.map((m) => m.timestamp), Array.from({ length: 120 }, (_, i) => START + (i + 1) * MINUTE));
      assert.deepEqual(rec.levels.map((m) => m.payload), librarySimulator({}).generate(2, MINUTE).map((r) => r.level));
    });
  });

  it('injects faults that show in the readings and the truth, and clears them', async () => {
    await withSimulator({ autostart: false }, async (rec) => {
      await command(rec, { command: 'fault', fault: { kind: 'dropout', duration: 2 } });
      await command(rec, { command: 'fault', fault: { kind: 'leak', rate: 0.5 } });
      for (let i = 0; i < 3; i++) await command(rec, { command: 'tick' });
      assert.deepEqual(rec.levels.map((m) => m.timestamp), [START + 2 * MINUTE, START + 3 * MINUTE], 'no level reading while the dropout is active');
      assert.equal(rec.flows.length, 3);
      assert.deepEqual(rec.flows[0].truth, [
        { kind: 'dropout', start: START, end: START + 2 * MINUTE, sensors: 'level' },
        { kind: 'leak', start: START, rate: 0.5, metered: true },
      ]);
      assert.deepEqual(rec.flows[1].truth, [{ kind: 'leak', start: START, rate: 0.5, metered: true }]);
      assert.equal(rec.statuses[rec.statuses.length - 1].fill, 'grey');
      await command(rec, { command: 'clear', fault: 'leak' });
      await command(rec, { command: 'fault', fault: { kind: 'stuck', after: 2 } });
      await command(rec, { command: 'tick' });
      await command(rec, { command: 'tick' });
      assert.deepEqual(rec.flows[3].truth, []);
      assert.deepEqual(rec.flows[4].truth.map((f) => f.kind), ['stuck']);
      await command(rec, { command: 'clear' });
      await command(rec, { command: 'tick' });
      assert.deepEqual(rec.flows[5].truth, []);
      assert.deepEqual(rec.errors, []);
    });
  });

  it('shows active faults in its status while running', async () => {
    await withSimulator({}, async (rec, clock) => {
      await command(rec, { command: 'fault', fault: { kind: 'burst' } });
      clock.tick(1000);
      await settle();
      const last = rec.statuses[rec.statuses.length - 1];
      assert.equal(last.fill, 'yellow');
      assert.match(last.text as string, /· 1 fault\(s\)$/);
    });
  });

  it('counts pulses with the K-factor when set to', async () => {
    await withSimulator({ flowOutput: 'pulses', kFactor: '450', autostart: false }, async (rec) => {
      await command(rec, { command: 'generate', hours: 1 });
      const readings = librarySimulator({ kFactor: '450' }).generate(1, MINUTE);
      assert.deepEqual(rec.flows.map((m) => m.payload), readings.map((r) => r.pulses));
      assert.ok(rec.flows.every((m) => m.unit === 'pulses' && Number.isInteger(m.payload)));
    });
  });

  it('simulates the selected water-tank', async () => {
    const tankNode = { id: 't1', type: 'water-tank', shape: 'rectangular', dimensionUnit: 'cm', length: '100', width: '50', height: '80', capacity: '', sensor: 'top', sensorOffset: '10' };
    await withSimulator({ tank: 't1', levelUnit: 'cm', noise: '0', resolution: '0', autostart: false }, async (rec) => {
      await command(rec, { command: 'generate', hours: 1 });
      const tank = new Tank({ shape: 'rectangular', dimensionUnit: 'cm', length: 100, width: 50, height: 80, sensor: 'top', sensorOffset: 10 });
      assert.equal(tank.capacity, 400);
      for (const m of rec.levels) {
        const volume = (m.actual as { volume: number }).volume;
        assert.ok(Math.abs(tank.volumeAt(tank.toLevel(m.payload, 'cm')) - volume) < 1e-9);
      }
      assert.ok(Math.abs(tank.volumeAt(tank.toLevel(rec.levels[0].payload, 'cm')) / 400 - 0.6) < 0.02, 'starts at the initial 60 %');
    }, [tankNode]);
  });

  describe('rejects bad input with a clear error and unchanged state', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['an unknown command', { command: 'explode', topic: 'ctl' }, 'ctl: unknown command "explode"; expected one of start, stop, reset, tick, fault, clear, generate'],
      ['no command', { payload: 5 }, '(no topic): unknown command undefined; expected one of start, stop, reset, tick, fault, clear, generate'],
      ['a fault that is not an object', { command: 'fault', fault: 'leak' }, 'msg.fault "leak" is not an object like {"kind":"leak","rate":0.5,"duration":60}'],
      ['an unknown fault kind', { command: 'fault', fault: { kind: 'flood' } }, 'fault kind "flood" is not one of leak, burst, stuck, dropout, spike, drift, pump-failure'],
      ['a bad fault field', { command: 'fault', fault: { kind: 'leak', rate: -1 } }, 'fault rate -1 is not L/min > 0'],
      ['clearing an unknown kind', { command: 'clear', fault: 'flood' }, 'fault kind "flood" is not one of all, leak, burst, stuck, dropout, spike, drift, pump-failure'],
      ['no hours', { command: 'generate' }, 'msg.hours undefined: expected hours that make 1 to 100000 readings of 1 simulated minutes each (at most 1666.7 hours)'],
      ['too many hours', { command: 'generate', hours: 2000 }, 'msg.hours 2000: expected hours that make 1 to 100000 readings of 1 simulated minutes each (at most 1666.7 hours)'],
      ['negative hours', { command: 'generate', hours: -1 }, 'msg.hours -1: expected hours that make 1 to 100000 readings of 1 simulated minutes each (at most 1666.7 hours)'],
    ];
    for (const [what, msg, text] of cases) {
      it(what, async () => {
        await withSimulator({ autostart: false }, async (rec) => {
          await command(rec, msg);
          assert.deepEqual(rec.errors, [text]);
          assert.deepEqual(rec.statuses[rec.statuses.length - 1], { fill: 'red', shape: 'ring', text: shortText(text) });
          assert.equal(rec.levels.length + rec.flows.length, 0);
          await command(rec, { command: 'tick' });
          assert.deepEqual(rec.levels.map((m) => m.timestamp), [START + MINUTE]);
          assert.deepEqual(rec.levels[0].truth, []);
          assert.equal(rec.levels[0].payload, librarySimulator({}).step(MINUTE).level);
        });
      });
    }
  });

  it('explains an invalid configuration and refuses commands', async () => {
    await withSimulator({ lowMark: '95', highMark: '90' }, async (rec, clock) => {
      await settle();
      const text = 'invalid setting lowMark: 95, expected below the high mark 90';
      assert.deepEqual(rec.errors, [text]);
      await command(rec, { command: 'start' });
      clock.tick(3000);
      await settle();
      assert.deepEqual(rec.errors, [text, text]);
      assert.equal(rec.levels.length, 0);
    });
  });

  it('explains a missing water-tank config node', async () => {
    await withSimulator({ tank: 'gone' }, async (rec) => {
      await settle();
      assert.deepEqual(rec.errors, ['tank config node gone not found']);
    });
  });

  it('stops every timer on close', async () => {
    await withSimulator({}, async (rec, clock) => {
      clock.tick(1000);
      await settle();
      assert.equal(clock.countTimers(), 1);
      await (helper.getNode('s1') as unknown as { close(removed: boolean): Promise<void> }).close(true);
      assert.equal(clock.countTimers(), 0);
      clock.tick(5000);
      await settle();
      assert.equal(rec.levels.length, 1);
      assert.deepEqual(rec.statuses[rec.statuses.length - 1], {});
    });
  });
});
