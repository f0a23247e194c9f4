import assert from 'node:assert/strict';
import { AXIS, BACKGROUND, GRID, PALETTE, renderChart, TEXT, TITLE, textScale, type ChartOptions, type ChartSeries } from '../../../nodes/lib/chart/chart';
import type { Raster } from '../../../nodes/lib/chart/raster';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const END = Date.UTC(2026, 0, 5, 12);
const START = END - 24 * HOUR;
const texts = { noData: 'no data', more: (n: number) => `+${n} more` };
const base: ChartOptions = { width: 800, height: 400, start: START, end: END, utcOffsetMinutes: 0, texts };

function series(name: string, value: (i: number) => number, everyMs = 10 * MINUTE, unit = '%'): ChartSeries & { times: number[]; values: number[] } {
  const times: number[] = [];
  const values: number[] = [];
  for (let t = START, i = 0; t <= END; t += everyMs, i++) {
    times.push(t);
    values.push(value(i));
  }
  return { name, unit, times, values };
}

function count(raster: Raster, match: (colour: number) => boolean, area = raster.bounds): number {
  let n = 0;
  for (let y = area.top; y < area.bottom; y++) for (let x = area.left; x < area.right; x++) if (match(raster.pixel(x, y)!)) n++;
  return n;
}

function rowsOf(raster: Raster, colour: number, x: number, top: number, bottom: number): number[] {
  const rows: number[] = [];
  for (let y = top; y < bottom; y++) if (raster.pixel(x, y) === colour) rows.push(y);
  return rows;
}

describe('chart rendering', () => {
  it('draws a constant series as a 2 px horizontal line at the row of its value', () => {
    const result = renderChart([series('tank/level', () => 50)], { ...base, yMin: 0, yMax: 100 });
    const { raster, plot } = result;
    assert.equal(raster.width, 800);
    assert.equal(raster.height, 400);
    assert.deepEqual([result.yMin, result.yMax], [0, 100]);
    // Value 50 of 0..100 lies halfway up the plot; a 2 px line covers fully the rows whose centre is within 0.5 px of it.
    const y = plot.bottom - 0.5 * (plot.bottom - plot.top);
    const expected = [Math.ceil(y - 1), Math.floor(y)].filter((r, i, all) => all.indexOf(r) === i);
    for (let x = plot.left + 1; x < plot.right - 1; x++) {
      assert.deepEqual(rowsOf(raster, PALETTE[0], x, plot.top, plot.bottom), expected, `column ${x}`);
      for (const beside of [expected[0] - 1, expected[expected.length - 1] + 1]) {
        assert.ok([BACKGROUND, GRID].includes(raster.pixel(x, beside)!), `nothing of the line beside it, column ${x} row ${beside}`);
      }
    }
    assert.deepEqual(result.drawn, [{ index: 0, name: 'tank/level', colour: PALETTE[0], points: 145 }]);
  });

  it('is not blank, and has axes, value and time labels, a title and a legend', () => {
    const { raster, plot } = renderChart([series('tank/level', (i) => 40 + 20 * Math.sin(i / 10))], { ...base, title: 'Tank' });
    const inked = count(raster, (c) => c !== BACKGROUND);
    assert.ok(inked > 3000 && inked < 0.5 * 800 * 400, `${inked} pixels drawn`);
    for (let y = plot.top; y <= plot.bottom; y++) assert.equal(raster.pixel(plot.left - 1, y), AXIS, `y axis at row ${y}`);
    for (let x = plot.left - 1; x < plot.right; x++) assert.equal(raster.pixel(x, plot.bottom), AXIS, `time axis at column ${x}`);
    const leftOfPlot = { left: 0, top: plot.top - 4, right: plot.left - 2, bottom: plot.bottom + 4 };
    assert.ok(count(raster, (c) => c === TEXT, leftOfPlot) > 50, 'value labels');
    const belowPlot = { left: plot.left, top: plot.bottom + 2, right: plot.right, bottom: plot.bottom + 16 };
    assert.ok(count(raster, (c) => c === TEXT, belowPlot) > 100, 'time labels');
    assert.ok(count(raster, (c) => c === TITLE, { left: 0, top: 0, right: 800, bottom: plot.top }) > 40, 'title');
    const legend = { left: 0, top: plot.bottom + 16, right: 800, bottom: 400 };
    assert.ok(count(raster, (c) => c === PALETTE[0], legend) >= 28, 'legend swatch');
    assert.ok(count(raster, (c) => c === TEXT, legend) > 40, 'legend text');
    assert.ok(count(raster, (c) => c === PALETTE[0], plot) > 1000, 'the line');
  });

  it('gives each series its own colour and keeps each inside its value band', () => {
    const result = renderChart([series('a', () => 80), series('b', () => 20, 15 * MINUTE)], { ...base, yMin: 0, yMax: 100 });
    assert.deepEqual(result.drawn.map((d) => d.colour), [PALETTE[0], PALETTE[1]]);
    const { raster, plot } = result;
    const x = Math.round((plot.left + plot.right) / 2);
    const rowOf = (v: number): number => plot.bottom - (v / 100) * (plot.bottom - plot.top);
    for (const [colour, value] of [[PALETTE[0], 80], [PALETTE[1], 20]]) {
      const rows = rowsOf(raster, colour, x, plot.top, plot.bottom);
      assert.ok(rows.length >= 1 && rows.every((r) => Math.abs(r + 0.5 - rowOf(value)) <= 1), `${colour.toString(16)}: rows ${rows.join()}`);
    }
  });

  it('follows the data on an automatic axis, opened to round ticks', () => {
    const result = renderChart([series('flow', (i) => (i % 12 === 0 ? 9.5 : 0), 10 * MINUTE, 'L/min')], base);
    assert.deepEqual([result.yMin, result.yMax], [0, 10]);
  });

  it('breaks the line where the readings pause', () => {
    const gappy = series('level', () => 50, MINUTE);
    const keep = gappy.times.map((t) => t < START + 6 * HOUR || t >= START + 10 * HOUR);
    const withGap = { ...gappy, times: gappy.times.filter((_, i) => keep[i]), values: gappy.values.filter((_, i) => keep[i]) };
    const { raster, plot } = renderChart([withGap], { ...base, yMin: 0, yMax: 100 });
    const xAt = (t: number): number => Math.round(plot.left + ((t - START) / (END - START)) * (plot.right - plot.left));
    assert.deepEqual(rowsOf(raster, PALETTE[0], xAt(START + 8 * HOUR), plot.top, plot.bottom), [], 'nothing drawn in the pause');
    assert.notDeepEqual(rowsOf(raster, PALETTE[0], xAt(START + 3 * HOUR), plot.top, plot.bottom), []);
    assert.notDeepEqual(rowsOf(raster, PALETTE[0], xAt(START + 12 * HOUR), plot.top, plot.bottom), []);
  });

  it('says so when there is nothing to draw', () => {
    const outside = { name: 'old', times: [START - 2 * HOUR], values: [1] };
    const result = renderChart([outside], base);
    assert.deepEqual(result.drawn, []);
    const { raster, plot } = result;
    assert.ok(count(raster, (c) => c === TEXT, plot) > 50, 'the no-data text');
    assert.equal(count(raster, (c) => c === TEXT, { left: 0, top: plot.top, right: plot.left - 2, bottom: plot.bottom }), 0, 'no value labels');
  });

  it('cycles the palette over many series and keeps the plot as tall as with two legend rows', () => {
    const many = renderChart(Array.from({ length: 30 }, (_, i) => series(`tank${i}/level`, () => i)), base);
    assert.equal(many.drawn.length, 30);
    assert.deepEqual(many.drawn.slice(9, 12).map((d) => d.colour), [PALETTE[9], PALETTE[0], PALETTE[1]]);
    const twoRows = renderChart(Array.from({ length: 8 }, (_, i) => series(`tank${i}/level`, () => i)), base);
    assert.equal(many.plot.bottom, twoRows.plot.bottom);
    const oneRow = renderChart([series('tank/level', () => 1)], base);
    assert.ok(oneRow.plot.bottom > twoRows.plot.bottom);
  });

  it('scales its text with the image and survives extreme and tiny sizes and values', () => {
    assert.equal(textScale(800, 400), 1);
    assert.equal(textScale(1600, 800), 2);
    assert.equal(textScale(2000, 1500), 2);
    const big = renderChart([series('a', (i) => i)], { ...base, width: 1600, height: 800, title: 'Big' });
    assert.equal(big.raster.width, 1600);
    const small = renderChart([series('a', (i) => i)], { ...base, width: 200, height: 150, title: 'A title far too long for a small image' });
    assert.ok(small.plot.right - small.plot.left > 100 && small.plot.bottom - small.plot.top > 40, JSON.stringify(small.plot));
    for (const values of [[1e308, -1e308], [1e-300, 2e-300], [5e15, 5e15 + 1]]) {
      const extreme = renderChart([{ name: 'x', times: [START, END], values }], base);
      assert.equal(extreme.drawn.length, 1);
    }
  });
});
