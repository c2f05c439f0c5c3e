// A member of the public, in a real Chromium on a phone-sized screen: sends an opinion, reads
// the tracking code off the receipt, tracks it. axe-core checks every page on the way against
// WCAG 2.2 A and AA, in both languages; a second run does it all with JavaScript switched off.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, fitsWidth, launchChromium, listen, PHONE } from '../helpers/browser.js';
import { createCampaign, createConductRule, createUnit } from '../helpers/factories.js';
import { htmlProblems } from '../helpers/html.js';

describe('a member of the public in a real browser', { timeout: 60_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db, { name: 'Image of organisation cadres 2026' });
    const city = await createUnit(t.app.db, { name: 'City organisation department', kind: 'city' });
    await createUnit(t.app.db, { name: 'Eastern district', kind: 'district', parentId: city });
    await createConductRule(t.app.db, 'No drinking at noon');
    base = await listen(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Every page the person sees is checked the same way. */
  async function checkPage(page: Page, visited: string[]) {
    visited.push(new URL(page.url()).pathname);
    const violations = await axeViolations(page);
    expect(violations, `axe on ${page.url()}`).toEqual([]);
    expect(await fitsWidth(page), `no sideways scrolling on ${page.url()}`).toBe(true);
    expect(await htmlProblems(await page.content()), `valid HTML on ${page.url()}`).toEqual([]);
  }

  async function sendAndTrack(context: BrowserContext, o: { switchTo?: string; withAxe: boolean }) {
    context.setDefaultTimeout(5000);
    const page = await context.newPage();
    const visited: string[] = [];
    const check = async () => (o.withAxe ? checkPage(page, visited) : undefined);

    await page.goto(`${base}/`);
    if (o.switchTo) {
      await page.getByRole('link', { name: o.switchTo }).click();
      await page.waitForURL(`${base}/`);
    }
    const lang = await page.getAttribute('html', 'lang');
    await check();

    // From the home page to the suggestion box.
    await page.locator('main a[href="/opinions/new"]').first().click();
    await page.waitForURL(`${base}/opinions/new`);
    await check();

    // Sent empty: the form comes back with its messages.
    await page.locator('form[action="/opinions"] button[type=submit]').click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').count()).toBe(1);
    expect(await page.locator('#field-body-error').count()).toBe(1);
    await check();

    // Filled in properly, with a name and an email.
    const text =
      lang === 'zh-CN'
        ? '中午在食堂饮酒，下午办事窗口无人。'
        : 'Staff at the eastern service window were drinking at lunch.';
    await page.fill('#field-body', text);
    const unit = await page.locator('#field-unit_id option', { hasText: 'Eastern district' }).getAttribute('value');
    await page.selectOption('#field-unit_id', unit!);
    await page.check('#field-identity-named');
    await page.fill('#field-name', 'Li Wei');
    await page.fill('#field-email', 'li.wei@example.org');
    await page.locator('form[action="/opinions"] button[type=submit]').click();
    await page.waitForURL(/\/opinions\/receipt\//);
    await check();

    // The person reads the code off the receipt, as they would write it down.
    const code = (await page.locator('.code-display').innerText()).trim();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

    // Later, they type it into the tracking page, in lower case with spaces.
    await page.goto(`${base}/track`);
    await check();
    await page.fill('#field-code', code.toLowerCase().replace(/-/g, ' '));
    await page.locator('form[action="/track"] button[type=submit]').click();
    await page.waitForURL(`${base}/track/${code}`);
    await check();
    const tracked = await page.locator('main').innerText();
    expect(tracked).toContain(lang === 'zh-CN' ? '已收到' : 'Received');
    expect(tracked).not.toContain('Li Wei');
    expect(tracked).not.toContain('li.wei@example.org');
    expect(tracked).not.toContain(text);

    // A mistyped code gets a helpful page, also accessible.
    await page.goto(`${base}/track/2222-3333-4444`);
    await check();
    await page.close();
    return { code, visited };
  }

  it('in English: every page passes axe (WCAG 2.2 AA), fits a phone and is valid HTML', async () => {
    const context = await browser.newContext({
      ...PHONE,
      locale: 'en-GB',
      extraHTTPHeaders: { 'Accept-Language': 'en-GB' },
    });
    const { visited } = await sendAndTrack(context, { withAxe: true });
    expect(visited.length).toBeGreaterThanOrEqual(7);
    await context.close();
  });

  it('in Chinese, chosen with the language link', async () => {
    const context = await browser.newContext({
      ...PHONE,
      locale: 'en-GB',
      extraHTTPHeaders: { 'Accept-Language': 'en-GB' },
    });
    const { visited } = await sendAndTrack(context, { switchTo: '中文（简体）', withAxe: true });
    expect(visited.length).toBeGreaterThanOrEqual(7);
    await context.close();
  });

  it('with JavaScript switched off, the whole flow still works', async () => {
    const context = await browser.newContext({
      ...PHONE,
      javaScriptEnabled: false,
      extraHTTPHeaders: { 'Accept-Language': 'zh-CN' },
    });
    const { code } = await sendAndTrack(context, { withAxe: false });
    const row = await t.app.db
      .selectFrom('opinions')
      .selectAll()
      .where('tracking_code', '=', code.replace(/-/g, ''))
      .executeTakeFirstOrThrow();
    expect(row.channel).toBe('suggestion_box');
    expect(row.submitter_name).toBe('Li Wei');
    await context.close();
  });
});
