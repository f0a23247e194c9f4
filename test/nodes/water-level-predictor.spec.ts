import assert from 'node:assert/strict';
import sinon from 'sinon';
import predictorNode from '../../nodes/water-level-predictor';
import waterTank from '../../nodes/water-tank';
import type { Prediction } from '../../nodes/lib/predictor/prediction';
import { helper, withFlow } from '../support/helper';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 6, 1, 6);

type Msg = Record<string, unknown> & { payload?: unknown; prediction?: Prediction };
interface TestNode {
  receive(msg: Record<string, unknown>): void;
  on(event: string, cb: (arg: never) => void): void;
  context(): { get(key: string): unknown };
}

type FlowNode = { id: string; type: string; [key: string]: unknown };

function flowWith(config: Record<string, unknown>, extra: FlowNode[] = []): FlowNode[] {
  return [{ id: 'predictor', type: 'water-level-predictor', wires: [['levels'], ['chart']], ...config }, { id: 'levels', type: 'helper' }, { id: 'chart', type: 'helper' }, ...extra];
}

/** What the predictor sent on each output, and the errors it raised. */
interface Seen {
  node: TestNode;
  levels: Msg[];
  chart: Msg[];
  errors: string[];
}

function watch(): Seen {
  const seen: Seen = { node: helper.getNode('predictor') as unknown as TestNode, levels: [], chart: [], errors: [] };
  (helper.getNode('levels') as unknown as TestNode).on('input', (msg: Msg) => seen.levels.push(msg));
  (helper.getNode('chart') as unknown as TestNode).on('input', (msg: Msg) => seen.chart.push(msg));
  seen.node.on('call:error', (call: { args: unknown[] }) => {
    const err = call.args[0];
    seen.errors.push(err instanceof Error ? err.message : String(err));
  });
  return seen;
}

/** Lets Node-RED deliver what was sent (it hands messages on with setImmediate). */
function delivered(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function feed(seen: Seen, messages: Array<Record<string, unknown>>): Promise<void> {
  for (const msg of messages) {
    seen.node.receive(msg);
    await delivered();
  }
}

/** Waits until `count` predictions have come out: the runtime may still be handing on the last ones. */
async function sent(seen: Seen, count: number): Promise<void> {
  for (let i = 0; i < 1000 && seen.levels.length < count; i++) await delivered();
  assert.equal(seen.levels.length, count);
}

function near(actual: number | null | undefined, expected: number, tolerance: number, what: string): void {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

/** A tank draining at 6 % an hour, a reading every 5 minutes from 80 %. */
function draining(count: number, topic = 'tank1'): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({ topic, payload: 80 - 0.5 * i, timestamp: T0 + i * 5 * MINUTE }));
}

describe('water-level-predictor node', () => {
  it('predicts a steady drain on output 1 and sends the forecast as future chart points on output 2', async () => {
    await withFlow([predictorNode], flowWith({ horizons: '1h, 15min', low: '20', outputs: 2 }), async () => {
      const seen = watch();
      await feed(seen, draining(13));
      assert.deepEqual(seen.errors, []);
      const last = seen.levels.at(-1);
      assert.ok(last?.prediction);
      const p = last.prediction;
      // Now at 74 %, falling 6 %/h: 68 % in an hour (the payload: the first horizon listed), 72.5 % in 15 minutes.
      near(last.payload as number, 68, 1e-9, 'payload');
      assert.equal(last.unit, '%');
      assert.equal(last.topic, 'tank1');
      assert.equal(p.model, 'trend');
      assert.deepEqual(p.horizons.map((h) => h.horizon), [15 * MINUTE, HOUR]);
      near(p.horizons[0].level, 72.5, 1e-9, '15 min');
      assert.deepEqual(p.horizons.map((h) => h.at), [T0 + 75 * MINUTE, T0 + 120 * MINUTE]);
      near(p.slope, -6, 1e-9, 'slope %/h');
      near(p.r2, 1, 1e-9, 'r2');
      assert.equal(p.samples, 13);
      near(p.timeToEmpty, (74 / 6) * HOUR, 1e-6, 'time to empty');
      near(p.timeToLow, (54 / 6) * HOUR, 1e-6, 'time to the low mark');
      assert.equal(p.timeToFull, null);
      assert.equal(p.timeToHigh, null);
      assert.equal(seen.chart.length, 2 * 13);
      const points = seen.chart.slice(-2);
      assert.deepEqual(points.map((m) => m.topic), ['tank1 +15 min', 'tank1 +1 h']);
      assert.deepEqual(points.map((m) => m.timestamp), [T0 + 75 * MINUTE, T0 + 120 * MINUTE]);
      near(points[1].payload as number, 68, 1e-9, 'chart point');
    });
  });

  it('works in the tank units: a distance sensor in, percent out, empty and full from the tank', async () => {
    const tank = { id: 'tank', type: 'water-tank', shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: '1', height: '2', sensor: 'top', sensorOffset: '0.2' };
    await withFlow([predictorNode, waterTank], flowWith({ tank: 'tank', unit: '%', horizons: '1h' }, [tank]), async () => {
      const seen = watch();
      // The water rises 0.1 m an hour: the distance from the sensor shrinks by 10 cm an hour, from 100 cm (1.1 m of water).
      await feed(
        seen,
        Array.from({ length: 7 }, (_, i) => ({ topic: 't', payload: 100 - (10 * i) / 6, unit: 'cm', timestamp: T0 + i * 10 * MINUTE })),
      );
      const p = seen.levels.at(-1)?.prediction;
      assert.ok(p, seen.errors.join());
      // Now 1.3 m of water: 1.4 m of 2 m in an hour.
      near(p.horizons[0].level, 70, 1e-9, 'percent in an hour');
      near(p.slope, 5, 1e-9, '%/h');
      near(p.timeToFull, 7 * HOUR, 1e-6, 'full at 2 m, 0.7 m away');
    });
  });

  it('restarts the trend at a pump start instead of averaging across it', async () => {
    await withFlow([predictorNode], flowWith({ horizons: '1h' }), async () => {
      const seen = watch();
      await feed(seen, draining(10));
      assert.equal(seen.levels.at(-1)?.prediction?.samples, 10);
      // The pump starts: +3 % in 5 minutes, then +3 % more.
      await feed(seen, [
        { topic: 'tank1', payload: 78, timestamp: T0 + 50 * MINUTE },
        { topic: 'tank1', payload: 81, timestamp: T0 + 55 * MINUTE },
      ]);
      const [held, restarted] = seen.levels.slice(-2).map((m) => m.prediction);
      assert.equal(held?.samples, 10, 'the first jump is held back');
      near(held?.slope, -6, 1e-9, 'the drain still rules');
      assert.equal(restarted?.samples, 2, 'the window restarted from the jump');
      near(restarted?.slope, 36, 1e-9, 'rising 3 % per 5 min');
      assert.equal(restarted?.timeToEmpty, null);
      near(restarted?.timeToFull, (19 / 36) * HOUR, 1e-6, 'full in 19 % at 36 %/h');
    });
  });

  it('keeps what it learned in node context as plain JSON', async () => {
    // Restoring it across a real restart with the localfilesystem store: test/e2e/predictor-restart.spec.ts.
    const level = (t: number): number => 50 + 30 * Math.sin((2 * Math.PI * (t - T0)) / DAY) + 2 * Math.sin((t - T0) / (37 * MINUTE));
    const readings = Array.from({ length: (2 * DAY) / (10 * MINUTE) }, (_, i) => ({ topic: 'tank1', payload: level(T0 + i * 10 * MINUTE), timestamp: T0 + i * 10 * MINUTE }));
    await withFlow([predictorNode], flowWith({ horizons: '1h', step: '10min' }), async () => {
      const seen = watch();
      await feed(seen, readings);
      await sent(seen, readings.length);
      assert.equal(seen.levels.at(-1)?.prediction?.model, 'learned');
      const saved = seen.node.context().get('predictor') as Record<string, { predictor: { learned: { rows: number } | null } }>;
      assert.ok((saved.tank1.predictor.learned?.rows ?? 0) > 0, 'the trained model is in context');
      assert.deepEqual(JSON.parse(JSON.stringify(saved)), { ...saved }, 'plain JSON: nothing lost or changed by a file store');
    });
  });

  it('tells the context store of its changes once a second and at close, not at every reading', async () => {
    const clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      let set: sinon.SinonSpy | undefined;
      await withFlow([predictorNode], flowWith({ horizons: '1h' }), async () => {
        const seen = watch();
        // The context's own methods cannot be wrapped: the node is handed a context that records its saves.
        const context = seen.node.context() as unknown as { get(key: string): unknown; set(key: string, value: unknown): void };
        const recorded = { get: (key: string) => context.get(key), set: sinon.spy((key: string, value: unknown) => context.set(key, value)) };
        set = recorded.set;
        (seen.node as unknown as { context(): unknown }).context = () => recorded;
        await feed(seen, draining(20));
        assert.equal(set.callCount, 1, 'a new topic is saved at once');
        clock.tick(999);
        assert.equal(set.callCount, 1);
        clock.tick(1);
        assert.equal(set.callCount, 2, 'the readings after it within a second');
        assert.equal((set.lastCall.args[1] as Record<string, { predictor: { history: { count: number } } }>).tank1.predictor.history.count, 20);
        await feed(seen, draining(30).slice(20));
        assert.equal(set.callCount, 2);
      });
      assert.equal(set?.callCount, 3, 'what was still pending is saved at close');
    } finally {
      clock.restore();
    }
  });

  it('rejects bad input with a clear error and leaves its state unchanged', async () => {
    await withFlow([predictorNode], flowWith({ horizons: '1h', inflowType: 'msg', inflow: 'flow.in' }), async () => {
      const seen = watch();
      await feed(seen, draining(5));
      const before = JSON.stringify(seen.node.context().get('predictor'));
      await feed(seen, [
        { topic: 'tank1', payload: 'half', timestamp: T0 + HOUR },
        { topic: 'tank1', payload: Infinity, timestamp: T0 + HOUR },
        { topic: 'tank1', payload: 50, timestamp: T0 },
        { topic: 'tank1', payload: 50, unit: 'L/min', timestamp: T0 + HOUR },
        { topic: 'tank1', payload: 50, unit: 'L', timestamp: T0 + HOUR },
        { topic: 'tank1', payload: 50, flow: { in: 'fast' }, timestamp: T0 + HOUR },
        { topic: 'tank1', command: 'predict', timestamp: T0 + HOUR },
      ]);
      assert.deepEqual(seen.errors, [
        'tank1: payload "half" is not a finite number',
        'tank1: payload Infinity is not a finite number',
        `tank1: timestamp ${new Date(T0).toISOString()} is before the previous reading at ${new Date(T0 + 20 * MINUTE).toISOString()}`,
        'tank1: unit "L/min" is not one of m, cm, mm, %, L, m3, gal',
        'tank1: unit "L" is not one of %',
        'tank1: payload "fast" is not a finite number',
        'tank1: unknown command "predict"; expected one of reset',
      ]);
      assert.equal(seen.levels.length, 5, 'nothing sent for bad input');
      assert.equal(JSON.stringify(seen.node.context().get('predictor')), before);
    });
  });

  it('takes flows from their own topic and from message properties, and forgets a topic on reset', async () => {
    await withFlow([predictorNode], flowWith({ horizons: '1h', inflowType: 'topic', inflow: 'pump/flow', outflowType: 'msg', outflow: 'out' }), async () => {
      const seen = watch();
      await feed(seen, [{ topic: 'pump/flow', payload: 1.2, unit: 'm3/h' }, ...draining(3).map((m) => ({ ...m, out: 4 }))]);
      assert.deepEqual(seen.errors, []);
      assert.equal(seen.levels.length, 3, 'a flow message sends nothing');
      const saved = seen.node.context().get('predictor') as Record<string, { predictor: { history: { flows: Record<string, unknown[]> } } }>;
      const flows = saved.tank1.predictor.history.flows;
      assert.deepEqual([flows.inflow?.[0], flows.outflow?.[0], flows.net], [20, 4, undefined], 'inflow 1.2 m³/h = 20 L/min, outflow 4 L/min, no net flow');
      await feed(seen, [{ topic: 'tank1', command: 'reset' }]);
      assert.equal((seen.node.context().get('predictor') as Record<string, unknown>).tank1, undefined);
    });
  });

  it('refuses every message when its configuration is invalid', async () => {
    await withFlow([predictorNode], flowWith({ horizons: '1h, later' }), async () => {
      const seen = watch();
      await feed(seen, draining(1));
      assert.deepEqual(seen.errors.slice(-1), ['invalid setting horizons: "1h, later", expected durations separated by commas, such as 1h, 3h, 6h']);
      assert.equal(seen.levels.length, 0);
    });
  });
});
