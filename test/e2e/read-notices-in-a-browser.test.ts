// In a real Chromium on a phone: a member of the public reads the list of commitments, one
// commitment (overdue, said in words) and its A4 wall notice, in both languages; axe-core
// (WCAG 2.2 A/AA), valid HTML and no sideways scrolling on every page; once without JavaScript
// (HTML checks only: axe runs inside the page). The wall notice prints on A4, without the bar.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { expectSoundPage, launchChromium, listen, PHONE } from '../helpers/browser.js';
import { createCampaign, createUnit } from '../helpers/factories.js';
import { rectification } from '../notices/support.js';

const UNIT = '东城区政务服务中心综合窗口科';

describe('reading public commitments in a real browser', { timeout: 90_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let overdueId: number;

  beforeAll(async () => {
    t = await buildTestApp();
    const campaignId = await createCampaign(t.app.db, { name: '2026年干部作风整改' });
    const unitId = await createUnit(t.app.db, { name: UNIT });
    overdueId = (
      await rectification(t, {
        campaignId,
        unitId,
        title: '窗口工作人员中午饮酒，下午办事效率低',
        description: '多条意见反映，部分窗口工作人员中午饮酒，下午办事拖沓、态度生硬。',
        person: '王芳，副主任',
        measures: [
          {
            description: '书面重申工作日午间禁酒规定，全体窗口人员签字承诺',
            owner: '办公室主任',
            deadline: '2026-11-15',
          },
          { description: '纪检组每周不定期抽查午间纪律，结果在大厅公示', owner: '纪检组', deadline: '2026-12-20' },
          {
            description:
              'Publish the waiting times at every window, in both languages, with a supervision telephone number',
            owner: 'Service hall director',
            deadline: '2026-12-30',
          },
        ],
        progress: [{ note: '禁酒规定已书面下发，签字承诺已完成一半。', percent: 30 }],
      })
    ).id;
    await rectification(t, { campaignId, unitId, title: '审批材料要求不一，群众多次往返' });
    base = await listen(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const [locale, javaScriptEnabled] of [
    ['en', true],
    ['zh-CN', true],
    ['zh-CN', false],
  ] as const) {
    it(`reads the list, a commitment and its wall notice on a phone, in ${locale}${javaScriptEnabled ? '' : ', without JavaScript'}`, async () => {
      const context = await browser.newContext({ ...PHONE, locale, javaScriptEnabled });
      context.setDefaultTimeout(5000);
      const page = await context.newPage();
      const overdueWord = locale === 'en' ? 'Overdue' : '已逾期';

      await page.goto(`${base}/`);
      await page.locator('a[href="/notices"]').first().click();
      await page.waitForURL(`${base}/notices`);
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      expect(await page.locator('[data-notice]').count()).toBe(2);
      await expectSoundPage(page, javaScriptEnabled);

      // The overdue filter, through the form.
      await page.locator('#field-overdue').check();
      await page.locator('form.filters button[type=submit]').click();
      await page.waitForURL(/overdue=1/);
      expect(await page.locator('[data-notice]').count()).toBe(1);
      expect(await page.locator(`[data-notice="${overdueId}"] [data-overdue]`).textContent()).toBe(overdueWord);
      await expectSoundPage(page, javaScriptEnabled);

      await page.locator(`a[href="/notices/${overdueId}"]`).click();
      await page.waitForURL(`${base}/notices/${overdueId}`);
      expect(await page.locator('[data-late]').count()).toBe(1);
      await expectSoundPage(page, javaScriptEnabled);

      // The comment form comes back with the message by the field.
      await page.locator('form[action$="/comments"] button[type=submit]').click();
      await page.waitForLoadState();
      expect(await page.locator('.error-summary').count()).toBe(1);
      await expectSoundPage(page, javaScriptEnabled);

      await page.locator(`a[href="/notices/${overdueId}/poster"]`).click();
      await page.waitForURL(`${base}/notices/${overdueId}/poster`);
      expect(await page.locator('.qr-code svg').count()).toBe(1);
      expect(await page.locator('[data-address]').textContent()).toBe(`http://portal.test/notices/${overdueId}`);
      await expectSoundPage(page, javaScriptEnabled);
      if (javaScriptEnabled) {
        // On paper: the sheet alone, on A4.
        expect(await page.locator('.sheet-bar').isVisible()).toBe(true);
        await page.emulateMedia({ media: 'print' });
        expect(await page.locator('.sheet-bar').isVisible()).toBe(false);
        expect(await page.locator('.qr-code svg').isVisible()).toBe(true);
        await page.emulateMedia({ media: 'screen' });
      }

      await page.goto(`${base}/notices/${overdueId}/letter`);
      await expectSoundPage(page, javaScriptEnabled);
      await context.close();
    });
  }

  it('prints the wall notice on A4 paper', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/notices/${overdueId}/poster`);
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    // A4 is 595 × 842 points.
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
      Math.round(Number(m[1])),
      Math.round(Number(m[2])),
    ]);
    expect(boxes.length).toBeGreaterThan(0);
    for (const [w, h] of boxes) {
      expect(w).toBe(595);
      expect(h).toBe(842);
    }
    await context.close();
  });
});
