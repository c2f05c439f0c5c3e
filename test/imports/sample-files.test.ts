import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_DETAILS, CHANNELS } from '../../server/opinions/channels.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { htmlProblems } from '../helpers/html.js';
import { counts, importFile, press, uploadOk } from './support.js';

describe('the sample file of each channel', () => {
  let t: TestApp;
  let campaignId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
  });
  afterEach(async () => t.close());

  it('is linked from the import page for all ten channels', async () => {
    const { agent } = await signInAs(t, 'supervisor');
    const page = await agent.get('/staff/imports');
    expect(page.status).toBe(200);
    for (const c of CHANNELS) expect(page.text, c).toContain(`href="/staff/imports/sample/${c}.csv" download`);
    expect(page.text).toContain('enctype="multipart/form-data"');
    // The CSRF token comes before the file, so it is read before the upload.
    expect(page.text.indexOf('name="_csrf"')).toBeLessThan(page.text.indexOf('name="file"'));
    expect(await htmlProblems(page.text)).toEqual([]);
    const zh = await agent.get('/staff/imports').set('Accept-Language', 'zh-CN');
    expect(zh.text).toContain('从 CSV 文件导入意见');
    expect(zh.text).toContain('公布热线电话');
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`downloads in ${locale} for every channel and imports cleanly as it is`, async () => {
      const unit = await createUnit(t.app.db, { name: locale === 'en' ? 'Housing bureau' : '住建局' });
      const { agent } = await signInAs(t, 'supervisor', { watches: [unit], locale });
      for (const channel of CHANNELS) {
        const res = await agent
          .get(`/staff/imports/sample/${channel}.csv`)
          .set('Accept-Language', locale)
          .buffer(true)
          .parse((r, done) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => done(null, Buffer.concat(chunks)));
          });
        expect(res.status, channel).toBe(200);
        expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(res.headers['content-disposition']).toBe(`attachment; filename="sample-${channel}-${locale}.csv"`);
        const bytes = res.body as Buffer;
        expect(bytes.subarray(0, 3), channel).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
        const rows = parse(bytes.subarray(3).toString('utf8')) as string[][];
        expect(rows, channel).toHaveLength(3);
        const [header] = rows;
        expect(header).toContain(locale === 'en' ? 'Opinion text' : '意见内容');
        expect(header).toContain(locale === 'en' ? 'Received' : '收到时间');
        expect(header).toHaveLength(9 + CHANNEL_DETAILS[channel].length);
        expect(rows[1]).toContain(locale === 'en' ? 'Housing bureau' : '住建局');

        const id = await uploadOk(agent, { campaignId, channel, data: bytes, filename: `sample-${channel}.csv` });
        const preview = await agent.get(`/staff/imports/${id}`);
        expect(counts(preview.text), channel).toEqual({ ready: 2, existing: 0, repeated: 0, invalid: 0 });
        expect(preview.text, channel).not.toContain('were not recognised');
        expect((await press(agent, id, 'commit')).status, channel).toBe(303);
      }
      const opinions = await t.app.db
        .selectFrom('opinions')
        .select(['channel', 'anonymous', 'unit_id'])
        .orderBy('id')
        .execute();
      expect(opinions).toHaveLength(20);
      for (const c of CHANNELS) {
        expect(
          opinions.filter((o) => o.channel === c).map((o) => [o.anonymous, o.unit_id]),
          c,
        ).toEqual([
          [0, unit],
          [1, null],
        ]);
      }
    });
  }

  it('imports the particulars as stored values, choices included', async () => {
    const { agent } = await signInAs(t, 'coordinator', { locale: 'zh-CN' });
    for (const channel of ['petition', 'hotline'] as const) {
      const bytes = (await agent.get(`/staff/imports/sample/${channel}.csv`).set('Accept-Language', 'zh-CN')).text;
      await importFile(agent, { campaignId, channel, data: Buffer.from(bytes, 'utf8') });
    }
    const rows = await t.app.db
      .selectFrom('opinions')
      .select(['channel', 'details', 'anonymous', 'submitter_name', 'submitter_phone', 'body'])
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(4);
    expect(JSON.parse(rows[0]!.details)).toEqual({
      petition_kind: 'letter',
      reference_number: '信访 XF-2026-118',
      visitors: 3,
    });
    expect(JSON.parse(rows[1]!.details)).toEqual({
      petition_kind: 'visit',
      reference_number: '信访 XF-2026-118',
      visitors: 1,
    });
    expect(rows[0]).toMatchObject({ anonymous: 0, submitter_name: '陈静', submitter_phone: '13900001111' });
    expect(rows[1]).toMatchObject({ anonymous: 1, submitter_name: null });
    expect(JSON.parse(rows[2]!.details)).toEqual({
      caller_number: '13812345678',
      duration_minutes: 12,
      officer_on_duty: '李娜',
    });
    expect(JSON.parse(rows[3]!.details)).toEqual({ duration_minutes: 5, officer_on_duty: '李娜' });
    expect(rows[2]!.body).toContain('住建局办证窗口');
  });

  it('answers an unknown channel with 404', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    for (const bad of ['fax', '%3Cscript%3E', 'hotline.csv'])
      expect((await agent.get(`/staff/imports/sample/${bad}.csv`)).status, bad).toBe(404);
  });
});
