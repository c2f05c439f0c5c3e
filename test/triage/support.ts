// What the triage and problem tests share: opinions acknowledged through the real use-case, and
// the triage form sent the way a browser sends it.
import type request from 'supertest';
import type { Channel } from '../../server/opinions/channels.js';
import type { TestApp } from '../helpers/app.js';
import { submitForm } from '../helpers/forms.js';
import { seedOpinion } from '../inbox/recording.js';

export async function receiveOpinion(
  t: TestApp,
  campaignId: number,
  body: string,
  o: { channel?: Channel; unitId?: number | null; email?: string } = {},
) {
  return seedOpinion(t, {
    campaignId,
    body,
    channel: o.channel ?? 'suggestion_box',
    unitId: o.unitId ?? null,
    anonymous: !o.email,
    submitterName: o.email ? 'Li Wei' : null,
    submitterEmail: o.email ?? null,
    locale: 'en',
  });
}

/** Sends the triage form of an opinion, as a browser would. */
export function triage(agent: request.Agent, id: number, fields: Record<string, string | string[]>) {
  return submitForm(agent, `/staff/triage/${id}`, `/staff/triage/${id}`, fields);
}

export async function opinionRow(t: TestApp, id: number) {
  return t.app.db.selectFrom('opinions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function auditOf(t: TestApp, entityType: string, id: number) {
  return t.app.db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(id))
    .orderBy('id')
    .execute();
}
