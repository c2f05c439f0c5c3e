// In a real Chromium: a coordinator sorts an opinion into a new problem and publishes it; a
// member of the public on a phone reads the problems under review and comments on one. axe-core
// (WCAG 2.2 A/AA), valid HTML and no sideways scrolling on every page, in both languages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, fitsWidth, launchChromium, listen, PHONE } from '../helpers/browser.js';
import { createCampaign, createUnit, createUser, PASSWORD } from '../helpers/factories.js';
import { htmlProblems } from '../helpers/html.js';
import { receiveOpinion } from '../triage/support.js';

describe('triage and public review in a real browser', { timeout: 90_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let campaignId: number;

  beforeAll(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db, { name: 'Image of organisation cadres 2026' });
    await createUnit(t.app.db, { name: 'Cadre section', kind: 'unit' });
    await receiveOpinion(t, campaignId, '窗口工作人员中午喝酒，下午办事效率低。');
    await receiveOpinion(t, campaignId, '二号窗口工作人员中午喝酒以后态度很差。');
    await createUser(t.app.db, { role: 'administrator' });
    await createUser(t.app.db, { role: 'coordinator', email: 'coordinator@example.org' });
    base = await listen(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function checkPage(page: Page) {
    expect(await axeViolations(page), `axe on ${page.url()}`).toEqual([]);
    expect(await fitsWidth(page), `no sideways scrolling on ${page.url()}`).toBe(true);
    expect(await htmlProblems(await page.content()), `valid HTML on ${page.url()}`).toEqual([]);
  }

  it('a coordinator sorts an opinion into a new problem and puts it up for review', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(5000);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill('coordinator@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.locator('form[action="/login"] button[type=submit]').click();
    await page.waitForURL(`${base}/staff`);

    await page.goto(`${base}/staff/triage?campaign=${campaignId}`);
    await page.waitForURL(/\/staff\/triage\/\d+$/);
    await checkPage(page);
    await expect.poll(() => page.locator('[data-similar-opinion]').count()).toBeGreaterThan(0);

    // Sent without choosing: the form says so.
    await page.getByLabel('Make a new problem and link it').check();
    await page.locator('form[action^="/staff/triage/"] button[type=submit]').first().click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').count()).toBe(1);
    await checkPage(page);

    await page.getByLabel('Title').fill('Drinking at noon on working days');
    await page.locator('#field-problem_level').selectOption('unit');
    await page.locator('#field-problem_unit_id').selectOption({ label: 'Cadre section' });
    await page.locator('#field-category').selectOption('discipline');
    await page.locator('form[action^="/staff/triage/"] button[type=submit]').first().click();
    await page.waitForURL(/\/staff\/triage\/\d+$/);
    expect(await page.locator('[role=status]').textContent()).toContain('Saved');

    const problem = await t.app.db.selectFrom('problems').select('id').executeTakeFirstOrThrow();
    await page.goto(`${base}/staff/problems/${problem.id}`);
    await checkPage(page);
    await page.getByRole('button', { name: 'Put on the public list' }).click();
    await page.waitForURL(`${base}/staff/problems/${problem.id}`);
    expect(await page.getByRole('link', { name: 'See the public page' }).count()).toBe(1);
    await page.goto(`${base}/staff/problems?campaign=${campaignId}`);
    await checkPage(page);
    await context.close();
  });

  // axe runs inside the page, so the run without JavaScript checks the HTML only.
  for (const [locale, javaScriptEnabled] of [
    ['en', true],
    ['zh-CN', true],
    ['zh-CN', false],
  ] as const) {
    it(`a member of the public reads the problems and comments on one, on a phone, in ${locale}${javaScriptEnabled ? '' : ', without JavaScript'}`, async () => {
      const problem = await t.app.db.selectFrom('problems').select(['id', 'published_at']).executeTakeFirstOrThrow();
      expect(problem.published_at).not.toBeNull();
      const context = await browser.newContext({ ...PHONE, locale, javaScriptEnabled });
      const check = async (page: Page) =>
        javaScriptEnabled ? checkPage(page) : expect(await htmlProblems(await page.content())).toEqual([]);
      context.setDefaultTimeout(5000);
      const page = await context.newPage();
      await page.goto(`${base}/problems`);
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      await check(page);
      await page.locator(`a[href="/problems/${problem.id}"]`).first().click();
      await page.waitForURL(`${base}/problems/${problem.id}`);
      await check(page);

      await page.locator('form[action$="/comments"] button[type=submit]').click();
      await page.waitForLoadState();
      expect(await page.locator('.error-summary').count()).toBe(1);
      await check(page);

      await page
        .locator('#field-body')
        .fill(locale === 'en' ? 'It is still happening on Fridays.' : '周五仍然有这种情况。');
      await page.locator('form[action$="/comments"] button[type=submit]').click();
      await page.waitForURL(/\/opinions\/receipt\//);
      await check(page);
      await context.close();
    });
  }
});
