import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../server/opinions/channels.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { fieldError, selectedValue, HOSTILE } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { channelCount, listedIds, relLink, seedOpinion } from './recording.js';

describe('a coordinator reads the inbox', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('opens on the most recent running campaign and counts every one of the ten channels, zeros included', async () => {
    const spring = await createCampaign(t.app.db, { name: 'Spring campaign', startsOn: '2026-01-01' });
    const autumn = await createCampaign(t.app.db, { name: 'Autumn campaign', startsOn: '2026-09-01' });
    await createCampaign(t.app.db, { name: 'Last year', startsOn: '2025-01-01', endsOn: '2025-12-31' });
    for (let i = 0; i < 3; i++) await seedOpinion(t, { campaignId: autumn, channel: 'hotline' });
    await seedOpinion(t, { campaignId: autumn, channel: 'petition' });
    for (let i = 0; i < 2; i++) await seedOpinion(t, { campaignId: spring, channel: 'leadership' });
    const { agent } = await signInAs(t, 'coordinator');

    const page = await agent.get('/staff/opinions');
    expect(page.status).toBe(200);
    expect(selectedValue(page.text, 'campaign')).toBe(String(autumn));
    expect(listedIds(page.text)).toHaveLength(4);
    const counts = Object.fromEntries(CHANNELS.map((c) => [c, channelCount(page.text, c)]));
    expect(counts).toEqual({ ...Object.fromEntries(CHANNELS.map((c) => [c, 0])), hotline: 3, petition: 1 });

    const other = await agent.get(`/staff/opinions?campaign=${spring}`);
    expect(other.status).toBe(200);
    expect(selectedValue(other.text, 'campaign')).toBe(String(spring));
    expect(listedIds(other.text)).toHaveLength(2);
    expect(channelCount(other.text, 'leadership')).toBe(2);
    expect(channelCount(other.text, 'hotline')).toBe(0);
    expect(CHANNELS.every((c) => channelCount(other.text, c) !== null)).toBe(true);
  });

  it('narrows by channel, unit, state and the days received in the portal time zone', async () => {
    const campaignId = await createCampaign(t.app.db);
    const north = await createUnit(t.app.db, { name: 'North district' });
    const south = await createUnit(t.app.db, { name: 'South district' });
    // 00:30 on 20 November in Shanghai, though still the 19th in UTC.
    const a = await seedOpinion(t, {
      campaignId,
      channel: 'hotline',
      unitId: north,
      receivedAt: new Date('2026-11-19T16:30:00Z'),
    });
    // 23:59 on 19 November in Shanghai.
    const b = await seedOpinion(t, {
      campaignId,
      channel: 'petition',
      unitId: south,
      receivedAt: new Date('2026-11-19T15:59:00Z'),
    });
    const c = await seedOpinion(t, {
      campaignId,
      channel: 'hotline',
      unitId: south,
      receivedAt: new Date('2026-11-10T02:00:00Z'),
    });
    await t.app.db.updateTable('opinions').set({ state: 'triaged' }).where('id', '=', c.id).execute();
    const { agent } = await signInAs(t, 'coordinator');

    const ids = async (query: string) => {
      const res = await agent.get(`/staff/opinions?${query}`);
      expect(res.status, query).toBe(200);
      return listedIds(res.text);
    };
    expect(await ids('')).toEqual([a.id, b.id, c.id]); // most recently received first
    expect(await ids('channel=hotline')).toEqual([a.id, c.id]);
    expect(await ids(`unit=${south}`)).toEqual([b.id, c.id]);
    expect(await ids('state=triaged')).toEqual([c.id]);
    expect(await ids('state=received')).toEqual([a.id, b.id]);
    expect(await ids('from=2026-11-20')).toEqual([a.id]);
    expect(await ids('to=2026-11-19')).toEqual([b.id, c.id]);
    expect(await ids('from=2026-11-19&to=2026-11-19')).toEqual([b.id]);
    expect(await ids(`channel=hotline&unit=${south}`)).toEqual([c.id]);
    expect(await ids('channel=supervisor')).toEqual([]);

    const filtered = await agent.get(`/staff/opinions?channel=hotline&unit=${north}&from=2026-11-01`);
    expect(selectedValue(filtered.text, 'channel')).toBe('hotline');
    expect(selectedValue(filtered.text, 'unit')).toBe(String(north));
    expect(filtered.text).toMatch(/<input id="field-from" name="from" type="date" value="2026-11-01"/);
    expect(filtered.text).toContain('North district');
    // The channel counts are for the whole campaign, whatever the filters.
    expect(channelCount(filtered.text, 'petition')).toBe(1);
    expect(channelCount(filtered.text, 'hotline')).toBe(2);
  });

  it('shows the received time, channel, an excerpt, the unit and the state in words', async () => {
    const campaignId = await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db, { name: 'Land bureau' });
    const long = `${'The queue at the land registry window is too long. '.repeat(8)}END-OF-TEXT`;
    const { id } = await seedOpinion(t, {
      campaignId,
      channel: 'visit',
      unitId,
      body: long,
      details: { place: 'Registry hall' },
      receivedAt: new Date('2026-11-18T06:15:00Z'),
    });
    await t.app.db.updateTable('opinions').set({ state: 'not_actionable' }).where('id', '=', id).execute();
    const { agent } = await signInAs(t, 'coordinator');
    const page = await agent.get('/staff/opinions');
    const row = new RegExp(`<tr data-opinion="${id}">([\\s\\S]*?)</tr>`).exec(page.text)![1]!;
    expect(row).toContain('Nov 18, 2026, 2:15'); // 06:15 UTC is 14:15 in Shanghai
    expect(row).toContain('Proactive on-site visits');
    expect(row).toContain(`href="/staff/opinions/${id}"`);
    expect(row).toContain('The queue at the land registry window is too long.');
    expect(row).toContain('…');
    expect(row).not.toContain('END-OF-TEXT');
    expect(row).toContain('Land bureau');
    expect(row).toContain('Not actionable');
    expect(row).toContain('Place visited: Registry hall');
  });

  it('pages through 50 at a time, keeping the filters in the links', async () => {
    const campaignId = await createCampaign(t.app.db);
    const start = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 120; i++)
      await seedOpinion(t, { campaignId, channel: 'hotline', receivedAt: new Date(start + i * 60_000) });
    for (let i = 0; i < 5; i++) await seedOpinion(t, { campaignId, channel: 'petition' });
    const { agent } = await signInAs(t, 'coordinator');

    const first = await agent.get('/staff/opinions?channel=hotline');
    expect(first.status).toBe(200);
    expect(first.text).toContain('Page 1 of 3');
    expect(relLink(first.text, 'prev')).toBeNull();
    const next = relLink(first.text, 'next');
    expect(next).toBe(`/staff/opinions?campaign=${campaignId}&channel=hotline&page=2`);
    const firstIds = listedIds(first.text);
    expect(firstIds).toHaveLength(50);

    const second = await agent.get(next!);
    expect(second.text).toContain('Page 2 of 3');
    expect(await htmlProblems(second.text)).toEqual([]);
    expect(relLink(second.text, 'prev')).toBe(`/staff/opinions?campaign=${campaignId}&channel=hotline`);
    const secondIds = listedIds(second.text);
    expect(secondIds).toHaveLength(50);

    const third = await agent.get(relLink(second.text, 'next')!);
    expect(third.text).toContain('Page 3 of 3');
    expect(relLink(third.text, 'next')).toBeNull();
    const thirdIds = listedIds(third.text);
    expect(thirdIds).toHaveLength(20);

    const all = [...firstIds, ...secondIds, ...thirdIds];
    expect(new Set(all).size).toBe(120);
    const hotline = await t.app.db
      .selectFrom('opinions')
      .select('id')
      .where('channel', '=', 'hotline')
      .orderBy('received_at', 'desc')
      .execute();
    expect(all).toEqual(hotline.map((r) => r.id));

    const unreadable = await agent.get('/staff/opinions?channel=hotline&page=abc');
    expect(unreadable.status).toBe(200);
    expect(listedIds(unreadable.text)).toEqual(firstIds);
    const beyond = await agent.get('/staff/opinions?channel=hotline&page=99');
    expect(beyond.text).toContain('Page 3 of 3');
    expect(listedIds(beyond.text)).toEqual(thirdIds);
  });

  it('reports filter values it cannot read, ignores them, and never fails', async () => {
    const campaignId = await createCampaign(t.app.db);
    await seedOpinion(t, { campaignId, channel: 'hotline' });
    await seedOpinion(t, { campaignId, channel: 'petition' });
    const { agent } = await signInAs(t, 'coordinator');

    const ignored = /^This filter was not understood and has been ignored$/;
    const cases: Array<[string, string, RegExp]> = [
      ['channel=fax', 'channel', ignored],
      ['channel=hotline&channel=petition', 'channel', ignored],
      [`state=${encodeURIComponent(HOSTILE.script)}`, 'state', ignored],
      ['unit=abc', 'unit', ignored],
      ['from=2026-02-30', 'from', /^Enter a real date$/],
      [`to=${encodeURIComponent(HOSTILE.sql)}`, 'to', /^Enter a real date$/],
      ['campaign=99999', 'campaign', /^Choose a campaign from the list$/],
      ['from=2026-11-20&to=2026-11-01', 'to', /end date is before the start date/],
    ];
    for (const [query, field, message] of cases) {
      const res = await agent.get(`/staff/opinions?${query}`);
      expect(res.status, query).toBe(422);
      expect(fieldError(res.text, field), query).toMatch(message);
      expect(listedIds(res.text), query).toHaveLength(2); // the bad filter is ignored
      expect(res.text).not.toContain(HOSTILE.script);
    }
    expect(await htmlProblems((await agent.get('/staff/opinions?channel=fax&from=2026-02-30')).text)).toEqual([]);
    const kept = await agent.get(`/staff/opinions?channel=fax&state=received&campaign=${campaignId}`);
    expect(kept.status).toBe(422);
    expect(selectedValue(kept.text, 'state')).toBe('received');
    expect(listedIds(kept.text)).toHaveLength(2);
  });

  it('says there is nothing to show when no campaign exists', async () => {
    const { agent } = await signInAs(t, 'administrator');
    const page = await agent.get('/staff/opinions');
    expect(page.status).toBe(200);
    expect(page.text).toContain('There is no campaign yet');
  });
});
