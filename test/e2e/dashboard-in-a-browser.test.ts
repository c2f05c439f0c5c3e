// In a real Chromium at phone width: the staff dashboard and the home page's key figures, in both
// languages, are axe-core clean (WCAG 2.2 A/AA), need no sideways scrolling, and their charts
// scale to the screen.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, fitsWidth, launchChromium, listen, PHONE } from '../helpers/browser.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { buildScenario } from '../dashboard/support.js';

describe('the dashboard and the key figures in a browser', { timeout: 120_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await buildTestApp();
    await buildScenario(t);
    await createUser(t.app.db, { role: 'coordinator', email: 'dash@example.org' });
    base = await listen(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`reads both on a phone in ${locale}`, async () => {
      const context = await browser.newContext({ ...PHONE, locale, extraHTTPHeaders: { 'Accept-Language': locale } });
      context.setDefaultTimeout(5000);
      const page = await context.newPage();

      await page.goto(`${base}/`);
      expect(await page.locator('[data-key-figures]').count()).toBe(1);
      expect(await axeViolations(page), 'axe on the home page').toEqual([]);
      expect(await fitsWidth(page), 'home page fits').toBe(true);

      await page.goto(`${base}/login`);
      await page.fill('#field-email', 'dash@example.org');
      await page.fill('#field-password', PASSWORD);
      await page.locator('form[action="/login"] button[type=submit]').click();
      await page.waitForURL(/\/staff/);
      await page.goto(`${base}/staff/dashboard`);
      expect(await page.locator('figure.chart').count()).toBe(6);
      // The weekly table opens like any disclosure; axe checks it open too.
      await page.locator('.chart-details summary').click();
      expect(await axeViolations(page), 'axe on the dashboard').toEqual([]);
      expect(await fitsWidth(page), 'dashboard fits').toBe(true);
      const widths = await page
        .locator('svg.chart-svg')
        .evaluateAll((svgs) =>
          svgs.map(
            (s) => (s as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width,
          ),
        );
      for (const w of widths) expect(w).toBeLessThanOrEqual(PHONE.viewport!.width);
      await context.close();
    });
  }
});
