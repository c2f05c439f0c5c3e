// What the inbox tests share: filling in the recording form as a browser would, reading the
// inbox page, and putting opinions in place before a test.
import type request from 'supertest';
import { expect } from 'vitest';
import type { Channel } from '../../server/opinions/channels.js';
import { createOpinion, type NewOpinion } from '../../server/opinions/service.js';
import type { TestApp } from '../helpers/app.js';
import { browserBody, hiddenFields, selectedValue, unescapeHtml } from '../helpers/forms.js';

/** The page's default for a text input (e.g. the received time, "now"). */
export function defaultValue(html: string, name: string): string | null {
  const m = new RegExp(`<input id="field-${name}"[^>]*value="([^"]*)"`).exec(html);
  return m ? unescapeHtml(m[1]!) : null;
}

/**
 * Opens the recording form for a channel and sends it with what the page already holds
 * (hidden fields, the chosen campaign, the received time) plus `fields`.
 */
export async function recordVia(
  agent: request.Agent,
  channel: string,
  fields: Record<string, string | string[]>,
  pageUrl = `/staff/opinions/new?channel=${channel}`,
): Promise<request.Response> {
  const page = await agent.get(pageUrl);
  expect(page.status, `GET ${pageUrl}`).toBe(200);
  const defaults: Record<string, string> = { ...hiddenFields(page.text) };
  const campaign = selectedValue(page.text, 'campaign_id');
  if (campaign) defaults.campaign_id = campaign;
  const received = defaultValue(page.text, 'received_at');
  if (received) defaults.received_at = received;
  return agent
    .post('/staff/opinions')
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .send(browserBody({ ...defaults, ...fields }));
}

/** The tracking code from the redirect after a save. */
export function savedCode(res: request.Response, channel: string): string {
  const problems = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)?.[0] ?? res.text.slice(0, 300);
  expect(res.status, problems).toBe(303);
  const m = new RegExp(`^/staff/opinions/new\\?channel=${channel}&saved=([A-Z0-9]{12})$`).exec(
    String(res.headers.location),
  );
  expect(m, String(res.headers.location)).not.toBeNull();
  return m![1]!;
}

/** The count shown for a channel on the inbox page, or null if the channel is not listed. */
export function channelCount(html: string, channel: string): number | null {
  const m = new RegExp(`<li data-channel="${channel}">[\\s\\S]*?<span class="count">([^<]*)</span>`).exec(html);
  return m ? Number(m[1]!.replace(/[^\d]/g, '')) : null;
}

/** The ids of the opinions listed on an inbox page, in order. */
export function listedIds(html: string): number[] {
  return [...html.matchAll(/<tr data-opinion="(\d+)">/g)].map((m) => Number(m[1]));
}

/** The href of a link with the given rel (prev/next), unescaped, or null. */
export function relLink(html: string, rel: 'prev' | 'next'): string | null {
  const m = new RegExp(`<a href="([^"]*)" rel="${rel}">`).exec(html);
  return m ? unescapeHtml(m[1]!) : null;
}

let seeded = 0;

/** An opinion already in the database, acknowledged the way every channel's are. */
export async function seedOpinion(
  t: TestApp,
  o: Partial<NewOpinion> & { campaignId: number; channel?: Channel },
): Promise<{ id: number; trackingCode: string }> {
  seeded++;
  const created = await createOpinion(t.app.db, t.clock, {
    channel: 'suggestion_box',
    body: `Seeded opinion ${seeded}`,
    unitId: null,
    conductRuleId: null,
    anonymous: true,
    submitterName: null,
    submitterPhone: null,
    submitterEmail: null,
    locale: 'zh-CN',
    details: {},
    recordedBy: null,
    submissionKey: null,
    ...o,
  });
  return { id: created.id, trackingCode: created.trackingCode };
}
