import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchChromium, phonePage, type OpenBrowser } from '../support/browser';
import { loadFlow, nodeNamed, startExample, type Patch, type RunningExample } from '../support/examples';

/** An alert whose texts try to become markup; the lists must show them as text. */
const HOSTILE = '<img src=x onerror="window.__injected=1"><b>bold</b>';
const SEND_AFTER_S = 10;
const hostileRow = { id: 'tank/level#x', topic: HOSTILE, condition: 'x', type: 'threshold', severity: 'warning', state: 'active', stage: 'warning', raisedAt: Date.UTC(2026, 0, 5, 12), text: HOSTILE };

/**
 * Nothing runs in the example but the spec's list: with the simulation and its
 * backfill running, a list of the alert node's own could arrive after the
 * spec's (under load the backfill takes longer than the wait) and replace it.
 */
const QUIET: Patch = { 'water-simulator': { autostart: false }, inject: { once: false } };

/**
 * The example's alert node sends a list with the hostile row on its third
 * output (active alerts), once the spec has had time to open the page.
 */
function hostileList(file: string): Promise<RunningExample> {
  const alert = nodeNamed(loadFlow(file), 'water-alert', 'alerts');
  return startExample(file, 60, QUIET, [{ node: alert.id, msg: [null, null, { payload: [hostileRow], topic: 'alerts' }], after: SEND_AFTER_S }]);
}

async function listShows(page: Page, selector: string): Promise<{ text: string; images: number; bold: number; injected: unknown }> {
  await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].some((el) => (el.textContent ?? '').includes('onerror')), selector, { timeout: 30000 });
  return page.evaluate((sel) => {
    const list = [...document.querySelectorAll(sel)].find((el) => (el.textContent ?? '').includes('onerror')) as Element;
    return { text: list.textContent ?? '', images: list.querySelectorAll('img').length, bold: list.querySelectorAll('b').length, injected: (window as unknown as { __injected?: unknown }).__injected };
  }, selector);
}

describe('active alert lists in a phone browser', function () {
  this.timeout(90000);
  let examples: RunningExample[];
  let chromium: OpenBrowser;

  before(async () => {
    examples = await Promise.all(['tank-monitoring-dashboard.json', 'dashboard-2.json'].map(hostileList));
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    await Promise.all((examples ?? []).map((e) => e.stop()));
  });

  for (const [index, name, path, selector] of [
    [0, 'node-red-dashboard', '/ui/', '.water-alerts'],
    [1, 'Dashboard 2.0', '/dashboard/tank', '.water-alerts'],
  ] as const) {
    it(`${name} shows an alert's texts as text, not markup`, async () => {
      const { page } = await phonePage(chromium.browser);
      await page.goto(`${examples[index].url}${path}`, { waitUntil: 'load' });
      const shown = await listShows(page, selector);
      assert.ok(shown.text.includes(HOSTILE), shown.text);
      assert.deepEqual([shown.images, shown.bold, shown.injected], [0, 0, undefined]);
    });
  }
});
