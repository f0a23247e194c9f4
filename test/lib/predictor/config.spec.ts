import assert from 'node:assert/strict';
import { MAX_HISTORY_SAMPLES, MAX_TREND_SAMPLES, predictorConfigFromForm } from '../../../nodes/lib/predictor/config';
import { LevelUnits } from '../../../nodes/lib/predictor/level-units';
import { Tank } from '../../../nodes/lib/tank';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('predictor: configuration', () => {
  it('reads the defaults from an empty form', () => {
    const config = predictorConfigFromForm({});
    assert.ok(config.ok);
    const { options } = config.value;
    assert.deepEqual(options.horizons, [HOUR, 3 * HOUR, 6 * HOUR]);
    assert.equal(config.value.mainHorizon, HOUR);
    assert.equal(options.trendWindowMs, HOUR);
    assert.equal(options.trendMaxSamples, 120);
    assert.equal(options.historyMs, 14 * DAY);
    assert.equal(options.historyStepMs, 10 * MINUTE);
    assert.equal(options.retrainEveryMs, 48 * HOUR);
    assert.equal(options.limitMs, 24 * HOUR);
    assert.equal(config.value.unit, '%');
    assert.equal(config.value.low, undefined);
    assert.deepEqual(config.value.flows, []);
    assert.equal(config.value.chart, false);
  });

  it('reads every field, the main horizon first as written', () => {
    const config = predictorConfigFromForm({
      horizons: '6h, 15m, 1h',
      trendWindow: '0',
      trendSamples: '30',
      history: '365d',
      step: '1min',
      low: '20',
      high: '95.5',
      unit: 'L',
      inflowType: 'topic',
      inflow: 'tank/pump',
      netType: 'msg',
      net: 'flow.net',
      outputs: 2,
    });
    assert.ok(config.ok);
    assert.deepEqual(config.value.options.horizons, [6 * HOUR, 15 * MINUTE, HOUR]);
    assert.equal(config.value.mainHorizon, 6 * HOUR);
    assert.equal(config.value.options.trendWindowMs, Infinity, '0: the window is by count only');
    assert.equal(config.value.options.historyStepMs, Math.ceil((365 * DAY) / MAX_HISTORY_SAMPLES), 'coarsened to the sample limit');
    assert.deepEqual(config.value.flows, [
      { kind: 'inflow', from: 'topic', name: 'tank/pump' },
      { kind: 'net', from: 'msg', name: 'flow.net' },
    ]);
    assert.equal(config.value.low, 20);
    assert.equal(config.value.high, 95.5);
    assert.equal(config.value.chart, true);
  });

  it('takes a trend window of up to 100,000 readings', () => {
    const config = predictorConfigFromForm({ trendWindow: '0', trendSamples: '100000' });
    assert.ok(config.ok);
    assert.equal(config.value.options.trendMaxSamples, 100_000);
  });

  it('names the first invalid field', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ horizons: '1h, soon' }, 'horizons'],
      [{ history: '0' }, 'history'],
      [{ trendSamples: '1' }, 'trendSamples'],
      [{ trendSamples: String(MAX_TREND_SAMPLES + 1) }, 'trendSamples'],
      [{ unit: 'L/min' }, 'unit'],
      [{ low: 'low' }, 'low'],
      [{ outflowType: 'topic', outflow: ' ' }, 'outflow'],
    ];
    for (const [form, field] of cases) {
      const config = predictorConfigFromForm(form);
      assert.ok(!config.ok && config.problem.key === 'errors.bad-config' && config.problem.params?.field === field, `${field}: ${JSON.stringify(config)}`);
    }
  });
});

describe('predictor: level units', () => {
  // 1 m across, 2 m high: 1570.8 L when full; an ultrasonic sensor 0.2 m above the full level.
  const tank = new Tank({ shape: 'vertical-cylinder', dimensionUnit: 'm', diameter: 1, height: 2, sensor: 'top', sensorOffset: 0.2 });

  it('turns readings into metres of level through the tank and predictions back into the chosen unit', () => {
    const units = new LevelUnits(tank, '%');
    assert.equal(units.fromReading(70, 'cm'), 1.5, 'a distance of 70 cm from the sensor is 1.5 m of water');
    assert.equal(units.fromReading(25, '%'), 0.5);
    assert.equal(units.toOutput(1.5), 75);
    assert.equal(units.markToModel(10), 0.2);
    assert.deepEqual(units.marks(10, 90), { empty: 0, full: 2, low: 0.2, high: 1.8 });
    assert.ok(Math.abs(units.rateToOutput(1, 0.1) - 5) < 1e-9, '0.1 m/h is 5 %/h');
    assert.equal(new LevelUnits(tank, 'cm').markToModel(150), 1.5, 'a length mark is a level, not a sensor distance');
  });

  it('without a tank, converts readings within their kind and knows full only in percent', () => {
    const units = new LevelUnits(undefined, 'cm');
    assert.equal(units.fromReading(1.25, 'm'), 125);
    assert.equal(units.fromReading(50, '%'), undefined);
    assert.deepEqual(units.marks(undefined, 180), { empty: 0, full: undefined, low: undefined, high: 180 });
    assert.deepEqual(new LevelUnits(undefined, '%').bounds(), { min: 0, max: 100 });
  });
});
