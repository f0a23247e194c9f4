import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, phonePage, type OpenBrowser } from '../support/browser';
import { ROOT, startProcess, type Started } from '../support/process';

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
    app = await startProcess('node', ['dist/scripts/start.js'], { env: { PORT: '0', NODE_RED_USER_DIR: userDir }, ready: /Node-RED editor:\s+(http:\/\/\S+?)\/\s/ });
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    await app?.stop();
    rmSync(userDir, { recursive: true, force: true });
  });

  it('renders the gauges with data, without console errors, and saves a screenshot', async () => {
    const { page, errors } = await phonePage(chromium.browser);
    await page.goto(`${app.match[1]}/ui/`, { waitUntil: 'load' });
    // A justgage gauge draws its value as SVG text once data has arrived.
    await page.waitForFunction(() => {
      const texts = [...document.querySelectorAll('ui-card-panel svg text')].map((t) => t.textContent ?? '');
      return texts.some((t) => /^\d+(\.\d+)?$/.test(t.trim()));
    }, undefined, { timeout: 30000 });
    const value = await page.evaluate(() => {
      const texts = [...document.querySelectorAll('ui-card-panel svg text')].map((t) => (t.textContent ?? '').trim());
      return Number(texts.find((t) => /^\d+(\.\d+)?$/.test(t)));
    });
    assert.ok(value >= 0 && value <= 100, `gauge shows ${value}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `page is ${width}px wide on a 390px phone`);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-phone.png'), fullPage: true });
    assert.deepEqual(
      errors.filter((e) => !DASHBOARD_OWN_ERRORS.some((known) => known.test(e))),
      [],
    );
  });
});
