/**
 * Alert state read back from node context. Whatever the store returns is
 * checked before use: a record of another shape (an older version, a hand
 * edit) is dropped rather than trusted, and records go into null-prototype
 * objects, so no condition name can reach Object.prototype.
 */

import { ALERT_STATES, MODES, SEVERITIES, STAGES, type AlertRecord, type Mode, type NodeAlertState, type TopicAlerts } from './types';

function oneOf(choices: readonly string[], value: unknown): boolean {
  return typeof value === 'string' && choices.includes(value);
}

function isRecord(value: unknown): value is AlertRecord {
  if (value === null || typeof value !== 'object') return false;
  const rec = value as Record<string, unknown>;
  return (
    typeof rec.topic === 'string' &&
    typeof rec.condition === 'string' &&
    oneOf(ALERT_STATES, rec.state) &&
    oneOf(STAGES, rec.stage) &&
    oneOf(SEVERITIES, rec.severity) &&
    typeof rec.holding === 'boolean' &&
    typeof rec.changedAt === 'number' &&
    (rec.value === null || typeof rec.value === 'number') &&
    typeof rec.unit === 'string' &&
    Array.isArray(rec.kinds) &&
    Array.isArray(rec.history)
  );
}

/** The alerts of one topic as saved, or undefined when none of them is usable. */
export function reviveTopicAlerts(saved: unknown): TopicAlerts | undefined {
  if (saved === null || typeof saved !== 'object') return undefined;
  const alerts = Object.create(null) as TopicAlerts;
  for (const [name, rec] of Object.entries(saved as Record<string, unknown>)) {
    if (isRecord(rec) && rec.condition === name) alerts[name] = rec;
  }
  return Object.keys(alerts).length > 0 ? alerts : undefined;
}

/** The node-wide state as saved, or a fresh one in `initialMode`. */
export function reviveNodeState(saved: unknown, initialMode: Mode): NodeAlertState {
  const fresh: NodeAlertState = { mode: initialMode, modeChangedAt: 0, valveClosed: false };
  if (saved === null || typeof saved !== 'object') return fresh;
  const state = saved as Record<string, unknown>;
  return {
    mode: oneOf(MODES, state.mode) ? (state.mode as Mode) : fresh.mode,
    modeChangedAt: typeof state.modeChangedAt === 'number' ? state.modeChangedAt : fresh.modeChangedAt,
    valveClosed: state.valveClosed === true,
  };
}
