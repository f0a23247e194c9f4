import assert from 'node:assert/strict';
import sinon from 'sinon';
import waterAlert from '../../nodes/water-alert';
import waterAnomaly from '../../nodes/water-anomaly';
import waterFlowMeter from '../../nodes/water-flow-meter';
import waterSimulator from '../../nodes/water-simulator';
import { helper, withFlow } from '../support/helper';

type Msg = Record<string, unknown> & { payload: unknown; alert?: { stage?: string; severity?: string; condition?: string } };
type Listener = { on(event: string, cb: (msg: Msg) => void): void; receive(msg: object): void };

const MINUTE = 60_000;
const WALL_START = Date.UTC(2026, 5, 1, 8);
const CRITICAL_AFTER = 5;
const ACTION_AFTER = 10;

/** Lets Node-RED deliver what was sent: delivery goes through setImmediate, which the fake clock leaves alone. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * simulator (pulses) -> flow meter -> anomaly -> alert, all with their editor
 * defaults but for the alert's stage times, and a burst injected after two
 * quiet hours. The alert's stages run on the runtime clock, which is fake here.
 */
async function withPipeline(body: (ctx: { sim: Listener; notes: Msg[]; valve: Array<{ msg: Msg; at: number }>; alert: Listener; clock: sinon.SinonFakeTimers }) => Promise<void>): Promise<void> {
  const clock = sinon.useFakeTimers({ now: WALL_START, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const flow = [
    { id: 'tab', type: 'tab' },
    { id: 'sim', z: 'tab', type: 'water-simulator', name: 'house', seed: 'burst', startTime: '2026-06-01T00:00:00Z', autostart: false, interval: '1', speed: '60', flowOutput: 'pulses', kFactor: '450', wires: [[], ['meter']] },
    { id: 'meter', z: 'tab', type: 'water-flow-meter', mode: 'pulses', kFactor: '450', timeZone: 'UTC', wires: [['anomaly'], []] },
    { id: 'anomaly', z: 'tab', type: 'water-anomaly', wires: [[], ['alert']] },
    {
      id: 'alert', z: 'tab', type: 'water-alert', criticalAfter: CRITICAL_AFTER, actionAfter: ACTION_AFTER,
      conditions: [{ type: 'anomaly', name: 'burst', kinds: 'burst', minSeverity: 'warning', shutoff: true }],
      wires: [['notes'], ['valve'], []],
    },
    { id: 'notes', z: 'tab', type: 'helper' },
    { id: 'valve', z: 'tab', type: 'helper' },
  ];
  try {
    await withFlow([waterSimulator, waterFlowMeter, waterAnomaly, waterAlert], flow, async () => {
      const notes: Msg[] = [];
      const valve: Array<{ msg: Msg; at: number }> = [];
      (helper.getNode('notes') as unknown as Listener).on('input', (m) => notes.push(m));
      (helper.getNode('valve') as unknown as Listener).on('input', (m) => valve.push({ msg: m, at: Date.now() }));
      const sim = helper.getNode('sim') as unknown as Listener;
      sim.receive({ command: 'generate', hours: 2 });
      await settle();
      sim.receive({ command: 'fault', fault: { kind: 'burst', duration: 30 } });
      sim.receive({ command: 'generate', hours: 0.25 });
      await settle();
      await body({ sim, notes, valve, alert: helper.getNode('alert') as unknown as Listener, clock });
    });
  } finally {
    clock.restore();
  }
}

describe('burst -> flow meter -> anomaly -> alert -> valve', function () {
  this.timeout(30000);

  it('closes the valve at the action stage, not before', async () => {
    await withPipeline(async ({ notes, valve, clock }) => {
      assert.equal(notes.length, 1, `notifications: ${JSON.stringify(notes.map((n) => n.alert))}`);
      assert.equal(notes[0].alert?.condition, 'burst');
      assert.equal(valve.length, 0);
      clock.tick(CRITICAL_AFTER * MINUTE);
      await settle();
      assert.equal(notes.length, 2);
      assert.equal(notes[1].alert?.stage, 'critical');
      assert.equal(valve.length, 0);
      clock.tick(ACTION_AFTER * MINUTE - 1);
      await settle();
      assert.equal(valve.length, 0, 'no command a millisecond before the action stage');
      clock.tick(1);
      await settle();
      assert.equal(valve.length, 1);
      assert.equal(valve[0].msg.payload, 'close');
      assert.equal(valve[0].at, WALL_START + (CRITICAL_AFTER + ACTION_AFTER) * MINUTE);
    });
  });

  it('sends no valve command when the alert is acknowledged first', async () => {
    await withPipeline(async ({ notes, valve, alert, clock }) => {
      assert.equal(notes.length, 1);
      alert.receive({ command: 'acknowledge' });
      await settle();
      clock.tick((CRITICAL_AFTER + ACTION_AFTER) * 4 * MINUTE);
      await settle();
      assert.equal(valve.length, 0);
      assert.ok(notes.every((n) => n.alert?.stage !== 'critical'), 'no escalation after the acknowledgement');
    });
  });
});
