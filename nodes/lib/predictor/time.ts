/** Time spans the predictor reasons in. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** Demand and pump schedules repeat daily: the learned model looks one day back. */
export const DAY_MS = 86_400_000;
