/** Headless Debian Chromium driven by playwright-core, as the browser specs use it. */

import { chromium, type Browser, type Page } from 'playwright-core';

export const PHONE = { width: 390, height: 844 };

export interface OpenBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<OpenBrowser> {
  // playwright gives every launch a fresh, temporary profile of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** Opens a phone-sized page that records console errors and failed page loads. */
export async function phonePage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    // A failed resource names only the status in its text; the URL is added so a spec can tell which.
    if (m.type() === 'error') errors.push(m.location().url && /^Failed to load resource/.test(m.text()) ? `${m.text()} [${m.location().url}]` : m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

/** How many pixels of a canvas on the page (by its index among the page's canvases) have this colour, give or take `tolerance` per channel. */
export function countColourPixels(page: Page, canvasIndex: number, rgb: [number, number, number], tolerance = 24): Promise<number> {
  return page.evaluate(
    ({ index, colour, tol }) => {
      const canvas = document.querySelectorAll('canvas')[index];
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 128 && Math.abs(data[i] - colour[0]) <= tol && Math.abs(data[i + 1] - colour[1]) <= tol && Math.abs(data[i + 2] - colour[2]) <= tol) count++;
      }
      return count;
    },
    { index: canvasIndex, colour: rgb, tol: tolerance },
  );
}

/**
 * A screenshot of the whole dashboard at the page's width. Dashboards scroll
 * inside an element of their own rather than the page, which a full-page
 * screenshot does not follow: the viewport is made as tall as that element's
 * content for the shot, then restored.
 */
export async function screenshotWhole(page: Page, scroller: string, file: string): Promise<void> {
  const viewport = page.viewportSize() ?? PHONE;
  const hidden = await page.evaluate(
    (selector) => Math.max(0, ...[...document.querySelectorAll(selector)].map((el) => el.scrollHeight - el.clientHeight)),
    scroller,
  );
  await page.setViewportSize({ width: viewport.width, height: viewport.height + hidden });
  // The dashboards lay out again on resize; the shot waits for that frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(viewport);
}

/** Elements that reach past the right edge of the viewport, named for an assertion message. */
export function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} right=${Math.round(el.getBoundingClientRect().right)}`),
  );
}
