import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_PAGE } from '../../server/exports/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, signInAs } from '../helpers/factories.js';
import { csv, importFile } from '../imports/support.js';
import { download } from './support.js';

describe('a campaign with more opinions than one page of the export', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('has every opinion once, in order, across the pages', { timeout: 60_000 }, async () => {
    const campaignId = await createCampaign(t.app.db);
    const n = EXPORT_PAGE * 2 + 500;
    const lines = ['external_ref,received_at,body'];
    for (let i = 0; i < n; i++) lines.push(`R-${i},2026-11-03 14:20,Opinion ${i}`);
    const { agent } = await signInAs(t, 'coordinator');
    await importFile(agent, { campaignId, channel: 'suggestion_box', data: csv(lines) });

    const d = await download(agent, `/staff/opinions/export.csv?campaign=${campaignId}`);
    expect(d.res.status).toBe(200);
    expect(d.records).toHaveLength(n);
    expect(d.records.map((r) => r['External reference'])).toEqual(Array.from({ length: n }, (_, i) => `R-${i}`));
    const ids = d.records.map((r) => Number(r['Opinion number']));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(n);
    // One header, and the byte-order mark only at the very start.
    expect(d.text.split('\uFEFF')).toHaveLength(1);
    expect(d.rows.filter((r) => r[0] === 'Opinion number')).toHaveLength(1);
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'opinions.exported')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data!)).toMatchObject({ rows: n });
  });
});
