import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, overflowingElements, phonePage, type OpenBrowser } from '../support/browser';
import { assertTankChartsDrawn, backfillArrived, echartsCharts, textsShown, waitForCharts } from '../support/dashboards';
import { startExample, type RunningExample } from '../support/examples';
import { ROOT } from '../support/process';

const OUTPUT = path.join(ROOT, '.test-output');

describe('Dashboard 2.0 example in a phone browser', function () {
  this.timeout(120000);
  let example: RunningExample;
  let chromium: OpenBrowser;

  before(async () => {
    // As deployed from Import > Examples: its own speed, for long enough to look at it.
    example = await startExample('dashboard-2.json', 90);
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    await example?.stop();
  });

  it('draws the gauges and charts with data, without console errors, and saves a screenshot', async () => {
    const { page, errors } = await phonePage(chromium.browser);
    await page.goto(`${example.url}/dashboard/tank`, { waitUntil: 'load' });
    const charts = await waitForCharts(() => echartsCharts(page), backfillArrived);

    // Dashboard 2.0 writes a gauge's value beside its SVG dial: level first, then flow.
    const shown = await textsShown(page, '.nrdb-ui-gauge-value span');
    // Rounded by the gauges' value expression: a raw flow rate has sixteen digits, wider than a phone.
    for (const text of shown) assert.match(text, /^\d+(\.\d)?$/, `a gauge shows ${text}: one decimal at most`);
    const [level, flow] = shown.map(Number);
    assert.ok(level >= 0 && level <= 100, `level gauge shows ${level}`);
    assert.ok(flow >= 0 && flow <= 40, `flow gauge shows ${flow}`);
    const arcs = await page.evaluate(() => [...document.querySelectorAll('.nrdb-ui-gauge svg #arc path')].filter((p) => (p.getAttribute('d') ?? '').length > 10).length);
    assert.ok(arcs >= 1, 'the level gauge has drawn its arc');

    await assertTankChartsDrawn(page, charts);

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `page is ${width}px wide on a 390px phone: ${(await overflowingElements(page)).join(', ')}`);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-2-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });
});
