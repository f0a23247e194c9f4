import assert from 'node:assert/strict';
import waterFlowMeter from '../../nodes/water-flow-meter';
import waterSimulator from '../../nodes/water-simulator';
import { helper, withFlow } from '../support/helper';

type Msg = { topic: string; payload: number; timestamp: number; actual?: { flow: number }; event?: { type: string; period?: string; label?: string; volume?: number } };
type Listener = { on(event: string, cb: (msg: Msg) => void): void; receive(msg: object): void };

const DAY_START = Date.UTC(2026, 2, 2);
const STEP_MIN = 1;
const K = 450;

describe('simulator pulses into the flow meter', () => {
  it("counts a simulated day's outflow within the pulse resolution", async () => {
    const flow = [
      {
        id: 'sim', type: 'water-simulator', name: 'house', seed: 'meter-day', startTime: new Date(DAY_START).toISOString(),
        autostart: false, interval: '1', speed: String(60 * STEP_MIN), flowOutput: 'pulses', kFactor: String(K), wires: [[], ['meter', 'pulses']],
      },
      { id: 'meter', type: 'water-flow-meter', mode: 'pulses', pulseInput: 'delta', kFactor: String(K), kVolume: '1', kUnit: 'L', timeZone: 'UTC', wires: [['rate'], ['events']] },
      { id: 'pulses', type: 'helper' },
      { id: 'rate', type: 'helper' },
      { id: 'events', type: 'helper' },
    ];
    await withFlow([waterSimulator, waterFlowMeter], flow, async () => {
      const sent: Msg[] = [];
      const events: Msg[] = [];
      (helper.getNode('pulses') as unknown as Listener).on('input', (m) => sent.push(m));
      (helper.getNode('events') as unknown as Listener).on('input', (m) => events.push(m));
      (helper.getNode('sim') as unknown as Listener).receive({ command: 'generate', hours: 25 });
      await new Promise((resolve) => setTimeout(resolve, 1500));

      const day = events.find((e) => e.event?.type === 'period' && e.event.period === 'day');
      assert.ok(day?.event, `no day event among ${events.length} events`);
      assert.equal(day.event.label, '2026-03-02');
      // Pulses count toward the period of their reading's timestamp, which closes the step before it.
      const trueLitres = sent
        .filter((m) => m.timestamp > DAY_START && m.timestamp < DAY_START + 86_400_000)
        .reduce((sum, m) => sum + (m.actual?.flow ?? 0) * STEP_MIN, 0);
      const pulses = sent.filter((m) => m.timestamp > DAY_START && m.timestamp < DAY_START + 86_400_000).reduce((s, m) => s + m.payload, 0);
      assert.ok(trueLitres > 150, `a household uses water in a day (${trueLitres} L)`);
      assert.equal(day.event.volume, pulses / K);
      assert.ok(Math.abs(day.event.volume - trueLitres) <= 2 / K, `meter ${day.event.volume} L, true ${trueLitres} L`);
    });
  });
});
