import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { csrfFrom } from '../helpers/forms.js';
import { seedOpinion } from './recording.js';

describe('a unit officer cannot record opinions or read the inbox', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('is refused every opinion page, even about their own unit', async () => {
    const campaignId = await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db);
    const { id } = await seedOpinion(t, { campaignId, unitId });
    const { agent } = await signInAs(t, 'unit_officer', { unitId });

    for (const url of [
      '/staff/opinions',
      '/staff/opinions?channel=hotline',
      '/staff/opinions/new?channel=hotline',
      `/staff/opinions/${id}`,
    ]) {
      const res = await agent.get(url);
      expect(res.status, url).toBe(403);
      expect(res.text).not.toContain('Seeded opinion');
    }
    const home = await agent.get('/staff');
    expect(home.status).toBe(200);
    expect(home.text).not.toContain('href="/staff/opinions"');
    const post = await agent
      .post('/staff/opinions')
      .type('form')
      .send({
        _csrf: csrfFrom(home.text),
        channel: 'hotline',
        campaign_id: String(campaignId),
        received_at: '2026-11-20T09:00',
        body: 'Sneaked in.',
      });
    expect(post.status).toBe(403);
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(1);
  });

  it('sends someone signed out to sign in', async () => {
    await signInAs(t, 'administrator');
    for (const url of ['/staff/opinions', '/staff/opinions/new?channel=hotline', '/staff/opinions/1']) {
      const res = await t.agent().get(url);
      expect(res.status, url).toBe(302);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
  });
});
