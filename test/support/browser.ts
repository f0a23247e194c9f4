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
