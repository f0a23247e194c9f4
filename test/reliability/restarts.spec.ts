import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Calendar } from '../../nodes/lib/meter/calendar';
import { Random, TankSimulator } from '../../nodes/lib/simulator';
import { Tank } from '../../nodes/lib/tank';
import { httpPostJson, runtimeSession } from '../support/process';
import { STEP_PATH, levelConditions, recordingFlow, records, type Recorded, type StatefulNode, type Step } from './flows';

const BERLIN = new Calendar('Europe/Berlin');
const K_FACTOR = 450;
const STEP_MS = 10 * 60_000;
/** Two days from noon, across the night the clocks go forward: the day period of 2026-03-29 has 23 hours. */
const START = BERLIN.instantOf(2026, 3, 28, 12);
const HOURS = 48;
const STOPS_SEED = 'restarts';
/** By reading: the alert's mode changes, and its alerts are acknowledged. */
const MODE_CHANGES: Record<number, string> = { 30: 'away', 150: 'home' };
const ACKNOWLEDGE_AT = 80;

const NODES: StatefulNode[] = [
  { name: 'meter', type: 'water-flow-meter', outputs: 2, config: { mode: 'pulses', pulseInput: 'delta', kFactor: String(K_FACTOR), timeZone: 'Europe/Berlin' } },
  {
    name: 'alert',
    type: 'water-alert',
    outputs: 3,
    config: {
      conditions: levelConditions(58, 80, { highSeverity: 'critical' }),
      // Nothing here runs on the wall clock within the test: escalation, rate limit and reminders are out of reach.
      criticalAfter: 600,
      actionAfter: 600,
      rateLimit: 0,
      reminder: 0,
    },
  },
  {
    name: 'anomaly',
    type: 'water-anomaly',
    outputs: 2,
    // Learned detectors on the level too, after a short learning period: every reading shows the baselines it learned.
    config: { learningReadings: '48', statisticsOnWater: true, window: '64' },
  },
  {
    name: 'predictor',
    type: 'water-level-predictor',
    outputs: 2,
    // Short horizons and frequent refits: the learned model (after a day and the longest horizon) is refitted several times.
    config: { horizons: '30min, 1h', retrainEvery: '2h', outputs: 2 },
  },
];

interface Reading {
  t: number;
  level: number;
  flow: number;
  pulses: number;
}

/**
 * A day and a half of a small tank (three refills), read every 10 minutes:
 * pulses to the meter, the level to the alert and the predictor, level and
 * flow as two channels to the anomaly detector, and commands to the alert
 * between them.
 */
function simulatedDays(): { readings: Reading[]; steps: Step[] } {
  const tank = new Tank({ shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: 0.6, height: 1.2, sensor: 'bottom' });
  const sim = new TankSimulator({ tank, seed: 'restart-day', startTime: START, utcOffsetMinutes: 60, level: { unit: '%', noise: 0.2, resolution: 0.1 } });
  const readings = sim.generate(HOURS, STEP_MS).map((r) => ({ t: r.time, level: r.level as number, flow: r.flow as number, pulses: r.pulses as number }));
  const steps: Step[] = [];
  readings.forEach((r, i) => {
    if (MODE_CHANGES[i]) steps.push({ node: 'alert', msg: { command: 'mode', payload: MODE_CHANGES[i] } });
    if (i === ACKNOWLEDGE_AT) steps.push({ node: 'alert', msg: { command: 'acknowledge' } });
    steps.push({ node: 'meter', msg: { topic: 'house/water', payload: r.pulses, timestamp: r.t } });
    steps.push({ node: 'alert', msg: { topic: 'tank/level', payload: r.level, unit: '%', timestamp: r.t } });
    steps.push({ node: 'predictor', msg: { topic: 'tank/level', payload: r.level, unit: '%', timestamp: r.t } });
    steps.push({ node: 'anomaly', msg: { topic: 'house', payload: { level: r.level, flow: r.flow }, unit: { level: '%', flow: 'L/min' }, timestamp: r.t } });
  });
  return { readings, steps };
}

interface DayRun {
  /** What the nodes sent, session by session. */
  sessions: Recorded[][];
  /** The alert node's saved context after each session but the last. */
  savedAlert: Array<{ mode: string; alerts: Array<[string, string]> }>;
}

/** The alert node's saved context, as the localfilesystem store wrote it: mode, and [id, state] of each alert. */
function savedAlertState(userDir: string): DayRun['savedAlert'][number] {
  const flowId = recordingFlow(NODES)[0].id;
  const saved = JSON.parse(readFileSync(path.join(userDir, 'context', flowId, 'alert.json'), 'utf8')) as {
    alertNode: { mode: string };
    alerts: Record<string, Record<string, { state: string }>>;
  };
  const alerts = Object.entries(saved.alerts).flatMap(([topic, byCondition]) => Object.entries(byCondition).map(([name, a]): [string, string] => [`${topic}#${name}`, a.state]));
  return { mode: saved.alertNode.mode, alerts: alerts.filter(([, state]) => state === 'active' || state === 'acknowledged').sort() };
}

/** Runs the steps in a real runtime with the localfilesystem store, stopping it (SIGTERM) before each step in `stops`. */
async function runDay(steps: Step[], stops: number[]): Promise<DayRun> {
  const userDir = mkdtempSync(path.join(os.tmpdir(), 'water-restarts-'));
  try {
    writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(recordingFlow(NODES)));
    const bounds = [0, ...stops, steps.length];
    const run: DayRun = { sessions: [], savedAlert: [] };
    for (let s = 0; s + 1 < bounds.length; s++) {
      const { app } = await runtimeSession(userDir, async (url) => {
        for (let i = bounds[s]; i < bounds[s + 1]; i++) {
          const answer = await httpPostJson(`${url}${STEP_PATH}`, { step: i, ...steps[i] });
          assert.deepEqual(answer, { status: 200, body: 'ok' }, `step ${i}: ${JSON.stringify(steps[i])}`);
        }
      });
      // Node-RED warns about its own settings at start; no node may warn or fail.
      assert.doesNotMatch(app.output(), /\[(error|warn)\] \[/);
      run.sessions.push(records(app.output()));
      if (s + 2 < bounds.length) run.savedAlert.push(savedAlertState(userDir));
    }
    return run;
  } finally {
    rmSync(userDir, { recursive: true, force: true });
  }
}

type View = Record<string, unknown>;

/** An alert as shown, without what depends on the wall clock (times, and texts that say how long ago). */
function timeless(view: View): View {
  const { raisedAt: _r, acknowledgedAt: _a, snoozedUntil: _s, text: _t, ...rest } = view;
  return rest;
}

/** A message of the alert node without wall-clock times; the rest must match exactly. */
function alertMessage(output: string, msg: View): View {
  if (output === 'alert/2') {
    const history = msg.history as Record<string, Array<{ event: string }>>;
    return {
      payload: (msg.payload as View[]).map(timeless),
      mode: msg.mode,
      valveClosed: msg.valveClosed,
      history: Object.fromEntries(Object.entries(history).map(([id, entries]) => [id, entries.map((e) => e.event)])),
    };
  }
  return { topic: msg.topic, payload: output === 'alert/0' ? undefined : msg.payload, alert: msg.alert === undefined ? undefined : timeless(msg.alert as View) };
}

function comparable(r: Recorded): Recorded {
  return r.output.startsWith('alert/') ? { ...r, msg: alertMessage(r.output, r.msg) } : r;
}

/** The steps (after the first) before which an alert was active or acknowledged, from a run's state output. */
function stepsWithActiveAlerts(states: Recorded[], stepCount: number): number[] {
  const active: number[] = [];
  let open = false;
  let k = 0;
  for (let i = 1; i < stepCount; i++) {
    while (k < states.length && states[k].step < i) open = (states[k++].msg.payload as unknown[]).length > 0;
    if (open) active.push(i);
  }
  return active;
}

/**
 * Seeded stop points: two anywhere, one while an alert is active, one while
 * the mode is away, one while the predictor's learned model predicts.
 */
function chooseStops(stepCount: number, pools: { active: number[]; away: number[]; learned: number[] }): number[] {
  const random = new Random(STOPS_SEED);
  const pick = (pool: number[]): number => pool[random.integer(0, pool.length - 1)];
  const anywhere = Array.from({ length: stepCount - 1 }, (_, i) => i + 1);
  const stops = [pick(anywhere), pick(anywhere), pick(pools.active), pick(pools.away), pick(pools.learned)];
  return [...new Set(stops)].sort((a, b) => a - b);
}

describe('restarts at seeded random points of a simulated day and a half (real runtime, localfilesystem context)', function () {
  this.timeout(120_000);

  it('ends exactly as a run without restarts: meter and period totals, learned baselines and model, alert states and mode, no notification twice', async () => {
    const { readings, steps } = simulatedDays();
    const reference = await runDay(steps, []);
    const uninterrupted = reference.sessions[0];
    const states = uninterrupted.filter((r) => r.output === 'alert/2');
    const modeSteps = Object.keys(MODE_CHANGES).map((reading) => steps.findIndex((s) => s.msg.command === 'mode' && s.msg.payload === MODE_CHANGES[Number(reading)]));
    const away = Array.from({ length: modeSteps[1] - modeSteps[0] - 1 }, (_, i) => modeSteps[0] + 1 + i);
    const learned = uninterrupted.filter((r) => r.output === 'predictor/0' && (r.msg.prediction as { model: string }).model === 'learned').map((r) => r.step + 1);
    const stops = chooseStops(steps.length, { active: stepsWithActiveAlerts(states, steps.length), away, learned: learned.slice(0, -1) });
    const interrupted = await runDay(steps, stops);

    // The meter: every rate message and every event exactly as without restarts, and exact against the pulses.
    /** What a node (`meter`) or one of its outputs (`meter/1`) sent. */
    const ofNode = (list: Recorded[], name: string) => list.filter((r) => r.output === name || r.output.startsWith(`${name}/`));
    const all = interrupted.sessions.flat();
    assert.deepEqual(ofNode(all, 'meter'), ofNode(uninterrupted, 'meter'), `stopped before steps ${stops.join(', ')}`);
    const rates = ofNode(uninterrupted, 'meter/0');
    const pulses = readings.reduce((sum, r) => sum + r.pulses, 0);
    assert.equal((rates[rates.length - 1].msg.flow as { total: number }).total, pulses / K_FACTOR);
    const dayEvents = ofNode(uninterrupted, 'meter/1').filter((r) => (r.msg.event as { period?: string }).period === 'day');
    // A reading counts in the period its time falls in: one at midnight starts the new day.
    const pulsesBetween = (from: number, to: number) => readings.filter((r) => r.t >= from && r.t < to).reduce((sum, r) => sum + r.pulses, 0);
    const midnights = [BERLIN.instantOf(2026, 3, 29), BERLIN.instantOf(2026, 3, 30)];
    assert.deepEqual(
      dayEvents.map((r) => [(r.msg.event as { label: string }).label, (r.msg.event as { volume: number }).volume]),
      [
        ['2026-03-28', pulsesBetween(START, midnights[0]) / K_FACTOR],
        ['2026-03-29', pulsesBetween(midnights[0], midnights[1]) / K_FACTOR],
      ],
    );

    // The anomaly detector: every score, learned baseline and event exactly as without restarts.
    assert.deepEqual(ofNode(all, 'anomaly'), ofNode(uninterrupted, 'anomaly'));
    const scored = ofNode(uninterrupted, 'anomaly/0').filter((r) => !(r.msg.anomaly as { learning: boolean }).learning);
    assert.ok(scored.length > 150, 'most readings scored with learned baselines');

    // The predictor: every prediction exactly as without restarts, the learned model's among them.
    assert.deepEqual(ofNode(all, 'predictor'), ofNode(uninterrupted, 'predictor'));
    assert.ok(learned.length > 30, `${learned.length} predictions by the learned model`);

    // The alert: back in its state and mode after each restart (announced once), and otherwise exactly as without restarts.
    const announcements: Recorded[] = [];
    interrupted.sessions.forEach((session, s) => {
      if (s === 0) return;
      const stop = stops[s - 1];
      const before = interrupted.sessions.slice(0, s).flat().filter((r) => r.output === 'alert/2');
      const last = before[before.length - 1];
      const opening = session.filter((r) => r.step === -1);
      const hadActive = last !== undefined && (last.msg.payload as unknown[]).length > 0;
      // Each alert's value is the last reading it saw, which may have come after the last change of state.
      const lastLevel = steps.slice(0, stop).filter((step) => step.msg.topic === 'tank/level').pop()?.msg.payload;
      const withLastValue = (r: Recorded) => ({ ...comparable(r).msg, payload: (comparable(r).msg.payload as View[]).map((a) => ({ ...a, value: lastLevel })) });
      assert.deepEqual(opening.map((r) => comparable(r).msg), hadActive ? [withLastValue(last)] : [], `restart before step ${stop}`);
      announcements.push(...opening);
      const saved = interrupted.savedAlert[s - 1];
      assert.equal(saved.mode, modeSteps[0] < stop && stop <= modeSteps[1] ? 'away' : 'home', `mode saved before step ${stop}`);
      const open = hadActive ? (last.msg.payload as Array<{ id: string; state: string }>).map((a): [string, string] => [a.id, a.state]).sort() : [];
      assert.deepEqual(saved.alerts, open, `alerts saved before step ${stop}`);
    });
    assert.ok(announcements.length >= 1, 'a restart fell while an alert was active');
    const alertOutputs = (list: Recorded[]) => ofNode(list, 'alert').filter((r) => r.step !== -1).map(comparable);
    assert.deepEqual(alertOutputs(all), alertOutputs(uninterrupted));

    // Each raise is notified once: between two clears of an alert, no event comes twice.
    const notified = new Map<string, string[]>();
    for (const r of ofNode(all, 'alert/0')) {
      const { id, event } = r.msg.alert as { id: string; event: string };
      const since = event === 'cleared' ? [] : (notified.get(id) ?? []);
      assert.ok(!since.includes(event), `${id}: ${event} notified twice`);
      notified.set(id, [...since, event]);
    }
    assert.ok(ofNode(all, 'alert/0').length >= 4, 'alerts were raised and cleared during the day');
    assert.ok(ofNode(all, 'alert/1').some((r) => r.msg.payload === 'close'), 'away mode closed the valve');
  });
});
