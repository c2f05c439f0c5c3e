// What the round tests share: a rectification reported done (through the real use-cases), and
// the steps of a round taken the way a coordinator and a voter take them, through the pages.
import type request from 'supertest';
import { expect } from 'vitest';
import type { Actor } from '../../server/audit/service.js';
import { localDay, toLocalInput } from '../../server/i18n/format.js';
import {
  commitRectification,
  reportDone,
  reportProgress,
  saveDraft,
  startRectification,
} from '../../server/rectifications/service.js';
import type { TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, createUser } from '../helpers/factories.js';
import { browserBody, csrfFrom, hiddenFields, submitForm, unescapeHtml } from '../helpers/forms.js';
import { createProblem } from '../problems/support.js';

const ALL = { kind: 'all' } as const;
export const DAY = 86_400_000;

export interface Reported {
  campaignId: number;
  rectificationId: number;
  problemTitle: string;
}

/** A problem whose rectification has two measures, both done, and is reported done. */
export async function reportedDone(
  t: TestApp,
  o: { title?: string; threshold?: number; level?: 'unit' | 'individual' } = {},
): Promise<Reported> {
  const campaignId = await createCampaign(t.app.db, { threshold: o.threshold });
  const unitId = await createUnit(t.app.db);
  const u = await createUser(t.app.db, { role: 'coordinator' });
  const actor: Actor = { id: u.id, label: u.email };
  const now = () => t.clock.now();
  const problemTitle = o.title ?? 'Long waits at the service hall windows';
  const problemId = await createProblem(t, campaignId, unitId, {
    title: problemTitle,
    level: o.level ?? 'unit',
    published: o.level !== 'individual',
  });
  const started = await startRectification(t.app.db, actor, now(), problemId, ALL);
  if (typeof started === 'string' || !started.ok) throw new Error('not started');
  const id = started.value.id;
  await saveDraft(t.app.db, actor, now(), id, ALL, {
    responsible_person: 'Director Wang',
    target_date: '2026-12-31',
    measures: [
      {
        row: 0,
        id: null,
        description: 'Publish the time limits at every window',
        owner: 'Hall office',
        deadline: '2026-12-01',
        remove: false,
      },
      {
        row: 1,
        id: null,
        description: 'Weekly spot checks of waiting times',
        owner: 'Supervision section',
        deadline: '2026-12-20',
        remove: false,
      },
    ],
  });
  await commitRectification(t.app.db, actor, now(), id);
  const measures = await t.app.db.selectFrom('measures').select('id').where('rectification_id', '=', id).execute();
  await reportProgress(t.app.db, actor, now(), id, ALL, {
    note: 'Time limits posted; spot checks every Monday.',
    percent: 100,
    done: measures.map((m) => m.id),
  });
  await reportDone(t.app.db, actor, now(), id, ALL, 'All measures are done.');
  return { campaignId, rectificationId: id, problemTitle };
}

/** A datetime-local value in the portal's zone, `ms` from the test clock's now. */
export const local = (t: TestApp, ms = 0) => toLocalInput(new Date(t.clock.now().getTime() + ms), t.config.timeZone);
export const today = (t: TestApp) => localDay(t.clock.now(), t.config.timeZone);

/** Opens a round through the coordinator's form; returns its id. */
export async function openRoundOverHttp(
  t: TestApp,
  agent: request.Agent,
  rectificationId: number,
  o: { opensIn?: number; lasts?: number } = {},
): Promise<number> {
  const res = await submitForm(
    agent,
    `/staff/rectifications/${rectificationId}/rounds/new`,
    `/staff/rectifications/${rectificationId}/rounds`,
    {
      opens_at: local(t, o.opensIn ?? 0),
      closes_at: local(t, (o.opensIn ?? 0) + (o.lasts ?? 7 * DAY)),
    },
  );
  expect(res.status, res.text.slice(0, 500)).toBe(303);
  const m = /^\/staff\/rounds\/(\d+)$/.exec(String(res.headers.location));
  expect(m, String(res.headers.location)).not.toBeNull();
  return Number(m![1]);
}

export interface Slip {
  code: string;
  grouped: string;
  address: string;
  qr: string;
}

/** Reads the slips off the printable page: each slip's grouped code, printed address and QR image. */
export function slipsOn(html: string): Slip[] {
  const slips: Slip[] = [];
  for (const m of html.matchAll(/<li class="slip" data-slip>([\s\S]*?)<\/li>/g)) {
    const block = m[1]!;
    const grouped = /<span data-code>([^<]+)<\/span>/.exec(block)![1]!;
    const address = unescapeHtml(/<p class="slip-address" data-address>([^<]+)<\/p>/.exec(block)![1]!);
    const qr = unescapeHtml(/<img class="slip-qr" src="([^"]+)"/.exec(block)![1]!);
    slips.push({ grouped, code: grouped.replace(/-/g, ''), address, qr });
  }
  return slips;
}

/** Issues slips through the round page's form; returns the response and the slips on it. */
export async function issueSlipsOverHttp(
  agent: request.Agent,
  roundId: number,
  count: number,
): Promise<{ res: request.Response; slips: Slip[] }> {
  const page = await agent.get(`/staff/rounds/${roundId}`);
  expect(page.status).toBe(200);
  const { _csrf, issue_key } = hiddenFields(page.text);
  const res = await agent
    .post(`/staff/rounds/${roundId}/slips`)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(browserBody({ count: String(count), issue_key: issue_key!, _csrf: _csrf! }));
  return { res, slips: slipsOn(res.text) };
}

/** The path of an address (the slip prints the portal's public address; tests talk to the app directly). */
export const pathOf = (address: string) => {
  const u = new URL(address);
  return `${u.pathname}${u.search}`;
};

/** Opens the ballot page a slip's address opens, then casts the vote on its form. */
export async function voteOverHttp(
  agent: request.Agent,
  code: string,
  fields: Record<string, string>,
): Promise<request.Response> {
  const page = await agent.get(`/vote?code=${encodeURIComponent(code)}`);
  expect(page.status, page.text.slice(0, 300)).toBe(200);
  const hidden = hiddenFields(page.text);
  return agent
    .post('/vote')
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(browserBody({ ...hidden, ...fields }));
}

/** Posts a form of the page at `pageUrl` with its own CSRF token (a new client each time is fine). */
export async function postWithToken(
  agent: request.Agent,
  pageUrl: string,
  action: string,
  fields: Record<string, string | string[]>,
): Promise<request.Response> {
  const page = await agent.get(pageUrl);
  return agent
    .post(action)
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(browserBody({ ...fields, _csrf: csrfFrom(page.text) }));
}

/** The receipt shown on a receipt page. */
export function receiptOn(html: string): string {
  const m = /data-receipt>([0-9A-F-]+)</.exec(html);
  if (!m) throw new Error('no receipt on the page');
  return m[1]!;
}
