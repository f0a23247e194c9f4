import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, overflowingElements, phonePage, screenshotWhole, type OpenBrowser } from '../support/browser';
import { assertTankChartsDrawn, backfillArrived, chartJsCharts, waitForCharts } from '../support/dashboards';
import { ROOT, startNpmStart, type Started } from '../support/process';

const OUTPUT = path.join(ROOT, '.test-output');

/**
 * Errors node-red-dashboard 3.6 logs on every page, whatever the flow: its
 * index.html includes a loading.html it does not ship, and it toggles a side
 * navigation that it only renders when there is more than one tab.
 */
const DASHBOARD_OWN_ERRORS = [
  /^Failed to load resource: the server responded with a status of 404 \(Not Found\) \[.*\/ui\/loading\.html\]$/,
  /^SideNav 'left' is not available! Did you use md-component-id='left'\?$/,
];

describe('tank monitoring dashboard in a phone browser', function () {
  this.timeout(120000);
  let app: Started;
  let chromium: OpenBrowser;
  let userDir: string;

  before(async () => {
    userDir = mkdtempSync(path.join(os.tmpdir(), 'water-ui-'));
    app = await startNpmStart(userDir);
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    await app?.stop();
    rmSync(userDir, { recursive: true, force: true });
  });

  it('draws the gauges and charts with data, without console errors, and saves a screenshot', async () => {
    const { page, errors } = await phonePage(chromium.browser);
    await page.goto(`${app.match[1]}/ui/`, { waitUntil: 'load' });
    // The example backfills a simulated day on deploy: the level chart fills at once.
    const charts = await waitForCharts(() => chartJsCharts(page), backfillArrived);

    // A justgage gauge draws its value as SVG text: level first, then flow.
    const gauges = await page.evaluate(() =>
      [...document.querySelectorAll('.nr-dashboard-gauge svg')].map((svg) => [...svg.querySelectorAll('text')].map((t) => (t.textContent ?? '').trim())),
    );
    assert.equal(gauges.length, 2, JSON.stringify(gauges));
    const [level, flow] = gauges.map((texts) => Number(texts.find((t) => /^\d+\.\d$/.test(t))));
    assert.ok(level >= 0 && level <= 100, `level gauge shows ${level}`);
    assert.ok(flow >= 0 && flow <= 40, `flow gauge shows ${flow}`);

    await assertTankChartsDrawn(page, charts);

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `page is ${width}px wide on a 390px phone: ${(await overflowingElements(page)).join(', ')}`);
    mkdirSync(OUTPUT, { recursive: true });
    await screenshotWhole(page, 'md-content', path.join(OUTPUT, 'dashboard-phone.png'));
    assert.deepEqual(
      errors.filter((e) => !DASHBOARD_OWN_ERRORS.some((known) => known.test(e))),
      [],
    );
  });
});
