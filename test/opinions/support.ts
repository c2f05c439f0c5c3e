// What the opinion tests share: sending the suggestion box the way a browser does, and reading
// what the portal answered.
import type request from 'supertest';
import { expect } from 'vitest';
import type { DB } from '../../server/db/database.js';
import { browserBody, csrfFrom } from '../helpers/forms.js';

/** A tracking code as shown: three groups of four from the code alphabet. */
export const GROUPED_CODE = /^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/;

export function submissionKeyFrom(html: string): string {
  const m = /name="submission_key" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no submission key on the page');
  return m[1]!;
}

/** The hidden fields a browser sends with the form, read off the page as it was rendered. */
export function hiddenFieldsOf(html: string): Record<string, string> {
  return { _csrf: csrfFrom(html), submission_key: submissionKeyFrom(html), website: '' };
}

/** Opens the suggestion box, fills in `fields` and sends it, as a browser would. */
export async function sendOpinion(
  agent: request.Agent,
  fields: Record<string, string | string[]>,
): Promise<request.Response> {
  const page = await agent.get('/opinions/new');
  expect(page.status, 'GET /opinions/new').toBe(200);
  return agent
    .post('/opinions')
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(browserBody({ identity: 'anonymous', ...hiddenFieldsOf(page.text), ...fields }));
}

/** Where a successful submission was sent: the receipt page, with the code and what happened to the email. */
export function receiptOf(res: request.Response): { code: string; email: string; url: string } {
  expect(res.status, res.text.slice(0, 2000)).toBe(303);
  const m = /^\/opinions\/receipt\/([^?]+)\?email=(\w+)$/.exec(String(res.headers.location));
  expect(m, `redirected to ${res.headers.location}`).not.toBeNull();
  expect(m![1]).toMatch(GROUPED_CODE);
  return { code: m![1]!, email: m![2]!, url: String(res.headers.location) };
}

/** The code shown large on a receipt or tracking page. */
export function displayedCode(html: string): string | null {
  const m = /<span class="code-display"[^>]*>([^<]*)<\/span>/.exec(html);
  return m ? m[1]!.trim() : null;
}

/** The levels of the headings on a page, in order. */
export function headingLevels(html: string): number[] {
  return [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
}

/** One h1 first, and no heading more than one level below the one before it. */
export function expectHeadingsInOrder(html: string): void {
  const levels = headingLevels(html);
  expect(levels[0], 'the first heading is the h1').toBe(1);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  for (let i = 1; i < levels.length; i++)
    expect(levels[i]! - levels[i - 1]!, `headings ${levels.join(',')}`).toBeLessThanOrEqual(1);
}

/** The CSP forbids inline scripts and styles; the pages must not need them. */
export function expectNoInlineScriptOrStyle(html: string): void {
  expect(html).not.toMatch(/<script\b/i);
  expect(html).not.toMatch(/<style\b/i);
  expect(html).not.toMatch(/\sstyle=/i);
  expect(html).not.toMatch(/\son[a-z]+=/i);
}

export async function allOpinions(db: DB) {
  return db.selectFrom('opinions').selectAll().orderBy('id').execute();
}

export async function auditEntries(db: DB, action: string) {
  return db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}
