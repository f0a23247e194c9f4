import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import {
  assertDeployedCleanly,
  assertGaugeInRange,
  TIME_TO_TEXT,
  assertTimedPoints,
  chartPoints,
  loadFlow,
  startExample,
  widgetNamed,
  type ExampleResult,
} from '../support/examples';
import { startMosquitto, type Broker } from '../support/mosquitto';

const FILE = 'mqtt-sensors.json';
const PULSES_PER_LITRE = 450;
/** The example's three mqtt in nodes. */
const EXAMPLE_SUBSCRIPTIONS = 3;

/** Resolves once the broker counts `count` subscriptions (its $SYS statistics come every second). */
function subscriptions(client: MqttClient, count: number): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (topic: string, payload: Buffer): void => {
      if (topic === '$SYS/broker/subscriptions/count' && Number(payload.toString()) >= count) {
        client.off('message', onMessage);
        resolve();
      }
    };
    client.on('message', onMessage);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('example: real sensors over MQTT, from a Mosquitto broker', function () {
  this.timeout(60000);
  const flow = loadFlow(FILE);
  let broker: Broker;
  let result: ExampleResult;
  const counters: number[] = [];
  const levels: number[] = [];
  const powers: number[] = [];

  before(async () => {
    broker = await startMosquitto();
    const example = await startExample(FILE, 12, { 'mqtt-broker': { broker: '127.0.0.1', port: String(broker.port) } });
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`);
    try {
      const subscribed = subscriptions(client, EXAMPLE_SUBSCRIPTIONS + 1);
      await client.subscribeAsync('$SYS/broker/subscriptions/count');
      await subscribed;
      // Six seconds of sensors: the ESPHome meter's pulse total every 500 ms at 20 L/min (75 pulses), its
      // ultrasonic level every 200 ms, the Tasmota plug's telemetry every 500 ms; retained as ESPHome does.
      let counter = 123_456;
      for (let tick = 0; tick < 60; tick++) {
        if (tick % 5 === 0) {
          counters.push(counter);
          await client.publishAsync('water-meter/sensor/water_meter_total/state', String(counter), { qos: 1, retain: true });
          counter += 75;
        }
        if (tick % 2 === 0) {
          const level = Number((96.4 - tick * 0.1).toFixed(1));
          levels.push(level);
          await client.publishAsync('water-tank/sensor/tank_level/state', level.toFixed(1), { qos: 1, retain: true });
        }
        if (tick % 5 === 2) {
          const power = 440 + tick;
          powers.push(power);
          const energy = { TotalStartTime: '2026-01-05T00:00:00', Total: 12.345, Yesterday: 0.512, Today: 0.204, Power: power, ApparentPower: 480, ReactivePower: 150, Factor: 0.94, Voltage: 230, Current: 1.96 };
          await client.publishAsync('tele/pump/SENSOR', JSON.stringify({ Time: '2026-01-05T12:00:00', ENERGY: energy }), { qos: 1 });
        }
        await sleep(100);
      }
    } finally {
      await client.endAsync();
    }
    result = await example.result();
  });
  after(async () => {
    await broker?.stop();
  });

  it('deploys every node with its type installed, and logs no warning or error', () => {
    assertDeployedCleanly(result, flow);
  });

  it("reads ESPHome's pulse total as a counter: the flow on the gauge, and the litres exactly", () => {
    const gauge = assertGaugeInRange(result, flow, 'ui_gauge', 'Water flow');
    // The first total is where counting starts; rates are taken over the times the messages arrived.
    const rates = gauge.messages.map((m) => m.payload as number).sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)];
    assert.ok(median > 14 && median < 26, `median flow ${median} L/min for 20 L/min`);
    assertTimedPoints(widgetNamed(result, flow, 'ui_chart', 'Water flow (L/min)'), 'flow chart');
    const today = widgetNamed(result, flow, 'ui_text', 'Water used today').messages.at(-1)?.payload;
    assert.equal(today, Math.round((counters[counters.length - 1] - counters[0]) / PULSES_PER_LITRE));
  });

  it("shows ESPHome's ultrasonic level in cm as it was published, and its forecast 6 hours ahead", () => {
    const gauge = assertGaugeInRange(result, flow, 'ui_gauge', 'Tank level');
    assert.deepEqual(gauge.messages.map((m) => m.payload), levels);
    const chart = widgetNamed(result, flow, 'ui_chart', 'Tank level (cm)');
    assertTimedPoints(chart, 'level chart');
    const measured = chartPoints(chart, 'tank/level');
    assert.deepEqual(measured.map((p) => p.y), levels);
    const readingTimes = new Set(measured.map((p) => p.t));
    const forecast = chartPoints(chart, 'tank/level +6 h');
    assert.ok(forecast.length > 0);
    for (const p of forecast) {
      assert.ok(readingTimes.has(p.t - 6 * 3_600_000), 'stamped 6 hours after the reading it was made at');
      assert.ok(p.y >= 0 && p.y <= 120, `${p.y} cm within the tank`);
    }
    for (const m of widgetNamed(result, flow, 'ui_text', 'Time to empty or full').messages) {
      assert.match(String(m.payload), TIME_TO_TEXT);
    }
  });

  it("takes the Tasmota plug's power from its JSON telemetry", () => {
    const gauge = assertGaugeInRange(result, flow, 'ui_gauge', 'Pump power');
    assert.deepEqual(gauge.messages.map((m) => m.payload), powers);
  });
});
