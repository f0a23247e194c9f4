/**
 * Detection metrics beside the NAB score: point-wise (SKAB's usual F1, false
 * alarm rate and missed alarm rate) and event-wise (a fault counts as caught
 * when an alarm starts during it; alarms outside every fault are false).
 */

export interface PointCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function countPoints(predicted: readonly boolean[], labels: readonly boolean[], into: PointCounts = { tp: 0, fp: 0, fn: 0, tn: 0 }): PointCounts {
  predicted.forEach((p, i) => {
    if (p && labels[i]) into.tp++;
    else if (p) into.fp++;
    else if (labels[i]) into.fn++;
    else into.tn++;
  });
  return into;
}

export interface PointMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Share of normal points flagged. */
  falseAlarmRate: number;
  /** Share of anomalous points not flagged. */
  missedAlarmRate: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function f1Of(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export function pointMetrics({ tp, fp, fn, tn }: PointCounts): PointMetrics {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return { precision, recall, f1: f1Of(precision, recall), falseAlarmRate: ratio(fp, fp + tn), missedAlarmRate: ratio(fn, fn + tp) };
}

/** A labelled fault: when it was active, ms (inclusive). */
export interface FaultWindow {
  kind: string;
  start: number;
  end: number;
}

export interface EventMetrics {
  faults: number;
  caught: number;
  alarms: number;
  falseAlarms: number;
  precision: number;
  recall: number;
  f1: number;
  /** Time from each caught fault's start to its first alarm, ms. */
  delays: number[];
  /** Their median; undefined when no fault was caught. */
  medianDelay: number | undefined;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Scores alarm start times against fault windows. An alarm inside a window
 * (extended by `grace` ms after its end, for faults only visible once over)
 * is a true alarm, and the window's first one gives its detection delay.
 */
export function eventMetrics(faults: readonly FaultWindow[], alarmTimes: readonly number[], grace = 0): EventMetrics {
  const delays: number[] = [];
  for (const fault of faults) {
    const first = alarmTimes.filter((t) => t >= fault.start && t <= fault.end + grace).sort((a, b) => a - b)[0];
    if (first !== undefined) delays.push(first - fault.start);
  }
  const falseAlarms = alarmTimes.filter((t) => !faults.some((f) => t >= f.start && t <= f.end + grace)).length;
  return poolEvents([{ faults: faults.length, alarms: alarmTimes.length, falseAlarms, delays }]);
}

/** Pools the counts of several runs into one set of metrics. */
export function poolEvents(runs: ReadonlyArray<Pick<EventMetrics, 'faults' | 'alarms' | 'falseAlarms' | 'delays'>>): EventMetrics {
  const sum = (pick: (r: (typeof runs)[number]) => number): number => runs.reduce((n, r) => n + pick(r), 0);
  const faults = sum((r) => r.faults);
  const alarms = sum((r) => r.alarms);
  const falseAlarms = sum((r) => r.falseAlarms);
  const delays = runs.flatMap((r) => r.delays);
  const precision = ratio(alarms - falseAlarms, alarms);
  const recall = ratio(delays.length, faults);
  return { faults, caught: delays.length, alarms, falseAlarms, precision, recall, f1: f1Of(precision, recall), delays, medianDelay: median(delays) };
}
