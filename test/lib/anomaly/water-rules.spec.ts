import assert from 'node:assert/strict';
import { DEFAULT_ANOMALY_CONFIG } from '../../../nodes/lib/anomaly/config';
import { WaterRules, emptyWaterRules, type WaterRuleScores, type WaterRulesConfig } from '../../../nodes/lib/anomaly/water-rules';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const CONFIG: WaterRulesConfig = { ...DEFAULT_ANOMALY_CONFIG.rules, nightFlowLimit: 0.5 };
/** Local midnight. */
const MIDNIGHT = new Date(2024, 4, 13).getTime();

/** Feeds flows (L/min) one every `step` ms from `start`; returns each reading's scores of one rule. */
function run(rules: WaterRules, kind: keyof WaterRuleScores, flows: number[], start: number, step: number): number[] {
  return flows.map((flow, i) => {
    rules.update(flow, start + i * step);
    return rules.scores(start + i * step)[kind];
  });
}

const onset = (scores: number[]): number => scores.findIndex((s) => s >= 0.5);

describe('water rules', () => {
  it('continuous flow: raised when no quiet hour came in 24 h, cleared by one', () => {
    const rules = new WaterRules(CONFIG, emptyWaterRules());
    const scores = run(rules, 'continuous-flow', new Array<number>(150).fill(1), MIDNIGHT, 10 * MINUTE);
    // Readings every 10 min from midnight: the 145th (index 144) is 24 h after the first.
    assert.equal(onset(scores), 144);
    assert.equal(scores[144], 0.5);
    const quiet = run(rules, 'continuous-flow', [0, 0, 0, 0, 0, 0, 0, 1], MIDNIGHT + 150 * 10 * MINUTE, 10 * MINUTE);
    assert.ok(quiet.slice(0, 6).every((s) => s >= 0.5), 'zero for less than an hour is not yet a quiet period');
    assert.deepEqual(quiet.slice(6), [0, 0], 'an hour at zero is, and counts once it is over too');
  });

  it('continuous flow: counts a flow at or below the zero limit as zero', () => {
    const rules = new WaterRules(CONFIG, emptyWaterRules());
    const flows = Array.from({ length: 200 }, (_, i) => (i % 10 < 7 ? 0.04 : 3));
    assert.ok(run(rules, 'continuous-flow', flows, MIDNIGHT, 10 * MINUTE).every((s) => s === 0));
  });

  it('night flow: judges the night at its end against a set limit, until the flow drops to it', () => {
    const rules = new WaterRules(CONFIG, emptyWaterRules());
    // Every 30 min from midnight; the night is 02:00-05:00 and its lowest flow 1 L/min.
    const flows = [0, 0, 0, 0, 1, 2, 1, 1.5, 1, 1, 3, 0.4, 0];
    const scores = run(rules, 'night-flow', flows, MIDNIGHT, 30 * MINUTE);
    assert.equal(onset(scores), 10, 'the first reading after 05:00');
    assert.equal(scores[10], 0.8, '1 L/min is twice the limit of 0.5');
    assert.equal(scores[11], 0, 'over once the flow drops to the limit');
  });

  it('night flow: learns the usual night minimum over three nights, then wants a margin above it', () => {
    const rules = new WaterRules({ ...CONFIG, nightFlowLimit: undefined }, emptyWaterRules());
    const night = (day: number, min: number): number[] =>
      run(rules, 'night-flow', [min, min + 1, min, 5], MIDNIGHT + day * 24 * HOUR + 2 * HOUR, 70 * MINUTE);
    for (let day = 0; day < 3; day++) assert.ok(night(day, 0).every((s) => s === 0));
    assert.deepEqual(night(3, 0.08), [0, 0, 0, 0], 'within the margin of 0.1 above the usual 0');
    // The usual minimum is now the mean of 0, 0, 0 and 0.08: 0.02, so the limit is 0.12.
    const scores = night(4, 0.3);
    assert.equal(onset(scores), 3);
    assert.ok(Math.abs(scores[3] - 25 / 29) < 1e-12, '0.3 is 2.5 times the limit: 6.25 / 7.25');
  });

  it('burst: raised once the flow has stayed above the limit for the duration', () => {
    const rules = new WaterRules(CONFIG, emptyWaterRules());
    const scores = run(rules, 'burst', [10, 35, 35, 35, 60, 20], MIDNIGHT, MINUTE);
    assert.equal(onset(scores), 3, '2 min above 30 L/min');
    assert.equal(scores[4], 0.8, '60 L/min is twice the limit');
    assert.equal(scores[5], 0);
  });

  it('usage events: too long and too large, each from its own limit', () => {
    const rules = new WaterRules({ ...CONFIG, eventMaxDuration: HOUR, eventMaxVolume: 100 }, emptyWaterRules());
    const flows = [0, 2, 2, 2, 2, 2, 2, 2, 2, 0];
    const start = MIDNIGHT + 12 * HOUR;
    const long = run(rules, 'long-event', flows, start, 10 * MINUTE);
    assert.equal(onset(long), 7, 'an hour after the use began at index 1');
    const large = run(new WaterRules({ ...CONFIG, eventMaxDuration: HOUR, eventMaxVolume: 100 }, emptyWaterRules()), 'large-event', flows, start, 10 * MINUTE);
    assert.equal(onset(large), 6, '20 L each 10 min: 100 L by index 6');
    assert.equal(long[9], 0);
    assert.equal(large[9], 0, 'both end with the use');
    assert.deepEqual(rules.facts(start + 8 * 10 * MINUTE).usageMinutes, undefined);
  });

  it('reports what it measured', () => {
    const rules = new WaterRules(CONFIG, emptyWaterRules());
    run(rules, 'burst', [0, 4, 4], MIDNIGHT + 12 * HOUR, 5 * MINUTE);
    const facts = rules.facts(MIDNIGHT + 12 * HOUR + 10 * MINUTE);
    assert.equal(facts.flow, 4);
    assert.equal(facts.usageMinutes, 5);
    assert.equal(facts.usageLitres, 20);
    assert.equal(facts.minutesSinceQuiet, 10);
  });
});
