// Staff search the campaign's opinions by words in the text, with the inbox's filters; it works
// for Chinese (no spaces between words, two-character words too) and English alike.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { receiveOpinion } from '../triage/support.js';

const shown = (html: string) =>
  [...html.matchAll(/data-opinion="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);

describe('searching opinions', () => {
  let t: TestApp;
  let campaignId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  it('finds words inside Chinese and English text, combined with the other filters, and only within scope', async () => {
    const unit = await createUnit(t.app.db);
    const a = (
      await receiveOpinion(t, campaignId, '窗口工作人员中午喝酒，下午办事拖拉。', { channel: 'hotline', unitId: unit })
    ).id;
    const b = (await receiveOpinion(t, campaignId, '有干部在工作日喝酒。', { channel: 'petition' })).id;
    const c = (
      await receiveOpinion(t, campaignId, 'Officials drinking at lunchtime, again.', {
        channel: 'hotline',
        unitId: unit,
      })
    ).id;
    const other = await createCampaign(t.app.db);
    await receiveOpinion(t, other, '中午喝酒的问题在别处也有。');
    const { agent } = await signInAs(t, 'coordinator');
    const search = async (q: string, extra = '') => {
      const res = await agent.get(`/staff/opinions?campaign=${campaignId}&q=${encodeURIComponent(q)}${extra}`);
      expect(res.status).toBe(200);
      return shown(res.text);
    };
    expect(await search('喝酒')).toEqual([a, b]);
    expect(await search('中午喝酒')).toEqual([a]);
    expect(await search('喝酒', '&channel=hotline')).toEqual([a]);
    expect(await search('DRINK')).toEqual([c]);
    expect(await search('drink lunch')).toEqual([c]);
    expect(await search('drink 喝酒')).toEqual([]);
    expect(await search('"; DROP TABLE opinions; --')).toEqual([]);
    expect(await search('NEAR(a b) OR *')).toEqual([]);

    const page = await agent.get(`/staff/opinions?campaign=${campaignId}&q=${encodeURIComponent('喝酒')}`);
    expect(page.text).toContain('value="喝酒"');
    expect(page.text).toContain('Opinions matching the filters: 2');

    // A supervisor searches only the units they watch and what they recorded.
    const supervisor = (await signInAs(t, 'supervisor', { watches: [unit] })).agent;
    const res = await supervisor.get(`/staff/opinions?campaign=${campaignId}&q=${encodeURIComponent('喝酒')}`);
    expect(shown(res.text)).toEqual([a]);
  });

  it('an oversize query is reported and ignored, not an error page', async () => {
    await receiveOpinion(t, campaignId, 'Anything');
    const { agent } = await signInAs(t, 'coordinator');
    const res = await agent.get(`/staff/opinions?campaign=${campaignId}&q=${'x'.repeat(300)}`);
    expect(res.status).toBe(422);
    expect(shown(res.text)).toHaveLength(1);
  });
});
