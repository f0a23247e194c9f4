/**
 * The anomaly detector for one topic: its channels, the learning period, an
 * alarm per channel and kind, and the silence watch. `process` takes one
 * reading and returns the score, the condition and the events it caused;
 * `checkSilence` is called by a timer (or an evaluation) between readings.
 *
 * All state is plain data (`TopicState`), updated in place, so it can be kept
 * in node context as it is and restored after a restart.
 */

import { emptyAlarm, isIdle, setAlarm, updateAlarm, type AlarmState, type AlarmTransition } from './alarm';
import { ChannelModel, emptyChannel, type ChannelAssessment, type ChannelState, type KindScores } from './channel';
import type { AnomalyConfig, AnomalyKind } from './config';
import { SilenceWatch, emptySilence, type SilenceState } from './sensor-health';

/** The name of the one channel of a plain numeric payload. */
export const VALUE_CHANNEL = 'value';

/** A topic may carry at most this many channels, so one odd payload cannot grow state without bound. */
export const MAX_CHANNELS = 32;

export type Dict<T> = Record<string, T>;

/**
 * An object without a prototype, so no channel name ("__proto__",
 * "constructor") can reach Object.prototype. Made from an empty literal
 * rather than by Object.create(null), which V8 makes a hash table (three
 * times the size, and each reading's details are one).
 */
export function dict<T>(from?: Record<string, T>): Dict<T> {
  const d = Object.setPrototypeOf({}, null) as Dict<T>;
  if (from) for (const key of Object.keys(from)) d[key] = from[key];
  return d;
}

/**
 * The details of a plain reading: a prototype-less object of the one name
 * `value`, made from a literal of that name (32 bytes, where dict() given the
 * name takes 56 for its room for four). Details travel with the message,
 * and the collector copies every byte of them with it.
 */
function valueDetails(detail: ChannelDetail): Dict<ChannelDetail> {
  // The name written out: a computed one would make the object as large as dict()'s.
  const details: Record<typeof VALUE_CHANNEL, ChannelDetail> = { value: detail };
  return Object.setPrototypeOf(details, null) as Dict<ChannelDetail>;
}

export interface TopicState {
  readings: number;
  /** Timestamp of the last reading, so one going backwards can be refused. */
  lastTime?: number;
  channels: Dict<ChannelState>;
  /** Per channel, per kind; alarms with nothing to remember are dropped. */
  alarms: Dict<Dict<AlarmState>>;
  silence: SilenceState;
  silenceAlarm: AlarmState;
}

export function emptyTopic(): TopicState {
  return { readings: 0, channels: dict(), alarms: dict(), silence: emptySilence(), silenceAlarm: emptyAlarm() };
}

export interface ChannelReading {
  name: string;
  value: number;
  /** Canonical unit, if known. */
  unit?: string;
}

export interface Reading {
  /** When it was measured (msg.timestamp), ms. */
  time: number;
  /** When it arrived, by the clock the silence timer uses, ms. */
  arrival: number;
  channels: ChannelReading[];
}

export type Severity = 'warning' | 'critical';

export interface AnomalyEvent {
  kind: AnomalyKind;
  state: 'start' | 'end';
  channel: string;
  severity: Severity;
  /** When the anomaly started, ms. */
  since: number;
  /** When this event happened, ms. */
  time: number;
  value: number | undefined;
  score: number;
  /** What the detector expected instead (a baseline, or the limit a rule broke), where it has one. */
  expected?: number;
  /** Detector facts for the text: readings unchanged, minutes, litres. */
  facts: Dict<number>;
}

export interface ChannelDetail {
  value: number;
  score: number;
  scores: KindScores;
  /** Kinds whose condition is on. */
  kinds: AnomalyKind[];
  baseline: ChannelAssessment['baseline'];
  rules?: ChannelAssessment['rules'];
}

export interface AnomalyOutcome {
  score: number;
  anomalous: boolean;
  kinds: AnomalyKind[];
  learning: boolean;
  details: Dict<ChannelDetail>;
  events: AnomalyEvent[];
}

/**
 * A channel's detectors and alarms, with the kinds it holds an alarm for (the
 * keys of `alarms`, in their order), so that a reading looks up only those.
 */
interface ChannelWatch {
  name: string;
  model: ChannelModel;
  alarms: Dict<AlarmState>;
  held: AnomalyKind[];
}

/** Kinds that mean damage now, whatever their score. */
const CRITICAL_KINDS: ReadonlySet<AnomalyKind> = new Set(['burst']);
/** A score three times the limit is critical. */
const CRITICAL_SCORE = 0.9;

function severityOf(kind: AnomalyKind, score: number): Severity {
  return CRITICAL_KINDS.has(kind) || score >= CRITICAL_SCORE ? 'critical' : 'warning';
}

/** What a detector expected instead of the reading, for the event text. */
function expectedFor(kind: AnomalyKind, a: ChannelAssessment, config: AnomalyConfig): number | undefined {
  switch (kind) {
    case 'deviation':
    case 'level-shift':
      return a.baseline.mean;
    case 'outlier':
      return a.baseline.median;
    case 'daily-pattern':
      return a.baseline.daily;
    case 'spike':
      return a.previous;
    case 'night-flow':
      return a.rules?.nightLimit;
    case 'burst':
      return config.rules.burstFlow;
    default:
      return undefined;
  }
}

function factsFor(a: ChannelAssessment): Dict<number> {
  const facts = dict<number>({ readings: a.unchangedReadings + 1 });
  const rules = a.rules ?? {};
  for (const key of Object.keys(rules) as Array<keyof typeof rules>) {
    const v = rules[key];
    if (v !== undefined) facts[key] = v;
  }
  return facts;
}

export class TopicModel {
  private readonly channels = new Map<string, ChannelWatch>();
  private readonly silence: SilenceWatch;
  /** How many channels the state holds: counted once, then kept, rather than counted for every reading. */
  private channelCount: number;

  constructor(
    private readonly config: AnomalyConfig,
    readonly state: TopicState,
  ) {
    this.silence = new SilenceWatch(config.silence, state.silence);
    this.channelCount = Object.keys(state.channels).length;
  }

  get learning(): boolean {
    return this.state.readings < this.config.learningReadings;
  }

  private channel(name: string): ChannelWatch {
    let watch = this.channels.get(name);
    if (!watch) {
      if (!(name in this.state.channels)) this.channelCount++;
      const model = new ChannelModel(this.config, (this.state.channels[name] ??= emptyChannel()));
      const alarms = (this.state.alarms[name] ??= dict());
      watch = { name, model, alarms, held: Object.keys(alarms) as AnomalyKind[] };
      this.channels.set(name, watch);
    }
    return watch;
  }

  /** Whether a reading with these channels fits the per-topic bound. */
  acceptsChannels(names: readonly string[]): boolean {
    let unknown = 0;
    for (const name of names) if (!(name in this.state.channels)) unknown++;
    return this.channelCount + unknown <= MAX_CHANNELS;
  }

  /** acceptsChannels for a reading's channels; their names are listed only when the count alone could break the bound. */
  acceptsReading(channels: readonly ChannelReading[]): boolean {
    return this.channelCount + channels.length <= MAX_CHANNELS || this.acceptsChannels(channels.map((c) => c.name));
  }

  process(reading: Reading): AnomalyOutcome {
    const { state } = this;
    const learning = this.learning;
    const events: AnomalyEvent[] = [];
    /** The kinds on in any channel, in the order they first appear. */
    const active: AnomalyKind[] = [];

    const silenceEnd = setAlarm(state.silenceAlarm, false, 0, reading.time);
    if (silenceEnd) events.push(this.event('silence', VALUE_CHANNEL, silenceEnd, reading.time, reading.channels[0]?.value));
    this.silence.arrived(reading.arrival);

    const { channels } = reading;
    // A plain reading's details are made once its one detail is known, as a literal of that name (see valueDetails).
    let details = channels.length === 1 && channels[0].name === VALUE_CHANNEL ? undefined : dict<ChannelDetail>();
    let score = 0;
    for (let c = 0; c < channels.length; c++) {
      const { name, value, unit } = channels[c];
      const watch = this.channel(name);
      const assessment = watch.model.update(value, unit, reading.time, learning);
      const kinds = this.judge(watch, value, assessment, reading.time, events);
      // By index: V8 does not always optimise away for...of's iterator here, an object for every reading.
      for (let k = 0; k < kinds.length; k++) if (!active.includes(kinds[k])) active.push(kinds[k]);
      score = Math.max(score, assessment.score);
      const detail: ChannelDetail = { value, score: assessment.score, scores: assessment.scores, kinds, baseline: assessment.baseline, rules: assessment.rules };
      if (details === undefined) details = valueDetails(detail);
      else details[name] = detail;
    }
    state.readings++;
    state.lastTime = reading.time;
    return { score, anomalous: active.length > 0, kinds: active, learning, details: details!, events };
  }

  /**
   * Advances a channel's alarm of each kind by its score, adding the events
   * that start or end, and returns the kinds that are on. An alarm that holds
   * nothing is not kept, and one that does not exist stays so for a score
   * below the threshold: only the kinds scoring at the threshold and those
   * the channel holds an alarm for need advancing.
   */
  private judge(watch: ChannelWatch, value: number, assessment: ChannelAssessment, time: number, events: AnomalyEvent[]): AnomalyKind[] {
    const { held } = watch;
    const config = this.config.alarm;
    const on: AnomalyKind[] = [];
    if (held.length === 0 && assessment.score < config.threshold) return on;
    const { kinds, values } = assessment;
    const heldBefore = held.length;
    let heldScored = 0;
    for (let i = 0; i < kinds.length; i++) {
      const holds = heldBefore > 0 && held.includes(kinds[i]);
      if (holds) heldScored++;
      if (holds || values[i] >= config.threshold) this.advance(watch, kinds[i], values[i], time, value, assessment, events, on);
    }
    // A kind no longer scored (turned off, or a channel that stopped reading a flow) scores 0, so its alarm ends.
    if (heldScored < heldBefore) for (const kind of held.filter((k) => !kinds.includes(k))) this.advance(watch, kind, 0, time, value, assessment, events, on);
    return on;
  }

  /**
   * Advances one alarm of a channel by a score (a method rather than a closure
   * in judge, whose scope would be made for every reading that scores).
   */
  private advance(
    watch: ChannelWatch,
    kind: AnomalyKind,
    score: number,
    time: number,
    value: number,
    assessment: ChannelAssessment,
    events: AnomalyEvent[],
    on: AnomalyKind[],
  ): void {
    const { alarms, held } = watch;
    const existing = alarms[kind];
    const alarm = existing ?? emptyAlarm();
    const transition = updateAlarm(alarm, this.config.alarm, score, time);
    if (transition) events.push(this.event(kind, watch.name, transition, time, value, assessment));
    if (alarm.on) on.push(kind);
    if (!isIdle(alarm)) {
      if (existing === undefined) held.push(kind);
      alarms[kind] = alarm;
    } else if (existing !== undefined) {
      delete alarms[kind];
      held.splice(held.indexOf(kind), 1);
    }
  }

  /** When the topic goes silent if nothing arrives, by the arrival clock; undefined while it cannot tell. */
  silenceDeadline(): number | undefined {
    return this.config.enabled.silence && !this.state.silenceAlarm.on ? this.silence.deadline() : undefined;
  }

  /** The timeout the silence watch uses now, ms. */
  silenceTimeout(): number | undefined {
    return this.silence.timeout();
  }

  /** Raises the silence event once no reading has arrived by the deadline. */
  checkSilence(now: number): AnomalyEvent | undefined {
    const deadline = this.silenceDeadline();
    if (deadline === undefined || now < deadline) return undefined;
    const transition = setAlarm(this.state.silenceAlarm, true, 1, deadline);
    return transition && this.event('silence', VALUE_CHANNEL, transition, now, undefined, undefined, dict({ silentMs: now - (this.state.silence.lastArrival ?? now) }));
  }

  /**
   * After a restart the stream gets a full timeout to report again: readings
   * it sent while the node was down were never seen, so that gap is no silence.
   */
  restartSilenceClock(now: number): void {
    const { silence } = this.state;
    if (silence.lastArrival !== undefined) silence.lastArrival = Math.max(silence.lastArrival, now);
  }

  /** An event of a transition; its expectation and facts come from the reading's assessment, when there is one. */
  private event(
    kind: AnomalyKind,
    channel: string,
    transition: AlarmTransition,
    time: number,
    value: number | undefined,
    assessment?: ChannelAssessment,
    facts: Dict<number> = dict(),
  ): AnomalyEvent {
    return {
      kind,
      state: transition.state,
      channel,
      severity: severityOf(kind, transition.score),
      since: transition.since,
      time,
      value,
      score: transition.score,
      expected: assessment ? expectedFor(kind, assessment, this.config) : undefined,
      facts: assessment ? factsFor(assessment) : facts,
    };
  }
}

/**
 * Rebuilds saved state, or undefined when it is not a topic state this
 * version understands (the topic then starts learning afresh).
 */
export function reviveTopic(saved: unknown): TopicState | undefined {
  if (saved === null || typeof saved !== 'object') return undefined;
  const s = saved as Partial<TopicState>;
  if (typeof s.readings !== 'number' || !s.channels || typeof s.channels !== 'object' || !s.alarms || typeof s.alarms !== 'object') return undefined;
  const alarms = dict<Dict<AlarmState>>();
  for (const channel of Object.keys(s.alarms)) alarms[channel] = dict(s.alarms[channel]);
  return {
    readings: s.readings,
    lastTime: typeof s.lastTime === 'number' ? s.lastTime : undefined,
    channels: dict(s.channels),
    alarms,
    silence: s.silence ?? emptySilence(),
    silenceAlarm: s.silenceAlarm ?? emptyAlarm(),
  };
}
