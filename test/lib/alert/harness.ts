/** An alert engine on a plain TopicStore, driven like the node drives it: input at a time, one timer for the next due time. */

import { AlertEngine, type AlertInput, type Target } from '../../../nodes/lib/alert/engine';
import type { Parsed } from '../../../nodes/lib/input';
import { TopicStore } from '../../../nodes/lib/topic-store';
import type {
  AlertSettings,
  ThresholdCondition,
  NodeAlertState,
  Notification,
  NotificationEvent,
  Outcome,
  TopicAlerts,
  ValveCommand,
} from '../../../nodes/lib/alert/types';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export const HI: ThresholdCondition = { type: 'threshold', name: 'hi', topic: '', level: 'hi', limit: 90, deadband: 0, severity: 'warning', onDelayMs: 0, offDelayMs: 0, shutoff: true };

export function settings(overrides: Partial<AlertSettings> = {}): AlertSettings {
  return {
    conditions: [HI],
    escalation: { warning: true, critical: true, criticalAfterMs: 15 * MINUTE, action: true, actionAfterMs: 15 * MINUTE },
    shutoffPolicy: { home: 'staged', away: 'immediate', vacation: 'immediate' },
    rateLimitMs: 0,
    reminderMs: 0,
    defaultSnoozeMs: 30 * MINUTE,
    notifyClear: true,
    openOnReset: true,
    ...overrides,
  };
}

export class Harness {
  readonly notes: Notification[] = [];
  readonly actions: ValveCommand[] = [];
  stateChanges = 0;
  engine: AlertEngine;

  constructor(
    readonly settings: AlertSettings,
    readonly store = new TopicStore<TopicAlerts>(1000),
    readonly node: NodeAlertState = { mode: 'home', modeChangedAt: 0, valveClosed: false },
  ) {
    this.engine = new AlertEngine(settings, store, node);
  }

  /** Runs the timer: every due time up to `until`, each exactly at its time. */
  runUntil(until: number): this {
    for (let due = this.engine.nextDue(); due !== undefined && due <= until; due = this.engine.nextDue()) {
      this.record(this.engine.tick(due));
    }
    return this;
  }

  /** One late timer: everything due until `now`, in one tick. */
  tickAt(now: number): this {
    this.record(this.engine.tick(now));
    return this;
  }

  /** Runs the timer up to `at`, then delivers the input at `at`. */
  input(at: number, input: AlertInput, topic = 'tank1/level'): this {
    this.runUntil(at);
    this.record(this.engine.input(topic, input, at));
    return this;
  }

  reading(at: number, value: number, topic = 'tank1/level'): this {
    return this.input(at, { type: 'reading', value, unit: '%' }, topic);
  }

  command(at: number, run: (engine: AlertEngine) => Parsed<Outcome> | Outcome): Parsed<Outcome> | Outcome {
    this.runUntil(at);
    const result = run(this.engine);
    if ('ok' in result) {
      if (result.ok) this.record(result.value);
    } else this.record(result);
    return result;
  }

  acknowledge(at: number, target: Target = 'all'): this {
    this.command(at, (e) => e.acknowledge(target, at));
    return this;
  }

  /** The notifications so far as `event@time`. */
  events(): string[] {
    return this.notes.map((n) => `${n.event}@${n.at}`);
  }

  eventsOf(event: NotificationEvent): number[] {
    return this.notes.filter((n) => n.event === event).map((n) => n.at);
  }

  alert(topic = 'tank1/level', condition = 'hi') {
    return this.store.peek(topic)?.[condition];
  }

  private record(outcome: Outcome): void {
    this.notes.push(...outcome.notifications);
    this.actions.push(...outcome.actions);
    if (outcome.stateChanged) this.stateChanges++;
  }
}
