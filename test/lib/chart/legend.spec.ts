import assert from 'node:assert/strict';
import { textWidth } from '../../../nodes/lib/chart/font';
import { layoutLegend } from '../../../nodes/lib/chart/legend';

const more = (n: number): string => `+${n} more`;
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `tank${i}/level`, colour: i }));
/** Swatch 14, gap 4, then the label; 12 between entries. */
const entryWidth = (label: string): number => 14 + 4 + textWidth(label);

describe('chart legend', () => {
  it('fills a row, then the next', () => {
    const width = 3 * entryWidth('tank0/level') + 2 * 12;
    const legend = layoutLegend(items(5), width, 1, more);
    assert.deepEqual(legend.rows.map((r) => r.map((e) => e.label)), [['tank0/level', 'tank1/level', 'tank2/level'], ['tank3/level', 'tank4/level']]);
  });

  it('takes at most two rows and counts in its note every entry it leaves out', () => {
    const width = 3 * entryWidth('tank0/level') + 2 * 12;
    const legend = layoutLegend(items(30), width, 1, more);
    assert.equal(legend.rows.length, 2);
    const shown = legend.rows.flat().filter((e) => e.colour !== undefined).length;
    const note = legend.rows[1][legend.rows[1].length - 1];
    assert.equal(note.colour, undefined);
    assert.equal(note.label, `+${30 - shown} more`);
    assert.ok(shown < 6, 'an entry of the second row gave way to the note');
    for (const row of legend.rows) assert.ok(row.reduce((sum, e) => sum + e.width, 0) + 12 * (row.length - 1) <= width);
  });

  it('shortens a label longer than the legend is wide', () => {
    const legend = layoutLegend([{ label: 'x'.repeat(100), colour: 1 }], 200, 1, more);
    assert.ok(legend.rows[0][0].label.endsWith('…'));
    assert.ok(legend.rows[0][0].width <= 200);
  });

  it('is empty without series', () => {
    assert.deepEqual(layoutLegend([], 500, 1, more).rows, []);
  });
});
