import assert from 'node:assert/strict';
import { eventText, formatDuration, formatNumber } from '../../../nodes/lib/anomaly/event-text';
import type { AnomalyEvent } from '../../../nodes/lib/anomaly/topic-model';

describe('anomaly event texts', () => {
  it('rounds numbers to four significant digits', () => {
    assert.deepEqual([12.345678, 0.012345, 1234.5, 100, -0.5, 0].map(formatNumber), ['12.35', '0.01235', '1235', '100', '-0.5', '0']);
    assert.equal(formatNumber(undefined), '?');
  });

  it('says durations as people do', () => {
    assert.deepEqual([0, 45_000, 89_000, 90_000, 25 * 60_000, 90 * 60_000, 47 * 3_600_000, 3 * 86_400_000].map(formatDuration), [
      '0 s',
      '45 s',
      '89 s',
      '2 min',
      '25 min',
      '1.5 h',
      '47 h',
      '3 d',
    ]);
  });

  it('picks the text of the kind to start and the shared one to end, with its parameters', () => {
    const event: AnomalyEvent = {
      kind: 'long-event',
      state: 'start',
      channel: 'value',
      severity: 'warning',
      since: 0,
      time: 7_200_000,
      value: 0.3,
      score: 0.5,
      facts: { usageMinutes: 120, usageLitres: 36, readings: 1 },
    };
    const start = eventText(event, 'house/flow');
    assert.equal(start.key, 'events.start.long-event');
    assert.equal(start.params.where, 'house/flow');
    assert.equal(start.params.usage, '2 h');
    assert.equal(start.params.litres, '36');
    assert.equal(start.params.duration, '2 h');
    assert.equal(eventText({ ...event, state: 'end' }, 'x').key, 'events.end');
  });
});
