import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPEN_DATA_PAGE, openRectifications } from '../../server/opendata/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit } from '../helpers/factories.js';
import { download } from '../exports/support.js';
import { coordinator, promised } from '../reminders/support.js';

describe('a campaign with more rectifications than one page of the open data', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('has every public one once, in order, in the CSV and the JSON', { timeout: 120_000 }, async () => {
    const actor = await coordinator(t);
    const campaignId = await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db);
    const n = OPEN_DATA_PAGE * 2 + 30;
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      // Every hundredth one a draft: left out, wherever it falls on a page.
      const draftOnly = i % 100 === 50;
      const { id } = await promised(t, actor, {
        campaignId,
        unitId,
        title: `Problem ${i}`,
        measures: [{ description: `Measure ${i}`, deadline: '2026-12-31' }],
        draftOnly,
      });
      if (!draftOnly) ids.push(id);
    }

    const d = await download(t.agent(), '/open-data/rectifications.csv');
    expect(d.records.map((r) => Number(r.id))).toEqual(ids);
    expect(d.text.split('\uFEFF')).toHaveLength(1);
    expect(d.rows.filter((r) => r[0] === 'id')).toHaveLength(1);

    const json = JSON.parse((await t.agent().get('/open-data/rectifications.json')).text) as {
      rectifications: Array<{ id: number; measures: unknown[] }>;
    };
    expect(json.rectifications.map((r) => r.id)).toEqual(ids);
    expect(json.rectifications.every((r) => r.measures.length === 1)).toBe(true);

    // Read a page at a time, never more.
    const pages: number[] = [];
    for await (const page of openRectifications(t.app.db, '2026-11-20', t.config.baseUrl)) pages.push(page.length);
    expect(ids.length).toBeGreaterThan(2 * OPEN_DATA_PAGE);
    expect(pages).toEqual([OPEN_DATA_PAGE, OPEN_DATA_PAGE, ids.length - 2 * OPEN_DATA_PAGE]);
  });
});
