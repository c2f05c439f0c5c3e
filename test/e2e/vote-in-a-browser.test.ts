// In a real Chromium on a phone: a coordinator issues paper slips (over HTTP); a representative
// opens the address a slip's QR code holds, reads the rectification, votes and sees the receipt;
// the same code again, and a code nobody issued, are refused in words; once the round is closed,
// anyone reads the result. axe-core (WCAG 2.2 A/AA), valid HTML and no sideways scrolling on
// every public page, in both languages; once without JavaScript (HTML checks only: axe runs
// inside the page).
import type { Browser } from 'playwright-core';
import QRCode from 'qrcode';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BALLOT_CODE_LENGTH } from '../../server/evaluations/ballots.js';
import { SLIP_QR_OPTIONS } from '../../server/shared/slip-qr.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { expectSoundPage, launchChromium, listen, PHONE } from '../helpers/browser.js';
import { signInAs } from '../helpers/factories.js';
import { submitForm } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { issueSlipsOverHttp, openRoundOverHttp, pathOf, reportedDone, type Slip } from '../evaluations/support.js';

const CHOICE_LABEL = {
  en: { satisfied: 'Satisfied', basically_satisfied: 'Basically satisfied', dissatisfied: 'Dissatisfied' },
  'zh-CN': { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' },
} as const;

describe('voting with a paper slip in a real browser', { timeout: 120_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let coordinator: request.Agent;
  let roundId: number;
  let slips: Slip[];
  const receipts: string[] = [];

  beforeAll(async () => {
    t = await buildTestApp();
    const r = await reportedDone(t, { title: '窗口工作人员中午饮酒，下午办事效率低' });
    coordinator = (await signInAs(t, 'coordinator')).agent;
    roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const issued = await issueSlipsOverHttp(coordinator, roundId, 4);
    expect(issued.res.status).toBe(200);
    expect(await htmlProblems(issued.res.text), 'valid HTML on the slips page').toEqual([]);
    expect(
      await htmlProblems((await coordinator.get(`/staff/rounds/${roundId}`)).text),
      'valid HTML on the round page',
    ).toEqual([]);
    slips = issued.slips;
    base = await listen(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The address a slip's QR code opens, on the server this test runs (the slip prints the portal's public address). */
  async function scanned(slip: Slip): Promise<string> {
    expect(slip.address).toBe(`${t.config.baseUrl}/vote?code=${slip.code}`);
    expect(slip.qr).toBe(await QRCode.toDataURL(slip.address, SLIP_QR_OPTIONS));
    return `${base}${pathOf(slip.address)}`;
  }

  for (const [i, [locale, javaScriptEnabled]] of (
    [
      ['en', true],
      ['zh-CN', true],
      ['zh-CN', false],
    ] as const
  ).entries()) {
    it(`a representative votes with a slip on a phone, in ${locale}${javaScriptEnabled ? '' : ', without JavaScript'}`, async () => {
      const context = await browser.newContext({ ...PHONE, locale, javaScriptEnabled });
      context.setDefaultTimeout(5000);
      const page = await context.newPage();

      // Typing a code in: the page asks for one.
      await page.goto(`${base}/vote`);
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      await expectSoundPage(page, javaScriptEnabled);
      await page.locator('form[action="/vote"] button[type=submit]').click();
      await page.waitForLoadState();
      expect(await page.locator('.error-summary').count()).toBe(1);
      await expectSoundPage(page, javaScriptEnabled);

      // A code nobody issued: not found, with what to check.
      await page.locator('#field-code').fill('2'.repeat(BALLOT_CODE_LENGTH));
      await page.locator('form[action="/vote"] button[type=submit]').click();
      await page.waitForLoadState();
      expect(await page.locator('[data-refused="unknown"]').count()).toBe(1);
      await expectSoundPage(page, javaScriptEnabled);

      // The slip's QR code opens the ballot.
      const slip = slips[i]!;
      const response = await page.goto(await scanned(slip));
      expect(response?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe(locale === 'en' ? 'Judge the rectification' : '评议整改情况');
      await expectSoundPage(page, javaScriptEnabled);

      // Sent without a choice: the form says so, by the question.
      await page.locator('form[action="/vote"] button[type=submit]').click();
      await page.waitForLoadState();
      expect(await page.locator('#field-choice-error').count()).toBe(1);
      await expectSoundPage(page, javaScriptEnabled);

      const choice = (['satisfied', 'basically_satisfied', 'dissatisfied'] as const)[i]!;
      await page.getByLabel(CHOICE_LABEL[locale][choice], { exact: true }).check();
      await page.locator('#field-comment').fill(locale === 'en' ? 'The waits are shorter.' : '排队时间短多了。');
      await page.locator('#confirm').check();
      await page.locator('form[action="/vote"] button[type=submit]').click();
      await page.waitForLoadState();
      const receipt = (await page.locator('[data-receipt]').textContent())!.trim();
      expect(receipt).toMatch(/^[0-9A-F]{4}(?:-[0-9A-F]{4}){4}$/);
      expect(page.url()).toBe(`${base}/vote`);
      const html = await page.content();
      expect(html).not.toContain(slip.code);
      expect(html).not.toContain(slip.grouped);
      receipts.push(receipt);
      await expectSoundPage(page, javaScriptEnabled);

      // The same slip again: already used.
      const again = await page.goto(await scanned(slip));
      expect(again?.status()).toBe(409);
      expect(await page.locator('[data-refused="used"]').count()).toBe(1);
      await expectSoundPage(page, javaScriptEnabled);
      await context.close();
    });
  }

  it('anyone reads the result once the round is closed, in both languages', async () => {
    expect(receipts).toHaveLength(3);
    expect(
      (await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/close`, {})).status,
    ).toBe(303);
    for (const locale of ['en', 'zh-CN'] as const) {
      const context = await browser.newContext({ ...PHONE, locale });
      context.setDefaultTimeout(5000);
      const page = await context.newPage();
      await page.goto(`${base}/rounds/${roundId}/results`);
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      await expectSoundPage(page, true);
      // 2 of 3 valid: 66.6%, below the line; 3 of 4 cast meets the quorum of two thirds.
      expect(await page.locator('[data-outcome]').getAttribute('data-outcome')).toBe('REDO');
      expect(await page.locator('figure[data-chart="round-rate"] svg[role="img"] title').textContent()).toBe(
        locale === 'en' ? 'Satisfaction rate against the pass line' : '满意率与合格线对照',
      );
      for (const receipt of receipts) expect(await page.locator(`tr[data-receipt="${receipt}"]`).count()).toBe(1);
      // The closed round's slip now says where the result is.
      await page.goto(await scanned(slips[3]!));
      expect(await page.locator('[data-refused="closed"]').count()).toBe(1);
      await expectSoundPage(page, true);
      await context.close();
    }
  });
});
