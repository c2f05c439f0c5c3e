import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UPLOAD_MAX_BYTES } from '../../server/plugins/uploads.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, signInAs } from '../helpers/factories.js';
import { csrfFrom, fieldError } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { seedOpinion } from '../inbox/recording.js';
import * as s from './samples.js';
import { multipartBody, storedRows, upload, type FilePart } from './upload.js';

describe('an upload that is not a JPEG, PNG or PDF is refused next to the file field, and nothing is kept', () => {
  let t: TestApp;
  let opinionId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    const campaignId = await createCampaign(t.app.db);
    ({ id: opinionId } = await seedOpinion(t, { campaignId }));
  });
  afterEach(async () => t.close());

  async function expectNothingKept() {
    expect(await storedRows(t)).toEqual([]);
    const dir = path.join(t.dataDir, 'attachments');
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'attachment.added')
      .execute();
    expect(audit).toEqual([]);
  }

  const WRONG_TYPE =
    'Choose a JPEG or PNG image, or a PDF. This file is none of these (its content was checked, not its name)';

  const refused: Array<[string, FilePart, string]> = [
    ['a program renamed .jpg', { filename: 'photo.jpg', data: s.executable(), contentType: 'image/jpeg' }, WRONG_TYPE],
    ['an HTML page named .png', { filename: 'slip.png', data: s.HTML, contentType: 'image/png' }, WRONG_TYPE],
    ['an SVG image', { filename: 'drawing.svg', data: s.SVG, contentType: 'image/svg+xml' }, WRONG_TYPE],
    ['an SVG named .jpg', { filename: 'drawing.jpg', data: s.SVG, contentType: 'image/jpeg' }, WRONG_TYPE],
    [
      'a text file named .pdf',
      { filename: 'letter.pdf', data: Buffer.from('Dear sir, %PDF-1.4'), contentType: 'application/pdf' },
      WRONG_TYPE,
    ],
    ['an empty file', { filename: 'empty.jpg', data: Buffer.alloc(0), contentType: 'image/jpeg' }, 'The file is empty'],
    [
      'a JPEG cut off inside its Exif',
      { filename: 'broken.jpg', data: s.jpegWithGps().subarray(0, 40), contentType: 'image/jpeg' },
      'This image is damaged or incomplete, so the details hidden in it cannot be removed safely. Save or scan it again and upload the new file',
    ],
    [
      'a PNG with a wrong checksum',
      {
        filename: 'broken.png',
        data: Buffer.concat([s.PNG_SIGNATURE, s.IHDR, s.IDAT.subarray(0, s.IDAT.length - 1), Buffer.from([0]), s.IEND]),
      },
      'This image is damaged or incomplete, so the details hidden in it cannot be removed safely. Save or scan it again and upload the new file',
    ],
  ];

  for (const [what, file, message] of refused) {
    it(`refuses ${what}`, async () => {
      const { agent } = await signInAs(t, 'coordinator');
      const res = await upload(agent, opinionId, file);
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'file')).toBe(message);
      expect(res.text).toContain('aria-invalid="true"');
      expect(res.text).toContain('<a href="#field-file">File: ');
      expect(res.text).not.toMatch(/at \S+\.ts:\d+/);
      await expectNothingKept();
    });
  }

  it('says a file is required when none was chosen', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const res = await upload(agent, opinionId, null);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'file')).toBe('Choose a file to upload');
    expect(await htmlProblems(res.text)).toEqual([]);
    await expectNothingKept();
  });

  it('says so when a form without a file part (or not multipart at all) is sent', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const page = await agent.get(`/staff/opinions/${opinionId}`);
    const res = await agent
      .post(`/staff/opinions/${opinionId}/attachments`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'file')).toBe('Choose a file to upload');
    await expectNothingKept();
  });

  it('refuses a file over the size limit, however it starts', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const big = Buffer.alloc(UPLOAD_MAX_BYTES + 1, 0);
    s.jpegWithGps().copy(big);
    const res = await upload(agent, opinionId, { filename: 'huge.jpg', data: big, contentType: 'image/jpeg' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'file')).toBe('The file is larger than 10 MB');
    await expectNothingKept();
  });

  it('says it in Chinese to a Chinese reader', async () => {
    const { agent } = await signInAs(t, 'coordinator', { locale: 'zh-CN' });
    const page = await agent.get(`/staff/opinions/${opinionId}`).set('Accept-Language', 'zh-CN');
    const { body, contentType } = multipartBody(
      { _csrf: csrfFrom(page.text) },
      { filename: 'a.jpg', data: s.executable() },
    );
    const res = await agent
      .post(`/staff/opinions/${opinionId}/attachments`)
      .set('Accept-Language', 'zh-CN')
      .set('Content-Type', contentType)
      .send(body);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'file')).toBe(
      '请选择 JPEG 或 PNG 图片，或 PDF 文件。该文件不属于其中任何一种（按文件内容检查，而不是文件名）',
    );
  });

  it('refuses an upload without the CSRF token', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    await agent.get(`/staff/opinions/${opinionId}`);
    const { body, contentType } = multipartBody({}, { filename: 'slip.jpg', data: s.jpegWithGps() });
    const res = await agent
      .post(`/staff/opinions/${opinionId}/attachments`)
      .set('Content-Type', contentType)
      .send(body);
    expect(res.status).toBe(403);
    await expectNothingKept();
  });
});
