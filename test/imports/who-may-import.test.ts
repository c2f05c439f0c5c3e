import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { csrfFrom } from '../helpers/forms.js';
import { counts, csv, importFile, press, previewRows, uploadOk } from './support.js';

describe('who may import, and what', () => {
  let t: TestApp;
  let campaignId: number;
  let watched: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    watched = await createUnit(t.app.db, { name: 'Watched bureau' });
    await createUnit(t.app.db, { name: 'Other bureau' });
  });
  afterEach(async () => t.close());

  const FILE = csv([
    'external_ref,received_at,body,unit',
    'W-1,2026-11-03 14:20,About the watched bureau.,Watched bureau',
    'W-2,2026-11-03 14:21,About the other bureau.,Other bureau',
    'W-3,2026-11-03 14:22,About no unit in particular.,',
  ]);

  it('lets a supervisor import about the units they watch or none, not about others', async () => {
    const { user, agent } = await signInAs(t, 'supervisor', { watches: [watched] });
    const id = await uploadOk(agent, { campaignId, channel: 'hotline', data: FILE });
    const page = await agent.get(`/staff/imports/${id}`);
    expect(counts(page.text)).toEqual({ ready: 2, existing: 0, repeated: 0, invalid: 1 });
    expect(previewRows(page.text)[1]).toMatchObject({
      row: 3,
      status: 'invalid',
      problems: ['Unit: you do not watch “Other bureau”, so you cannot import opinions about it'],
    });
    expect((await press(agent, id, 'commit')).status).toBe(422);
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(0);

    await importFile(agent, {
      campaignId,
      channel: 'hotline',
      data: csv([
        'external_ref,received_at,body,unit',
        'W-1,2026-11-03 14:20,About the watched bureau.,Watched bureau',
        'W-3,2026-11-03 14:22,About no unit.,',
      ]),
    });
    const rows = await t.app.db.selectFrom('opinions').select(['unit_id', 'recorded_by']).orderBy('id').execute();
    expect(rows).toEqual([
      { unit_id: watched, recorded_by: user.id },
      { unit_id: null, recorded_by: user.id },
    ]);
  });

  it('lets a coordinator import about any unit', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    await importFile(agent, { campaignId, channel: 'hotline', data: FILE });
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(3);
  });

  it('refuses a unit officer every import page and the export', async () => {
    const supervisor = await signInAs(t, 'supervisor', { watches: [watched] });
    const id = await uploadOk(supervisor.agent, { campaignId, channel: 'hotline', data: FILE });
    const { agent } = await signInAs(t, 'unit_officer', { unitId: watched });
    for (const url of [
      '/staff/imports',
      '/staff/imports/sample/hotline.csv',
      `/staff/imports/${id}`,
      `/staff/opinions/export.csv?campaign=${campaignId}`,
    ]) {
      expect((await agent.get(url)).status, url).toBe(403);
    }
    const csrf = csrfFrom((await agent.get('/staff')).text);
    for (const url of ['/staff/imports', `/staff/imports/${id}/commit`, `/staff/imports/${id}/discard`]) {
      expect((await agent.post(url).type('form').send({ _csrf: csrf })).status, url).toBe(403);
    }
    const upload = await agent
      .post('/staff/imports')
      .field('_csrf', csrf)
      .field('campaign_id', String(campaignId))
      .field('channel', 'hotline')
      .attach('file', FILE, 'a.csv');
    expect(upload.status).toBe(403);
    const home = await agent.get('/staff');
    expect(home.text).not.toContain('href="/staff/imports"');
    expect(await t.app.db.selectFrom('imports').select('state').execute()).toEqual([{ state: 'previewed' }]);
  });

  it('shows an import only to its uploader and to coordinators and administrators', async () => {
    const owner = await signInAs(t, 'supervisor', { watches: [watched] });
    const id = await uploadOk(owner.agent, {
      campaignId,
      channel: 'hotline',
      data: csv(['received_at,body', '2026-11-03 14:20,Mine.']),
    });
    const other = await signInAs(t, 'supervisor', { watches: [watched] });
    expect((await other.agent.get(`/staff/imports/${id}`)).status).toBe(403);
    const csrf = csrfFrom((await other.agent.get('/staff/imports')).text);
    for (const action of ['commit', 'discard'])
      expect(
        (await other.agent.post(`/staff/imports/${id}/${action}`).type('form').send({ _csrf: csrf })).status,
        action,
      ).toBe(403);
    expect((await other.agent.get('/staff/imports')).text).not.toContain(`href="/staff/imports/${id}"`);
    expect((await owner.agent.get('/staff/imports')).text).toContain(`href="/staff/imports/${id}"`);

    const coordinator = await signInAs(t, 'coordinator');
    expect((await coordinator.agent.get('/staff/imports')).text).toContain(`href="/staff/imports/${id}"`);
    expect((await press(coordinator.agent, id, 'commit')).status).toBe(303);
    const row = await t.app.db.selectFrom('opinions').select('recorded_by').executeTakeFirstOrThrow();
    expect(row.recorded_by).toBe(coordinator.user.id); // whoever imports it recorded it
    for (const bad of ['999999', 'abc', '0'])
      expect((await coordinator.agent.get(`/staff/imports/${bad}`)).status, bad).toBe(404);
  });

  it('sends someone signed out to sign in', async () => {
    await signInAs(t, 'administrator');
    for (const url of [
      '/staff/imports',
      '/staff/imports/1',
      '/staff/imports/sample/hotline.csv',
      '/staff/opinions/export.csv',
    ]) {
      const res = await t.agent().get(url);
      expect(res.status, url).toBe(302);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
  });

  it('links to importing and exporting from the inbox, by permission', async () => {
    const coordinator = await signInAs(t, 'coordinator');
    const page = (await coordinator.agent.get(`/staff/opinions?campaign=${campaignId}&channel=hotline`)).text;
    expect(page).toContain('href="/staff/imports"');
    expect(page).toContain(`href="/staff/opinions/export.csv?campaign=${campaignId}&amp;channel=hotline"`);
    expect(page).toContain(
      `href="/staff/opinions/export.csv?campaign=${campaignId}&amp;channel=hotline&amp;personal=1"`,
    );
    const supervisor = await signInAs(t, 'supervisor');
    const own = (await supervisor.agent.get('/staff/opinions')).text;
    expect(own).toContain('href="/staff/imports"');
    expect(own).toContain(`href="/staff/opinions/export.csv?campaign=${campaignId}"`);
    expect(own).not.toContain('personal=1');
  });
});
