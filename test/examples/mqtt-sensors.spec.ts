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

/**
 * A simulated day at 1440 times real speed, a minute long: ESPHome and Tasmota
 * publish every 5 simulated minutes, and the runtime's clock, which stamps
 * these timestamp-less messages as they arrive, runs just as fast.
 */
const SPEED = 1440;
const INTERVAL_MS = 5 * 60_000;
const INTERVAL_REAL_MS = INTERVAL_MS / SPEED;
/** 22 simulated hours of sensors, starting an hour before midnight. */
const INTERVALS = 22 * 12;
const CLOCK_START = new Date(2026, 0, 4, 23, 0).getTime();
/**
 * Water is used for 5 minutes in every 30, between 8 and 20 hours after the
 * sensors start: after midnight and before the next whatever the start-up
 * took (up to 3 simulated hours, 7.5 s), so today's total counts every pulse.
 */
const used = (interval: number): boolean => interval >= 8 * 12 && interval < 20 * 12 && interval % 6 === 0;
const USE_LPM = 12;
/** The tank: 1000 L in 120 cm; the pump refills at 30 L/min from below 40 cm to 95 cm. */
const LITRES_PER_CM = 1000 / 120;
const PUMP_LPM = 30;

interface SensorDay {
  counters: number[];
  levels: number[];
  powers: number[];
}

/** Publishes the day, each interval's messages at its own real time, however long publishing takes. */
async function publishDay(client: MqttClient): Promise<SensorDay> {
  const day: SensorDay = { counters: [], levels: [], powers: [] };
  let counter = 123_456;
  let level = 90;
  let pumping = false;
  const started = performance.now();
  for (let i = 0; i < INTERVALS; i++) {
    const due = started + i * INTERVAL_REAL_MS - performance.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    day.counters.push(counter);
    day.levels.push(Number(level.toFixed(1)));
    const power = pumping ? 450 + (i % 7) : 0.8;
    day.powers.push(power);
    // Retained, as ESPHome publishes its sensors.
    await client.publishAsync('water-meter/sensor/water_meter_total/state', String(counter), { qos: 1, retain: true });
    await client.publishAsync('water-tank/sensor/tank_level/state', level.toFixed(1), { qos: 1, retain: true });
    const energy = { TotalStartTime: '2026-01-05T00:00:00', Total: 12.345, Yesterday: 0.512, Today: 0.204, Power: power, ApparentPower: 480, ReactivePower: 150, Factor: 0.94, Voltage: 230, Current: 1.96 };
    await client.publishAsync('tele/pump/SENSOR', JSON.stringify({ Time: '2026-01-05T12:00:00', ENERGY: energy }), { qos: 1 });
    // What happens until the next interval.
    const litresUsed = used(i) ? USE_LPM * 5 : 0;
    counter += litresUsed * PULSES_PER_LITRE;
    pumping = pumping ? level < 95 : level < 40;
    level += ((pumping ? PUMP_LPM * 5 : 0) - litresUsed) / LITRES_PER_CM;
  }
  return day;
}

describe('example: real sensors over MQTT, from a Mosquitto broker, over a simulated day', function () {
  this.timeout(150_000);
  const flow = loadFlow(FILE);
  let broker: Broker;
  let result: ExampleResult;
  let day: SensorDay;

  before(async () => {
    broker = await startMosquitto();
    const example = await startExample(FILE, 120, { 'mqtt-broker': { broker: '127.0.0.1', port: String(broker.port) } }, [], { start: CLOCK_START, speed: SPEED });
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`);
    try {
      const subscribed = subscriptions(client, EXAMPLE_SUBSCRIPTIONS + 1);
      await client.subscribeAsync('$SYS/broker/subscriptions/count');
      await subscribed;
      day = await publishDay(client);
      // QoS 1 on both sides: once the broker has acknowledged, delivery to the example takes a moment at most.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await client.endAsync();
    }
    result = await example.finish();
  });
  after(async () => {
    await broker?.stop();
  });

  it('deploys every node with its type installed, and logs no warning or error', () => {
    assertDeployedCleanly(result, flow);
  });

  it("reads ESPHome's pulse total as a counter: the flow on the gauge while water runs, and the day's litres exactly", () => {
    const gauge = assertGaugeInRange(result, flow, 'ui_gauge', 'Water flow');
    // One per total: the first starts the count at no flow, each later one gives the rate over the
    // interval before it, timed by when the totals arrived.
    const rates = gauge.messages.map((m) => m.payload as number);
    assert.equal(rates.length, INTERVALS);
    assert.equal(rates[0], 0);
    const running = rates.filter((r) => r > 0).sort((a, b) => a - b);
    assert.equal(running.length, Array.from({ length: INTERVALS }, (_, i) => i).filter(used).length);
    const median = running[Math.floor(running.length / 2)];
    // Arrival times wander by milliseconds, each worth a simulated 1.4 s of a 300 s interval.
    assert.ok(Math.abs(median - USE_LPM) < 0.15 * USE_LPM, `median flow ${median} L/min for ${USE_LPM} L/min`);
    assertTimedPoints(widgetNamed(result, flow, 'ui_chart', 'Water flow (L/min)'), 'flow chart');
    const today = widgetNamed(result, flow, 'ui_text', 'Water used today').messages.at(-1)?.payload;
    assert.equal(today, (day.counters[day.counters.length - 1] - day.counters[0]) / PULSES_PER_LITRE);
  });

  it("shows ESPHome's ultrasonic level in cm as it was published, and its forecast 6 hours ahead", () => {
    const gauge = assertGaugeInRange(result, flow, 'ui_gauge', 'Tank level');
    assert.deepEqual(gauge.messages.map((m) => m.payload), day.levels);
    const chart = widgetNamed(result, flow, 'ui_chart', 'Tank level (cm)');
    assertTimedPoints(chart, 'level chart');
    const measured = chartPoints(chart, 'tank/level');
    assert.deepEqual(measured.map((p) => p.y), day.levels);
    const hours = (measured[measured.length - 1].t - measured[0].t) / 3_600_000;
    assert.ok(Math.abs(hours - (INTERVALS - 1) / 12) < 0.5, `${hours} simulated hours of readings`);
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
    assert.deepEqual(gauge.messages.map((m) => m.payload), day.powers);
  });
});
