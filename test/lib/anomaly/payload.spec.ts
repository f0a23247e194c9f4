import assert from 'node:assert/strict';
import { ChannelReader, readChannels } from '../../../nodes/lib/anomaly/payload';
import { MAX_CHANNELS } from '../../../nodes/lib/anomaly/topic-model';

const OPTIONS = { unit: '', channels: [] };

describe('anomaly payloads', () => {
  it('reads a number or numeric string as the one channel, with its unit', () => {
    assert.deepEqual(readChannels({ payload: 12.5, unit: 'l/min' }, OPTIONS), { ok: true, value: [{ name: 'value', value: 12.5, unit: 'L/min' }] });
    assert.deepEqual(readChannels({ payload: ' 3 ' }, { unit: '%', channels: [] }), { ok: true, value: [{ name: 'value', value: 3, unit: '%' }] });
    assert.deepEqual(readChannels({ payload: 3 }, OPTIONS), { ok: true, value: [{ name: 'value', value: 3, unit: undefined }] });
  });

  it('reads each numeric property of an object as a channel, with units by channel', () => {
    const msg = { payload: { flow: 12, pressure: '2.1', status: 'ok', on: true }, unit: { flow: 'L/min' } };
    assert.deepEqual(readChannels(msg, OPTIONS), {
      ok: true,
      value: [
        { name: 'flow', value: 12, unit: 'L/min' },
        { name: 'pressure', value: 2.1, unit: undefined },
      ],
    });
    assert.deepEqual(readChannels(msg, { unit: '', channels: ['pressure', 'missing'] }), { ok: true, value: [{ name: 'pressure', value: 2.1, unit: undefined }] });
    assert.deepEqual(readChannels({ payload: { a: 1, b: 2 }, unit: 'cm' }, OPTIONS), {
      ok: true,
      value: [
        { name: 'a', value: 1, unit: 'cm' },
        { name: 'b', value: 2, unit: 'cm' },
      ],
    });
  });

  it('refuses what it cannot read, naming the topic and the value', () => {
    const refusals: Array<[Record<string, unknown>, string, Record<string, unknown>]> = [
      [{ topic: 't', payload: 'abc' }, 'common.errors.not-a-number', { topic: 't', value: '"abc"' }],
      [{ topic: 't', payload: [1, 2] }, 'common.errors.not-a-number', { topic: 't', value: 'an array of 2' }],
      [{ topic: 't', payload: NaN }, 'common.errors.not-a-number', { topic: 't', value: 'NaN' }],
      [{ topic: 't', payload: { status: 'ok' } }, 'errors.no-channels', { topic: 't', value: '{"status":"ok"}' }],
      [{ topic: 't', payload: 4, unit: { a: 'cm' } }, 'errors.unit-object', { topic: 't', value: '{"a":"cm"}' }],
      [{ topic: 't', payload: 4, unit: 'furlongs' }, 'common.errors.bad-unit', { topic: 't', value: '"furlongs"' }],
      [{ topic: 't', payload: { flow: 1 }, unit: { flow: 'bar' } }, 'common.errors.bad-unit', { topic: 't', value: '"bar"' }],
    ];
    for (const [msg, key, params] of refusals) {
      const parsed = readChannels(msg, OPTIONS);
      assert.equal(parsed.ok, false);
      if (parsed.ok) continue;
      assert.equal(parsed.problem.key, key);
      for (const [name, value] of Object.entries(params)) assert.equal(parsed.problem.params?.[name], value, `${key} ${name}`);
    }
    const many = Object.fromEntries(Array.from({ length: MAX_CHANNELS + 1 }, (_, i) => [`c${i}`, i]));
    const parsed = readChannels({ topic: 't', payload: many }, OPTIONS);
    assert.deepEqual(parsed, { ok: false, problem: { key: 'errors.too-many-channels', params: { topic: 't', count: MAX_CHANNELS + 1, max: MAX_CHANNELS } } });
  });

  it('reads with a reader exactly as readChannels does, a plain number into the one reading it keeps', () => {
    const messages: Array<Record<string, unknown>> = [
      { payload: 12.5 },
      { payload: ' 3 ' },
      { payload: 4, unit: 'cm' },
      { payload: { flow: 12, pressure: '2.1' }, unit: { flow: 'L/min' } },
      { topic: 't', payload: 'abc' },
      { payload: 7 },
    ];
    for (const options of [OPTIONS, { unit: 'L/min', channels: [] }]) {
      const reader = new ChannelReader(options);
      for (const msg of messages) assert.deepEqual(reader.read(msg), readChannels(msg, options), JSON.stringify(msg));
    }
    const reader = new ChannelReader(OPTIONS);
    assert.equal(reader.read({ payload: 1 }), reader.read({ payload: 2 }), 'the same result, filled again');
  });
});
