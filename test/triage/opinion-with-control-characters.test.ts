// Control characters mean nothing in typed text (server/forms/control-characters.ts): an opinion
// sent with a NUL, an escape and a bell keeps its words, tab and line breaks, and its triage page
// (whose similar-opinions query is built from the text) opens like any other. The full-text query
// builder is safe whatever text reaches it, even text stored before the forms cleaned it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, signInAs } from '../helpers/factories.js';
import { onPostgres } from '../helpers/postgres.js';
import { receiptOf, sendOpinion } from '../opinions/support.js';
import { receiveOpinion } from './support.js';

describe('an opinion holding control characters', () => {
  let t: TestApp;
  let campaignId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  it('is kept without them, tab and line breaks kept, and its triage page opens with similar opinions', async () => {
    const like = await receiveOpinion(t, campaignId, '窗口工作人员中午喝酒，下午办事效率低。');
    t.clock.advance(60_000);
    receiptOf(
      await sendOpinion(t.agent(), {
        body: '窗口工作人员\u0000中午喝酒\u001b[31m，\u0007下午\t办事\r\n效率低。\u007f',
      }),
    );
    const sent = await t.app.db
      .selectFrom('opinions')
      .select(['id', 'body'])
      .where('id', '!=', like.id)
      .executeTakeFirstOrThrow();
    expect(sent.body).toBe('窗口工作人员中午喝酒[31m，下午\t办事\n效率低。');

    const { agent } = await signInAs(t, 'coordinator');
    const page = await agent.get(`/staff/triage/${sent.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-similar-opinion="${like.id}"`);
    expect((await agent.get(`/staff/triage/${like.id}`)).text).toContain(`data-similar-opinion="${sent.id}"`);
  });

  it('a 422 form keeps the typed words without the control characters', async () => {
    const res = await sendOpinion(t.agent(), { body: 'Too short\u0000', identity: 'named', name: 'Li\u0000 Wei' });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('\u0000');
    expect(res.text).toContain('Li Wei');
  });

  // PostgreSQL refuses to store a NUL at all; SQLite keeps one written past the forms (an old row).
  it('stored before the forms cleaned it, still opens its triage page', async () => {
    const like = await receiveOpinion(t, campaignId, 'Staff at the window drink at lunch every day.');
    const raw = await receiveOpinion(t, campaignId, 'Staff at the window drink at lunch, again.');
    if (!onPostgres)
      await t.app.db
        .updateTable('opinions')
        .set({ body: 'Staff at the\u0000 window\u0001 drink at lunch, "again".\u0000' })
        .where('id', '=', raw.id)
        .execute();
    const { agent } = await signInAs(t, 'coordinator');
    const page = await agent.get(`/staff/triage/${raw.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-similar-opinion="${like.id}"`);
  });
});
