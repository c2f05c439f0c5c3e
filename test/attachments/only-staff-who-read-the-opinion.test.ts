import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { csrfFrom } from '../helpers/forms.js';
import { seedOpinion } from '../inbox/recording.js';
import * as s from './samples.js';
import { multipartBody, storedRows, upload } from './upload.js';

describe('attachments are for the staff who may read their opinion, and nobody else', () => {
  let t: TestApp;
  let watched: number;
  let other: number;
  let opinionId: number;
  let attachmentId: number;
  let storageKey: string;
  beforeEach(async () => {
    t = await buildTestApp();
    const campaignId = await createCampaign(t.app.db);
    watched = await createUnit(t.app.db, { name: 'Watched bureau' });
    other = await createUnit(t.app.db, { name: 'Other bureau' });
    ({ id: opinionId } = await seedOpinion(t, { campaignId, channel: 'suggestion_box', unitId: other }));
    const { agent } = await signInAs(t, 'coordinator');
    expect((await upload(agent, opinionId, { filename: 'slip.jpg', data: s.jpegWithGps() })).status).toBe(303);
    const [row] = await storedRows(t);
    attachmentId = row!.id;
    storageKey = row!.storage_key;
  });
  afterEach(async () => t.close());

  it('refuses a supervisor who does not watch the unit: no list, no upload, no download', async () => {
    const { agent } = await signInAs(t, 'supervisor', { watches: [watched] });
    expect((await agent.get(`/staff/opinions/${opinionId}`)).status).toBe(403);
    expect((await agent.get(`/staff/opinions/${opinionId}/attachments`)).status).toBe(403);

    const home = await agent.get('/staff');
    const { body, contentType } = multipartBody(
      { _csrf: csrfFrom(home.text) },
      { filename: 'more.jpg', data: s.jpegWithGps() },
    );
    const post = await agent
      .post(`/staff/opinions/${opinionId}/attachments`)
      .set('Content-Type', contentType)
      .send(body);
    expect(post.status).toBe(403);
    expect(await storedRows(t)).toHaveLength(1);

    const download = await agent.get(`/staff/attachments/${attachmentId}`);
    expect(download.status).toBe(403);
    expect(download.headers['content-type']).toMatch(/^text\/html/);
    expect(download.text).not.toContain('JFIF');
  });

  it('lets a supervisor who watches the unit see and add them', async () => {
    const { agent } = await signInAs(t, 'supervisor', { watches: [other] });
    expect((await agent.get(`/staff/attachments/${attachmentId}`)).status).toBe(200);
    expect((await upload(agent, opinionId, { filename: 'scan.pdf', data: s.pdf() })).status).toBe(303);
    expect(await storedRows(t)).toHaveLength(2);
  });

  it('refuses a unit officer, even of the unit concerned', async () => {
    const { agent } = await signInAs(t, 'unit_officer', { unitId: other });
    expect((await agent.get(`/staff/attachments/${attachmentId}`)).status).toBe(403);
    expect((await agent.get(`/staff/opinions/${opinionId}/attachments`)).status).toBe(403);
    const home = await agent.get('/staff');
    const { body, contentType } = multipartBody(
      { _csrf: csrfFrom(home.text) },
      { filename: 'more.jpg', data: s.jpegWithGps() },
    );
    expect(
      (await agent.post(`/staff/opinions/${opinionId}/attachments`).set('Content-Type', contentType).send(body)).status,
    ).toBe(403);
    expect(await storedRows(t)).toHaveLength(1);
  });

  it('sends someone signed out to sign in', async () => {
    const agent = t.agent();
    for (const url of [`/staff/attachments/${attachmentId}`, `/staff/opinions/${opinionId}/attachments`]) {
      const res = await agent.get(url);
      expect(res.status, url).toBe(302);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
    const { body, contentType } = multipartBody({}, { filename: 'more.jpg', data: s.jpegWithGps() });
    const post = await agent
      .post(`/staff/opinions/${opinionId}/attachments`)
      .set('Content-Type', contentType)
      .send(body);
    expect(post.status).toBe(302);
    expect(String(post.headers.location)).toMatch(/^\/login\?next=/);
    expect(await storedRows(t)).toHaveLength(1);
  });

  it('answers an unknown attachment or opinion with 404', async () => {
    const { agent } = await signInAs(t, 'administrator');
    for (const url of ['/staff/attachments/999', '/staff/attachments/abc', '/staff/opinions/999/attachments']) {
      expect((await agent.get(url)).status, url).toBe(404);
    }
  });

  it('keeps the file in the data folder, outside static/, where /static cannot reach it', async () => {
    const file = path.join(t.dataDir, 'attachments', storageKey);
    expect(fs.existsSync(file)).toBe(true);
    const staticDir = path.resolve(import.meta.dirname, '../../static');
    expect(path.relative(staticDir, file).startsWith('..')).toBe(true);
    expect(
      fs
        .readdirSync(staticDir, { recursive: true })
        .map(String)
        .some((f) => f.includes(storageKey)),
    ).toBe(false);

    const { agent } = await signInAs(t, 'administrator');
    for (const url of [
      `/static/${storageKey}`,
      `/static/attachments/${storageKey}`,
      `/static/../attachments/${storageKey}`,
      `/static/%2e%2e/%2e%2e/${path.relative(path.resolve(staticDir, '..'), file).split(path.sep).join('/')}`,
      `/static/..%2f..%2fattachments%2f${storageKey}`,
    ]) {
      // 404, or 403 where @fastify/static sees a way out of its folder.
      const res = await agent.get(url);
      expect([403, 404], url).toContain(res.status);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.text, url).not.toContain('JFIF');
    }
  });
});
