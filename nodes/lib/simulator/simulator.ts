/**
 * The tank simulator: a tank that fills from a refill pump under hysteresis
 * control and empties into a household, read by a level sensor and a flow
 * meter, with faults that start and end. The volume follows mass balance
 * exactly: every litre that enters, leaves, spills over or is wanted from an
 * empty tank is accounted for in each reading.
 */

import type { Tank } from '../tank';
import { activeAt, BURST_DEFAULT_LPM, copyFault, coveredMs, isFaultKind, LEAK_DEFAULT_LPM, SPIKE_DEFAULT_PROBABILITY, type Fault, type FaultKind, type FaultSpec } from './faults';
import { Household, litresInWindow, type IrrigationSchedule } from './household';
import { Random } from './random';
import { dropsOut, FlowMeter, LevelSensor, type LevelSensorConfig } from './sensors';

const HOUR_MS = 3_600_000;

const silencesMeter = (fault: Fault): boolean => dropsOut(fault, 'flow');

/** A refill pump or mains valve: starts below the low mark, stops at or above the high mark (percent of capacity by volume). */
export interface PumpConfig {
  /** L/min delivered while running. */
  rate: number;
  lowPercent: number;
  highPercent: number;
}

export interface SimulatorConfig {
  tank: Tank;
  seed: number | string;
  /** Simulated epoch ms at which the simulation starts. */
  startTime: number;
  /** Offset of the household's local time from UTC (default 0). */
  utcOffsetMinutes?: number;
  /** Fill at the start, percent by volume (default 60). */
  initialPercent?: number;
  /** Household size (default 3). */
  people?: number;
  irrigation?: IrrigationSchedule;
  /** The refill pump; false for none (default: 20 L/min between 30 % and 90 %). */
  pump?: Partial<PumpConfig> | false;
  /** Level sensor (default: `%`, no noise, no rounding). */
  level?: Partial<LevelSensorConfig>;
  /** Flow meter pulses per litre (default 450). */
  kFactor?: number;
  /** Faults scheduled from the start. */
  faults?: FaultSpec[];
  /** Integration step in simulated ms (default 1000): the pump is switched and the volume clamped this often. */
  tickMs?: number;
}

export const DEFAULT_PUMP: PumpConfig = { rate: 20, lowPercent: 30, highPercent: 90 };
export const DEFAULT_LEVEL_SENSOR: LevelSensorConfig = { unit: '%', noise: 0, resolution: 0 };
export const DEFAULT_K_FACTOR = 450;
export const DEFAULT_PEOPLE = 3;
export const DEFAULT_INITIAL_PERCENT = 60;
const DEFAULT_TICK_MS = 1000;

export type SimulatorEventType = 'pump-on' | 'pump-off' | 'dry' | 'overflow';

/** Something that happened inside a step: the pump switching, the tank running dry or starting to spill over. */
export interface SimulatorEvent {
  type: SimulatorEventType;
  time: number;
}

export interface SimulatorReading {
  /** Simulated epoch ms at the end of the step. */
  time: number;
  stepMs: number;
  /** The level sensor's reading in `levelUnit`; undefined while a dropout silences it. */
  level?: number;
  levelUnit: string;
  /** What a perfect level sensor would read, in `levelUnit`. */
  trueLevel: number;
  /** Litres in the tank. */
  volume: number;
  /** Fill percentage by volume. */
  percent: number;
  /** The flow meter's reading, L/min averaged over the step; undefined while silenced. */
  flow?: number;
  /** Meter pulses in the step (K-factor); undefined while silenced. */
  pulses?: number;
  /** The flow through the meter, L/min averaged over the step, whatever the meter reports. */
  trueFlow: number;
  /** Litres the pump delivered in the step. */
  inflowLitres: number;
  /** Litres that left the tank to the household and leaks in the step. */
  outflowLitres: number;
  /** The part of `outflowLitres` that passed the flow meter. */
  meteredLitres: number;
  /** Litres spilled over the top of a full tank. */
  overflowLitres: number;
  /** Litres wanted from an empty tank and not delivered. */
  unmetLitres: number;
  pumpOn: boolean;
  /** Household fixtures running at `time`. */
  fixtures: string[];
  events: SimulatorEvent[];
  /** The faults active at `time`, with their parameters: ground truth for scoring detectors. */
  truth: Fault[];
}

/**
 * What flows in one tick, kept for the ticks after it: a tick of the same
 * length that ends by `until` sees every household draw, leak and burst
 * running throughout it or not at all, and no pump failure, so the same
 * arithmetic on the same numbers gives the same litres to the last bit.
 */
interface TickFlows {
  /** The tick's length, ms. */
  length: number;
  until: number;
  /** Litres the pump delivers in the tick if it runs. */
  pumped: number;
  metered: number;
  unmetered: number;
}

interface StepTotals {
  inflow: number;
  metered: number;
  unmetered: number;
  overflow: number;
  unmet: number;
  events: SimulatorEvent[];
}

export class TankSimulator {
  readonly tank: Tank;
  readonly startTime: number;
  // Numbers from the start (the constructor sets them): a field that first
  // holds undefined makes V8 allocate a new number for every store to it.
  private clock = 0;
  private litres = 0;
  private pumpRunning = false;
  private dry = false;
  private spilling = false;
  private faultList: Fault[] = [];
  /** The flows of the last tick worked out (see TickFlows); `until` -Infinity when they must be worked out afresh. */
  private readonly flows: TickFlows = { length: 0, until: -Infinity, pumped: 0, metered: 0, unmetered: 0 };
  private readonly pump: PumpConfig | undefined;
  private readonly tickMs: number;
  private readonly household: Household;
  private readonly levelSensor: LevelSensor;
  private readonly meter: FlowMeter;
  private readonly levelUnit: string;

  constructor(config: SimulatorConfig) {
    this.tank = config.tank;
    this.startTime = config.startTime;
    this.clock = config.startTime;
    this.tickMs = config.tickMs ?? DEFAULT_TICK_MS;
    if (!(this.tickMs > 0)) throw new RangeError(`tickMs must be positive, got ${this.tickMs}`);
    this.pump = config.pump === false ? undefined : { ...DEFAULT_PUMP, ...config.pump };
    if (this.pump && !(this.pump.lowPercent < this.pump.highPercent)) {
      throw new RangeError(`the pump's low mark ${this.pump.lowPercent} % must be below its high mark ${this.pump.highPercent} %`);
    }
    this.litres = ((config.initialPercent ?? DEFAULT_INITIAL_PERCENT) / 100) * this.tank.capacity;
    const household = { people: config.people ?? DEFAULT_PEOPLE, irrigation: config.irrigation, utcOffsetMinutes: config.utcOffsetMinutes ?? 0 };
    this.household = new Household(household, config.seed, config.startTime);
    const level = { ...DEFAULT_LEVEL_SENSOR, ...config.level };
    this.levelUnit = level.unit;
    this.levelSensor = new LevelSensor(this.tank, level, Random.stream(config.seed, 'level-sensor'));
    this.meter = new FlowMeter(config.kFactor ?? DEFAULT_K_FACTOR);
    for (const fault of config.faults ?? []) this.injectFault(fault);
  }

  /** The simulated time, epoch ms. */
  get time(): number {
    return this.clock;
  }

  /** Litres in the tank now. */
  get volume(): number {
    return this.litres;
  }

  get pumpOn(): boolean {
    return this.pumpRunning;
  }

  /** The faults active now or scheduled to start later, as copies. */
  get faults(): Fault[] {
    return this.faultList.map(copyFault);
  }

  /** The faults active at `time` (default now), as copies. */
  activeFaults(time = this.clock): Fault[] {
    return activeAt(this.faultList, time).map(copyFault);
  }

  /**
   * Adds a fault, starting now unless it says otherwise, with its defaults
   * filled in (they then show in the truth). Returns the fault as stored.
   * Throws a RangeError for a fault that cannot be: check user input with
   * `parseFaultSpec` first.
   */
  injectFault(spec: FaultSpec): Fault {
    if (!isFaultKind(spec.kind)) throw new RangeError(`unknown fault kind "${String(spec.kind)}"`);
    const fault = this.withDefaults({ ...spec, start: spec.start ?? this.clock });
    if (!Number.isFinite(fault.start) || (fault.end !== undefined && !(fault.end > fault.start))) {
      throw new RangeError(`a ${fault.kind} fault must end after it starts (${fault.start} .. ${String(fault.end)})`);
    }
    this.faultList.push(fault);
    this.flows.until = -Infinity;
    return { ...fault };
  }

  /** Removes every fault of a kind (or all), active or scheduled. Returns how many were removed. */
  clearFaults(kind?: FaultKind): number {
    const before = this.faultList.length;
    this.faultList = this.faultList.filter((f) => kind !== undefined && f.kind !== kind);
    this.flows.until = -Infinity;
    return before - this.faultList.length;
  }

  /** Advances simulated time by `stepMs` and returns the readings at its end. */
  step(stepMs: number): SimulatorReading {
    if (!(stepMs > 0) || !Number.isFinite(stepMs)) throw new RangeError(`step must be a positive number of ms, got ${stepMs}`);
    const from = this.clock;
    const to = from + stepMs;
    const totals: StepTotals = { inflow: 0, metered: 0, unmetered: 0, overflow: 0, unmet: 0, events: [] };
    // A tick that moved no water and switched nothing is followed by ticks that change nothing, while the flows stay the same.
    let still = false;
    for (let t = from; t < to; ) {
      const next = Math.min(t + this.tickMs, to);
      if (still && this.flowsHold(t, next)) {
        t = this.skipTicks(t, next, to);
      } else {
        still = this.integrate(t, next, totals);
        t = next;
      }
    }
    this.clock = to;
    return this.read(from, to, totals);
  }

  /** Runs `hours` of simulated time in steps of `stepMs`, returning every reading. */
  generate(hours: number, stepMs: number): SimulatorReading[] {
    const count = Math.round((hours * HOUR_MS) / stepMs);
    const readings: SimulatorReading[] = [];
    for (let i = 0; i < count; i++) readings.push(this.step(stepMs));
    return readings;
  }

  private withDefaults(fault: Fault): Fault {
    switch (fault.kind) {
      case 'leak':
        return { rate: LEAK_DEFAULT_LPM, metered: true, ...fault };
      case 'burst':
        return { rate: BURST_DEFAULT_LPM, metered: true, ...fault };
      case 'drift':
        return { rate: this.levelSensor.defaultDrift, ...fault };
      case 'spike':
        return { magnitude: this.levelSensor.defaultSpike, probability: SPIKE_DEFAULT_PROBABILITY, ...fault };
      case 'dropout':
        return { sensors: 'level', ...fault };
      default:
        return fault;
    }
  }

  /** Switches the pump across its marks; returns whether it switched. */
  private switchPump(time: number, events: SimulatorEvent[]): boolean {
    if (!this.pump) return false;
    const percent = (this.litres / this.tank.capacity) * 100;
    if (!this.pumpRunning && percent < this.pump.lowPercent) {
      this.pumpRunning = true;
      events.push({ type: 'pump-on', time });
      return true;
    }
    if (this.pumpRunning && percent >= this.pump.highPercent) {
      this.pumpRunning = false;
      events.push({ type: 'pump-off', time });
      return true;
    }
    return false;
  }

  /**
   * Mass balance over [from, to): the flows are constant or exactly integrated
   * over the tick, the volume clamped once. Returns whether the tick moved no
   * water and switched nothing.
   */
  private integrate(from: number, to: number, totals: StepTotals): boolean {
    const switched = this.switchPump(from, totals.events);
    const { pumped, metered, unmetered } = this.flowsOver(from, to);
    const inflow = this.pumpRunning ? pumped : 0;
    const wanted = metered + unmetered;
    let litres = this.litres + inflow - wanted;
    let overflow = 0;
    let unmet = 0;
    if (litres > this.tank.capacity) {
      overflow = litres - this.tank.capacity;
      litres = this.tank.capacity;
    } else if (litres < 0) {
      unmet = -litres;
      litres = 0;
    }
    this.noteEdge('overflow', overflow > 0, to, totals.events);
    this.noteEdge('dry', unmet > 0, to, totals.events);
    // An empty tank delivers what flows in; every outlet gets the same share of it.
    const served = wanted > 0 ? (wanted - unmet) / wanted : 1;
    totals.inflow += inflow;
    totals.metered += metered * served;
    totals.unmetered += unmetered * served;
    totals.overflow += overflow;
    totals.unmet += unmet;
    this.litres = litres;
    return !switched && inflow === 0 && wanted === 0;
  }

  /**
   * Skips the tick [t, next) of a step that ends at `to`, and the ticks after
   * it that have the same flows, and returns where the first other tick
   * starts. In whole milliseconds the ticks end at t + k * tickMs exactly, as
   * adding them up one by one gives, so the last of them is found at once.
   */
  private skipTicks(t: number, next: number, to: number): number {
    const { tickMs } = this;
    const end = Math.min(this.flows.until, to);
    if (next === to || !Number.isSafeInteger(t) || !Number.isSafeInteger(tickMs) || !(end <= Number.MAX_SAFE_INTEGER)) return next;
    // The division may round either way; the comparisons are exact.
    let ticks = Math.floor((end - t) / tickMs);
    while (t + ticks * tickMs > end) ticks--;
    while (t + (ticks + 1) * tickMs <= end) ticks++;
    return t + ticks * tickMs;
  }

  /** Whether the tick [from, to) has the flows last worked out. */
  private flowsHold(from: number, to: number): boolean {
    return to - from === this.flows.length && to <= this.flows.until;
  }

  /**
   * The litres of the tick [from, to), worked out afresh only for a tick in
   * which something starts or stops (see TickFlows): a step of a minute is
   * sixty ticks, nearly all of them like the one before.
   */
  private flowsOver(from: number, to: number): TickFlows {
    const flows = this.flows;
    if (this.flowsHold(from, to)) return flows;
    let metered = this.household.litresBetween(from, to);
    let unmetered = 0;
    let until = this.household.steadyUntil;
    const pumpFailures: Fault[] = [];
    for (const fault of this.faultList) {
      if (fault.kind !== 'leak' && fault.kind !== 'burst' && fault.kind !== 'pump-failure') continue;
      if (fault.start > from) until = Math.min(until, fault.start);
      if (fault.end !== undefined && fault.end > from) until = Math.min(until, fault.end);
      if (fault.kind === 'pump-failure') {
        pumpFailures.push(fault);
        continue;
      }
      const litres = litresInWindow(fault.rate ?? 0, fault.start, fault.end ?? Infinity, from, to);
      if (fault.metered === false) unmetered += litres;
      else metered += litres;
    }
    const failedMs = pumpFailures.length > 0 ? coveredMs(pumpFailures, from, to) : 0;
    // A failure over part of the tick (or all of it, in fractional ms) gives litres that depend on where the tick lies.
    if (failedMs > 0) until = to;
    flows.length = to - from;
    flows.until = until;
    flows.pumped = this.pump ? litresInWindow(this.pump.rate, from, to - failedMs, from, to) : 0;
    flows.metered = metered;
    flows.unmetered = unmetered;
    return flows;
  }

  /** Reports running dry or spilling once when it begins, not on every tick it lasts. */
  private noteEdge(type: 'dry' | 'overflow', happening: boolean, time: number, events: SimulatorEvent[]): void {
    const was = type === 'dry' ? this.dry : this.spilling;
    if (happening && !was) events.push({ type, time });
    if (type === 'dry') this.dry = happening;
    else this.spilling = happening;
  }

  private read(from: number, to: number, totals: StepTotals): SimulatorReading {
    const trueLevel = this.levelSensor.exact(this.tank.levelAt(this.litres));
    const active = activeAt(this.faultList, to);
    const meter = this.meter.read(totals.metered, to - from, active.some(silencesMeter));
    const reading: SimulatorReading = {
      time: to,
      stepMs: to - from,
      level: this.levelSensor.read(trueLevel, to, active),
      levelUnit: this.levelUnit,
      trueLevel,
      volume: this.litres,
      percent: (this.litres / this.tank.capacity) * 100,
      flow: meter.flow,
      pulses: meter.pulses,
      trueFlow: totals.metered / ((to - from) / 60_000),
      inflowLitres: totals.inflow,
      outflowLitres: totals.metered + totals.unmetered,
      meteredLitres: totals.metered,
      overflowLitres: totals.overflow,
      unmetLitres: totals.unmet,
      pumpOn: this.pumpRunning,
      fixtures: this.household.runningFixtures(to),
      events: totals.events,
      truth: active.map(copyFault),
    };
    // Faults that have ended can never be active again.
    if (this.faultList.length > 0) this.faultList = this.faultList.filter((f) => f.end === undefined || f.end > to);
    return reading;
  }
}
