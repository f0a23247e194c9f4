import assert from 'node:assert/strict';
import { ANOMALY_KINDS, DEFAULT_ANOMALY_CONFIG, anomalyConfigFromForm } from '../../../nodes/lib/anomaly/config';

const MINUTE = 60_000;

describe('anomaly configuration', () => {
  it('is the default for an empty form', () => {
    assert.deepEqual(anomalyConfigFromForm({}), DEFAULT_ANOMALY_CONFIG);
  });

  it('reads the editor form: strings, checkboxes, minutes, hours and times of day', () => {
    const config = anomalyConfigFromForm({
      spike: false,
      usageEvents: 'false',
      statisticsOnWater: true,
      window: '64',
      dailyLimit: '4.5',
      silenceTimeout: '90',
      rangeMin: '-5',
      rangeMax: '105',
      quietMinutes: '30',
      continuousHours: '12',
      nightStart: '23:30',
      nightEnd: '4:00',
      nightFlowLimit: '0.2',
      burstMinutes: '0.5',
      threshold: '0.6',
      deadband: '0.1',
      cooldown: '0',
    });
    assert.equal(config.enabled.spike, false);
    assert.equal(config.enabled['long-event'], false);
    assert.equal(config.enabled['large-event'], false);
    assert.equal(ANOMALY_KINDS.filter((k) => config.enabled[k]).length, ANOMALY_KINDS.length - 3);
    assert.equal(config.statisticsOnWater, true);
    assert.equal(config.statistical.window, 64);
    assert.equal(config.relearnAfter, 64);
    assert.equal(config.statistical.dailyLimit, 4.5);
    assert.equal(config.silence.timeout, 90_000);
    assert.deepEqual([config.rangeMin, config.rangeMax], [-5, 105]);
    assert.equal(config.rules.quietPeriod, 30 * MINUTE);
    assert.equal(config.rules.continuousWindow, 12 * 60 * MINUTE);
    assert.deepEqual([config.rules.nightStart, config.rules.nightEnd], [23 * 60 + 30, 4 * 60]);
    assert.equal(config.rules.nightFlowLimit, 0.2);
    assert.equal(config.rules.burstDuration, 30_000);
    assert.deepEqual(config.alarm, { threshold: 0.6, enterReadings: 2, deadband: 0.1, cooldown: 0 });
  });

  it('names the first field it cannot use', () => {
    const refused: Array<[Record<string, unknown>, RegExp]> = [
      [{ window: '8' }, /^window must be a whole number of readings, at least 16, got "8"$/],
      [{ deviationLimit: 'abc' }, /^deviationLimit must be a positive number of standard deviations, got "abc"$/],
      [{ threshold: '1' }, /^threshold must be a score between 0 and 1/],
      [{ deadband: '0.5' }, /^deadband must be a score from 0 to below the threshold, got "0.5"$/],
      [{ rangeMin: '10', rangeMax: '10' }, /^rangeMin must be below rangeMax, got 10 and 10$/],
      [{ nightStart: '25:00' }, /^nightStart must be a time of day HH:MM, got "25:00"$/],
      [{ nightFlowLimit: '-1' }, /^nightFlowLimit must be a flow of at least 0, got -1$/],
      [{ flatLineFactor: '1' }, /^flatLineFactor must be a factor above 1/],
      [{ enterReadings: '1.5' }, /^enterReadings must be a whole number of readings, at least 1/],
      [{ burstMinutes: '0' }, /^burstMinutes must be a positive number of minutes, got "0"$/],
    ];
    for (const [form, message] of refused) assert.throws(() => anomalyConfigFromForm(form), { name: 'RangeError', message });
  });
});
