/**
 * Simulator readings as messages of the shared contract: `payload` a number,
 * `topic`, `timestamp` (simulated), `unit`, and beside them `truth` (the
 * active faults) and `actual` (what a perfect instrument would report).
 */

import { copyFault, type Fault } from './faults';
import type { FlowOutput } from './config';
import type { SimulatorEvent, SimulatorReading } from './simulator';

/** The true state of the tank at the reading, whatever the sensors say. */
export interface ActualState {
  /** The level a perfect sensor reads, in the level unit. */
  level: number;
  /** Litres in the tank. */
  volume: number;
  /** Fill percentage by volume. */
  percent: number;
  /** L/min through the flow meter, averaged over the step. */
  flow: number;
  /** L/min delivered by the pump, averaged over the step. */
  inflow: number;
  pump: boolean;
  fixtures: string[];
  events: SimulatorEvent[];
}

export interface ReadingMessage {
  topic: string;
  payload: number;
  unit: string;
  timestamp: number;
  truth: Fault[];
  actual: ActualState;
}

const copyEvent = (event: SimulatorEvent): SimulatorEvent => ({ ...event });

function actualState(reading: SimulatorReading): ActualState {
  return {
    level: reading.trueLevel,
    volume: reading.volume,
    percent: reading.percent,
    flow: reading.trueFlow,
    inflow: reading.inflowLitres / (reading.stepMs / 60_000),
    pump: reading.pumpOn,
    fixtures: reading.fixtures.slice(),
    events: reading.events.map(copyEvent),
  };
}

function message(reading: SimulatorReading, topic: string, payload: number, unit: string): ReadingMessage {
  return { topic, payload, unit, timestamp: reading.time, truth: reading.truth.map(copyFault), actual: actualState(reading) };
}

/** The level sensor's message, or undefined while it is silenced. */
export function levelMessage(reading: SimulatorReading, topic: string): ReadingMessage | undefined {
  return reading.level === undefined ? undefined : message(reading, `${topic}/level`, reading.level, reading.levelUnit);
}

/** The flow meter's message in L/min or pulses, or undefined while it is silenced. */
export function flowMessage(reading: SimulatorReading, topic: string, output: FlowOutput): ReadingMessage | undefined {
  const payload = output === 'pulses' ? reading.pulses : reading.flow;
  return payload === undefined ? undefined : message(reading, `${topic}/flow`, payload, output);
}
