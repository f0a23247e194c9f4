import assert from 'node:assert/strict';
import { chartImage, selectSeries } from '../../../nodes/lib/chart/image';
import type { Series } from '../../../nodes/lib/chart/series';
import { decodePng } from '../../support/png';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 0, 5, 12);
const texts = { noData: 'no data', more: (n: number) => `+${n} more` };

const buffers: Array<[string, Series]> = [
  ['tank/level', { unit: '%', times: [T - 2 * HOUR, T - HOUR], values: [50, 60] }],
  ['meter', { times: [T - 3 * HOUR, T], values: [1, 2] }],
  ['garden', { unit: 'L/min', times: [T - 30 * HOUR], values: [5] }],
];

describe('chart image', () => {
  it('selects all series alphabetically, or the listed ones in their order', () => {
    assert.deepEqual(selectSeries(buffers, []).map(([t]) => t), ['garden', 'meter', 'tank/level']);
    assert.deepEqual(selectSeries(buffers, ['tank/level', 'missing', 'meter']).map(([t]) => t), ['tank/level', 'meter']);
  });

  it('ends at the newest reading and describes what it drew', () => {
    const { png, info } = chartImage(selectSeries(buffers, []), { width: 300, height: 200, spanMs: 24 * HOUR }, { title: 'T' }, texts, T + 99 * HOUR, () => 0);
    const decoded = decodePng(png);
    assert.deepEqual([decoded.width, decoded.height], [300, 200]);
    assert.deepEqual([info.width, info.height, info.start, info.end], [300, 200, T - 24 * HOUR, T]);
    assert.equal(info.yMin, 0, 'readings from 1 to 60 are padded down to zero, not across it');
    assert.ok(info.yMax > 60, `yMax ${info.yMax}`);
    assert.deepEqual(info.series, [
      { topic: 'meter', points: 2, colour: '#1f77b4' },
      { topic: 'tank/level', unit: '%', points: 2, colour: '#ff7f0e' },
    ]);
  });

  it('spans the hours before now when there are no readings', () => {
    const { info } = chartImage([], { width: 300, height: 200, spanMs: HOUR }, { title: '' }, texts, T, () => 60);
    assert.deepEqual([info.start, info.end, info.series], [T - HOUR, T, []]);
  });
});
