import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, createUser, signInAs } from '../helpers/factories.js';
import { channelCount, listedIds, recordVia, savedCode, seedOpinion } from './recording.js';

describe('a supervisor sees the opinions about the units they watch, and those they recorded', () => {
  let t: TestApp;
  let campaignId: number;
  let watched: number;
  let other: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    watched = await createUnit(t.app.db, { name: 'Watched bureau' });
    other = await createUnit(t.app.db, { name: 'Other bureau' });
  });
  afterEach(async () => t.close());

  /** Opinions recorded by a coordinator and by the supervisor, about each unit and about none. */
  async function seed(supervisorId: number) {
    const coordinator = await createUser(t.app.db, { role: 'coordinator' });
    const by = (u: { id: number; email: string }) => ({ id: u.id, label: u.email });
    return {
      aboutWatched: await seedOpinion(t, {
        campaignId,
        channel: 'hotline',
        unitId: watched,
        recordedBy: by(coordinator),
      }),
      aboutWatchedOnline: await seedOpinion(t, { campaignId, channel: 'suggestion_box', unitId: watched }),
      aboutOther: await seedOpinion(t, { campaignId, channel: 'hotline', unitId: other, recordedBy: by(coordinator) }),
      aboutNoUnit: await seedOpinion(t, {
        campaignId,
        channel: 'petition',
        unitId: null,
        details: { petition_kind: 'letter' },
        recordedBy: by(coordinator),
      }),
      otherOnline: await seedOpinion(t, { campaignId, channel: 'suggestion_box', unitId: other }),
      ownAboutOther: await seedOpinion(t, {
        campaignId,
        channel: 'visit',
        unitId: other,
        details: { place: 'Market' },
        recordedBy: { id: supervisorId, label: 'me' },
      }),
    };
  }

  it('lists and counts only those, and opens only those', async () => {
    const { user, agent } = await signInAs(t, 'supervisor', { watches: [watched] });
    const o = await seed(user.id);

    const inbox = await agent.get('/staff/opinions');
    expect(inbox.status).toBe(200);
    expect(listedIds(inbox.text).sort()).toEqual(
      [o.aboutWatched.id, o.aboutWatchedOnline.id, o.ownAboutOther.id].sort(),
    );
    expect(inbox.text).toContain('Opinions matching the filters: 3');
    expect(channelCount(inbox.text, 'hotline')).toBe(1);
    expect(channelCount(inbox.text, 'suggestion_box')).toBe(1);
    expect(channelCount(inbox.text, 'visit')).toBe(1);
    expect(channelCount(inbox.text, 'petition')).toBe(0);

    // A filter cannot widen the scope.
    const otherUnit = await agent.get(`/staff/opinions?unit=${other}`);
    expect(listedIds(otherUnit.text)).toEqual([o.ownAboutOther.id]);

    for (const visible of [o.aboutWatched, o.aboutWatchedOnline, o.ownAboutOther]) {
      expect((await agent.get(`/staff/opinions/${visible.id}`)).status, `opinion ${visible.id}`).toBe(200);
    }
    for (const hidden of [o.aboutOther, o.aboutNoUnit, o.otherOnline]) {
      const res = await agent.get(`/staff/opinions/${hidden.id}`);
      expect(res.status, `opinion ${hidden.id}`).toBe(403);
      expect(res.text).not.toContain(hidden.trackingCode);
    }
  });

  it('sees what they record themselves, whichever unit it concerns', async () => {
    const { agent } = await signInAs(t, 'supervisor', { watches: [] });
    const code = savedCode(
      await recordVia(agent, 'hotline', { body: 'About a unit I do not watch.', unit_id: String(other) }),
      'hotline',
    );
    const row = await t.app.db
      .selectFrom('opinions')
      .select('id')
      .where('tracking_code', '=', code)
      .executeTakeFirstOrThrow();
    await seedOpinion(t, { campaignId, channel: 'hotline', unitId: other });

    const inbox = await agent.get('/staff/opinions');
    expect(listedIds(inbox.text)).toEqual([row.id]);
    expect(channelCount(inbox.text, 'hotline')).toBe(1);
    expect((await agent.get(`/staff/opinions/${row.id}`)).status).toBe(200);
  });

  it('does not show another supervisor the saved notice of a code they did not record', async () => {
    const first = await signInAs(t, 'supervisor');
    const code = savedCode(await recordVia(first.agent, 'hotline', { body: 'Mine.' }), 'hotline');
    const second = await signInAs(t, 'supervisor');
    const page = await second.agent.get(`/staff/opinions/new?channel=hotline&saved=${code}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Saved — tracking code');
    expect(page.text).not.toContain(code.slice(0, 4) + '-');
  });

  it('lets coordinators and administrators see everything', async () => {
    const supervisor = await createUser(t.app.db, { role: 'supervisor', watches: [watched] });
    const o = await seed(supervisor.id);
    for (const role of ['coordinator', 'administrator'] as const) {
      const { agent } = await signInAs(t, role);
      const inbox = await agent.get('/staff/opinions');
      expect(listedIds(inbox.text), role).toHaveLength(6);
      expect(channelCount(inbox.text, 'hotline'), role).toBe(2);
      expect(channelCount(inbox.text, 'suggestion_box'), role).toBe(2);
      expect((await agent.get(`/staff/opinions/${o.aboutOther.id}`)).status, role).toBe(200);
    }
  });

  it('answers an unknown or malformed opinion number with 404', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    for (const id of ['999999', 'abc', '0', '1e3', '-1', '99999999999999']) {
      expect((await agent.get(`/staff/opinions/${id}`)).status, id).toBe(404);
    }
  });
});
