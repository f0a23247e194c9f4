import assert from 'node:assert/strict';
import { Raster } from '../../../nodes/lib/chart/raster';
import { Stroke } from '../../../nodes/lib/chart/stroke';

const WHITE = 0xffffff;
const BLUE = 0x1f77b4;
const all = { left: 0, top: 0, right: 40, bottom: 20 };

function rowsWith(raster: Raster, colour: number, x: number): number[] {
  return Array.from({ length: raster.height }, (_, y) => y).filter((y) => raster.pixel(x, y) === colour);
}

function inked(raster: Raster): number {
  let count = 0;
  for (let y = 0; y < raster.height; y++) for (let x = 0; x < raster.width; x++) if (raster.pixel(x, y) !== WHITE) count++;
  return count;
}

describe('anti-aliased strokes', () => {
  it('draws a 2 px line along a pixel boundary as exactly two solid rows', () => {
    const raster = new Raster(40, 20, WHITE);
    const stroke = new Stroke(all);
    stroke.polyline([5, 35], [10, 10], 2);
    stroke.paint(raster, BLUE);
    for (let x = 5; x < 35; x++) assert.deepEqual(rowsWith(raster, BLUE, x), [9, 10], `column ${x}`);
    assert.equal(raster.pixel(20, 8), WHITE);
    assert.equal(raster.pixel(20, 11), WHITE);
  });

  it('covers a line through pixel centres fully on its row and half on the rows beside it', () => {
    const raster = new Raster(40, 20, WHITE);
    const stroke = new Stroke(all);
    stroke.segment(5, 10.5, 35, 10.5, 2);
    stroke.paint(raster, 0x000000);
    assert.equal(raster.pixel(20, 10), 0x000000);
    assert.equal(raster.pixel(20, 9), 0x808080);
    assert.equal(raster.pixel(20, 11), 0x808080);
    assert.equal(raster.pixel(20, 8), WHITE);
  });

  it('blends a polyline once, so its joints are no darker than its segments', () => {
    const joined = new Raster(40, 20, WHITE);
    const stroke = new Stroke(all);
    stroke.polyline([5, 20, 35], [10.5, 10.5, 10.5], 2);
    stroke.paint(joined, 0x000000);
    const single = new Raster(40, 20, WHITE);
    stroke.segment(5, 10.5, 35, 10.5, 2);
    stroke.paint(single, 0x000000);
    assert.deepEqual(joined.data, single.data);
  });

  it('breaks the line at NaN and draws a lone point as a dot', () => {
    const raster = new Raster(40, 20, WHITE);
    const stroke = new Stroke(all);
    stroke.polyline([5, 15, NaN, 25.5, NaN, 32, 38], [5, 5, NaN, 12.5, NaN, 15, 15], 2);
    stroke.paint(raster, BLUE);
    assert.equal(raster.pixel(20, 5), WHITE, 'no line across the break');
    assert.equal(raster.pixel(25, 12), BLUE, 'the lone point');
    assert.notEqual(raster.pixel(24, 12), WHITE, 'the lone point is a dot, wider than a pixel');
    assert.equal(raster.pixel(28, 12), WHITE);
    assert.equal(raster.pixel(10, 4), BLUE);
    assert.equal(raster.pixel(35, 14), BLUE);
  });

  it('draws nothing outside its clip rectangle', () => {
    const raster = new Raster(40, 20, WHITE);
    const stroke = new Stroke({ left: 10, top: 0, right: 30, bottom: 20 });
    stroke.polyline([-100, 100], [10, 10], 2);
    stroke.paint(raster, BLUE);
    assert.equal(inked(raster), 20 * 2);
    assert.deepEqual(rowsWith(raster, BLUE, 9), []);
    assert.deepEqual(rowsWith(raster, BLUE, 10), [9, 10]);
    assert.deepEqual(rowsWith(raster, BLUE, 29), [9, 10]);
    assert.deepEqual(rowsWith(raster, BLUE, 30), []);
  });
});
