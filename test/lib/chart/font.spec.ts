import assert from 'node:assert/strict';
import { ADVANCE, drawText, fitText, glyph, textWidth } from '../../../nodes/lib/chart/font';
import { Raster } from '../../../nodes/lib/chart/raster';

const WHITE = 0xffffff;
const INK = 0x102030;

/** The raster as rows of '#' (ink) and '.' (anything else). */
function picture(raster: Raster): string[] {
  return Array.from({ length: raster.height }, (_, y) => Array.from({ length: raster.width }, (_, x) => (raster.pixel(x, y) === INK ? '#' : '.')).join(''));
}

describe('bitmap font', () => {
  it('draws a glyph pixel for pixel, one blank column between characters', () => {
    const raster = new Raster(11, 7, WHITE);
    drawText(raster, 'L1', 0, 0, INK);
    assert.deepEqual(picture(raster), [
      '#.......#..',
      '#......##..',
      '#.......#..',
      '#.......#..',
      '#.......#..',
      '#.......#..',
      '#####..###.',
    ]);
  });

  it('scales by whole pixels', () => {
    const raster = new Raster(10, 14, WHITE);
    drawText(raster, '-', 0, 0, INK, 2);
    const rows = picture(raster);
    assert.deepEqual(rows.slice(6, 8), ['##########', '##########']);
    assert.equal(rows.filter((r) => r.includes('#')).length, 2);
  });

  it('has a glyph for every character of axis labels, titles and units, and ? for the rest', () => {
    const question = glyph('?');
    for (const char of '0123456789.:-%/ +()abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ…·°³') {
      if (char !== ' ') assert.notDeepEqual(glyph(char), question, `glyph for ${char}`);
      assert.equal(glyph(char).length, 5);
    }
    assert.deepEqual(glyph('€'), question);
    assert.deepEqual(glyph('\u0000'), question);
  });

  it('measures and shortens texts to a width', () => {
    assert.equal(textWidth(''), 0);
    assert.equal(textWidth('abc'), 3 * ADVANCE - 1);
    assert.equal(textWidth('abc', 2), 2 * (3 * ADVANCE - 1));
    assert.equal(fitText('tank1/level', 100), 'tank1/level');
    const short = fitText('tank1/level', 40);
    assert.equal(short, 'tank1…');
    assert.ok(textWidth(short) <= 40);
    assert.equal(fitText('tank1/level', 3), '');
  });
});
