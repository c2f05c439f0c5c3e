import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, signInAs } from '../helpers/factories.js';
import { htmlProblems } from '../helpers/html.js';
import { counts, csv, importFile, press, previewRows, uploadOk } from './support.js';

const FILE = csv([
  '编号,收到时间,意见内容',
  'RX-1,2026-11-03 14:20,办证窗口提前下班。',
  'RX-2,2026-11-03 14:25,热线无人接听。',
  'RX-3,2026-11-03 14:30,公示时间不准确。',
]);

describe('importing the same file again', () => {
  let t: TestApp;
  let campaignId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  const opinionCount = async () => (await t.app.db.selectFrom('opinions').select('id').execute()).length;

  it('adds nothing: every row is shown as already imported, to be skipped', async () => {
    const { agent } = await signInAs(t, 'supervisor');
    await importFile(agent, { campaignId, channel: 'hotline', data: FILE });
    expect(await opinionCount()).toBe(3);

    const again = await uploadOk(agent, { campaignId, channel: 'hotline', data: FILE });
    const page = await agent.get(`/staff/imports/${again}`);
    expect(counts(page.text)).toEqual({ ready: 0, existing: 3, repeated: 0, invalid: 0 });
    expect(previewRows(page.text).map((r) => [r.status, r.result])).toEqual([
      ['existing', 'Already imported, will be skipped'],
      ['existing', 'Already imported, will be skipped'],
      ['existing', 'Already imported, will be skipped'],
    ]);
    expect(page.text).toContain('There is nothing new to import');
    expect(page.text).not.toContain('/commit');
    expect(await htmlProblems(page.text)).toEqual([]);
    expect(await opinionCount()).toBe(3);
  });

  it('imports only the new rows of a file that has grown since', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    await importFile(agent, { campaignId, channel: 'hotline', data: FILE });
    const grown = csv([
      '编号,收到时间,意见内容',
      'RX-3,2026-11-03 14:30,公示时间不准确。',
      'RX-4,2026-11-04 09:00,新的意见。',
    ]);
    const id = await uploadOk(agent, { campaignId, channel: 'hotline', data: grown });
    expect(counts((await agent.get(`/staff/imports/${id}`)).text)).toEqual({
      ready: 1,
      existing: 1,
      repeated: 0,
      invalid: 0,
    });
    await press(agent, id, 'commit');
    expect(await t.app.db.selectFrom('opinions').select('external_ref').orderBy('id').execute()).toEqual(
      ['RX-1', 'RX-2', 'RX-3', 'RX-4'].map((r) => ({ external_ref: r })),
    );
    const result = await agent.get(`/staff/imports/${id}`);
    expect(result.text).toMatch(/Opinions imported on Nov 20, 2026, 10:00\W*AM: 1\./);
  });

  it('skips a reference repeated within the same file', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const data = csv([
      'external_ref,received_at,body',
      'S-1,2026-11-03 14:20,First.',
      'S-2,2026-11-03 14:21,Second.',
      ' S-1 ,2026-11-03 14:22,First again, typed twice.',
    ]);
    const id = await uploadOk(agent, { campaignId, channel: 'suggestion_box', data });
    const page = await agent.get(`/staff/imports/${id}`);
    expect(counts(page.text)).toEqual({ ready: 2, existing: 0, repeated: 1, invalid: 0 });
    expect(previewRows(page.text)[2]).toMatchObject({
      row: 4,
      status: 'repeated',
      result: 'Same reference as row 2, will be skipped',
    });
    await press(agent, id, 'commit');
    expect(await t.app.db.selectFrom('opinions').select(['external_ref', 'body']).orderBy('id').execute()).toEqual([
      { external_ref: 'S-1', body: 'First.' },
      { external_ref: 'S-2', body: 'Second.' },
    ]);
  });

  it('keeps references apart per channel and per campaign', async () => {
    const other = await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'coordinator');
    await importFile(agent, { campaignId, channel: 'hotline', data: FILE });
    await importFile(agent, { campaignId, channel: 'suggestion_box', data: FILE });
    await importFile(agent, { campaignId: other, channel: 'hotline', data: FILE });
    expect(await opinionCount()).toBe(9);
  });

  it('refuses a second import of the same upload, and checks again at import time', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    // Two uploads of one file, both checked before either is imported.
    const first = await uploadOk(agent, { campaignId, channel: 'hotline', data: FILE });
    const second = await uploadOk(agent, { campaignId, channel: 'hotline', data: FILE });
    const secondPage = await agent.get(`/staff/imports/${second}`);
    expect(counts(secondPage.text).ready).toBe(3);

    expect((await press(agent, first, 'commit')).status).toBe(303);
    const again = await press(agent, first, 'commit');
    expect(again.status).toBe(409);
    expect(again.text).toContain('This import has already been imported or discarded');
    expect((await press(agent, first, 'discard')).status).toBe(409);

    // The second was checked while nothing was in: at import time its rows are found imported.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(secondPage.text)![1]!;
    const late = await agent.post(`/staff/imports/${second}/commit`).type('form').send({ _csrf: csrf });
    expect(late.status).toBe(303);
    expect(await opinionCount()).toBe(3);
    const row = await t.app.db
      .selectFrom('imports')
      .select(['state', 'imported_count'])
      .where('id', '=', second)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'imported', imported_count: 0 });
    const committed = await t.app.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'import.committed')
      .where('entity_id', '=', String(second))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(committed.data!)).toMatchObject({ imported: 0, skipped_existing: 3 });
  });

  it('the database refuses a state outside the life cycle', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const id = await uploadOk(agent, { campaignId, channel: 'hotline', data: FILE });
    await expect(
      t.app.db
        .updateTable('imports')
        .set({ state: 'committed' as never })
        .where('id', '=', id)
        .execute(),
    ).rejects.toThrow(/check constraint/i);
    expect(
      (await t.app.db.selectFrom('imports').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state,
    ).toBe('previewed');
  });

  it('warns that rows without a reference would be added again', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const id = await uploadOk(agent, {
      campaignId,
      channel: 'hotline',
      data: csv(['received_at,body', '2026-11-03 14:20,No number.']),
    });
    const page = await agent.get(`/staff/imports/${id}`);
    expect(page.text).toContain('Rows without an external reference: 1.');
  });
});
