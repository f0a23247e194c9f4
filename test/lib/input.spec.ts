import assert from 'node:assert/strict';
import { backwards, badTimestamp, checkMonotonic, commandOf, parseNumber, parseReading, parseTimestamp, parseUnit, timestampOf } from '../../nodes/lib/input';

describe('input parsing', () => {
  it('accepts finite numbers and numeric strings only', () => {
    assert.equal(parseNumber(3.5), 3.5);
    assert.equal(parseNumber(' -2e3 '), -2000);
    assert.equal(parseNumber('.5'), 0.5);
    for (const bad of [NaN, Infinity, -Infinity, '', '12abc', '0x10', null, undefined, {}, [], true, '1,5']) {
      assert.equal(parseNumber(bad), undefined, `accepted ${String(bad)}`);
    }
  });

  it('names the topic and the value when a payload is not a number', () => {
    const r = parseReading({ payload: 'abc', topic: 'tank1/level' });
    assert.deepEqual(r, { ok: false, problem: { key: 'common.errors.not-a-number', params: { topic: 'tank1/level', value: '"abc"' } } });
  });

  it('shortens long topics and values in problems', () => {
    const r = parseReading({ payload: 'x'.repeat(500), topic: 't'.repeat(500) });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.ok(String(r.problem.params?.topic).length <= 61);
      assert.ok(String(r.problem.params?.value).length <= 61);
    }
  });

  it('reads timestamps as epoch ms, ISO text or Date, defaulting to arrival', () => {
    assert.deepEqual(parseTimestamp({}, 42), { ok: true, value: 42 });
    assert.deepEqual(parseTimestamp({ timestamp: 1700000000000 }, 0), { ok: true, value: 1700000000000 });
    assert.deepEqual(parseTimestamp({ timestamp: '2024-01-01T00:00:00Z' }, 0), { ok: true, value: Date.UTC(2024, 0, 1) });
    assert.deepEqual(parseTimestamp({ timestamp: new Date(5) }, 0), { ok: true, value: 5 });
    assert.equal(parseTimestamp({ timestamp: 'yesterday' }, 0).ok, false);
    assert.equal(parseTimestamp({ timestamp: -1 }, 0).ok, false);
    assert.equal(parseTimestamp({ timestamp: NaN }, 0).ok, false);
    assert.equal(parseTimestamp({ timestamp: 8.64e15 }, 0).ok, false);
    assert.equal(parseTimestamp({ timestamp: 253402300799999 }, 0).ok, true);
  });

  it('checks units against the kinds a node accepts', () => {
    assert.deepEqual(parseUnit({}, ['rate'], 'L/min'), { ok: true, value: 'L/min' });
    assert.deepEqual(parseUnit({ unit: 'm³/h' }, ['rate'], 'L/min'), { ok: true, value: 'm3/h' });
    const bad = parseUnit({ unit: 'L', topic: 'meter' }, ['rate'], 'L/min');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.equal(bad.problem.key, 'common.errors.bad-unit');
  });

  it('rejects a timestamp going backwards but accepts a repeated one', () => {
    assert.equal(checkMonotonic('a', 10, 10).ok, true);
    assert.equal(checkMonotonic('a', 9, 10).ok, false);
    assert.equal(checkMonotonic('a', 9, undefined).ok, true);
  });

  it('reads timestamps and order without result objects exactly as parseTimestamp and checkMonotonic do', () => {
    const now = 1_700_000_000_000;
    for (const timestamp of [undefined, null, 5, '1700000000001', '2026-01-01T00:00:00Z', new Date(7), 'soon', -1, NaN, 1e300, {}]) {
      const msg = { topic: 't', timestamp };
      const parsed = parseTimestamp(msg, now);
      const ms = timestampOf(msg, now);
      assert.deepEqual(ms === undefined ? { ok: false, problem: badTimestamp(msg) } : { ok: true, value: ms }, parsed, String(timestamp));
    }
    for (const [timestamp, last] of [[5, undefined], [5, 5], [5, 6], [6, 5]] as Array<[number, number | undefined]>) {
      const problem = backwards('t', timestamp, last);
      assert.deepEqual(problem === undefined ? { ok: true, value: timestamp } : { ok: false, problem }, checkMonotonic('t', timestamp, last));
    }
  });

  it('reads commands from msg.command only', () => {
    assert.equal(commandOf({ command: ' Reset ' }), 'reset');
    assert.equal(commandOf({}), undefined);
  });
});
