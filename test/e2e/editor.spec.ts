import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchChromium, type OpenBrowser } from '../support/browser';
import { assertInPalette, editorReady } from '../support/editor';
import { startExample, type RunningExample } from '../support/examples';
import { packageNodeTypes } from '../support/process';

const TYPES = packageNodeTypes();

/** Values a user could type that a node's validator must refuse, and one it must take, per field. */
const CHECKS: Array<{ type: string; field: string; refused: unknown[]; taken: unknown }> = [
  { type: 'water-tank', field: 'diameter', refused: ['abc', '-1', '0'], taken: '2.5' },
  { type: 'water-tank', field: 'shape', refused: ['sphere'], taken: 'horizontal-cylinder' },
  { type: 'water-simulator', field: 'people', refused: ['0', '2.5', 'many'], taken: '4' },
  { type: 'water-flow-meter', field: 'kFactor', refused: ['0', '-450', 'x'], taken: '7.5' },
  { type: 'water-flow-meter', field: 'timeZone', refused: ['Mars/Olympus'], taken: 'Europe/Berlin' },
  { type: 'water-level-predictor', field: 'horizons', refused: ['1h, soon', ''], taken: '15min, 1h' },
  { type: 'water-level-predictor', field: 'history', refused: ['two weeks'], taken: '7d' },
  { type: 'water-anomaly', field: 'window', refused: ['8', '100.5'], taken: '2048' },
  { type: 'water-anomaly', field: 'nightStart', refused: ['25:00'], taken: '01:30' },
  { type: 'water-alert', field: 'quietStart', refused: ['7 pm'], taken: '19:00' },
  { type: 'water-alert', field: 'maxTopics', refused: ['0', '1.5'], taken: '50' },
  { type: 'water-chart-image', field: 'maxPoints', refused: ['3', '20001'], taken: '500' },
];

function judged(page: Page, type: string, field: string, values: unknown[]): Promise<unknown[]> {
  return page.evaluate(
    ({ type, field, values }) => {
      type Default = { value: unknown; validate: (this: unknown, v: unknown, opt?: unknown) => unknown };
      const red = (window as unknown as { RED: { nodes: { getType(t: string): { defaults: Record<string, Default> } } } }).RED;
      const defaults = red.nodes.getType(type).defaults;
      const node = Object.fromEntries(Object.entries(defaults).map(([f, d]) => [f, d.value]));
      return values.map((v) => defaults[field].validate.call(node, v, {}) === true);
    },
    { type, field, values },
  );
}

describe('the editor in a browser', function () {
  this.timeout(90000);
  let example: RunningExample;
  let chromium: OpenBrowser;
  let page: Page;

  before(async () => {
    example = await startExample('tank-monitoring-dashboard.json', 80);
    chromium = await launchChromium();
    page = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${example.url}/`, { waitUntil: 'load' });
    await editorReady(page, TYPES);
  });
  after(async () => {
    await chromium?.close();
    await example?.stop();
  });

  it('has every node in the palette category "smart water", named and its outputs labelled from its catalog, with help, a validator for every setting, and its defaults valid', async () => {
    await assertInPalette(page, TYPES);
  });

  for (const { type, field, refused, taken } of CHECKS) {
    it(`${type} refuses ${refused.map((v) => JSON.stringify(v)).join(', ')} for ${field} and takes ${JSON.stringify(taken)}`, async () => {
      assert.deepEqual(await judged(page, type, field, [...refused, taken]), [...refused.map(() => false), true]);
    });
  }
});
