/**
 * The rules commercial leak detectors apply to a flow stream (Kamstrup flowIQ,
 * Sensus iPERL, Phyn, Flo by Moen), on flows in litres per minute:
 *
 * - continuous-flow: the flow never rested at zero for a quiet period within
 *   the last N hours (a leak never lets the meter rest);
 * - night-flow: the lowest flow of the night was above the usual (a toilet
 *   running all night);
 * - burst: the flow stayed above a limit for longer than a duration;
 * - long-event / large-event: one usage (flow above zero from start to stop)
 *   lasted too long or drew too much, as automatic shut-off valves judge.
 *
 * A reading is taken to hold until the next one. Each rule scores 0 while it
 * holds and at least 0.5 once broken (score.ts, ruleScore), growing with how
 * far it is broken.
 */

import { localDay, localMsOfDay } from './local-time';
import { emptyEw, ewPush, ruleScore, type EwStats } from './score';

const MS_PER_MINUTE = 60_000;

export interface WaterRulesConfig {
  /** A flow at or below this (L/min) is zero: meters and noisy sensors rarely read exactly 0. */
  zeroFlow: number;
  /** How long the flow must rest at zero to count as a quiet period, ms. */
  quietPeriod: number;
  /** The period within which a quiet period must occur, ms. */
  continuousWindow: number;
  /** The night window in minutes after local midnight; it may wrap past midnight. */
  nightStart: number;
  nightEnd: number;
  /** The highest acceptable night minimum, L/min; undefined to learn it from previous nights. */
  nightFlowLimit: number | undefined;
  /** With a learned limit: how far above the usual night minimum counts, L/min. */
  nightFlowMargin: number;
  /** L/min. */
  burstFlow: number;
  /** ms. */
  burstDuration: number;
  /** ms. */
  eventMaxDuration: number;
  /** Litres. */
  eventMaxVolume: number;
}

export interface WaterRulesState {
  firstTime?: number;
  lastTime?: number;
  lastFlow?: number;
  /** Since when the flow has been zero, if it is. */
  zeroSince?: number;
  /** The latest moment at which a quiet period was in progress or had just ended. */
  lastQuiet?: number;
  /** The night being watched: its start (ms) and the lowest flow so far. */
  night?: { start: number; min: number };
  /** Minima of previous ordinary nights. */
  nights: EwStats;
  /** The lowest flow of the last night, while it stays above the limit. */
  nightExcess?: { min: number; limit: number };
  /** Since when the flow has been above the burst limit, if it is. */
  burstSince?: number;
  /** The usage in progress: its start and the litres drawn so far. */
  usage?: { start: number; litres: number };
}

export function emptyWaterRules(): WaterRulesState {
  return { nights: emptyEw() };
}

export interface WaterRuleScores {
  'continuous-flow': number;
  'night-flow': number;
  burst: number;
  'long-event': number;
  'large-event': number;
}

/** What the rules measured, for details and event texts. */
export interface WaterRuleFacts {
  /** The current flow, L/min. */
  flow?: number;
  /** Minutes since the flow last rested for a quiet period (or since the first reading). */
  minutesSinceQuiet?: number;
  /** The last night's minimum flow and the limit it broke. */
  nightMin?: number;
  nightLimit?: number;
  /** Minutes the flow has been above the burst limit. */
  burstMinutes?: number;
  /** Minutes the current usage has lasted and litres it drew. */
  usageMinutes?: number;
  usageLitres?: number;
}

/** Nights remembered for the learned night-flow limit. */
const NIGHT_MEMORY = 7;
/** Nights needed before the learned limit judges. */
const MIN_NIGHTS = 3;
const MINUTES_PER_DAY = 24 * 60;

/** Minutes after local midnight, to the second. */
function minuteOfDay(time: number): number {
  const ms = localMsOfDay(time);
  return Math.floor(ms / MS_PER_MINUTE) + (Math.floor(ms / 1000) % 60) / 60;
}

export class WaterRules {
  /** The local date (days since the epoch) whose night start was last worked out, and that start. */
  private nightDay = NaN;
  private nightDayStart = 0;
  /** What `scores` returns, filled anew for each reading rather than made: the channel reads it before the next. */
  private readonly ruleScores: WaterRuleScores = { 'continuous-flow': 0, 'night-flow': 0, burst: 0, 'long-event': 0, 'large-event': 0 };

  constructor(
    private readonly config: WaterRulesConfig,
    private readonly state: WaterRulesState,
  ) {}

  private inNight(time: number): boolean {
    const { nightStart, nightEnd } = this.config;
    const m = minuteOfDay(time);
    return nightStart <= nightEnd ? m >= nightStart && m < nightEnd : m >= nightStart || m < nightEnd;
  }

  /** The start (ms) of the night window containing `time`. */
  private nightStartOf(time: number): number {
    const day = localDay(time);
    if (day !== this.nightDay) {
      const d = new Date(time);
      this.nightDayStart = new Date(d.getFullYear(), d.getMonth(), d.getDate(), 0, this.config.nightStart).getTime();
      this.nightDay = day;
    }
    const start = this.nightDayStart;
    return start <= time ? start : start - MINUTES_PER_DAY * MS_PER_MINUTE;
  }

  private learnedNightLimit(): number | undefined {
    if (this.config.nightFlowLimit !== undefined) return this.config.nightFlowLimit;
    const { nights } = this.state;
    return nights.n >= MIN_NIGHTS ? nights.mean + this.config.nightFlowMargin : undefined;
  }

  /** Advances every rule by one reading (flow in L/min at `time`). */
  update(flow: number, time: number): void {
    const { state, config } = this;
    const zero = flow <= config.zeroFlow;
    state.firstTime ??= time;

    if (state.lastTime !== undefined && state.lastFlow !== undefined && state.usage) {
      state.usage.litres += (state.lastFlow * (time - state.lastTime)) / MS_PER_MINUTE;
    }

    // Continuous flow: a quiet period is in progress, or ends now, once zero has lasted long enough.
    if (state.zeroSince !== undefined && time - state.zeroSince >= config.quietPeriod) state.lastQuiet = time;
    state.zeroSince = zero ? (state.zeroSince ?? time) : undefined;

    this.updateNight(flow, time);

    state.burstSince = flow > config.burstFlow ? (state.burstSince ?? time) : undefined;

    if (zero) state.usage = undefined;
    else state.usage ??= { start: time, litres: 0 };

    state.lastTime = time;
    state.lastFlow = flow;
  }

  private updateNight(flow: number, time: number): void {
    const { state } = this;
    const limit = this.learnedNightLimit();
    if (state.nightExcess && (limit === undefined || flow <= limit)) state.nightExcess = undefined;
    if (this.inNight(time)) {
      const start = this.nightStartOf(time);
      if (state.night && state.night.start !== start) this.closeNight();
      if (!state.night) state.night = { start, min: flow };
      else state.night.min = Math.min(state.night.min, flow);
    } else if (state.night) {
      this.closeNight();
    }
  }

  /** Judges a finished night by its lowest flow, and learns it when it was ordinary. */
  private closeNight(): void {
    const { state } = this;
    const night = state.night;
    state.night = undefined;
    if (!night) return;
    const limit = this.learnedNightLimit();
    if (limit !== undefined && night.min > limit) {
      state.nightExcess = { min: night.min, limit };
    } else {
      ewPush(state.nights, night.min, NIGHT_MEMORY);
    }
  }

  /** The rules' scores at `time`, valid until the next call. */
  scores(time: number): WaterRuleScores {
    const { state, config, ruleScores: scores } = this;
    const since = state.lastQuiet ?? state.firstTime;
    const usageMinutes = state.usage ? (time - state.usage.start) / MS_PER_MINUTE : 0;
    const excess = state.nightExcess;
    scores['continuous-flow'] = since !== undefined ? ruleScore((time - since) / config.continuousWindow) : 0;
    scores['night-flow'] = excess ? ruleScore(excess.limit > 0 ? excess.min / excess.limit : Infinity) : 0;
    scores.burst =
      state.burstSince !== undefined && time - state.burstSince >= config.burstDuration ? ruleScore((state.lastFlow ?? 0) / config.burstFlow) : 0;
    scores['long-event'] = state.usage ? ruleScore(usageMinutes / (config.eventMaxDuration / MS_PER_MINUTE)) : 0;
    scores['large-event'] = state.usage ? ruleScore(state.usage.litres / config.eventMaxVolume) : 0;
    return scores;
  }

  facts(time: number): WaterRuleFacts {
    const { state } = this;
    const since = state.lastQuiet ?? state.firstTime;
    return {
      flow: state.lastFlow,
      minutesSinceQuiet: since === undefined ? undefined : (time - since) / MS_PER_MINUTE,
      nightMin: state.nightExcess?.min,
      nightLimit: state.nightExcess?.limit ?? this.learnedNightLimit(),
      burstMinutes: state.burstSince === undefined ? undefined : (time - state.burstSince) / MS_PER_MINUTE,
      usageMinutes: state.usage ? (time - state.usage.start) / MS_PER_MINUTE : undefined,
      usageLitres: state.usage?.litres,
    };
  }
}
