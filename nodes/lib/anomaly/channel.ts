/**
 * Every detector for one numeric channel of a topic (a plain reading, or one
 * named value of an object payload): statistics, flat line, physical range,
 * and the water rules when the channel is a flow.
 */

import { litresPerMinute, unitKind } from '../units';
import { STATISTICAL_KINDS, WATER_RULE_KINDS, type AnomalyConfig, type AnomalyKind } from './config';
import { FlatLineDetector, emptyFlatLine, rangeScore, type FlatLineState } from './sensor-health';
import { StatisticalDetectors, emptyStatistical, type Baseline, type StatisticalState } from './statistical';
import { WaterRules, emptyWaterRules, type WaterRuleFacts, type WaterRulesState } from './water-rules';

export interface ChannelState {
  stats: StatisticalState;
  flat: FlatLineState;
  /** Present once the channel has read a flow. */
  rules?: WaterRulesState;
  /** Consecutive readings the rolling baseline refused as unusual. */
  refused: number;
  last?: number;
}

export function emptyChannel(): ChannelState {
  return { stats: emptyStatistical(), flat: emptyFlatLine(), refused: 0 };
}

export type KindScores = Partial<Record<AnomalyKind, number>>;

export interface ChannelAssessment {
  /** Score of each enabled kind (0 for a learned kind while learning). */
  scores: KindScores;
  /** The highest of them. */
  score: number;
  /** What the statistics expected. */
  baseline: Baseline;
  /** What the water rules measured, for a flow. */
  rules?: WaterRuleFacts;
  /** The previous reading and how long the value has been unchanged, for texts. */
  previous?: number;
  unchangedReadings: number;
}

/**
 * Which kinds a channel is scored for, by what its unit says it measures.
 * Household flow is on and off (every shower is a jump far from the mean)
 * and a tank level is a sawtooth driven by the pump, so for readings in a
 * water unit the water rules and sensor health judge, and the detectors of
 * a distribution (deviation, outlier, daily pattern, level shift) only when
 * asked for. A level still gets the spike check; a flow, whose every use is
 * a jump, does not. Readings without a unit (pressure, current, anything
 * else) get every detector.
 */
export function kindsFor(unit: string | undefined, statisticsOnWater: boolean): ReadonlySet<AnomalyKind> {
  const kind = unit === undefined ? undefined : unitKind(unit);
  const kinds = new Set<AnomalyKind>(['flat-line', 'out-of-range']);
  if (kind === undefined || statisticsOnWater) STATISTICAL_KINDS.forEach((k) => kinds.add(k));
  else if (kind !== 'rate' && kind !== 'pulses') kinds.add('spike');
  if (kind === 'rate') WATER_RULE_KINDS.forEach((k) => kinds.add(k));
  return kinds;
}

/** The physical range a unit implies: nothing negative, no percentage above 100. */
export function physicalRange(unit: string | undefined): { min?: number; max?: number } {
  const kind = unit === undefined ? undefined : unitKind(unit);
  if (kind === 'percent') return { min: 0, max: 100 };
  if (kind === 'rate' || kind === 'volume' || kind === 'length' || kind === 'pulses') return { min: 0 };
  return {};
}

export class ChannelModel {
  private readonly stats: StatisticalDetectors;
  private readonly flat: FlatLineDetector;
  private rules: WaterRules | undefined;

  constructor(
    private readonly config: AnomalyConfig,
    private readonly state: ChannelState,
  ) {
    this.stats = new StatisticalDetectors(config.statistical, state.stats);
    this.flat = new FlatLineDetector(config.flatLine, state.flat);
    if (state.rules) this.rules = new WaterRules(config.rules, state.rules);
  }

  /** Scores a reading and learns from it. `unit` (canonical) decides the range and whether the rules apply. */
  update(value: number, unit: string | undefined, time: number, learning: boolean): ChannelAssessment {
    const { config, state } = this;
    const statistical = this.stats.assess(value, time);
    const range = physicalRange(unit);
    const raw: Record<AnomalyKind, number> = {
      ...statistical,
      'flat-line': this.flat.assess(value),
      'out-of-range': rangeScore(value, config.rangeMin ?? range.min, config.rangeMax ?? range.max),
      silence: 0,
      'continuous-flow': 0,
      'night-flow': 0,
      burst: 0,
      'long-event': 0,
      'large-event': 0,
    };
    let facts: WaterRuleFacts | undefined;
    if (unit !== undefined && unitKind(unit) === 'rate') {
      if (!this.rules) {
        state.rules = emptyWaterRules();
        this.rules = new WaterRules(config.rules, state.rules);
      }
      this.rules.update(litresPerMinute(value, unit), time);
      Object.assign(raw, this.rules.scores(time));
      facts = this.rules.facts(time);
    }
    if (learning) {
      for (const kind of STATISTICAL_KINDS) raw[kind] = 0;
      raw['flat-line'] = 0;
    }

    const scored = kindsFor(unit, config.statisticsOnWater);
    const assessment: ChannelAssessment = {
      scores: {},
      score: 0,
      baseline: this.stats.baseline(time),
      rules: facts,
      previous: state.last,
      unchangedReadings: this.flat.run,
    };
    for (const kind of Object.keys(raw) as AnomalyKind[]) {
      if (!config.enabled[kind] || !scored.has(kind)) continue;
      assessment.scores[kind] = raw[kind];
      assessment.score = Math.max(assessment.score, raw[kind]);
    }

    this.learn(value, time, learning, statistical, raw['out-of-range'] > 0);
    assessment.unchangedReadings = this.flat.run;
    return assessment;
  }

  /**
   * Decides whether the rolling baseline learns this reading: while learning,
   * yes; an impossible reading, never; otherwise when the best-informed
   * baseline finds it ordinary (the time-of-day pattern once it knows this
   * hour, the rolling statistics before). A new level refused for longer than
   * `relearnAfter` readings is accepted as the new normal.
   */
  private learn(value: number, time: number, learning: boolean, scores: Record<(typeof STATISTICAL_KINDS)[number], number>, impossible: boolean): void {
    const { config, state } = this;
    const judged = this.stats.knowsTimeOfDay(time) ? scores['daily-pattern'] : Math.max(scores.deviation, scores.outlier, scores['level-shift']);
    const usual = judged < config.alarm.threshold;
    state.refused = usual ? 0 : state.refused + 1;
    const ordinary = !impossible && (learning || usual || state.refused > config.relearnAfter);
    this.stats.learn(value, time, ordinary);
    this.flat.learn(value, learning);
    state.last = value;
  }
}
