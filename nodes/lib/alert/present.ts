/**
 * The messages the alert node sends, built from the engine's results. Texts
 * come through `translate` (the node's message catalog), so this stays free
 * of Node-RED and every word stays in the locales.
 *
 * A notification is shaped to be wired straight into a notifier: `payload`
 * is the text (ui_toast, e-mail body, Pushover message), `topic` a short
 * title (toast title, e-mail subject, Pushover title), `highlight` the
 * toast's border colour, and `alert` the structured alert.
 */

import { alertId } from './engine';
import { formatDuration } from './duration';
import type { AlertRecord, AlertState, Condition, HistoryEntry, NodeAlertState, Notification, NotificationEvent, Severity, Stage, ValveCommand } from './types';
import { valvePayload, type ValveFormat } from './settings';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** `msg.alert` of a notification and one row of the state output. */
export interface AlertView {
  id: string;
  topic: string;
  condition: string;
  type: Condition['type'] | 'test';
  severity: Severity;
  state: AlertState;
  stage: Stage;
  value: number | null;
  unit: string;
  /** Epoch ms; null for a test notification's alert, which was never raised. */
  raisedAt: number | null;
  acknowledgedAt: number | null;
  snoozedUntil: number | null;
  /** The anomaly kinds active, for anomaly conditions. */
  kinds: string[];
  text: string;
}

export type NotificationMessage = {
  topic: string;
  payload: string;
  highlight: string;
  alert: AlertView & { event: NotificationEvent; delayed: boolean };
};

export type ValveMessage = {
  topic: string;
  payload: string | boolean;
  alert?: AlertView;
};

export type StateMessage = {
  topic: string;
  payload: AlertView[];
  mode: NodeAlertState['mode'];
  valveClosed: boolean;
  history: Record<string, HistoryEntry[]>;
};

const HIGHLIGHT: Record<NotificationEvent, string> = {
  warning: 'orange',
  critical: 'red',
  action: 'red',
  reminder: 'orange',
  cleared: 'green',
  test: 'blue',
};

/** A number as people read it: at most three decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  return String(Number(value.toFixed(3)));
}

function withUnit(value: number, unit: string): string {
  return unit === '' ? formatNumber(value) : `${formatNumber(value)} ${unit}`;
}

/** What an alert is about and its latest value: `tank1/level high (limit 90 %), now 93 %`. */
export function describeAlert(rec: AlertRecord, condition: Condition, translate: Translate): string {
  let what: string;
  let value: string | undefined;
  if (condition.type === 'threshold') {
    what = translate(`what.${condition.level}`, { topic: rec.topic, limit: withUnit(condition.limit, rec.unit) });
    if (rec.value !== null) value = translate('value.now', { value: withUnit(rec.value, rec.unit) });
  } else if (condition.type === 'prediction') {
    what = translate(`what.${condition.measure}`, { topic: rec.topic, limit: formatDuration(condition.limitMs) });
    value = rec.value === null ? translate('value.notPredicted') : translate('value.predicted', { value: formatDuration(rec.value) });
  } else {
    const kinds = rec.kinds.length > 0 ? rec.kinds : condition.kinds;
    what = translate('what.anomaly', { topic: rec.topic, kinds: kinds.length > 0 ? kinds.join(', ') : condition.name });
    if (rec.value !== null) value = translate('value.now', { value: withUnit(rec.value, rec.unit) });
  }
  return value === undefined ? what : translate('detail', { what, value });
}

export function alertView(rec: AlertRecord, condition: Condition, translate: Translate): AlertView {
  return {
    id: alertId(rec.topic, rec.condition),
    topic: rec.topic,
    condition: rec.condition,
    type: condition.type,
    severity: rec.severity,
    state: rec.state,
    stage: rec.stage,
    value: rec.value,
    unit: rec.unit,
    raisedAt: rec.raisedAt ?? null,
    acknowledgedAt: rec.acknowledgedAt ?? null,
    snoozedUntil: rec.snoozedUntil ?? null,
    kinds: [...rec.kinds],
    text: describeAlert(rec, condition, translate),
  };
}

/** How long the alert has been raised at `at`, for the texts. */
function elapsed(rec: AlertRecord, at: number): string {
  return formatDuration(at - (rec.raisedAt ?? at));
}

/** The condition of an alert; the engine keeps only alerts of configured conditions. */
function conditionOf(conditions: ReadonlyMap<string, Condition>, rec: AlertRecord): Condition {
  const condition = conditions.get(rec.condition);
  if (condition === undefined) throw new Error(`no condition ${rec.condition}`);
  return condition;
}

function testNotification(name: string, delayed: boolean, translate: Translate): NotificationMessage {
  const text = translate('text.test', { name });
  const alert: NotificationMessage['alert'] = {
    id: 'test',
    topic: '',
    condition: 'test',
    type: 'test',
    severity: 'info',
    state: 'inactive',
    stage: 'none',
    value: null,
    unit: '',
    raisedAt: null,
    acknowledgedAt: null,
    snoozedUntil: null,
    kinds: [],
    text,
    event: 'test',
    delayed,
  };
  return { topic: translate('title.test'), payload: text, highlight: HIGHLIGHT.test, alert };
}

export function notificationMessage(
  notification: Notification,
  conditions: ReadonlyMap<string, Condition>,
  node: NodeAlertState,
  name: string,
  translate: Translate,
): NotificationMessage {
  const { event, at, alert: rec, delayed } = notification;
  if (rec === undefined) return testNotification(name, delayed, translate);
  const view = alertView(rec, conditionOf(conditions, rec), translate);
  const text = translate(`text.${event}`, { detail: view.text, elapsed: elapsed(rec, at), mode: node.mode });
  const escalated = rec.stage === 'critical' || rec.stage === 'action';
  return {
    topic: translate(`title.${event}`, { topic: rec.topic }),
    payload: text,
    highlight: event === 'reminder' && escalated ? HIGHLIGHT.critical : HIGHLIGHT[event],
    alert: { ...view, text, event, delayed },
  };
}

export function valveMessage(
  command: ValveCommand,
  format: ValveFormat,
  topic: string,
  conditions: ReadonlyMap<string, Condition>,
  translate: Translate,
): ValveMessage {
  const message: ValveMessage = { topic, payload: valvePayload(command.command, format) };
  if (command.alert !== undefined) message.alert = alertView(command.alert, conditionOf(conditions, command.alert), translate);
  return message;
}

export function stateMessage(
  alerts: AlertRecord[],
  conditions: ReadonlyMap<string, Condition>,
  node: NodeAlertState,
  translate: Translate,
): StateMessage {
  const payload: AlertView[] = [];
  const history: Record<string, HistoryEntry[]> = {};
  for (const rec of alerts) {
    const view = alertView(rec, conditionOf(conditions, rec), translate);
    payload.push(view);
    history[view.id] = [...rec.history];
  }
  return { topic: 'alerts', payload, mode: node.mode, valveClosed: node.valveClosed, history };
}
