// A table that may scroll sideways sits in a .table-wrap, which a keyboard user must be able to
// reach and scroll (axe: scrollable-region-focusable): every one in every view is focusable and
// named, and on the audit page it is so as served.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';

function views(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? views(p) : p.endsWith('.eta') ? [p] : [];
  });
}

/** Every opening tag whose class list holds table-wrap. */
const wrappers = (html: string) =>
  [...html.matchAll(/<\w+\s[^>]*class="(?:[^"]*\s)?table-wrap(?:\s[^"]*)?"[^>]*>/g)].map((m) => m[0]);

const reachable = (tag: string) => /\stabindex="0"/.test(tag) && /\saria-(labelledby|label)="[^"]+"/.test(tag);

describe('scrolling tables can be reached by keyboard', () => {
  it('every .table-wrap in every view is focusable and has a name', () => {
    const found = views('views').flatMap((file) =>
      wrappers(fs.readFileSync(file, 'utf8').replace(/<%[\s\S]*?%>/g, 'eta')).map((tag) => ({ file, tag })),
    );
    expect(found.length).toBeGreaterThan(15);
    expect(found.filter((w) => !reachable(w.tag))).toEqual([]);
  });

  describe('as served', () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp();
    });
    afterEach(async () => t.close());

    it('on the audit log, the accounts, the campaigns, the conduct rules and the open data', async () => {
      const { agent } = await signInAs(t, 'administrator');
      for (const url of ['/staff/audit', '/staff/accounts', '/staff/campaigns', '/staff/conduct-rules', '/open-data']) {
        const res = await agent.get(url);
        expect(res.status, url).toBe(200);
        const tags = wrappers(res.text);
        for (const tag of tags) {
          expect(reachable(tag), `${url}: ${tag}`).toBe(true);
          // The name points at an element that is there.
          const id = /aria-labelledby="([^"\s]+)/.exec(tag)?.[1];
          if (id) expect(res.text, `${url}: #${id}`).toContain(`id="${id}"`);
        }
      }
    });
  });
});
