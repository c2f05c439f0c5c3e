// Whatever a staff member (or a hostile link) puts in the search box, control characters
// included, the inbox and its CSV export answer with the opinions that match the words: the
// characters are dropped (server/forms/control-characters.ts) and the query builder
// (server/search/query.ts) could not pass them to SQL anyway.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTextQuery, similarityQuery } from '../../server/search/query.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, signInAs } from '../helpers/factories.js';
import { download } from '../exports/support.js';
import { receiveOpinion } from '../triage/support.js';

const shown = (html: string) =>
  [...html.matchAll(/data-opinion="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);

describe('searching with control characters', () => {
  let t: TestApp;
  let campaignId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  it('the inbox and its CSV export find what the words find, never an error', async () => {
    const a = (await receiveOpinion(t, campaignId, '窗口工作人员中午喝酒。')).id;
    const b = (await receiveOpinion(t, campaignId, 'Officials drinking at lunchtime.')).id;
    const { agent } = await signInAs(t, 'coordinator');
    for (const [q, found] of [
      ['喝\u0000酒', [a]],
      ['drink\u0000ing', [b]],
      ['lunch\u001b', [b]],
      ['"\u0000" OR \u0007*', []],
      ['\u0000\u0000\u0000喝酒', [a]],
    ] as const) {
      const page = await agent.get(`/staff/opinions?campaign=${campaignId}&q=${encodeURIComponent(q)}`);
      expect(page.status, JSON.stringify(q)).toBe(200);
      expect(shown(page.text), JSON.stringify(q)).toEqual(found);
      expect(page.text).not.toContain('\u0000');
      const csv = await download(agent, `/staff/opinions/export.csv?campaign=${campaignId}&q=${encodeURIComponent(q)}`);
      expect(csv.res.status, JSON.stringify(q)).toBe(200);
      expect(
        csv.records.map((r) => Number(r['Opinion number'])).sort((x, y) => x - y),
        JSON.stringify(q),
      ).toEqual(found);
    }
  });

  it('the query builder holds no control character whatever text it is given', () => {
    const every = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f';
    const q = parseTextQuery(`word${every}another ${every}`)!;
    const windows = similarityQuery(`some${every}text${every}that is long enough`)!;
    for (const term of [...q.indexed, ...q.contains, ...windows]) expect(term).not.toMatch(/[\u0000-\u001f\u007f]/); // eslint-disable-line no-control-regex
  });
});
