import assert from 'node:assert/strict';
import { MultivariateLinearRegression } from 'ml-regression';
import { FeatureSet } from '../../../nodes/lib/predictor/features';
import { LevelHistory } from '../../../nodes/lib/predictor/history';
import { LearnedModel, MAX_TRAINING_ROWS, trainLearned } from '../../../nodes/lib/predictor/learned';
import { leastAbsoluteDeviations } from '../../../nodes/lib/predictor/median-fit';
import { LevelPredictor, type PredictorOptions, type PredictorState } from '../../../nodes/lib/predictor/predictor';
import { defaultPredictorOptions } from '../../../nodes/lib/predictor/config';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 3, 7);
const STEP = 10 * MINUTE;

/** A fixed sequence of pseudo-random numbers in [0, 1). */
function uniform(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('predictor: learned model', () => {
  it('recovers the coefficients of known flow rates from synthetic tank data', () => {
    // A 1.5 m² tank: over 10 minutes the level changes by (inflow − outflow) L/min × 10 min / 1500 L per m.
    const perLitrePerMinute = 10 / 1500;
    const rand = uniform(11);
    const history = new LevelHistory({ spanMs: 14 * DAY, stepMs: STEP, maxGapMs: 3 * HOUR });
    let level = 1;
    for (let t = T0; t <= T0 + 3 * DAY; t += STEP) {
      const flows = { inflow: 40 * rand(), outflow: 40 * rand() };
      history.add(t, level, flows);
      level += (flows.inflow - flows.outflow) * perLitrePerMinute;
    }
    const features = new FeatureSet([STEP], ['inflow', 'outflow']);
    const state = trainLearned(history, features);
    assert.ok(state, 'trained');
    const model = new LearnedModel(state);
    const coefficients = model.coefficients();
    const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
    assert.ok(relative(coefficients.inflow[0], perLitrePerMinute) < 1e-6, `inflow ${coefficients.inflow[0]}`);
    assert.ok(relative(coefficients.outflow[0], -perLitrePerMinute) < 1e-6, `outflow ${coefficients.outflow[0]}`);
    const newest = history.size - 1;
    const expected = ((history.flow(newest, 'inflow') ?? NaN) - (history.flow(newest, 'outflow') ?? NaN)) * perLitrePerMinute;
    assert.ok(model.predict(history), 'predicted');
    assert.ok(Math.abs(model.changes[0] - expected) < 1e-9, `${model.changes[0]} vs ${expected}`);
  });

  it('refines a least-squares fit toward the median regression, which outliers do not drag', () => {
    const rand = uniform(5);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const v = 10 * rand();
      x.push([v]);
      // One reading in ten is far off, always upwards: the mean line follows them, the median line does not.
      y.push(1 + 2 * v + (i % 10 === 0 ? 30 + 10 * rand() : 0.1 * (rand() - 0.5)));
    }
    const n = y.length;
    const mx = x.reduce((a, [v]) => a + v, 0) / n;
    const my = y.reduce((a, b) => a + b, 0) / n;
    const slopeLs = x.reduce((a, [v], i) => a + (v - mx) * (y[i] - my), 0) / x.reduce((a, [v]) => a + (v - mx) ** 2, 0);
    const [slope, intercept] = leastAbsoluteDeviations(x, y, [slopeLs, my - slopeLs * mx]);
    assert.ok(Math.abs(my - slopeLs * mx - 1) > 2, 'least squares is dragged up');
    assert.ok(Math.abs(slope - 2) < 0.01 && Math.abs(intercept - 1) < 0.05, `${slope}, ${intercept}`);
  });

  it('falls back to the trend until it has a model, then predicts a daily cycle', () => {
    const options = { ...defaultPredictorOptions(), horizons: [HOUR, 3 * HOUR] };
    const predictor = new LevelPredictor(options);
    const daily = (t: number): number => 2 + Math.sin((2 * Math.PI * (t - T0)) / DAY);
    const models: string[] = [];
    let last;
    for (let t = T0; t <= T0 + 4 * DAY; t += 20 * MINUTE) {
      last = predictor.update(t, daily(t));
      models.push(last.model);
    }
    assert.equal(models[0], 'persistence');
    assert.equal(models[10], 'trend');
    assert.equal(models.at(-1), 'learned');
    assert.ok(last);
    for (const h of last.horizons) {
      assert.ok(Math.abs(h.level - daily(h.at)) < 0.01, `${h.horizon / HOUR} h ahead: ${h.level} vs ${daily(h.at)}`);
      assert.ok(h.low !== null && h.high !== null && h.low <= h.level && h.level <= h.high);
    }
  });

  for (const { every, rowsFrom, retryWithin, about } of [
    // 24 coefficients (23 columns and the intercept) need 96 rows, one per 10-minute sample: 95 steps after the first complete row at 30 h.
    { every: 10 * MINUTE, rowsFrom: 30 * HOUR + 95 * 10 * MINUTE, retryWithin: HOUR, about: 'two days' },
    // One row per hourly reading; between attempts it waits for one new reading per 25 rows it would fit (4 near 100 rows).
    { every: HOUR, rowsFrom: 30 * HOUR + 95 * HOUR, retryWithin: 5 * HOUR, about: 'five days' },
  ]) {
    it(`with the default settings and a reading every ${every / MINUTE} min, has its first model once a day, the longest horizon and four samples per coefficient are there (about ${about})`, () => {
      const predictor = new LevelPredictor(defaultPredictorOptions());
      let first: number | undefined;
      for (let t = T0; first === undefined && t <= T0 + 10 * DAY; t += every) {
        if (predictor.update(t, 2 + Math.sin((2 * Math.PI * (t - T0)) / DAY) + 0.05 * Math.sin(t / 7e5), {}).model === 'learned') first = t - T0;
      }
      assert.ok(first !== undefined, 'a model within 10 days');
      assert.equal(predictor.model?.state.inputs, 23);
      assert.ok(first >= rowsFrom && first <= rowsFrom + retryWithin, `first model after ${first / HOUR} h, expected ${rowsFrom / HOUR} h to ${(rowsFrom + retryWithin) / HOUR} h`);
    });
  }

  it('fills the model arrays made with the topic at every training, rather than making new ones as the first model comes', () => {
    const predictor = new LevelPredictor(defaultPredictorOptions());
    const made = predictor.state.learned;
    assert.ok(made !== null && made.rows === 0, 'an untrained model from the start');
    const arrays = [made.columns, made.means, made.scales, made.weights, made.residualLow, made.residualHigh];
    let trainings = 0;
    for (let t = T0; t <= T0 + 7 * DAY; t += 10 * MINUTE) {
      const before = predictor.state.learned?.trainedAt;
      predictor.update(t, 2 + Math.sin((2 * Math.PI * (t - T0)) / DAY) + 0.05 * Math.sin(t / 7e5));
      if (predictor.state.learned?.trainedAt !== before) trainings++;
    }
    assert.ok(trainings >= 3, `${trainings} trainings`);
    assert.equal(predictor.state.learned, made);
    assert.ok(made.rows > 0 && made.inputs === 23);
    const kept = [made.columns, made.means, made.scales, made.weights, made.residualLow, made.residualHigh];
    kept.forEach((array, k) => assert.equal(array, arrays[k]));
  });

  it('trains on at most MAX_TRAINING_ROWS rows however long the history', () => {
    const history = new LevelHistory({ spanMs: 60 * DAY, stepMs: STEP, maxGapMs: 3 * HOUR });
    for (let t = T0; t <= T0 + 60 * DAY; t += STEP) history.add(t, 2 + Math.sin((2 * Math.PI * (t - T0)) / DAY) + 0.01 * Math.sin(t / 7e5), {});
    const state = trainLearned(history, new FeatureSet([HOUR], []));
    assert.ok(history.size > 8 * MAX_TRAINING_ROWS);
    assert.equal(state?.rows, MAX_TRAINING_ROWS);
  });

  it('retrains by data time, but only after one new reading per 25 rows it fits, however sparse the readings', () => {
    // Hourly readings and a retrain due every hour: the 256 rows of a long history wait for 11 readings.
    const options = { ...defaultPredictorOptions(), horizons: [HOUR], retrainEveryMs: HOUR, historyMs: 30 * DAY };
    const predictor = new LevelPredictor(options);
    const attempts: number[] = [];
    for (let i = 0, t = T0; t <= T0 + 20 * DAY; i++, t += HOUR) {
      const before = predictor.state.lastTrainAttempt;
      predictor.update(t, 2 + Math.sin((2 * Math.PI * i) / 24) + 0.05 * Math.sin(i));
      if (predictor.state.lastTrainAttempt !== before && t > T0 + 12 * DAY) attempts.push(i);
    }
    assert.ok(attempts.length > 10);
    assert.deepEqual(
      attempts.slice(1).map((i, k) => i - attempts[k]),
      attempts.slice(1).map(() => 11),
    );
  });

  it("predicts to the last bit what ml-regression's model with the same weights predicts", () => {
    const rand = uniform(3);
    const history = new LevelHistory({ spanMs: 14 * DAY, stepMs: STEP, maxGapMs: 3 * HOUR });
    for (let t = T0; t <= T0 + 5 * DAY; t += STEP) history.add(t, 2 + Math.sin((2 * Math.PI * (t - T0)) / DAY) + 0.2 * rand(), { net: 10 * rand() });
    const state = trainLearned(history, new FeatureSet([HOUR, 3 * HOUR, 6 * HOUR], ['net']));
    assert.ok(state, 'trained');
    const model = new LearnedModel(state);
    // The weights laid out as ml-regression's toJSON writes them: a row of one weight per horizon for each column, the intercepts last.
    const outputs = state.horizons.length;
    const weights = Array.from({ length: state.inputs + 1 }, (_, k) => state.weights.slice(k * outputs, (k + 1) * outputs));
    const json = { name: 'multivariateLinearRegression', weights, inputs: state.inputs, outputs, intercept: true };
    const library = MultivariateLinearRegression.load(json as unknown as MultivariateLinearRegression.MLRModel);
    let compared = 0;
    for (let i = 0; i < history.size; i += 7) {
      const raw = model.features.raw(history, i);
      if (raw === undefined) continue;
      const row = model.features.row(raw, state.scaling);
      const x: number[] = state.columns.slice(0, state.inputs).map((column, k) => (row[column] - state.means[k]) / state.scales[k]);
      assert.deepEqual(Array.from(model.predictRaw(raw)), library.predict(x));
      compared++;
    }
    assert.ok(compared > 50, `${compared} rows compared`);
  });

  it("predicts at the newest sample what its weights give from that sample's features, to rounding, with the interval around it", () => {
    const rand = uniform(5);
    const history = new LevelHistory({ spanMs: 14 * DAY, stepMs: STEP, maxGapMs: 3 * HOUR });
    const level = (t: number): number => 2 + Math.sin((2 * Math.PI * (t - T0)) / DAY) + 0.2 * rand();
    let t = T0;
    for (; t <= T0 + 5 * DAY; t += STEP) history.add(t, level(t), { net: 10 * rand() });
    const state = trainLearned(history, new FeatureSet([HOUR, 3 * HOUR, 6 * HOUR], ['net']));
    assert.ok(state, 'trained');
    const model = new LearnedModel(state);
    for (let k = 0; k < 144; k++, t += STEP) {
      history.add(t, level(t), { net: 10 * rand() });
      assert.ok(model.predict(history));
      const raw = model.features.raw(history, history.size - 1);
      assert.ok(raw);
      const expected = model.predictRaw(raw);
      for (let h = 0; h < expected.length; h++) {
        assert.ok(Math.abs(model.changes[h] - expected[h]) <= 1e-12 * Math.max(1, Math.abs(expected[h])), `${model.changes[h]} vs ${expected[h]}`);
        assert.equal(model.low[h], model.changes[h] + state.residualLow[h]);
        assert.equal(model.high[h], model.changes[h] + state.residualHigh[h]);
      }
    }
  });

  it('predicts the learned changes when a reading starts a history sample or a model is new, and adds the last ones to the level in between', () => {
    const options = { ...defaultPredictorOptions(), horizons: [HOUR, 3 * HOUR], historyMs: 4 * DAY, retrainEveryMs: 6 * HOUR };
    const level = (t: number): number => 3 + Math.cos((2 * Math.PI * (t - T0)) / DAY) + 0.1 * Math.sin((t - T0) / (7 * MINUTE));
    const predictor = new LevelPredictor(options);
    let t = T0;
    for (; t < T0 + 3 * DAY; t += MINUTE) predictor.update(t, level(t));
    assert.ok(predictor.model !== undefined, 'trained');
    // A view of the predictor's own history state, read through the history's accessors.
    const history = new LevelHistory({ spanMs: options.historyMs, stepMs: options.historyStepMs, maxGapMs: options.maxGapMs }, predictor.state.history);
    const secondNewest = (): number => history.time(history.size - 2);
    let sinceSample: number[] | undefined;
    const seen = { samples: 0, between: 0, trainings: 0, movedByFreshPrediction: 0 };
    for (const end = t + DAY; t < end; t += MINUTE) {
      // A predictor restored from the state before this reading predicts afresh at it: what this one must give where it predicts.
      const fresh = new LevelPredictor(options, JSON.parse(JSON.stringify(predictor.state)) as PredictorState);
      const [sampleBefore, trainedBefore] = [secondNewest(), predictor.state.learned?.trainedAt];
      const forecast = structuredClone(predictor.update(t, level(t)));
      const expected = fresh.update(t, level(t));
      assert.equal(forecast.model, 'learned');
      const changes = forecast.horizons.map((h) => h.level - level(t));
      const newSample = secondNewest() !== sampleBefore;
      const newModel = predictor.state.learned?.trainedAt !== trainedBefore;
      if (newSample || newModel) {
        assert.deepEqual(forecast, expected);
        sinceSample = changes;
        seen.samples += newSample ? 1 : 0;
        seen.trainings += newModel && !newSample ? 1 : 0;
      } else if (sinceSample !== undefined) {
        changes.forEach((change, k) => assert.ok(Math.abs(change - sinceSample![k]) <= 1e-12, `${change} vs ${sinceSample![k]}`));
        seen.between++;
        if (forecast.horizons.some((h, k) => h.level !== expected.horizons[k].level)) seen.movedByFreshPrediction++;
      }
    }
    // A reading starts a sample once a step has passed since the last reading of the sample before: every ninth one here.
    assert.equal(seen.samples, 160);
    // The readings before the first sample of the day are left out: what they reuse was predicted before it.
    assert.ok(seen.between >= 1440 - 160 - seen.trainings - 9, `${seen.between} readings between samples`);
    assert.ok(seen.trainings >= 3, `${seen.trainings} trainings between samples`);
    assert.ok(seen.movedByFreshPrediction > seen.between / 2, 'a fresh prediction between samples would differ');
  });

  /** A predictor of one horizon after three days of 15-minute readings (its model trained), the time of its last reading, and the level it reads at any time. */
  function trainedForThreeDays(): { options: PredictorOptions; predictor: LevelPredictor; last: number; level: (t: number) => number } {
    const options = { ...defaultPredictorOptions(), horizons: [HOUR] };
    const predictor = new LevelPredictor(options);
    const level = (t: number): number => 3 + Math.cos((2 * Math.PI * (t - T0)) / DAY) + 0.1 * Math.sin((t - T0) / (7 * MINUTE));
    let t = T0;
    for (; t <= T0 + 3 * DAY; t += 15 * MINUTE) predictor.update(t, level(t));
    return { options, predictor, last: t - 15 * MINUTE, level };
  }

  it('restores from its plain-JSON state and predicts exactly as before', () => {
    const { options, predictor, last, level } = trainedForThreeDays();
    const saved = JSON.stringify(predictor.state);
    const restored = new LevelPredictor(options, JSON.parse(saved));
    assert.ok((restored.model?.state.rows ?? 0) > 0);
    assert.equal(restored.model?.state.rows, predictor.model?.state.rows);
    for (let i = 1, t = last + 15 * MINUTE; i <= 5; i++, t += 15 * MINUTE) assert.deepEqual(restored.update(t, level(t)), predictor.update(t, level(t)));
  });

  it('trains again, from the history it kept, a model saved in the layout of earlier versions (nested weights)', () => {
    const { options, predictor, last, level } = trainedForThreeDays();
    const saved = JSON.parse(JSON.stringify(predictor.state)) as { learned: Record<string, unknown> };
    const { weights, inputs, ...rest } = saved.learned as { weights: number[]; inputs: number };
    saved.learned = { ...rest, regression: { name: 'multivariateLinearRegression', weights: [weights.slice(0, 1)], inputs, outputs: 1, intercept: true } };
    const restored = new LevelPredictor(options, saved as unknown as PredictorState);
    assert.ok(restored.model === undefined, 'the old model is not read');
    let t = last;
    for (let readings = 1; restored.update((t += 15 * MINUTE), level(t)).model !== 'learned'; readings++) assert.ok(readings < 8, 'a model again within two hours');
    assert.ok((restored.state.learned?.rows ?? 0) > 0, 'trained again');
  });
});
