/** The forecast as `msg.prediction` carries it: levels in the output unit, times in ms. */

import type { LevelUnits } from './level-units';
import type { Forecast, ModelKind } from './predictor';

export interface Prediction {
  /** Shortest horizon first. */
  horizons: Array<{ horizon: number; level: number; low: number | null; high: number | null; at: number }>;
  /** Output units per hour. */
  slope: number | null;
  r2: number | null;
  model: ModelKind;
  timeToEmpty: number | null;
  timeToFull: number | null;
  timeToLow: number | null;
  timeToHigh: number | null;
  samples: number;
  unit: string;
}

/** The forecast made at `level` (model units), in the output unit. */
export function predictionOf(forecast: Forecast, units: LevelUnits, level: number): Prediction {
  const out = (v: number | null): number | null => (v === null ? null : units.toOutput(v));
  return {
    horizons: forecast.horizons.map((h) => ({ horizon: h.horizon, level: units.toOutput(h.level), low: out(h.low), high: out(h.high), at: h.at })),
    slope: forecast.slope === null ? null : units.rateToOutput(level, forecast.slope),
    r2: forecast.r2,
    model: forecast.model,
    timeToEmpty: forecast.timeToEmpty,
    timeToFull: forecast.timeToFull,
    timeToLow: forecast.timeToLow,
    timeToHigh: forecast.timeToHigh,
    samples: forecast.samples,
    unit: units.unit,
  };
}
