/**
 * Scenarios from the tank simulator with the `water-simulator` node's
 * defaults (1000 L tank, 3 people, refill pump, level in % with 0.2 % noise
 * and 0.1 % resolution, flow in L/min, one reading a simulated minute): for
 * each fault kind and seed, three ordinary days, the fault at a random time
 * of the fourth day, and a day after it; and fault-free weeks.
 */

import { fallbackTank, nodeSettingsFromForm } from '../../nodes/lib/simulator/config';
import { Random, TankSimulator, type FaultKind } from '../../nodes/lib/simulator';
import { flowMessage, levelMessage } from '../../nodes/lib/simulator/output';
import type { Scenario, ScenarioMessage, ScenarioSource } from './anomaly-scenarios';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A Monday at local midnight. */
const START = new Date(2026, 0, 5).getTime();

/** How long each fault lasts: a leak until someone notices, a burst until the main is shut, a sensor fault for hours. */
const FAULT_DURATION: Readonly<Partial<Record<FaultKind, number>>> = {
  leak: 2 * DAY,
  burst: 20 * MINUTE,
  stuck: 6 * HOUR,
  dropout: 2 * HOUR,
};
const WARM_UP_DAYS = 3;
const AFTER_DAYS = 1;

function simulator(seed: number, fault?: { kind: FaultKind; start: number; end: number }): TankSimulator {
  const settings = nodeSettingsFromForm({}, fallbackTank(), START, seed, -new Date(START).getTimezoneOffset());
  if (!settings.ok) throw new Error(`simulator defaults rejected: ${JSON.stringify(settings.problem)}`);
  return new TankSimulator({ ...settings.value.config, seed, faults: fault ? [fault] : [] });
}

function messages(sim: TankSimulator, days: number): ScenarioMessage[] {
  const out: ScenarioMessage[] = [];
  for (const reading of sim.generate(days * 24, MINUTE)) {
    for (const msg of [levelMessage(reading, 'tank'), flowMessage(reading, 'tank', 'L/min')]) if (msg) out.push(msg);
  }
  return out;
}

export function simulatorScenarios(seeds = 8, faultFreeWeeks = 4): ScenarioSource {
  return () => {
    const scenarios: Scenario[] = [];
    for (const [kind, duration] of Object.entries(FAULT_DURATION) as Array<[FaultKind, number]>) {
      for (let seed = 1; seed <= seeds; seed++) {
        const start = START + WARM_UP_DAYS * DAY + Math.floor(new Random(`${kind}-${seed}`).next() * DAY / MINUTE) * MINUTE;
        const sim = simulator(seed, { kind, start, end: start + duration });
        scenarios.push({ name: `${kind} #${seed}`, fault: kind, messages: messages(sim, WARM_UP_DAYS + Math.ceil(duration / DAY) + AFTER_DAYS) });
      }
    }
    for (let week = 1; week <= faultFreeWeeks; week++) {
      scenarios.push({ name: `fault-free week #${week}`, messages: messages(simulator(1000 + week), 7) });
    }
    return scenarios;
  };
}
