// An administrator on a phone, in a real Chromium, reading Chinese: the staff tables keep names,
// roles, units and channels whole and scroll sideways inside their frame; an opinion's excerpt
// still wraps. And the tracking code in an opinion's heading stays on one line.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { fitsWidth, launchChromium, listen, PHONE } from '../helpers/browser.js';
import { createCampaign, createUnit, createUser, PASSWORD } from '../helpers/factories.js';
import { receiptOf, sendOpinion } from '../opinions/support.js';

const UNIT = '东城区委组织部干部监督科';
const LONG = '中午在食堂饮酒，下午办事窗口无人值守，群众排队等候超过一个小时，反映多次仍未改正，希望尽快整改。';

interface Cell {
  text: string;
  lines: number;
  width: number;
}

/** Every cell of the page's tables: its text, how many lines it takes and how wide it is. */
function cellsOf(page: Page): Promise<Cell[]> {
  return page.evaluate(() => {
    // This runs in the page; the test code is compiled without the DOM's types, so just what is used.
    interface Box {
      top: number;
      width: number;
    }
    interface Node {
      textContent: string | null;
    }
    interface Element extends Node {
      innerText: string;
      getBoundingClientRect(): Box;
    }
    interface Doc {
      querySelectorAll(selector: string): Iterable<Element>;
      createTreeWalker(root: Element, show: number): { nextNode(): Node | null };
      createRange(): { selectNodeContents(n: Node): void; getClientRects(): Iterable<Box> };
    }
    const d = (globalThis as unknown as { document: Doc }).document;
    return [...d.querySelectorAll('.table-wrap th, .table-wrap td')].map((c) => {
      const text = c.innerText.replace(/\s+/g, ' ').trim();
      // The lines the cell's text takes: the fragments of its text nodes, grouped by how far
      // down they sit (a badge's padding or a <code> may shift a fragment by a pixel or two).
      const tops: number[] = [];
      const walker = d.createTreeWalker(c, 4 /* NodeFilter.SHOW_TEXT */);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent?.trim()) continue;
        const range = d.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top);
      }
      tops.sort((a, b) => a - b);
      const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1]! > 8).length;
      return { text, lines, width: c.getBoundingClientRect().width };
    });
  });
}

const cell = (cells: Cell[], text: string) => {
  const found = cells.find((c) => c.text === text);
  expect(found, `a cell "${text}"`).toBeDefined();
  return found!;
};

describe('staff tables on a phone, in Chinese', { timeout: 60_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await buildTestApp();
    await createCampaign(t.app.db, { name: '2026年干部形象问题征集活动' });
    const unit = await createUnit(t.app.db, { name: UNIT });
    await createUser(t.app.db, {
      role: 'administrator',
      name: '王芳',
      email: 'wang.fang@example.org',
      locale: 'zh-CN',
    });
    await createUser(t.app.db, { role: 'unit_officer', name: '欧阳建国', unitId: unit, locale: 'zh-CN' });
    await createUser(t.app.db, { role: 'coordinator', name: '李娜', locale: 'zh-CN' });
    receiptOf(await sendOpinion(t.agent(), { body: LONG, unit_id: String(unit) }));
    base = await listen(t);
    browser = await launchChromium();
    const context = await browser.newContext({
      ...PHONE,
      viewport: { width: 375, height: 740 },
      locale: 'zh-CN',
      extraHTTPHeaders: { 'Accept-Language': 'zh-CN' },
    });
    context.setDefaultTimeout(5000);
    page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#field-email', 'wang.fang@example.org');
    await page.fill('#field-password', PASSWORD);
    await page.locator('form[action="/login"] button[type=submit]').click();
    await page.waitForURL(`${base}/staff`);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** No cell is squeezed to a character or two a line. */
  function expectNoSqueezedCell(cells: Cell[]) {
    const squeezed = cells.filter((c) => c.lines > 1 && [...c.text.replace(/\s/g, '')].length / c.lines < 3);
    expect(squeezed).toEqual([]);
  }

  it('the accounts list keeps names, roles and units on one line, and scrolls inside its frame', async () => {
    await page.goto(`${base}/staff/accounts`);
    expect(await fitsWidth(page), 'the page itself does not scroll sideways').toBe(true);
    const cells = await cellsOf(page);
    for (const text of [
      '姓名',
      '角色',
      '所属单位',
      '王芳',
      '欧阳建国',
      '系统管理员',
      '单位联络员',
      '活动统筹员',
      UNIT,
    ]) {
      expect(cell(cells, text).lines, text).toBe(1);
    }
    expectNoSqueezedCell(cells);
    const frame = await page.locator('.table-wrap').evaluate((w) => ({ client: w.clientWidth, scroll: w.scrollWidth }));
    expect(frame.scroll).toBeGreaterThan(frame.client);
  });

  it('the opinions list keeps the channel and unit whole and still wraps the excerpt', async () => {
    await page.goto(`${base}/staff/opinions`);
    expect(await fitsWidth(page)).toBe(true);
    const cells = await cellsOf(page);
    for (const text of ['设立意见箱', UNIT, '已收到']) expect(cell(cells, text).lines, text).toBe(1);
    expectNoSqueezedCell(cells);
    const excerpt = cells.find((c) => c.text.startsWith('#1 '))!;
    expect(excerpt.lines, 'the excerpt wraps').toBeGreaterThan(1);
    expect(excerpt.width, 'in a readable measure').toBeGreaterThanOrEqual(150);
  });

  it('the audit log keeps each date on one line', async () => {
    await page.goto(`${base}/staff/audit`);
    expect(await fitsWidth(page)).toBe(true);
    const cells = await cellsOf(page);
    const dates = cells.filter((c) => /^\d{4}年\d{1,2}月\d{1,2}日/.test(c.text));
    expect(dates.length).toBeGreaterThan(0);
    for (const d of dates) expect(d.lines, d.text).toBe(1);
    expectNoSqueezedCell(cells);
  });

  it('the tracking code in the heading of an opinion stays on one line (in English, where the heading is longest)', async () => {
    await page.goto(`${base}/lang/en?next=/staff/opinions/1`);
    await page.waitForURL(`${base}/staff/opinions/1`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const code = page.locator('h1 .tracking-code');
    expect(await code.innerText()).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const lines = await code.evaluate((el) => new Set([...el.getClientRects()].map((r) => Math.round(r.top))).size);
    expect(lines).toBe(1);
    expect(await fitsWidth(page)).toBe(true);
  });
});
