import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../server/accounts/tables.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { csrfFrom, submitForm } from '../helpers/forms.js';
import { seedOpinion } from '../inbox/recording.js';

describe('who may redact, and who may read the text before redaction', () => {
  let t: TestApp;
  let unitId: number;
  let opinionId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    const campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db);
    ({ id: opinionId } = await seedOpinion(t, {
      campaignId,
      unitId,
      body: 'Li Si at 13900139000 was rude.',
      locale: 'en',
    }));
    const { agent } = await signInAs(t, 'coordinator');
    const res = await submitForm(agent, `/staff/opinions/${opinionId}`, `/staff/opinions/${opinionId}/redaction`, {
      passages: 'Li Si',
    });
    expect(res.status).toBe(303);
  });
  afterEach(async () => t.close());

  it('gives the original to administrators only', async () => {
    const admin = await signInAs(t, 'administrator');
    expect((await admin.agent.get(`/staff/opinions/${opinionId}/original`)).status).toBe(200);
    const others: Array<[Role, { watches?: number[]; unitId?: number }]> = [
      ['coordinator', {}],
      ['supervisor', { watches: [unitId] }],
      ['unit_officer', { unitId }],
    ];
    for (const [role, o] of others) {
      const { agent } = await signInAs(t, role, o);
      const res = await agent.get(`/staff/opinions/${opinionId}/original`);
      expect(res.status, role).toBe(403);
      expect(res.text, role).not.toContain('Li Si');
    }
    const signedOut = await t.agent().get(`/staff/opinions/${opinionId}/original`);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.location).toBe(
      `/login?next=${encodeURIComponent(`/staff/opinions/${opinionId}/original`)}`,
    );
  });

  it('answers 404 for an opinion never redacted or unknown', async () => {
    const campaignId = (await t.app.db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow()).id;
    const plain = await seedOpinion(t, { campaignId });
    const admin = await signInAs(t, 'administrator');
    expect((await admin.agent.get(`/staff/opinions/${plain.id}/original`)).status).toBe(404);
    expect((await admin.agent.get('/staff/opinions/999/original')).status).toBe(404);
    expect((await admin.agent.get('/staff/opinions/999/redaction')).status).toBe(404);
  });

  it('lets only coordinators and administrators redact', async () => {
    const others: Array<[Role, { watches?: number[]; unitId?: number }]> = [
      ['supervisor', { watches: [unitId] }],
      ['unit_officer', { unitId }],
    ];
    for (const [role, o] of others) {
      const { agent } = await signInAs(t, role, o);
      expect((await agent.get(`/staff/opinions/${opinionId}/redaction`)).status, role).toBe(403);
      const home = await agent.get('/staff');
      const res = await agent
        .post(`/staff/opinions/${opinionId}/redaction`)
        .type('form')
        .send({ _csrf: csrfFrom(home.text), detected: '13900139000' });
      expect(res.status, role).toBe(403);
    }
    const body = (
      await t.app.db.selectFrom('opinions').select('body').where('id', '=', opinionId).executeTakeFirstOrThrow()
    ).body;
    expect(body).toBe('[redacted] at 13900139000 was rude.');

    const admin = await signInAs(t, 'administrator');
    const res = await submitForm(
      admin.agent,
      `/staff/opinions/${opinionId}/redaction`,
      `/staff/opinions/${opinionId}/redaction`,
      { detected: '13900139000' },
    );
    expect(res.status).toBe(303);
  });
});
