/**
 * `water-simulator` node: a simulated tank and household that emits level
 * readings on output 1 and flow readings on output 2, on a timer that can run
 * simulated time faster than real time, with faults injected by message.
 */

import type { NodeStatus } from 'node-red';
import type { Node, NodeAPI, NodeDef, NodeMessage, Send, WaterMessage } from './lib/adapter/runtime';
import { handleClose, handleInput, refuseAll, status } from './lib/adapter/runtime';
import { Messages } from './lib/adapter/messages';
import { ContextSlot } from './lib/adapter/persist';
import { SaveThrottle } from './lib/adapter/save-throttle';
import { LatestStatus, StatusThrottle } from './lib/adapter/status-throttle';
import { resolveTank } from './lib/adapter/tank-ref';
import { commandOf, describeTopic, describeValue, fail, parseNumber, type Parsed, type Problem } from './lib/input';
import { fallbackTank, nodeSettingsFromForm, type NodeSettings } from './lib/simulator/config';
import { FAULT_KINDS, isFaultKind, parseFaultSpec } from './lib/simulator/faults';
import { flowMessage, levelMessage } from './lib/simulator/output';
import { TankSimulator, type SimulatorReading } from './lib/simulator/simulator';

const COMMANDS = ['start', 'stop', 'reset', 'tick', 'fault', 'clear', 'generate'] as const;
type Command = (typeof COMMANDS)[number];
/** A generate burst is sent at once: bounded so that one message cannot stall the runtime. */
const MAX_GENERATED_READINGS = 100_000;
const HOUR_MS = 3_600_000;

function format(value: number | undefined): string {
  return value === undefined ? '–' : String(Number(value.toFixed(1)));
}

/** The message of one output for a reading, or undefined while its sensor is silenced. */
type Build = (reading: SimulatorReading, settings: NodeSettings) => object | undefined;
// Made once here, not for every tick.
const levelOutput: Build = (reading, settings) => levelMessage(reading, settings.topic);
const flowOutput: Build = (reading, settings) => flowMessage(reading, settings.topic, settings.flowOutput);

/**
 * The messages of one output for some readings: one message, an array of
 * them for a burst, or null for an output with nothing to say. A single
 * reading (every tick) builds no array.
 */
function perOutput(readings: readonly SimulatorReading[], build: Build, settings: NodeSettings): NodeMessage | NodeMessage[] | null {
  if (readings.length === 1) return (build(readings[0], settings) as NodeMessage | undefined) ?? null;
  const present: NodeMessage[] = [];
  for (const reading of readings) {
    const message = build(reading, settings);
    if (message !== undefined) present.push(message as NodeMessage);
  }
  if (present.length === 0) return null;
  return present.length === 1 ? present[0] : present;
}

/** A running simulation: the model, its timer and the node it reports through. */
class Session {
  private sim: TankSimulator;
  private timer: NodeJS.Timeout | undefined;
  /** A reading's status shows at most once a second; the answer to a command at once. */
  private readonly shown: StatusThrottle;
  private readonly readingStatus: LatestStatus<SimulatorReading | undefined>;
  /**
   * The context store holds a number by value: saving it for every reading
   * would cost more than the reading. Saved within a second, and at once when
   * the simulation stops or starts over.
   */
  private readonly clockSaves: SaveThrottle;

  constructor(
    private readonly node: Node,
    private readonly messages: Messages,
    private settings: NodeSettings,
    /** Reads the form again, so a reset without a configured start time starts from now. */
    private readonly reconfigure: () => Parsed<NodeSettings>,
    /** Where the simulated time has got to, kept in node context. */
    private readonly clock: ContextSlot<number>,
  ) {
    this.sim = new TankSimulator(settings.config);
    this.shown = new StatusThrottle(node);
    this.readingStatus = new LatestStatus(this.shown, (reading) => this.statusOf(reading));
    this.clockSaves = new SaveThrottle(() => this.clock.save(this.sim.time));
  }

  /** Simulated ms per reading. */
  private get stepMs(): number {
    return this.settings.intervalMs * this.settings.speed;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts the timer if the node is set to start on deploy, and shows where it stands. */
  begin(): void {
    if (this.settings.autostart) this.start();
    else this.showStatus();
  }

  start(): void {
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.emit([this.sim.step(this.stepMs)], (m) => this.node.send(m)), this.settings.intervalMs);
    }
    this.showStatus();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.clockSaves.close();
  }

  close(): void {
    this.stop();
    this.shown.close();
  }

  input(msg: WaterMessage, send: Send): Problem | undefined {
    const command = commandOf(msg);
    // A command's answer, its status or its error, replaces a reading's status still waiting to show.
    if (command !== 'tick') this.shown.close();
    if (command === undefined || !(COMMANDS as readonly string[]).includes(command)) {
      return {
        key: 'common.errors.unknown-command',
        params: { topic: describeTopic(msg.topic), value: describeValue(msg.command), expected: COMMANDS.join(', ') },
      };
    }
    switch (command as Command) {
      case 'start':
        this.start();
        return undefined;
      case 'stop':
        this.stop();
        break;
      case 'reset': {
        // Without a start time the simulation starts over from where its time has got to, if that is later than now.
        this.clockSaves.close();
        const parsed = this.reconfigure();
        if (!parsed.ok) return parsed.problem;
        this.settings = parsed.value;
        this.sim = new TankSimulator(this.settings.config);
        break;
      }
      case 'tick':
        this.emit([this.sim.step(this.stepMs)], send);
        return undefined;
      case 'fault': {
        const parsed = parseFaultSpec(msg.fault, this.sim.time);
        if (!parsed.ok) return parsed.problem;
        this.sim.injectFault(parsed.value);
        break;
      }
      case 'clear': {
        const kind = typeof msg.fault === 'object' && msg.fault !== null ? (msg.fault as { kind?: unknown }).kind : msg.fault;
        if (kind !== undefined && kind !== 'all' && !isFaultKind(kind)) {
          return { key: 'errors.bad-fault-kind', params: { value: describeValue(kind), expected: ['all', ...FAULT_KINDS].join(', ') } };
        }
        this.sim.clearFaults(isFaultKind(kind) ? kind : undefined);
        break;
      }
      case 'generate':
        return this.generate(msg, send);
    }
    this.showStatus();
    return undefined;
  }

  private generate(msg: WaterMessage, send: Send): Problem | undefined {
    const hours = parseNumber(msg.hours);
    const count = hours === undefined ? NaN : Math.round((hours * HOUR_MS) / this.stepMs);
    if (!(count >= 1 && count <= MAX_GENERATED_READINGS)) {
      const max = (MAX_GENERATED_READINGS * this.stepMs) / HOUR_MS;
      return { key: 'errors.bad-hours', params: { value: describeValue(msg.hours), step: format(this.stepMs / 60_000), max: format(max) } };
    }
    this.emit(this.sim.generate(hours as number, this.stepMs), send);
    return undefined;
  }

  private emit(readings: SimulatorReading[], send: Send): void {
    const levels = perOutput(readings, levelOutput, this.settings);
    const flows = perOutput(readings, flowOutput, this.settings);
    if (levels !== null || flows !== null) send([levels, flows]);
    this.clockSaves.request();
    this.readingStatus.show(readings[readings.length - 1]);
  }

  /** Shows where the simulation stands, without a reading. */
  showStatus(): void {
    this.node.status(this.statusOf(undefined));
  }

  /** Level and flow as the sensors last read them ('–' while silent), and how many faults are active. */
  private statusOf(reading: SimulatorReading | undefined): NodeStatus {
    const text = this.messages.text('status.reading', {
      level: format(reading?.level),
      unit: this.settings.config.level?.unit ?? '%',
      flow: format(reading?.flow),
    });
    const faults = this.sim.activeFaults().length;
    if (!this.running) return status.waiting(this.messages.text('status.stopped', { reading: text }));
    if (faults > 0) return status.warning(this.messages.text('status.faults', { reading: text, count: faults }));
    return status.active(text);
  }
}

export = function register(RED: NodeAPI): void {
  const messages = new Messages(RED, 'water-simulator');

  function WaterSimulator(this: Node, def: NodeDef & Record<string, unknown>): void {
    RED.nodes.createNode(this, def);
    // Without a configured seed each deploy simulates a different household.
    const seed = Math.floor(Math.random() * 2 ** 32);
    const ref = resolveTank(RED, def.tank);
    const tank = ref.tank ?? fallbackTank();
    const clock = new ContextSlot<number>(this, 'clock');
    const configure = (): Parsed<NodeSettings> => {
      // Without a configured start time the simulation starts now, or where its time had got to if that is later
      // (it runs faster than the clock): nodes downstream keep state per topic and refuse readings older than the last.
      const saved = clock.load();
      const now = Math.max(Date.now(), typeof saved === 'number' && Number.isFinite(saved) ? saved : -Infinity);
      return nodeSettingsFromForm(def, tank, now, seed, -new Date(now).getTimezoneOffset());
    };
    const parsed: Parsed<NodeSettings> =
      ref.problem === undefined ? configure() : fail('common.errors.bad-tank', { reason: ref.problem });
    if (!parsed.ok) {
      refuseAll(this, messages, parsed.problem);
      return;
    }
    const session = new Session(this, messages, parsed.value, configure, clock);
    handleInput(this, messages, (msg, send) => session.input(msg, send));
    handleClose(this, () => session.close());
    session.begin();
  }

  RED.nodes.registerType('water-simulator', WaterSimulator);
};
