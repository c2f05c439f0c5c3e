// A real Chromium (Debian's package) driven by playwright-core, and axe-core run inside it.
import type { AddressInfo } from 'node:net';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { htmlProblems } from './html.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps dialling out, which this network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Starts the test app on a real port on loopback; returns its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: string[];
}

/** WCAG 2.2 A and AA violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Injected through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    // This runs in the page; the test code is compiled without the DOM's types.
    const w = globalThis as unknown as { axe: typeof axe; document: never };
    const result = await w.axe.run(w.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/** True when the page fits the viewport's width (nothing to scroll sideways on a phone). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const w = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
    return w.document.documentElement.scrollWidth <= w.innerWidth + 1;
  });
}

/**
 * What every public page must be, checked on the page as the browser has it: valid HTML, and with
 * JavaScript on (axe needs it) no WCAG 2.2 A/AA violation and nothing to scroll sideways.
 */
export async function expectSoundPage(page: Page, javaScriptEnabled: boolean): Promise<void> {
  if (javaScriptEnabled) {
    expect(await axeViolations(page), `axe on ${page.url()}`).toEqual([]);
    expect(await fitsWidth(page), `no sideways scrolling on ${page.url()}`).toBe(true);
  }
  expect(await htmlProblems(await page.content()), `valid HTML on ${page.url()}`).toEqual([]);
}
