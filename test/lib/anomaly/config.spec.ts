import assert from 'node:assert/strict';
import { ANOMALY_KINDS, DEFAULT_ANOMALY_CONFIG, anomalyConfigFromForm, type AnomalyConfig } from '../../../nodes/lib/anomaly/config';

function read(form: Record<string, unknown>): AnomalyConfig {
  const parsed = anomalyConfigFromForm(form);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.value;
}

const MINUTE = 60_000;

describe('anomaly configuration', () => {
  it('is the default for an empty form', () => {
    assert.deepEqual(read({}), DEFAULT_ANOMALY_CONFIG);
  });

  it('reads the editor form: strings, checkboxes, minutes, hours and times of day', () => {
    const config = read({
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

  it('names the first field it cannot use, the value and what it expected', () => {
    const refused: Array<[Record<string, unknown>, string, string | number, string]> = [
      [{ window: '8' }, 'window', '"8"', 'a whole number from 16 to 100000'],
      [{ deviationLimit: 'abc' }, 'deviationLimit', '"abc"', 'a number above 0 to 1000'],
      [{ threshold: '1' }, 'threshold', '"1"', 'a number above 0 to 0.99'],
      [{ deadband: '0.5' }, 'deadband', 0.5, 'below the alarm score 0.5'],
      [{ rangeMin: '10', rangeMax: '10' }, 'rangeMax', 10, 'above the minimum 10'],
      [{ nightStart: '25:00' }, 'nightStart', '"25:00"', 'a time of day HH:MM'],
      [{ nightFlowLimit: '-1' }, 'nightFlowLimit', '"-1"', 'a number from 0 to 100000'],
      [{ flatLineFactor: '1' }, 'flatLineFactor', '"1"', 'a number above 1 to 1000'],
      [{ enterReadings: '1.5' }, 'enterReadings', '"1.5"', 'a whole number from 1 to 1000'],
      [{ burstMinutes: '0' }, 'burstMinutes', '"0"', 'a number above 0 to 1440'],
    ];
    for (const [form, field, value, expected] of refused) {
      assert.deepEqual(anomalyConfigFromForm(form), { ok: false, problem: { key: 'errors.bad-config', params: { field, value, expected } } });
    }
  });
});
