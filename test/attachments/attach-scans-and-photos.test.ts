import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { escaped, HOSTILE } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { seedOpinion } from '../inbox/recording.js';
import * as s from './samples.js';
import { listedAttachments, storedRows, upload } from './upload.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** supertest's body of a binary response. */
const bytes = (res: Response) => res.body as Buffer;
const binary = (agent: ReturnType<TestApp['agent']>, url: string) =>
  agent
    .get(url)
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });

describe('a coordinator attaches a scanned letter and photos to an opinion', () => {
  let t: TestApp;
  let opinionId: number;
  let unitId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    const campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db, { name: 'Land bureau' });
    ({ id: opinionId } = await seedOpinion(t, {
      campaignId,
      channel: 'suggestion_box',
      unitId,
      body: 'A slip from the box at the market.',
    }));
  });
  afterEach(async () => t.close());

  it('keeps a photo without its Exif (GPS), XMP, IPTC or comment, and the image segments as they were', async () => {
    const { user, agent } = await signInAs(t, 'coordinator');
    const photo = s.jpegWithGps();
    const res = await upload(agent, opinionId, { filename: 'slip.jpg', data: photo, contentType: 'image/jpeg' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/staff/opinions/${opinionId}#attachments`);

    const [row] = await storedRows(t);
    expect(row).toMatchObject({
      opinion_id: opinionId,
      filename: 'slip.jpg',
      media_type: 'image/jpeg',
      uploaded_by: user.id,
      created_at: t.clock.now().toISOString(),
    });
    const expected = s.jpegStripped();
    expect(row!.byte_size).toBe(expected.length);
    expect(row!.sha256).toBe(sha256(expected));

    // On disk under the data folder, by its random key: the stripped bytes.
    const file = path.join(t.dataDir, 'attachments', row!.storage_key);
    expect(row!.storage_key).toMatch(/^[a-f0-9]{32}$/);
    const stored = fs.readFileSync(file);
    expect(stored.equals(expected)).toBe(true);
    expect(stored.includes(Buffer.from('Exif'))).toBe(false);
    expect(stored.includes(s.GPS_RATIONALS)).toBe(false);
    expect(stored.includes(Buffer.from('GPSLatitude'))).toBe(false);

    // Downloaded: the same bytes, shown inline as an image, never cached, never sniffed.
    const download = await binary(agent, `/staff/attachments/${row!.id}`);
    expect(download.status).toBe(200);
    expect(bytes(download).equals(expected)).toBe(true);
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cache-control']).toBe('private, no-store');
    expect(download.headers['content-disposition']).toBe(`inline; filename="slip.jpg"; filename*=UTF-8''slip.jpg`);
    expect(download.headers['content-security-policy']).toContain('sandbox');
  });

  it('lists it on the opinion page with its type, size, who added it and when, and records it in the audit log', async () => {
    const { user, agent } = await signInAs(t, 'coordinator');
    await upload(agent, opinionId, { filename: '市场意见条.jpg', data: s.jpegWithGps() });
    const page = await agent.get(`/staff/opinions/${opinionId}`);
    expect(page.status).toBe(200);
    const [row] = await storedRows(t);
    expect(listedAttachments(page.text)).toEqual([row!.id]);
    const listed = new RegExp(`<tr data-attachment="${row!.id}">([\\s\\S]*?)</tr>`).exec(page.text)![1]!;
    expect(listed).toContain(`href="/staff/attachments/${row!.id}"`);
    expect(listed).toContain('市场意见条.jpg');
    expect(listed).toContain('JPEG image');
    expect(listed).toContain(`${row!.byte_size} bytes`);
    expect(listed).toContain(escaped(`${user.name} (${user.email})`));
    expect(listed).toContain('Nov 20, 2026');
    expect(await htmlProblems(page.text)).toEqual([]);

    const entries = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'attachment.added')
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: user.email,
      actor_id: user.id,
      entity_type: 'opinion',
      entity_id: String(opinionId),
    });
    const data = JSON.parse(entries[0]!.data!) as Record<string, unknown>;
    expect(data).toEqual({
      attachment_id: row!.id,
      media_type: 'image/jpeg',
      byte_size: row!.byte_size,
      sha256: row!.sha256,
      metadata_removed: 4,
    });
    // Neither the file nor its name.
    expect(JSON.stringify(entries[0])).not.toContain('市场');
    expect(page.text).toContain('attachment.added');
  });

  it('keeps a PNG without its text and Exif chunks', async () => {
    const { agent } = await signInAs(t, 'supervisor', { watches: [unitId] });
    const res = await upload(agent, opinionId, {
      filename: 'photo.png',
      data: s.pngWithText(),
      contentType: 'image/png',
    });
    expect(res.status).toBe(303);
    const [row] = await storedRows(t);
    expect(row!.media_type).toBe('image/png');
    const download = await binary(agent, `/staff/attachments/${row!.id}`);
    expect(download.status).toBe(200);
    expect(bytes(download).equals(s.pngStripped())).toBe(true);
    expect(bytes(download).includes(Buffer.from('Garden Road'))).toBe(false);
    expect(download.headers['content-type']).toBe('image/png');
  });

  it('keeps a PDF as it is and hands it out only as a download', async () => {
    const { agent } = await signInAs(t, 'administrator');
    const res = await upload(agent, opinionId, {
      filename: '来信 扫描件.pdf',
      data: s.pdf(),
      contentType: 'application/pdf',
    });
    expect(res.status).toBe(303);
    const [row] = await storedRows(t);
    expect(row).toMatchObject({ media_type: 'application/pdf', filename: '来信 扫描件.pdf', sha256: sha256(s.pdf()) });
    const download = await binary(agent, `/staff/attachments/${row!.id}`);
    expect(bytes(download).equals(s.pdf())).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="__ ___.pdf"; filename*=UTF-8''${encodeURIComponent('来信 扫描件.pdf')}`,
    );
    expect(download.headers['cache-control']).toBe('private, no-store');
  });

  it('names the file after what it is, and shows a hostile name as text', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    await upload(agent, opinionId, {
      filename: `${HOSTILE.html}.html`,
      data: s.pngWithText(),
      contentType: 'text/html',
    });
    const [row] = await storedRows(t);
    expect(row!.media_type).toBe('image/png');
    expect(row!.filename).toBe('_img src=x onerror=alert(1)_.html.png');
    const page = await agent.get(`/staff/opinions/${opinionId}`);
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain(escaped(row!.filename));
    expect(await htmlProblems(page.text)).toEqual([]);
  });

  it('works from the attachments page too, which shows the form again with what was wrong', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const pageUrl = `/staff/opinions/${opinionId}/attachments`;
    const first = await agent.get(pageUrl);
    expect(first.status).toBe(200);
    expect(first.text).toContain('No attachments yet.');
    expect(await htmlProblems(first.text)).toEqual([]);
    expect((await upload(agent, opinionId, { filename: 'scan.pdf', data: s.pdf() }, pageUrl)).status).toBe(303);
    const after = await agent.get(pageUrl);
    expect(listedAttachments(after.text)).toHaveLength(1);
  });

  it('shows the section in Chinese', async () => {
    const { agent } = await signInAs(t, 'coordinator', { locale: 'zh-CN' });
    await upload(agent, opinionId, { filename: 'slip.jpg', data: s.jpegWithGps() });
    const page = await agent.get(`/staff/opinions/${opinionId}`).set('Accept-Language', 'zh-CN');
    expect(page.text).toContain('<h2 id="attachments-title">附件</h2>');
    expect(page.text).toContain('JPEG 图片');
    expect(page.text).toContain('字节');
  });
});
