import assert from 'node:assert/strict';
import { chartSettingsFromForm, parseTopicList, renderRequest, type ChartSettings } from '../../../nodes/lib/chart/config';

const HOUR = 3_600_000;

function settings(form: Record<string, unknown> = {}): ChartSettings {
  const parsed = chartSettingsFromForm(form);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.value;
}

describe('chart image settings', () => {
  it('reads an empty form as the defaults', () => {
    assert.deepEqual(settings(), {
      title: '',
      topics: [],
      limits: { windowMs: 24 * HOUR, maxPoints: 2000 },
      maxTopics: 100,
      width: 800,
      height: 400,
      persist: false,
    });
  });

  it('reads the editor strings', () => {
    const read = settings({ title: ' Tank ', topics: 'tank/level, tank/flow\n\ntank/level', hours: '6', maxPoints: '500', maxTopics: '10', width: '640', height: '480', yMin: '0', yMax: '100', persist: true });
    assert.deepEqual(read, { title: 'Tank', topics: ['tank/level', 'tank/flow'], limits: { windowMs: 6 * HOUR, maxPoints: 500 }, maxTopics: 10, width: 640, height: 480, yMin: 0, yMax: 100, persist: true });
    assert.deepEqual(parseTopicList(undefined), []);
  });

  it('names the field that is wrong and what it accepts', () => {
    const problem = (form: Record<string, unknown>): unknown => {
      const parsed = chartSettingsFromForm(form);
      return parsed.ok ? undefined : parsed.problem;
    };
    assert.deepEqual(problem({ width: '5000' }), { key: 'errors.bad-config', params: { field: 'width', value: '"5000"', expected: 'a whole number from 200 to 2000' } });
    assert.deepEqual(problem({ hours: '0' }), { key: 'errors.bad-config', params: { field: 'hours', value: '"0"', expected: 'a number above 0 to 744' } });
    assert.deepEqual(problem({ maxPoints: '3' }), { key: 'errors.bad-config', params: { field: 'maxPoints', value: '"3"', expected: 'a whole number from 4 to 20000' } });
    assert.deepEqual(problem({ yMin: 'low' }), { key: 'errors.bad-config', params: { field: 'yMin', value: '"low"', expected: `a number from ${-Number.MAX_VALUE} to ${Number.MAX_VALUE}` } });
    assert.deepEqual(problem({ yMin: '10', yMax: '10' }), { key: 'errors.bad-config', params: { field: 'yMin', value: 10, expected: 'below the maximum 10' } });
  });
});

describe('chart render request', () => {
  const configured = settings({ width: '600', height: '300', hours: '12' });

  it('uses the configured size and span by default', () => {
    assert.deepEqual(renderRequest({ command: 'render' }, configured), { ok: true, value: { width: 600, height: 300, spanMs: 12 * HOUR } });
  });

  it('takes msg.width, msg.height and msg.hours within bounds, and rejects them outside', () => {
    assert.deepEqual(renderRequest({ width: 200, height: '1500', hours: 0.5 }, configured), { ok: true, value: { width: 200, height: 1500, spanMs: 0.5 * HOUR } });
    const problem = (msg: Record<string, unknown>): unknown => {
      const parsed = renderRequest(msg, configured);
      return parsed.ok ? undefined : parsed.problem;
    };
    assert.deepEqual(problem({ width: 2001 }), { key: 'errors.bad-request', params: { field: 'width', value: '2001', expected: 'a whole number from 200 to 2000' } });
    assert.deepEqual(problem({ width: 199 }), { key: 'errors.bad-request', params: { field: 'width', value: '199', expected: 'a whole number from 200 to 2000' } });
    assert.deepEqual(problem({ height: 300.5 }), { key: 'errors.bad-request', params: { field: 'height', value: '300.5', expected: 'a whole number from 150 to 1500' } });
    assert.deepEqual(problem({ height: 'big' }), { key: 'errors.bad-request', params: { field: 'height', value: '"big"', expected: 'a whole number from 150 to 1500' } });
    assert.deepEqual(problem({ hours: 13 }), { key: 'errors.bad-request', params: { field: 'hours', value: '13', expected: 'hours above 0 and at most 12 (the window)' } });
    assert.deepEqual(problem({ hours: 0 }), { key: 'errors.bad-request', params: { field: 'hours', value: '0', expected: 'hours above 0 and at most 12 (the window)' } });
  });

  it('reads an HTTP query, clamped into bounds, and ignores what is not a number', () => {
    const http = (query: Record<string, unknown>): unknown => renderRequest({ req: { query }, payload: query }, configured);
    assert.deepEqual(http({ width: '400', height: '250', hours: '6' }), { ok: true, value: { width: 400, height: 250, spanMs: 6 * HOUR } });
    assert.deepEqual(http({ width: '99999', height: '10', hours: '1000' }), { ok: true, value: { width: 2000, height: 150, spanMs: 12 * HOUR } });
    assert.deepEqual(http({ width: 'wide', height: ['333.4', '999'], hours: '-1' }), { ok: true, value: { width: 600, height: 333, spanMs: 12 * HOUR } });
    assert.deepEqual(renderRequest({ req: { query: { width: '400' } }, width: 500 }, configured), { ok: true, value: { width: 500, height: 300, spanMs: 12 * HOUR } }, 'msg.width wins');
  });
});
