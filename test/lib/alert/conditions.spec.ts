import assert from 'node:assert/strict';
import { anomalyEventOf, flaggedReadingOf, matchesTopic, parseSeverity, predictionOf, thresholdHolds } from '../../../nodes/lib/alert/conditions';
import { formatDuration, parseDuration } from '../../../nodes/lib/alert/duration';

describe('alert inputs and conditions', () => {
  it('matches topics exactly, with MQTT wildcards, or all', () => {
    assert.equal(matchesTopic('', 'anything'), true);
    assert.equal(matchesTopic('tank1/level', 'tank1/level'), true);
    assert.equal(matchesTopic('tank1/level', 'tank1/flow'), false);
    assert.equal(matchesTopic('+/level', 'tank2/level'), true);
    assert.equal(matchesTopic('+/level', 'a/b/level'), false);
    assert.equal(matchesTopic('house/#', 'house/meter/flow'), true);
    assert.equal(matchesTopic('house/#', 'garden/flow'), false);
    assert.equal(matchesTopic('house/+', 'house'), false);
  });

  it('holds Hi at or above the limit and keeps holding within the deadband', () => {
    assert.equal(thresholdHolds('hi', 90, 5, 89.99, false), false);
    assert.equal(thresholdHolds('hi', 90, 5, 90, false), true);
    assert.equal(thresholdHolds('hihi', 90, 5, 85, true), true);
    assert.equal(thresholdHolds('hi', 90, 5, 84.99, true), false);
    assert.equal(thresholdHolds('lo', 10, 2, 10, false), true);
    assert.equal(thresholdHolds('lolo', 10, 2, 12, true), true);
    assert.equal(thresholdHolds('lo', 10, 2, 12.01, true), false);
    assert.equal(thresholdHolds('lo', 10, 2, 11, false), false);
  });

  it('reads severities by name or score', () => {
    assert.equal(parseSeverity('Critical'), 'critical');
    assert.equal(parseSeverity('info'), 'info');
    assert.equal(parseSeverity(0.8), 'critical');
    assert.equal(parseSeverity(0.79), 'warning');
    assert.equal(parseSeverity(0.5), 'warning');
    assert.equal(parseSeverity(0.49), 'info');
    for (const bad of ['high', 1.5, -0.1, null, undefined, {}]) assert.equal(parseSeverity(bad), undefined, String(bad));
  });

  it('reads an anomaly event from the payload or msg.anomaly', () => {
    const event = { topic: 'house/flow', kind: 'burst', state: 'start', severity: 'critical', since: 1, value: '42.5', text: 'burst' };
    assert.deepEqual(anomalyEventOf({ topic: 'x', payload: event }), {
      ok: true,
      value: { kind: 'burst', state: 'start', severity: 'critical', value: 42.5, topic: 'house/flow' },
    });
    assert.deepEqual(anomalyEventOf({ topic: 'x', anomaly: { kind: 'leak', state: 'end' } }), {
      ok: true,
      value: { kind: 'leak', state: 'end', severity: 'warning', value: null, topic: undefined },
    });
    assert.equal(anomalyEventOf({ payload: 3, anomaly: { score: 0.2, anomalous: false, kinds: [] } }), undefined);
  });

  it('refuses a malformed anomaly event, naming the topic', () => {
    for (const bad of [{ kind: 'leak', state: 'begin' }, { state: 'start' }, { kind: '', state: 'end' }, { kind: 'leak', state: 'start', severity: 'huge' }]) {
      const result = anomalyEventOf({ topic: 'house/flow', payload: bad });
      assert.equal(result?.ok, false, JSON.stringify(bad));
      if (result && !result.ok) {
        assert.equal(result.problem.key, 'errors.bad-anomaly');
        assert.equal(result.problem.params?.topic, 'house/flow');
      }
    }
  });

  it('reads the flags of a reading that passed through the detector', () => {
    assert.deepEqual(flaggedReadingOf({ anomaly: { score: 0.9, anomalous: true, kinds: ['leak', 3], details: {} } }), {
      ok: true,
      value: { anomalous: true, kinds: ['leak'], severity: 'critical' },
    });
    assert.deepEqual(flaggedReadingOf({ anomaly: { score: 0.1, anomalous: true } }), { ok: true, value: { anomalous: true, kinds: ['anomaly'], severity: 'warning' } });
    assert.deepEqual(flaggedReadingOf({ anomaly: { score: 0, anomalous: false, kinds: ['leak'] } }), { ok: true, value: { anomalous: false, kinds: [], severity: 'warning' } });
    assert.equal(flaggedReadingOf({ payload: 3 }), undefined);
    assert.equal(flaggedReadingOf({ anomaly: { score: 0.9 } })?.ok, false);
    assert.equal(flaggedReadingOf({ anomaly: { anomalous: true, kinds: 'leak' } })?.ok, false);
  });

  it('reads prediction times in ms, null where not reached, and refuses anything else', () => {
    assert.deepEqual(predictionOf({ prediction: { timeToEmpty: 3_600_000, timeToLow: null, slope: -1 } }), {
      ok: true,
      value: { timeToEmpty: 3_600_000, timeToLow: null, timeToFull: null, timeToHigh: null },
    });
    assert.equal(predictionOf({ topic: 't' }), undefined);
    assert.deepEqual(predictionOf({ topic: 't', prediction: { timeToEmpty: -5 } }), {
      ok: false,
      problem: { key: 'errors.bad-prediction', params: { topic: 't', measure: 'timeToEmpty', value: '-5' } },
    });
    assert.equal(predictionOf({ prediction: { timeToLow: '1h' } })?.ok, false);
  });

  it('parses and formats durations', () => {
    assert.equal(parseDuration(90_000), 90_000);
    assert.equal(parseDuration('1500'), 1500);
    assert.equal(parseDuration('30m'), 1_800_000);
    assert.equal(parseDuration('1.5 h'), 5_400_000);
    assert.equal(parseDuration('2D'), 172_800_000);
    for (const bad of [-1, NaN, '', 'soon', '5 weeks', null, {}]) assert.equal(parseDuration(bad), undefined, String(bad));
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(45_999), '45 s');
    assert.equal(formatDuration(5_400_000), '1 h 30 min');
    assert.equal(formatDuration(7_200_000), '2 h');
    assert.equal(formatDuration(2 * 86_400_000 + 3 * 3_600_000 + 59_000), '2 d 3 h');
  });
});
