/**
 * The vocabulary of the alert model: settings, the per-alert record kept in
 * node context (plain JSON data only), and what the engine hands back to the
 * node after each step.
 */

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const MODES = ['home', 'away', 'vacation'] as const;
export type Mode = (typeof MODES)[number];

/** How a mode treats the shut-off stage: on its timer, at once when an alert is raised, or not at all. */
export const SHUTOFF_POLICIES = ['staged', 'immediate', 'never'] as const;
export type ShutoffPolicy = (typeof SHUTOFF_POLICIES)[number];

/** Escalation stages in order; `none` before the first. */
export const STAGES = ['none', 'warning', 'critical', 'action'] as const;
export type Stage = (typeof STAGES)[number];

export const ALERT_STATES = ['inactive', 'active', 'acknowledged', 'cleared'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const THRESHOLD_LEVELS = ['hihi', 'hi', 'lo', 'lolo'] as const;
export type ThresholdLevel = (typeof THRESHOLD_LEVELS)[number];

export const PREDICTION_MEASURES = ['timeToEmpty', 'timeToLow', 'timeToFull', 'timeToHigh'] as const;
export type PredictionMeasure = (typeof PREDICTION_MEASURES)[number];

interface ConditionBase {
  /** Unique within a node; part of every alert id. */
  name: string;
  /** Topics the condition applies to: exact, or an MQTT pattern with `+` and `#`; empty for all. */
  topic: string;
  /** How long the condition must hold before the alert is raised, ms. */
  onDelayMs: number;
  /** How long the condition must be absent before the alert clears, ms. */
  offDelayMs: number;
  /** Whether this condition may close the valve (the action stage, and immediate shut-off modes). */
  shutoff: boolean;
}

/** Hi/HiHi (raise at or above the limit) and Lo/LoLo (at or below) on plain readings. */
export interface ThresholdCondition extends ConditionBase {
  type: 'threshold';
  level: ThresholdLevel;
  limit: number;
  /** The value must come back past the limit by this much before the condition counts as absent. */
  deadband: number;
  severity: Severity;
}

/** Anomaly events or flagged readings from `water-anomaly`. */
export interface AnomalyCondition extends ConditionBase {
  type: 'anomaly';
  /** Anomaly kinds that count; empty for any. */
  kinds: string[];
  /** Events below this severity are ignored. */
  minSeverity: Severity;
}

/** A time to empty, full, or a mark, from `water-level-predictor`, under a limit. */
export interface PredictionCondition extends ConditionBase {
  type: 'prediction';
  measure: PredictionMeasure;
  limitMs: number;
  deadbandMs: number;
  severity: Severity;
}

export type Condition = ThresholdCondition | AnomalyCondition | PredictionCondition;

export interface EscalationSettings {
  /** Notify when the alert is raised. */
  warning: boolean;
  /** Notify again when still active and unacknowledged after `criticalAfterMs`. */
  critical: boolean;
  criticalAfterMs: number;
  /** Close the valve `actionAfterMs` after the critical stage. */
  action: boolean;
  actionAfterMs: number;
}

export interface QuietHoursSettings {
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
  /** IANA time zone; empty for the server's. */
  timeZone: string;
}

export interface AlertSettings {
  conditions: Condition[];
  escalation: EscalationSettings;
  shutoffPolicy: Record<Mode, ShutoffPolicy>;
  /** Absent when quiet hours are off. */
  quietHours?: QuietHoursSettings;
  /** At most one notification per alert within this interval; 0 for no limit. */
  rateLimitMs: number;
  /** Repeat while active and unacknowledged; 0 for no reminders. */
  reminderMs: number;
  /** The snooze when a command gives no duration. */
  defaultSnoozeMs: number;
  notifyClear: boolean;
  /** Open the valve again on reset when this node closed it. */
  openOnReset: boolean;
}

export interface HistoryEntry {
  at: number;
  event: 'raised' | 'escalated' | 'acknowledged' | 'snoozed' | 'cleared' | 'reset';
  /** The stage reached, for `escalated`. */
  stage?: Stage;
  /** The command that caused it, for human actions. */
  by?: string;
}

export type NotificationEvent = 'warning' | 'critical' | 'action' | 'reminder' | 'cleared' | 'test';

/** A notification waiting for the rate limit or the end of quiet hours; the latest replaces earlier ones. */
export interface HeldNotification {
  event: NotificationEvent;
  at: number;
  /** Critical notifications are not held by quiet hours. */
  critical: boolean;
}

/** One alert: a condition on one topic. Plain JSON, saved in node context. */
export interface AlertRecord {
  topic: string;
  condition: string;
  state: AlertState;
  /** Whether the condition holds now (before delays). */
  holding: boolean;
  /** When `holding` last changed: the delays count from here. */
  changedAt: number;
  value: number | null;
  unit: string;
  severity: Severity;
  /** Anomaly kinds currently started (anomaly conditions). */
  kinds: string[];
  stage: Stage;
  /** When the current stage was entered. */
  stageAt?: number;
  raisedAt?: number;
  acknowledgedAt?: number;
  clearedAt?: number;
  snoozedUntil?: number;
  lastNotifiedAt?: number;
  held?: HeldNotification;
  history: HistoryEntry[];
}

/** The alerts of one topic, by condition name. */
export type TopicAlerts = Record<string, AlertRecord>;

/** Node-wide state, saved in node context. */
export interface NodeAlertState {
  mode: Mode;
  /** When the mode last changed: an immediate shut-off after a mode change happens from then. */
  modeChangedAt: number;
  /** Whether the last valve command of this node was `close`. */
  valveClosed: boolean;
}

/** A notification to send, with the alert as it is when it is sent. */
export interface Notification {
  event: NotificationEvent;
  at: number;
  /** Undefined for a test notification. */
  alert?: AlertRecord;
  /** Held back by the rate limit or quiet hours before it was sent. */
  delayed: boolean;
}

export interface ValveCommand {
  command: 'close' | 'open';
  at: number;
  /** The alert whose action stage closed the valve; undefined for a command. */
  alert?: AlertRecord;
}

/** What one step of the engine produced, in order. */
export interface Outcome {
  notifications: Notification[];
  actions: ValveCommand[];
  /** The list of active alerts (or the mode) changed. */
  stateChanged: boolean;
}
