// In a real Chromium, the coordinator's side of a round: from the rounds overview a coordinator
// opens a round for a rectification reported done, prints slips, voids one handed back, enters a
// symposium's paper tally and a solicitation note; a representative votes with a slip; the
// coordinator closes the round and the result page is read. axe-core (WCAG 2.2 A/AA), valid HTML
// and no sideways scrolling on every page, forms sent wrong included: in English and Simplified
// Chinese, on a phone and on a desktop screen.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, fitsWidth, launchChromium, listen, PHONE } from '../helpers/browser.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { htmlProblems } from '../helpers/html.js';
import { reportedDone } from '../evaluations/support.js';

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

const WORDS = {
  en: {
    satisfied: 'Satisfied',
    meeting: 'Symposium of employee representatives, 25 November',
    note: 'Deputy Li, asked in person: satisfied.',
    passed: 'Passed',
  },
  'zh-CN': {
    satisfied: '满意',
    meeting: '职工代表座谈会，11月25日',
    note: '李代表当面征求意见：满意。',
    passed: '通过',
  },
} as const;

describe('running a round in a real browser', { timeout: 180_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await buildTestApp();
    await createUser(t.app.db, { role: 'administrator' });
    base = await listen(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function checkPage(page: Page, what: string) {
    expect(await axeViolations(page), `axe on ${what} (${page.url()})`).toEqual([]);
    expect(await fitsWidth(page), `no sideways scrolling on ${what} (${page.url()})`).toBe(true);
    expect(await htmlProblems(await page.content()), `valid HTML on ${what} (${page.url()})`).toEqual([]);
  }

  /** Sends the form with this action and waits for the page that answers (after any redirect). */
  async function send(page: Page, action: string) {
    await Promise.all([page.waitForNavigation(), page.locator(`form[action="${action}"] button[type=submit]`).click()]);
  }

  const cases = [
    ['en', 'a phone', PHONE],
    ['zh-CN', 'a phone', PHONE],
    ['en', 'a desktop screen', DESKTOP],
    ['zh-CN', 'a desktop screen', DESKTOP],
  ] as const;

  for (const [locale, screen, viewport] of cases) {
    it(`a coordinator runs a round from opening to the result, in ${locale} on ${screen}`, async () => {
      const words = WORDS[locale];
      const r = await reportedDone(t, {
        title: locale === 'en' ? `Long waits at the service hall (${screen})` : `办事大厅窗口排队时间长（${screen}）`,
      });
      const email = `coordinator-${locale.toLowerCase()}-${viewport === PHONE ? 'phone' : 'desktop'}@example.org`;
      await createUser(t.app.db, { role: 'coordinator', email, locale });

      const context = await browser.newContext({ ...viewport, locale });
      context.setDefaultTimeout(5000);
      const page = await context.newPage();
      await page.goto(`${base}/login`);
      await page.locator('#field-email').fill(email);
      await page.locator('#field-password').fill(PASSWORD);
      await send(page, '/login');
      await page.waitForURL(`${base}/staff`);
      expect(await page.getAttribute('html', 'lang')).toBe(locale);

      // The staff nav leads to the rounds; the rectification waits there for one.
      await page.locator('nav.site-nav a[href="/staff/rounds"]').click();
      await page.waitForURL(`${base}/staff/rounds`);
      expect(await page.locator(`[data-awaiting="${r.rectificationId}"]`).count()).toBe(1);
      await checkPage(page, 'the rounds overview');

      // Opening: the form, once sent wrong, then with its defaults (now, and a week on).
      await page
        .locator(
          `[data-awaiting="${r.rectificationId}"] a[href="/staff/rectifications/${r.rectificationId}/rounds/new"]`,
        )
        .click();
      await page.waitForURL(`${base}/staff/rectifications/${r.rectificationId}/rounds/new`);
      await checkPage(page, 'the form to open a round');
      const closesAt = await page.locator('#field-closes_at').inputValue();
      await page.locator('#field-closes_at').fill('');
      await send(page, `/staff/rectifications/${r.rectificationId}/rounds`);
      expect(await page.locator('.error-summary').count()).toBe(1);
      await checkPage(page, 'the form to open a round, sent wrong');
      await page.locator('#field-closes_at').fill(closesAt);
      await send(page, `/staff/rectifications/${r.rectificationId}/rounds`);
      await page.waitForURL(/\/staff\/rounds\/\d+$/);
      const roundId = Number(/\/staff\/rounds\/(\d+)$/.exec(page.url())![1]);
      expect(await page.locator('[role=status]').count()).toBe(1);
      await checkPage(page, 'the new round');

      // The rectification's page leads to the open round.
      await page.goto(`${base}/staff/rectifications/${r.rectificationId}`);
      expect(await page.locator(`[data-round-open="${roundId}"]`).count()).toBe(1);
      await checkPage(page, 'the rectification under review');
      await page.locator(`a[href="/staff/rounds/${roundId}"]`).click();
      await page.waitForURL(`${base}/staff/rounds/${roundId}`);

      // Slips: sent empty, then three; the slips page shows each code once.
      await send(page, `/staff/rounds/${roundId}/slips`);
      expect(await page.locator('#field-count-error').count()).toBe(1);
      await checkPage(page, 'the round, slips sent wrong');
      await page.locator('#field-count').fill('3');
      await send(page, `/staff/rounds/${roundId}/slips`);
      expect(await page.locator('li.slip').count()).toBe(3);
      await checkPage(page, 'the slips page');
      const codes = (await page.locator('[data-code]').allTextContents()).map((c) => c.trim());
      const addresses = (await page.locator('[data-address]').allTextContents()).map((a) => a.trim());
      expect(addresses).toEqual(codes.map((c) => `${t.config.baseUrl}/vote?code=${c.replace(/-/g, '')}`));

      // One slip came back misprinted: voided by its code, after a try with a used-up scrap of one.
      await page.goto(`${base}/staff/rounds/${roundId}`);
      await page.locator('#field-code').fill('ABCD');
      await send(page, `/staff/rounds/${roundId}/void`);
      expect(await page.locator('#field-code-error').count()).toBe(1);
      await checkPage(page, 'the round, voiding sent wrong');
      await page.locator('#field-code').fill(codes[2]!);
      await send(page, `/staff/rounds/${roundId}/void`);
      expect((await page.locator('[data-voided]').textContent())?.trim()).toBe('1');
      await checkPage(page, 'the round after voiding a slip');

      // A symposium's paper tally: more votes than people first, then right.
      await page.locator('#field-meeting').fill(words.meeting);
      await page.locator('#field-present').fill('4');
      await page.locator('#field-satisfied').fill('3');
      await page.locator('#field-basically_satisfied').fill('1');
      await page.locator('#field-dissatisfied').fill('1');
      await page.locator('#field-unable_to_judge').fill('0');
      await send(page, `/staff/rounds/${roundId}/paper`);
      expect(await page.locator('#field-present-error').count()).toBe(1);
      await checkPage(page, 'the round, paper tally sent wrong');
      await page.locator('#field-present').fill('5');
      await send(page, `/staff/rounds/${roundId}/paper`);
      await page.waitForURL(`${base}/staff/rounds/${roundId}`);
      expect(await page.locator('[data-paper]').count()).toBe(1);
      await checkPage(page, 'the round with a paper tally');

      // A note from an individual solicitation.
      await send(page, `/staff/rounds/${roundId}/notes`);
      expect(await page.locator('#field-note-error').count()).toBe(1);
      await checkPage(page, 'the round, note sent empty');
      await page.locator('#field-note').fill(words.note);
      await send(page, `/staff/rounds/${roundId}/notes`);
      await page.waitForURL(`${base}/staff/rounds/${roundId}`);
      expect(await page.locator('[data-note]').count()).toBe(1);
      await checkPage(page, 'the round with a note');

      // A representative votes with a slip on their phone; the voided slip is refused in words.
      const voterContext = await browser.newContext({ ...PHONE, locale });
      voterContext.setDefaultTimeout(5000);
      const voter = await voterContext.newPage();
      await voter.goto(`${base}/vote?code=${codes[0]!.replace(/-/g, '')}`);
      await voter.getByLabel(words.satisfied, { exact: true }).check();
      await voter.locator('#confirm').check();
      await send(voter, '/vote');
      expect(await voter.locator('[data-receipt]').count()).toBe(1);
      const receipt = (await voter.locator('[data-receipt]').textContent())!.trim();
      const refused = await voter.goto(`${base}/vote?code=${codes[2]!.replace(/-/g, '')}`);
      expect(refused?.status()).toBe(409);
      expect(await voter.locator('[data-refused="void"]').count()).toBe(1);
      await checkPage(voter, 'the voided code at the voting page');

      // Closing, then the result: on the round page and on its public page.
      await page.reload();
      await send(page, `/staff/rounds/${roundId}/close`);
      await page.waitForURL(`${base}/staff/rounds/${roundId}`);
      expect(await page.locator('[data-outcome]').first().getAttribute('data-outcome')).toBe('PASS');
      await checkPage(page, 'the closed round');
      await page.locator(`main a[href="/rounds/${roundId}/results"]`).first().click();
      await page.waitForURL(`${base}/rounds/${roundId}/results`);
      await checkPage(page, 'the result page');
      // 6 of 7 cast (2 codes that count, 5 people present; the voided one not); 5 of 6 valid, 83.3%.
      expect(await page.locator('[data-turnout]').textContent()).toContain(
        locale === 'en' ? '6 of 7 ballots cast' : '已发放 7 张选票，投出 6 张',
      );
      expect(await page.locator(`tr[data-receipt="${receipt}"]`).count()).toBe(1);
      expect(await page.locator('[data-voided]').count()).toBe(1);
      expect(await page.locator('figure[data-chart="round-rate"] svg[role="img"] [data-line]').count()).toBe(1);
      expect((await page.locator('.outcome strong').textContent())?.trim()).toBe(words.passed);
      await page.goto(`${base}/staff/rectifications/${r.rectificationId}/rounds`);
      await checkPage(page, "the rectification's rounds");
      await page.goto(`${base}/staff/rounds`);
      await checkPage(page, 'the rounds overview with a closed round');

      await voterContext.close();
      await context.close();
    });
  }
});
