/**
 * Every detector for one numeric channel of a topic (a plain reading, or one
 * named value of an object payload): statistics, flat line, physical range,
 * and the water rules when the channel is a flow.
 */

import { litresPerMinute, unitKind } from '../units';
import { STATISTICAL_KINDS, WATER_RULE_KINDS, type AnomalyConfig, type AnomalyKind } from './config';
import { FlatLineDetector, emptyFlatLine, rangeScore, type FlatLineState } from './sensor-health';
import { StatisticalDetectors, emptyStatistical, type Baseline, type StatisticalScores, type StatisticalState } from './statistical';
import { WaterRules, emptyWaterRules, type WaterRuleFacts, type WaterRuleScores, type WaterRulesState } from './water-rules';

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
  /**
   * The kinds of `scores` in order, and their scores in the same order (a
   * buffer of the channel's, valid until its next reading): what the alarms
   * read, faster than properties looked up by name.
   */
  kinds: readonly AnomalyKind[];
  values: Float64Array;
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

/** The order in which a channel lists its kinds' scores (silence is judged per topic, never per channel). */
const SCORE_ORDER: readonly AnomalyKind[] = ['deviation', 'outlier', 'spike', 'level-shift', 'daily-pattern', 'flat-line', 'out-of-range', ...WATER_RULE_KINDS];

/** What a channel's unit decides, worked out when the unit changes rather than for every reading. */
interface UnitProfile {
  unit: string | undefined;
  /** The kinds scored (for this unit) and enabled, in SCORE_ORDER. */
  kinds: readonly AnomalyKind[];
  min: number | undefined;
  max: number | undefined;
  /** A flow, which the water rules judge. */
  flow: boolean;
}

function unitProfile(config: AnomalyConfig, unit: string | undefined): UnitProfile {
  const scored = kindsFor(unit, config.statisticsOnWater);
  const range = physicalRange(unit);
  return {
    unit,
    kinds: SCORE_ORDER.filter((kind) => config.enabled[kind] && scored.has(kind)),
    min: config.rangeMin ?? range.min,
    max: config.rangeMax ?? range.max,
    flow: unit !== undefined && unitKind(unit) === 'rate',
  };
}

export class ChannelModel {
  private readonly stats: StatisticalDetectors;
  private readonly flat: FlatLineDetector;
  private rules: WaterRules | undefined;
  private profile: UnitProfile | undefined;
  private readonly values = new Float64Array(SCORE_ORDER.length);
  /**
   * What `update` returns, filled anew for each reading rather than made (its
   * scores, baseline and rules are new objects each time, for the output):
   * the topic reads it before the channel's next reading.
   */
  private readonly assessment: ChannelAssessment = {
    scores: {},
    score: 0,
    kinds: [],
    values: this.values,
    baseline: {},
    rules: undefined,
    previous: undefined,
    unchangedReadings: 0,
  };

  constructor(
    private readonly config: AnomalyConfig,
    private readonly state: ChannelState,
  ) {
    this.stats = new StatisticalDetectors(config.statistical, state.stats);
    this.flat = new FlatLineDetector(config.flatLine, state.flat);
    if (state.rules) this.rules = new WaterRules(config.rules, state.rules);
  }

  private profileOf(unit: string | undefined): UnitProfile {
    if (this.profile === undefined || this.profile.unit !== unit) this.profile = unitProfile(this.config, unit);
    return this.profile;
  }

  /**
   * Scores a reading and learns from it. `unit` (canonical) decides the range
   * and whether the rules apply. The assessment is valid until the next call.
   */
  update(value: number, unit: string | undefined, time: number, learning: boolean): ChannelAssessment {
    const { config, state } = this;
    const profile = this.profileOf(unit);
    const statistical = this.stats.assess(value, time);
    const flat = this.flat.assess(value);
    const range = rangeScore(value, profile.min, profile.max);
    let rules: WaterRuleScores | undefined;
    let facts: WaterRuleFacts | undefined;
    if (profile.flow && unit !== undefined) {
      if (!this.rules) {
        state.rules = emptyWaterRules();
        this.rules = new WaterRules(config.rules, state.rules);
      }
      this.rules.update(litresPerMinute(value, unit), time);
      rules = this.rules.scores(time);
      facts = this.rules.facts(time);
    }

    const { kinds } = profile;
    const { values } = this;
    let score = 0;
    for (let i = 0; i < kinds.length; i++) {
      values[i] = kindScore(kinds[i], statistical, flat, range, rules, learning);
      score = Math.max(score, values[i]);
    }
    const { assessment } = this;
    assessment.scores = scoresObject(kinds, values);
    assessment.score = score;
    assessment.kinds = kinds;
    assessment.baseline = this.stats.baseline(time);
    assessment.rules = facts;
    assessment.previous = state.last;
    this.learn(value, time, learning, statistical, range > 0);
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
  private learn(value: number, time: number, learning: boolean, scores: StatisticalScores, impossible: boolean): void {
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

/**
 * One kind's score of a reading; the learned detectors score 0 while learning.
 * Each score is read by its name: read by a computed one, a number held in an
 * object comes out as a new heap number, 16 bytes for every kind of every reading.
 */
function kindScore(kind: AnomalyKind, statistical: StatisticalScores, flat: number, range: number, rules: WaterRuleScores | undefined, learning: boolean): number {
  switch (kind) {
    case 'deviation':
      return learning ? 0 : statistical.deviation;
    case 'outlier':
      return learning ? 0 : statistical.outlier;
    case 'spike':
      return learning ? 0 : statistical.spike;
    case 'level-shift':
      return learning ? 0 : statistical['level-shift'];
    case 'daily-pattern':
      return learning ? 0 : statistical['daily-pattern'];
    case 'flat-line':
      return learning ? 0 : flat;
    case 'out-of-range':
      return range;
    case 'continuous-flow':
      return rules === undefined ? 0 : rules['continuous-flow'];
    case 'night-flow':
      return rules === undefined ? 0 : rules['night-flow'];
    case 'burst':
      return rules === undefined ? 0 : rules.burst;
    case 'long-event':
      return rules === undefined ? 0 : rules['long-event'];
    case 'large-event':
      return rules === undefined ? 0 : rules['large-event'];
    default:
      return 0;
  }
}

/**
 * The scores as an object, each kind written by name in SCORE_ORDER: an
 * object of one shape per set of kinds, far cheaper to build so than by a
 * loop storing computed keys.
 */
function scoresObject(kinds: readonly AnomalyKind[], values: Float64Array): KindScores {
  const scores: KindScores = {};
  let i = 0;
  if (kinds[i] === 'deviation') scores.deviation = values[i++];
  if (kinds[i] === 'outlier') scores.outlier = values[i++];
  if (kinds[i] === 'spike') scores.spike = values[i++];
  if (kinds[i] === 'level-shift') scores['level-shift'] = values[i++];
  if (kinds[i] === 'daily-pattern') scores['daily-pattern'] = values[i++];
  if (kinds[i] === 'flat-line') scores['flat-line'] = values[i++];
  if (kinds[i] === 'out-of-range') scores['out-of-range'] = values[i++];
  if (kinds[i] === 'continuous-flow') scores['continuous-flow'] = values[i++];
  if (kinds[i] === 'night-flow') scores['night-flow'] = values[i++];
  if (kinds[i] === 'burst') scores.burst = values[i++];
  if (kinds[i] === 'long-event') scores['long-event'] = values[i++];
  if (kinds[i] === 'large-event') scores['large-event'] = values[i];
  return scores;
}
