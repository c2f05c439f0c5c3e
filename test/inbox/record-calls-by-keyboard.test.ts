// In a real browser: the hotline form is fast with the keyboard alone, and passes axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations, fitsWidth, launchChromium, listen, PHONE } from '../helpers/browser.js';
import { createCampaign, createUser, PASSWORD } from '../helpers/factories.js';
import { seedOpinion } from './recording.js';

describe('a hotline operator records calls with the keyboard alone', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    t = await buildTestApp();
    base = await listen(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  // Runs in the page; the project's TypeScript has no DOM types, so the page's globals are described here.
  const focusedId = (page: Page) =>
    page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ??
        null,
    );

  async function signIn(page: Page, email: string) {
    await page.goto(`${base}/staff/opinions/new?channel=hotline`);
    await page.fill('#field-email', email);
    await page.fill('#field-password', PASSWORD);
    await page.press('#field-password', 'Enter');
    await page.waitForURL(/\/staff\/opinions\/new\?channel=hotline$/);
  }

  it('types the call, tabs to the number, presses Enter, and is at once ready for the next call', async () => {
    await createCampaign(t.app.db);
    await createUser(t.app.db, { role: 'administrator' });
    const operator = await createUser(t.app.db, { role: 'supervisor' });
    const page = await browser.newPage();
    await signIn(page, operator.email);

    const calls = [
      { text: 'The permit window closed at 4 pm although the sign says 5 pm.', number: '13812345678' },
      { text: 'Staff at the service hall asked for a gift to speed things up.', number: '021 6543 2100' },
    ];
    for (const call of calls) {
      expect(await focusedId(page)).toBe('field-body');
      await page.keyboard.type(call.text);
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('field-caller_number');
      await page.keyboard.type(call.number);
      // After the first call the address already carries a saved code: wait for the next one.
      const before = page.url();
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => /saved=[A-Z0-9]{12}$/.test(url.href) && url.href !== before);
      expect(await page.textContent('[role="status"]')).toMatch(
        /Saved — tracking code\s+[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/,
      );
      expect(await page.inputValue('#field-body')).toBe('');
      expect(await page.inputValue('#field-caller_number')).toBe('');
    }

    const rows = await t.app.db
      .selectFrom('opinions')
      .select(['body', 'details', 'channel', 'recorded_by'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => ({ ...r, details: JSON.parse(r.details) as unknown }))).toEqual(
      calls.map((c) => ({
        body: c.text,
        details: { caller_number: c.number },
        channel: 'hotline',
        recorded_by: operator.id,
      })),
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('has no accessibility violations on the inbox and an opinion, and fits a phone', async () => {
    await createUser(t.app.db, { role: 'administrator' });
    const coordinator = await createUser(t.app.db, { role: 'coordinator' });
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#field-email', coordinator.email);
    await page.fill('#field-password', PASSWORD);
    await page.press('#field-password', 'Enter');
    await page.waitForURL(/\/staff$/);
    const campaignId = await createCampaign(t.app.db, { name: 'Phone check' });
    const { id } = await seedOpinion(t, {
      campaignId,
      channel: 'hotline',
      body: 'Checked on a phone.',
      details: { caller_number: '13812345678' },
    });
    for (const url of ['/staff/opinions', `/staff/opinions/${id}`, '/staff/opinions/new?channel=petition']) {
      await page.goto(`${base}${url}`);
      expect(await axeViolations(page), url).toEqual([]);
      expect(await fitsWidth(page), url).toBe(true);
    }
    await context.close();
  });
});
