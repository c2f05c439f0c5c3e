// In a real Chromium at phone width, in both languages: a member of the public finds an open
// questionnaire, sends it with a required question unanswered (the error is by the question, the
// other answers kept), answers it, is thanked, and coming back is told this browser has answered.
// An invitation-code questionnaire is answered from the address its slip's QR code opens. axe-core
// (WCAG 2.2 A/AA), valid HTML and no sideways scrolling on every page; once without JavaScript.
import type { Browser, Page } from 'playwright-core';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { expectSoundPage, launchChromium, listen, PHONE } from '../helpers/browser.js';
import { createUser, PASSWORD, signInAs } from '../helpers/factories.js';
import { buildOverHttp, postFrom, slipsOn, type Built } from '../surveys/support.js';

describe('answering a questionnaire in a real browser', { timeout: 120_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let coordinator: request.Agent;
  let open: Built;
  let byCode: Built;
  let codes: string[];

  beforeAll(async () => {
    t = await buildTestApp();
    coordinator = (await signInAs(t, 'coordinator', { locale: 'zh-CN' })).agent;
    open = await buildOverHttp(t, coordinator, { template: 'three_degree' });
    byCode = await buildOverHttp(t, coordinator, { access: 'codes' });
    const slips = await postFrom(
      coordinator,
      `/staff/questionnaires/${byCode.id}`,
      `/staff/questionnaires/${byCode.id}/codes`,
      { count: '3' },
    );
    codes = slipsOn(slips.text).map((s) => s.code);
    base = await listen(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const submit = async (page: Page) => {
    await page.locator('form.survey-form button[type=submit]').click();
    await page.waitForLoadState();
  };

  for (const [i, [locale, javaScriptEnabled]] of (
    [
      ['en', true],
      ['zh-CN', true],
      ['zh-CN', false],
    ] as const
  ).entries()) {
    it(`answers on a phone, in ${locale}${javaScriptEnabled ? '' : ', without JavaScript'}`, async () => {
      const context = await browser.newContext({ ...PHONE, locale, javaScriptEnabled });
      context.setDefaultTimeout(5000);
      const page = await context.newPage();

      await page.goto(`${base}/`);
      await page.locator('nav a[href="/questionnaires"]').click();
      await page.waitForLoadState();
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      await expectSoundPage(page, javaScriptEnabled);
      await page.locator(`a[href="/questionnaires/${open.id}"]`).click();
      await page.waitForLoadState();
      await expectSoundPage(page, javaScriptEnabled);

      const [satisfaction, recognition, approval, text] = open.questions as [number, number, number, number];
      // The first two answered, the third (required) not: sent back with the error by it.
      await page.locator(`#q${satisfaction}-4`).check();
      await page.locator(`#q${recognition}-3`).check();
      await page
        .locator(`#field-q${text}`)
        .fill(locale === 'en' ? 'Answer the phone at lunchtime.' : '中午也要有人接电话。');
      await submit(page);
      expect(await page.locator(`#field-q${approval}-error`).count()).toBe(1);
      expect(await page.locator('.error-summary').count()).toBe(1);
      expect(await page.locator(`#q${satisfaction}-4`).isChecked()).toBe(true);
      expect(await page.locator(`#field-q${text}`).inputValue()).toContain(locale === 'en' ? 'lunchtime' : '中午');
      await expectSoundPage(page, javaScriptEnabled);

      await page.locator(`#q${approval}-2`).check();
      await submit(page);
      expect(page.url()).toBe(`${base}/questionnaires/${open.id}/thanks`);
      expect(await page.locator('[data-thanks]').count()).toBe(1);
      await expectSoundPage(page, javaScriptEnabled);

      // Back again: this browser has answered.
      await page.goto(`${base}/questionnaires/${open.id}`);
      expect(await page.locator('[data-refused="answered"]').count()).toBe(1);
      await expectSoundPage(page, javaScriptEnabled);

      // With an invitation code, from the address its QR code opens.
      await page.goto(`${base}/questionnaires/${byCode.id}?code=${codes[i]}`);
      await expectSoundPage(page, javaScriptEnabled);
      await page.locator(`#q${byCode.questions[0]}-0`).check();
      await page.locator(`#q${byCode.questions[2]}-3`).check();
      await submit(page);
      expect(page.url()).toBe(`${base}/questionnaires/${byCode.id}/thanks`);
      const used = await page.goto(`${base}/questionnaires/${byCode.id}?code=${codes[i]}`);
      expect(used?.status()).toBe(409);
      expect(await page.locator('[data-refused="used"]').count()).toBe(1);
      await expectSoundPage(page, javaScriptEnabled);
      await context.close();
    });
  }

  it('the coordinator reads the results and its charts on a phone, in both languages', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const user = await createUser(t.app.db, { role: 'coordinator', locale });
      const context = await browser.newContext({ ...PHONE, locale, extraHTTPHeaders: { 'Accept-Language': locale } });
      context.setDefaultTimeout(5000);
      const page = await context.newPage();
      await page.goto(`${base}/login`);
      await page.fill('#field-email', user.email);
      await page.fill('#field-password', PASSWORD);
      await page.locator('form[action="/login"] button[type=submit]').click();
      await page.waitForURL(`${base}/staff`);
      for (const path of [
        `/staff/questionnaires`,
        `/staff/questionnaires/${open.id}`,
        `/staff/questionnaires/${open.id}/results`,
        `/staff/questionnaires/${byCode.id}/paper`,
      ]) {
        await page.goto(`${base}${path}`);
        expect(await page.getAttribute('html', 'lang')).toBe(locale);
        await expectSoundPage(page, true);
      }
      expect(await page.locator('figure.chart svg.chart-svg[role="img"]').count()).toBe(0);
      await page.goto(`${base}/staff/questionnaires/${open.id}/results`);
      expect(await page.locator('figure.chart svg.chart-svg[role="img"]').count()).toBe(3);
      await context.close();
    }
  });

  it('counted every answer sent', async () => {
    const counts = await t.app.db
      .selectFrom('survey_responses')
      .select(['survey_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('survey_id')
      .orderBy('survey_id')
      .execute();
    expect(counts.map((c) => [c.survey_id, Number(c.n)])).toEqual([
      [open.id, 3],
      [byCode.id, 3],
    ]);
  });
});
