import assert from 'node:assert/strict';
import sinon from 'sinon';
import waterAlert from '../../nodes/water-alert';
import { helper, withFlow } from '../support/helper';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2024, 5, 3, 12, 0, 0); // 14:00 in Berlin
const T1 = 15 * MINUTE;
const T2 = 15 * MINUTE;

type Msg = Record<string, unknown> & { payload?: unknown; topic?: string };
type Alert = { id: string; event: string; stage: string; state: string; topic: string; delayed: boolean; text: string };

interface TestNode {
  receive(msg: Msg): void;
  on(event: string, cb: (arg: never) => void): void;
  context(): { get(key: string): unknown };
}

const HI_CONDITION = { type: 'threshold', name: 'hi', topic: '', level: 'hi', limit: 90, deadband: 0, severity: 'warning', onDelay: 0, offDelay: 0, shutoff: true };

function alertFlow(config: Record<string, unknown> = {}) {
  return [
    { id: 'alert', type: 'water-alert', name: 'kitchen', conditions: [HI_CONDITION], rateLimit: 0, reminder: 0, ...config, wires: [['notes'], ['valve'], ['state']] },
    { id: 'notes', type: 'helper' },
    { id: 'valve', type: 'helper' },
    { id: 'state', type: 'helper' },
  ];
}

/** Everything the node sends and reports, collected per output. */
class Outputs {
  readonly notes: Msg[] = [];
  readonly valve: Msg[] = [];
  readonly state: Msg[] = [];
  readonly errors: string[] = [];
  readonly node: TestNode;

  constructor() {
    this.node = helper.getNode('alert') as unknown as TestNode;
    const collect = (id: string, into: Msg[]) => (helper.getNode(id) as unknown as TestNode).on('input', ((msg: Msg) => into.push(msg)) as (arg: never) => void);
    collect('notes', this.notes);
    collect('valve', this.valve);
    collect('state', this.state);
    this.node.on('call:error', ((call: { args: unknown[] }) => {
      const [err] = call.args;
      this.errors.push(err instanceof Error ? err.message : String(err));
    }) as (arg: never) => void);
  }

  alertEvents(): string[] {
    return this.notes.map((m) => (m.alert as Alert).event);
  }
}

/** Node-RED delivers messages on setImmediate, which the fake clock leaves alone. */
async function delivered(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('water-alert node', function () {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => clock.restore());

  async function advance(ms: number): Promise<void> {
    clock.tick(ms);
    await delivered();
  }

  async function send(out: Outputs, msg: Msg): Promise<void> {
    out.node.receive(msg);
    await delivered();
  }

  /** Loads the flow and lets the start-up tick run. */
  async function start(config: Record<string, unknown>, body: (out: Outputs) => Promise<void>): Promise<void> {
    await withFlow([waterAlert], alertFlow(config), async () => {
      const out = new Outputs();
      await advance(0);
      await body(out);
    });
  }

  it('escalates on one timer: warning at once, critical exactly after T1, the valve closed exactly T2 later', async () => {
    await start({}, async (out) => {
      await send(out, { topic: 'tank1/level', payload: 95, unit: '%' });
      assert.equal(out.notes.length, 1);
      const warning = out.notes[0];
      assert.equal(warning.payload, 'Warning: tank1/level high (limit 90 %), now 95 %.');
      assert.equal(warning.topic, 'Water warning: tank1/level');
      assert.equal(warning.highlight, 'orange');
      assert.equal((warning.alert as Alert).id, 'tank1/level#hi');
      assert.equal(clock.countTimers(), 1, 'one timer for the next due time');
      await advance(T1 - 1);
      assert.deepEqual(out.alertEvents(), ['warning']);
      await advance(1);
      assert.deepEqual(out.alertEvents(), ['warning', 'critical']);
      assert.equal(clock.countTimers(), 1);
      await advance(T2 - 1);
      assert.equal(out.valve.length, 0);
      await advance(1);
      assert.deepEqual(out.valve.map((m) => [m.payload, m.topic, (m.alert as Alert).id]), [['close', 'valve', 'tank1/level#hi']]);
      assert.deepEqual(out.alertEvents(), ['warning', 'critical', 'action']);
      assert.deepEqual(out.state.map((m) => (m.payload as Alert[]).map((a) => a.stage)), [['warning'], ['critical'], ['action']]);
      assert.equal(clock.countTimers(), 0, 'nothing left to wait for');
    });
  });

  it('walks every transition on the fake clock: inactive -> active -> acknowledged -> cleared -> active -> inactive', async () => {
    await start({ conditions: [{ ...HI_CONDITION, onDelay: 10, offDelay: 20 }] }, async (out) => {
      const states = () => (out.state.at(-1)?.payload as Alert[]).map((a) => a.state);
      await send(out, { topic: 't', payload: 95 });
      await advance(10 * SECOND);
      assert.deepEqual(states(), ['active']);
      await send(out, { command: 'acknowledge', topic: 't' });
      assert.deepEqual(states(), ['acknowledged']);
      await send(out, { topic: 't', payload: 50 });
      await advance(20 * SECOND);
      assert.deepEqual(states(), [], 'cleared alerts leave the list');
      await send(out, { topic: 't', payload: 99 });
      await advance(10 * SECOND);
      assert.deepEqual(states(), ['active']);
      await send(out, { command: 'reset', alertId: 't#hi' });
      assert.deepEqual(states(), []);
      await advance(T1 + T2);
      assert.deepEqual(out.alertEvents(), ['warning', 'cleared', 'warning']);
      assert.equal(out.valve.length, 0);
    });
  });

  it('sends nothing to the valve when the alert is acknowledged first, by the id of its notification', async () => {
    await start({}, async (out) => {
      await send(out, { topic: 'tank1/level', payload: 95 });
      await advance(5 * MINUTE);
      await send(out, { command: 'acknowledge', alert: out.notes[0].alert });
      assert.equal((out.state.at(-1)?.payload as Alert[])[0].state, 'acknowledged');
      await advance(2 * (T1 + T2));
      assert.deepEqual(out.alertEvents(), ['warning']);
      assert.equal(out.valve.length, 0);
      assert.equal(clock.countTimers(), 0);
      const history = (out.state.at(-1)?.history as Record<string, Array<{ event: string; by?: string }>>)['tank1/level#hi'];
      assert.deepEqual(history.map((e) => [e.event, e.by]), [['raised', undefined], ['acknowledged', 'acknowledge']]);
    });
  });

  it('snoozing with msg.duration delays the critical stage to the end of the snooze', async () => {
    await start({}, async (out) => {
      await send(out, { topic: 'tank1/level', payload: 95 });
      await advance(10 * MINUTE);
      await send(out, { command: 'snooze', duration: '20m' });
      await advance(20 * MINUTE - 1);
      assert.deepEqual(out.alertEvents(), ['warning']);
      await advance(1);
      assert.deepEqual(out.alertEvents(), ['warning', 'critical']);
    });
  });

  it('holds a warning through quiet hours and releases it when they end', async () => {
    // Quiet from 14:30 to 15:00 Berlin time; it is 14:00 there.
    await start({ quietHours: true, quietStart: '14:30', quietEnd: '15:00', timeZone: 'Europe/Berlin', critical: false, action: false }, async (out) => {
      await advance(45 * MINUTE);
      await send(out, { topic: 'tank1/level', payload: 95 });
      assert.equal(out.notes.length, 0);
      await advance(15 * MINUTE - 1);
      assert.equal(out.notes.length, 0);
      await advance(1);
      assert.deepEqual(out.alertEvents(), ['warning']);
      assert.equal((out.notes[0].alert as Alert).delayed, true);
    });
  });

  it('sends exactly one notification per interval under a flood of 10,000 triggering readings', async () => {
    await start({ rateLimit: 1 }, async (out) => {
      for (let i = 0; i < 10_000; i++) {
        out.node.receive({ topic: 'tank1/level', payload: i % 2 === 0 ? 95 : 50 });
        clock.tick(1);
      }
      await advance(5 * SECOND);
      assert.equal(out.notes.length, 11, 'at 0, 1, ..., 10 s');
      assert.equal(out.errors.length, 0);
    });
  });

  it('applies the deadband and the delays on both edges', async () => {
    const delayed = { ...HI_CONDITION, deadband: 5, onDelay: 30, offDelay: 60 };
    await start({ conditions: [delayed] }, async (out) => {
      await send(out, { topic: 't', payload: 95 });
      await advance(30 * SECOND - 1);
      assert.equal(out.notes.length, 0);
      await advance(1);
      assert.deepEqual(out.alertEvents(), ['warning']);
      await send(out, { topic: 't', payload: 86 });
      await advance(10 * MINUTE);
      assert.equal((out.state.at(-1)?.payload as Alert[]).length, 1, 'inside the deadband: still active');
      await send(out, { topic: 't', payload: 84 });
      await advance(60 * SECOND - 1);
      assert.equal((out.state.at(-1)?.payload as Alert[]).length, 1);
      await advance(1);
      assert.deepEqual(out.state.at(-1)?.payload, []);
      assert.deepEqual(out.alertEvents(), ['warning', 'cleared']);
    });
  });

  it('keeps the mode set by a command in context and shuts off at once when away', async () => {
    await start({ valvePayload: 'close-true', valveTopic: 'house/valve' }, async (out) => {
      await send(out, { topic: 'tank1/level', payload: 95 });
      await send(out, { command: 'mode', payload: 'Away' });
      assert.deepEqual(out.valve.map((m) => [m.topic, m.payload]), [['house/valve', true]]);
      assert.equal(out.state.at(-1)?.mode, 'away');
      assert.equal((out.node.context().get('alertNode') as { mode: string }).mode, 'away');
      await send(out, { command: 'reset' });
      assert.deepEqual(out.valve.map((m) => m.payload), [true, false], 'reset opens what this node closed');
      await send(out, { command: 'mode', payload: 'party' });
      assert.deepEqual(out.errors, ['mode "party" is not one of home, away, vacation']);
      assert.equal((out.node.context().get('alertNode') as { mode: string }).mode, 'away');
    });
  });

  it('reads anomaly events, flagged readings and predictions as the other nodes send them', async () => {
    const conditions = [
      { type: 'anomaly', name: 'leak', kinds: 'leak', minSeverity: 'warning', shutoff: true },
      { type: 'prediction', name: 'empty', measure: 'timeToEmpty', limit: 60, deadband: 0, severity: 'critical' },
    ];
    await start({ conditions }, async (out) => {
      await send(out, { topic: 'x', payload: { topic: 'house/flow', kind: 'leak', state: 'start', severity: 'warning', since: T0, value: 3.5, text: 'leak' } });
      await send(out, { topic: 'tank1/level', payload: 40, anomaly: { score: 0.9, anomalous: true, kinds: ['leak'], details: {} } });
      await send(out, { topic: 'tank1/level', payload: 39, prediction: { timeToEmpty: 50 * MINUTE, timeToLow: null } });
      const active = out.state.at(-1)?.payload as Alert[];
      assert.deepEqual(active.map((a) => a.topic + '#' + a.state), ['house/flow#active', 'tank1/level#active', 'tank1/level#active']);
      assert.deepEqual(out.notes.map((m) => m.payload), [
        'Warning: house/flow: leak, now 3.5.',
        'Warning: tank1/level: leak, now 40.',
        'Warning: tank1/level empty within 1 h, predicted in 50 min.',
      ]);
      await send(out, { topic: 'house/flow', anomaly: { kind: 'leak', state: 'end' } });
      assert.deepEqual((out.state.at(-1)?.payload as Alert[]).map((a) => a.id), ['tank1/level#leak', 'tank1/level#empty']);
    });
  });

  it('sends a test notification', async () => {
    await start({}, async (out) => {
      await send(out, { command: 'test' });
      assert.deepEqual(out.notes.map((m) => [m.topic, m.payload]), [['Water alert test', 'Test notification from kitchen: notifications reach you.']]);
    });
  });

  it('rejects bad input with a text naming the problem, leaving its state untouched', async () => {
    await start({}, async (out) => {
      await send(out, { topic: 'tank1/level', payload: 95 });
      const before = JSON.stringify(out.node.context().get('alerts'));
      const bad: Msg[] = [
        { topic: 'tank1/level', payload: 'full' },
        { topic: 'tank1/level', payload: 99, unit: 'furlongs' },
        { topic: 'house/flow', payload: { kind: 'leak', state: 'maybe' } },
        { topic: 'tank1/level', prediction: { timeToEmpty: 'soon' } },
        { command: 'snooze', duration: 'a while' },
        { command: 'acknowledge', alertId: 'nothing#here' },
        { topic: 'tank1/level', command: 'dance' },
      ];
      for (const msg of bad) await send(out, msg);
      assert.deepEqual(out.errors, [
        'tank1/level: payload "full" is not a finite number',
        'tank1/level: unit "furlongs" is not one of L, m3, gal, L/min, L/s, L/h, m3/h, gpm, m, cm, mm, %, pulses',
        'house/flow: anomaly {"kind":"leak","state":"maybe"} is not an event { kind, state: "start" | "end", severity } nor a reading\'s { anomalous, kinds, score }',
        'tank1/level: prediction timeToEmpty "soon" is not a time in ms (a number from 0) or null',
        '(no topic): snooze duration "a while" is not milliseconds or a number with a unit (ms, s, m, h, d)',
        'no alert matches "nothing#here"',
        'tank1/level: unknown command "dance"; expected one of acknowledge, snooze, reset, mode, test',
      ]);
      assert.equal(JSON.stringify(out.node.context().get('alerts')), before);
      assert.equal(out.notes.length, 1);
    });
  });

  it('explains an invalid configuration and refuses input', async () => {
    await start({ conditions: [] }, async (out) => {
      await send(out, { topic: 't', payload: 1 });
      assert.deepEqual(out.errors, [
        'invalid alert configuration: conditions must be a list of at least one condition, got []',
        'invalid alert configuration: conditions must be a list of at least one condition, got []',
      ]);
    });
  });
});
