/**
 * The alert state machine, driven by the clock it is given. Each alert (one
 * condition on one topic) moves inactive -> active -> acknowledged -> cleared,
 * escalates warning -> critical -> action while active and unacknowledged,
 * and notifies within the rate limit and quiet hours.
 *
 * Nothing here keeps a timer: every step takes `now`, catches each touched
 * alert up with everything due until then (in time order, stamped with the
 * time it was due, not the time it was noticed), and `nextDue()` says when
 * the next thing happens, so the node arms one timer for the earliest. Alert
 * records are plain JSON kept in the store the node persists; after a restart
 * they continue from their saved times: an escalation due while the runtime
 * was down happens once at start, a notification already sent is not sent
 * again.
 */

import { fail, ok, type Parsed, describeValue } from '../input';
import {
  matchesTopic,
  maxSeverity,
  severityRank,
  thresholdHolds,
  type AnomalyEvent,
  type FlaggedReading,
  type PredictionTimes,
} from './conditions';
import { quietHoursEnd } from './quiet-hours';
import type {
  AlertRecord,
  AlertSettings,
  Condition,
  HeldNotification,
  HistoryEntry,
  Mode,
  NodeAlertState,
  NotificationEvent,
  Outcome,
  Severity,
  Stage,
  TopicAlerts,
} from './types';

/** Where the engine keeps alerts: a bounded per-topic store (see TopicStore), persisted by the node. */
export interface AlertStore {
  get(topic: string): TopicAlerts | undefined;
  peek(topic: string): TopicAlerts | undefined;
  getOrCreate(topic: string, create: () => TopicAlerts): TopicAlerts;
  delete(topic: string): void;
  [Symbol.iterator](): Iterator<[string, TopicAlerts]>;
}

export type AlertInput =
  | { type: 'reading'; value: number | undefined; unit: string; flags?: FlaggedReading }
  | { type: 'event'; event: AnomalyEvent }
  | { type: 'prediction'; times: PredictionTimes };

/** Which alerts a command applies to. */
export type Target = { id: string } | { topic: string } | 'all';

/** Condition names cannot contain `#`, so the last `#` separates the topic from the condition. */
export function alertId(topic: string, condition: string): string {
  return `${topic}#${condition}`;
}

const HISTORY_LIMIT = 20;
/** More steps than any alert can take at one instant; a bound so a logic error cannot hang the runtime. */
const MAX_STEPS_PER_ADVANCE = 64;

type DueKind = 'raise' | 'clear' | 'stage' | 'release' | 'reminder';

interface Due {
  at: number;
  kind: DueKind;
}

interface Observation {
  holding: boolean;
  value: number | null;
  unit: string;
  severity: Severity;
  kinds: string[];
}

function newOutcome(): Outcome {
  return { notifications: [], actions: [], stateChanged: false };
}

function newRecord(topic: string, condition: string, now: number): AlertRecord {
  return { topic, condition, state: 'inactive', holding: false, changedAt: now, value: null, unit: '', severity: 'warning', kinds: [], stage: 'none', history: [] };
}

/** A copy of an alert as it is at this moment, for a message built from it. */
function snapshot(rec: AlertRecord): AlertRecord {
  return { ...rec, kinds: [...rec.kinds], history: [...rec.history] };
}

/** Object.assign with the patch checked against the record's type. */
function update(rec: AlertRecord, patch: Partial<AlertRecord>): void {
  Object.assign(rec, patch);
}

function remember(rec: AlertRecord, entry: HistoryEntry): void {
  rec.history.push(entry);
  if (rec.history.length > HISTORY_LIMIT) rec.history.splice(0, rec.history.length - HISTORY_LIMIT);
}

export class AlertEngine {
  private readonly conditions = new Map<string, Condition>();
  /** Alerts with something pending, by id: when, and where to find them. */
  private readonly due = new Map<string, { at: number; topic: string; condition: string }>();

  constructor(
    private readonly settings: AlertSettings,
    private readonly store: AlertStore,
    readonly node: NodeAlertState,
  ) {
    for (const condition of settings.conditions) this.conditions.set(condition.name, condition);
    const emptied: string[] = [];
    for (const [topic, alerts] of store) {
      for (const name of Object.keys(alerts)) {
        // Alerts of a condition removed from the configuration have nothing left to watch.
        if (this.conditions.has(name)) this.reschedule(alerts[name]);
        else delete alerts[name];
      }
      if (Object.keys(alerts).length === 0) emptied.push(topic);
    }
    for (const topic of emptied) store.delete(topic);
  }

  /** Feeds one input for a topic to every condition that reads it. */
  input(topic: string, input: AlertInput, now: number): Outcome {
    const out = newOutcome();
    for (const condition of this.settings.conditions) {
      if (!matchesTopic(condition.topic, topic)) continue;
      const rec = this.store.get(topic)?.[condition.name];
      const observation = this.observe(condition, input, rec);
      if (observation !== undefined) this.apply(topic, condition, rec, observation, now, out);
    }
    return out;
  }

  /** Processes everything due until `now`. */
  tick(now: number): Outcome {
    const out = newOutcome();
    for (const [id, entry] of [...this.due]) {
      if (entry.at > now) continue;
      const rec = this.store.peek(entry.topic)?.[entry.condition];
      if (rec === undefined) this.due.delete(id);
      else this.advance(rec, now, out);
    }
    return out;
  }

  /** When the next thing is due, or undefined when nothing is pending. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const [id, { at, topic, condition }] of this.due) {
      // The store evicts topics on its own: without this, a stream of new topics would grow the map without bound.
      if (this.store.peek(topic)?.[condition] === undefined) this.due.delete(id);
      else if (next === undefined || at < next) next = at;
    }
    return next;
  }

  /** Active and acknowledged alerts, oldest first. */
  activeAlerts(): AlertRecord[] {
    const list: AlertRecord[] = [];
    for (const [, alerts] of this.store) {
      for (const rec of Object.values(alerts)) if (rec.state === 'active' || rec.state === 'acknowledged') list.push(rec);
    }
    return list.sort((a, b) => (a.raisedAt ?? 0) - (b.raisedAt ?? 0));
  }

  /** Stops the escalation of active alerts. */
  acknowledge(target: Target, now: number): Parsed<Outcome> {
    return this.command(target, now, (rec, out) => {
      if (rec.state !== 'active') return;
      update(rec, { state: 'acknowledged', acknowledgedAt: now, held: undefined });
      remember(rec, { at: now, event: 'acknowledged', by: 'acknowledge' });
      out.stateChanged = true;
    });
  }

  /** Holds the escalation and reminders of active alerts until `now + durationMs`. */
  snooze(target: Target, durationMs: number, now: number): Parsed<Outcome> {
    return this.command(target, now, (rec, out) => {
      if (rec.state !== 'active') return;
      rec.snoozedUntil = now + durationMs;
      remember(rec, { at: now, event: 'snoozed', by: 'snooze' });
      out.stateChanged = true;
    });
  }

  /**
   * Returns alerts to inactive and forgets what their conditions saw, so they
   * are raised again only by new input. Opens the valve (when configured) if
   * this node closed it and no remaining alert is at the action stage.
   */
  reset(target: Target, now: number): Parsed<Outcome> {
    const result = this.command(target, now, (rec, out) => {
      if (rec.state === 'inactive' && !rec.holding) return;
      update(rec, { state: 'inactive', holding: false, changedAt: now, kinds: [], stage: 'none', stageAt: undefined, snoozedUntil: undefined, held: undefined });
      remember(rec, { at: now, event: 'reset', by: 'reset' });
      out.stateChanged = true;
    });
    if (result.ok && this.node.valveClosed && this.settings.openOnReset && !this.activeAlerts().some((rec) => rec.stage === 'action')) {
      this.node.valveClosed = false;
      result.value.actions.push({ command: 'open', at: now });
    }
    return result;
  }

  setMode(mode: Mode, now: number): Outcome {
    const out = newOutcome();
    if (mode === this.node.mode) return out;
    this.node.mode = mode;
    this.node.modeChangedAt = now;
    out.stateChanged = true;
    // The shut-off policy changed: every alert's next stage may now be due at a different time.
    for (const [, alerts] of this.store) for (const rec of Object.values(alerts)) this.advance(rec, now, out);
    return out;
  }

  test(now: number): Outcome {
    const out = newOutcome();
    out.notifications.push({ event: 'test', at: now, delayed: false });
    return out;
  }

  private command(target: Target, now: number, act: (rec: AlertRecord, out: Outcome) => void): Parsed<Outcome> {
    const records = this.select(target);
    if (records.length === 0 && target !== 'all') {
      return fail('errors.unknown-alert', { value: describeValue('id' in target ? target.id : target.topic) });
    }
    const out = newOutcome();
    for (const rec of records) {
      this.advance(rec, now, out);
      act(rec, out);
      this.reschedule(rec);
    }
    return ok(out);
  }

  private select(target: Target): AlertRecord[] {
    if (target === 'all') {
      const all: AlertRecord[] = [];
      for (const [, alerts] of this.store) all.push(...Object.values(alerts));
      return all;
    }
    if ('topic' in target) return Object.values(this.store.peek(target.topic) ?? {});
    const split = target.id.lastIndexOf('#');
    const rec = split < 0 ? undefined : this.store.peek(target.id.slice(0, split))?.[target.id.slice(split + 1)];
    return rec === undefined ? [] : [rec];
  }

  /** What a condition makes of an input, or undefined when the input is not for it. */
  private observe(condition: Condition, input: AlertInput, rec: AlertRecord | undefined): Observation | undefined {
    const was = rec?.holding ?? false;
    switch (condition.type) {
      case 'threshold':
        if (input.type !== 'reading' || input.value === undefined) return undefined;
        return {
          holding: thresholdHolds(condition.level, condition.limit, condition.deadband, input.value, was),
          value: input.value,
          unit: input.unit,
          severity: condition.severity,
          kinds: [],
        };
      case 'prediction': {
        if (input.type !== 'prediction') return undefined;
        const time = input.times[condition.measure];
        const holding = thresholdHolds('lo', condition.limitMs, condition.deadbandMs, time ?? Infinity, was);
        return { holding, value: time, unit: 'ms', severity: condition.severity, kinds: [] };
      }
      case 'anomaly': {
        const counts = (kind: string, severity: Severity): boolean =>
          (condition.kinds.length === 0 || condition.kinds.includes(kind)) && severityRank(severity) >= severityRank(condition.minSeverity);
        if (input.type === 'event') {
          const { event } = input;
          if (!counts(event.kind, event.state === 'end' ? condition.minSeverity : event.severity)) return undefined;
          const others = (rec?.kinds ?? []).filter((k) => k !== event.kind);
          const kinds = event.state === 'start' ? [...others, event.kind] : others;
          return { holding: kinds.length > 0, value: event.value ?? rec?.value ?? null, unit: rec?.unit ?? '', severity: event.severity, kinds };
        }
        if (input.type !== 'reading' || input.flags === undefined) return undefined;
        const { flags } = input;
        const kinds = flags.anomalous ? flags.kinds.filter((kind) => counts(kind, flags.severity)) : [];
        return { holding: kinds.length > 0, value: input.value ?? null, unit: input.unit, severity: flags.severity, kinds };
      }
    }
  }

  private apply(topic: string, condition: Condition, existing: AlertRecord | undefined, seen: Observation, now: number, out: Outcome): void {
    let rec = existing;
    if (rec === undefined) {
      if (!seen.holding) return;
      const alerts = this.store.getOrCreate(topic, () => Object.create(null) as TopicAlerts);
      rec = alerts[condition.name] = newRecord(topic, condition.name, now);
    }
    // First catch up with what the previous input implied until now, then take the new one.
    this.advance(rec, now, out);
    rec.value = seen.value;
    rec.unit = seen.unit;
    rec.kinds = seen.kinds;
    const inOccurrence = rec.state === 'active' || rec.state === 'acknowledged';
    rec.severity = inOccurrence ? maxSeverity(rec.severity, seen.severity) : seen.severity;
    if (seen.holding !== rec.holding) {
      rec.holding = seen.holding;
      rec.changedAt = now;
    }
    this.advance(rec, now, out);
  }

  private advance(rec: AlertRecord, now: number, out: Outcome): void {
    for (let step = 0; step < MAX_STEPS_PER_ADVANCE; step++) {
      const due = this.nextEvent(rec);
      if (due === undefined || due.at > now) break;
      this.handle(rec, due, out);
    }
    this.reschedule(rec);
  }

  private reschedule(rec: AlertRecord): void {
    const id = alertId(rec.topic, rec.condition);
    const due = this.nextEvent(rec);
    if (due === undefined) this.due.delete(id);
    else this.due.set(id, { at: due.at, topic: rec.topic, condition: rec.condition });
  }

  private conditionOf(rec: AlertRecord): Condition {
    const condition = this.conditions.get(rec.condition);
    if (condition === undefined) throw new Error(`no condition ${rec.condition}`);
    return condition;
  }

  private canShutOff(condition: Condition): boolean {
    return condition.shutoff && this.settings.escalation.action && this.settings.shutoffPolicy[this.node.mode] !== 'never';
  }

  private shutsOffAtOnce(condition: Condition): boolean {
    return this.canShutOff(condition) && this.settings.shutoffPolicy[this.node.mode] === 'immediate';
  }

  /** The earliest thing due for an alert; at equal times, raise and clear come before escalation and notifications. */
  private nextEvent(rec: AlertRecord): Due | undefined {
    const condition = this.conditionOf(rec);
    const candidates: Array<Due | undefined> = [];
    const occurring = rec.state === 'active' || rec.state === 'acknowledged';
    if (!occurring && rec.holding) candidates.push({ at: rec.changedAt + condition.onDelayMs, kind: 'raise' });
    if (occurring && !rec.holding) candidates.push({ at: rec.changedAt + condition.offDelayMs, kind: 'clear' });
    if (rec.state === 'active') {
      const stageAt = this.nextStageAt(rec, condition);
      if (stageAt !== undefined) candidates.push({ at: stageAt, kind: 'stage' });
    }
    if (rec.held !== undefined) candidates.push({ at: this.deliveryTime(rec, rec.held), kind: 'release' });
    else if (rec.state === 'active') {
      const reminderAt = this.reminderAt(rec);
      if (reminderAt !== undefined) candidates.push({ at: reminderAt, kind: 'reminder' });
    }
    let first: Due | undefined;
    for (const due of candidates) if (due !== undefined && (first === undefined || due.at < first.at)) first = due;
    return first;
  }

  private nextStageAt(rec: AlertRecord, condition: Condition): number | undefined {
    if (rec.stageAt === undefined || rec.stage === 'action' || rec.stage === 'none') return undefined;
    let at: number | undefined;
    const { criticalAfterMs, actionAfterMs } = this.settings.escalation;
    if (this.shutsOffAtOnce(condition)) at = Math.max(rec.stageAt, this.node.modeChangedAt);
    else if (rec.stage === 'warning') at = rec.stageAt + criticalAfterMs;
    else if (this.canShutOff(condition)) at = rec.stageAt + actionAfterMs;
    return at === undefined || rec.snoozedUntil === undefined ? at : Math.max(at, rec.snoozedUntil);
  }

  private reminderAt(rec: AlertRecord): number | undefined {
    const { reminderMs } = this.settings;
    // Only remind of an occurrence that was notified at all.
    if (reminderMs <= 0 || rec.lastNotifiedAt === undefined || rec.raisedAt === undefined || rec.lastNotifiedAt < rec.raisedAt) return undefined;
    return Math.max(rec.lastNotifiedAt + reminderMs, rec.snoozedUntil ?? -Infinity);
  }

  /** The first time a held notification may go out: after the rate-limit interval and, unless critical, after quiet hours. */
  private deliveryTime(rec: AlertRecord, held: HeldNotification): number {
    let at = held.at;
    if (this.settings.rateLimitMs > 0 && rec.lastNotifiedAt !== undefined) at = Math.max(at, rec.lastNotifiedAt + this.settings.rateLimitMs);
    if (!held.critical && this.settings.quietHours !== undefined) at = quietHoursEnd(at, this.settings.quietHours);
    return at;
  }

  private handle(rec: AlertRecord, due: Due, out: Outcome): void {
    const condition = this.conditionOf(rec);
    switch (due.kind) {
      case 'raise':
        update(rec, { state: 'active', raisedAt: due.at, acknowledgedAt: undefined, clearedAt: undefined, snoozedUntil: undefined, held: undefined });
        remember(rec, { at: due.at, event: 'raised' });
        out.stateChanged = true;
        this.enterStage(rec, this.shutsOffAtOnce(condition) ? 'action' : 'warning', due.at, out);
        break;
      case 'clear': {
        const notified = rec.held !== undefined || (rec.lastNotifiedAt !== undefined && rec.lastNotifiedAt >= (rec.raisedAt ?? Infinity));
        update(rec, { state: 'cleared', clearedAt: due.at, snoozedUntil: undefined });
        remember(rec, { at: due.at, event: 'cleared' });
        out.stateChanged = true;
        if (this.settings.notifyClear && notified) this.notify(rec, 'cleared', due.at, out);
        else rec.held = undefined;
        break;
      }
      case 'stage':
        this.enterStage(rec, this.shutsOffAtOnce(condition) || rec.stage === 'critical' ? 'action' : 'critical', due.at, out);
        break;
      case 'release':
        this.deliver(rec, due.at, out);
        break;
      case 'reminder':
        this.notify(rec, 'reminder', due.at, out);
        break;
    }
  }

  private enterStage(rec: AlertRecord, stage: Stage, at: number, out: Outcome): void {
    rec.stage = stage;
    rec.stageAt = at;
    out.stateChanged = true;
    const { escalation } = this.settings;
    if (stage === 'warning') {
      if (escalation.warning) this.notify(rec, 'warning', at, out);
      return;
    }
    remember(rec, { at, event: 'escalated', stage });
    if (stage === 'critical') {
      if (escalation.critical) this.notify(rec, 'critical', at, out);
      return;
    }
    this.node.valveClosed = true;
    out.actions.push({ command: 'close', at, alert: snapshot(rec) });
    this.notify(rec, 'action', at, out);
  }

  /**
   * Sends a notification now if the rate limit and quiet hours allow, else
   * holds it. A held notification is replaced by a later one (the latest
   * state is what matters) but keeps the urgency of what it replaced.
   */
  private notify(rec: AlertRecord, event: NotificationEvent, at: number, out: Outcome): void {
    const critical =
      event === 'critical' || event === 'action' || (rec.severity === 'critical' && event !== 'cleared') || (rec.held?.critical ?? false);
    rec.held = { event, at, critical };
    if (this.deliveryTime(rec, rec.held) === at) this.deliver(rec, at, out);
  }

  private deliver(rec: AlertRecord, at: number, out: Outcome): void {
    const held = rec.held;
    if (held === undefined) return;
    rec.held = undefined;
    rec.lastNotifiedAt = at;
    out.notifications.push({ event: held.event, at, alert: snapshot(rec), delayed: at > held.at });
  }
}
