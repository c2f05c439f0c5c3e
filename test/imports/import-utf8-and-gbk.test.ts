import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { htmlProblems } from '../helpers/html.js';
import { counts, csv, importFile, previewRows, press, uploadOk } from './support.js';

/**
 * A hotline export saved by Chinese spreadsheet software, in GBK. Node has no GBK encoder, so
 * these are the bytes, checked below by decoding them.
 */
const GBK_HEX =
  'b1e0bac52ccad5b5bdcab1bce42cd2e2bcfbc4dac8dd2cc0b4b5e7bac5c2eb2cb5a5cebb0d0a52582d3030312c323032362d31312d31382030393a33302cb4b0bfdab9a4d7f7c8cbd4b1ccacb6c8c9fad3b2a3acb0eccac2c8bad6dab6e0b4ceb1bbcdc6dac3a1a32c31333831323334353637382cd7a1bda8bed60d0a52582d3030322c323032362f31312f31382031303a30352cc8c8cfdfb5e7bbb0b3a4cab1bce4cedec8cbbdd3ccfda1a32c2c0d0a';
const GBK_TEXT =
  '编号,收到时间,意见内容,来电号码,单位\r\n' +
  'RX-001,2026-11-18 09:30,窗口工作人员态度生硬，办事群众多次被推诿。,13812345678,住建局\r\n' +
  'RX-002,2026/11/18 10:05,热线电话长时间无人接听。,,\r\n';

const ENGLISH = [
  'external_ref,received_at,body,caller_number,duration_minutes,officer_on_duty,unit,submitter_name,submitter_phone,submitter_email,anonymous',
  'HL-1001,2026-11-03 14:20,The permit window closed an hour early.,13812345678,12,Li Na,Housing bureau,Chen Jing,139 0000 1111,Chen@Example.org,no',
  'HL-1002,2026/11/3 9:05,"Nobody answers the hotline after 5pm, ""ever"".",021-5555 1234,,,,,,,yes',
  'HL-1003,2026-11-04T08:00:00Z,Posted hours are wrong.,,3,,,,,,',
];

describe('a supervisor imports a hotline export', () => {
  let t: TestApp;
  let campaignId: number;
  let housing: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    housing = await createUnit(t.app.db, { name: 'Housing bureau' });
  });
  afterEach(async () => t.close());

  it('imports a UTF-8 file: every row an opinion with its own code, event and audit entry', async () => {
    const { user, agent } = await signInAs(t, 'supervisor', { watches: [housing] });
    const id = await uploadOk(agent, {
      campaignId,
      channel: 'hotline',
      data: csv(ENGLISH),
      filename: 'hotline-november.csv',
    });

    const preview = await agent.get(`/staff/imports/${id}`);
    expect(preview.status).toBe(200);
    expect(counts(preview.text)).toEqual({ ready: 3, existing: 0, repeated: 0, invalid: 0 });
    expect(previewRows(preview.text).map((r) => [r.row, r.status])).toEqual([
      [2, 'ready'],
      [3, 'ready'],
      [4, 'ready'],
    ]);
    expect(preview.text).toContain('hotline-november.csv');
    expect(preview.text).toContain('<button type="submit">Import opinions (3)</button>');
    expect(await htmlProblems(preview.text)).toEqual([]);
    // Nothing is in until the button is pressed.
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(0);

    const done = await press(agent, id, 'commit');
    expect(done.status).toBe(303);
    const result = await agent.get(`/staff/imports/${id}`);
    expect(result.text).toMatch(/Opinions imported on Nov 20, 2026, 10:00\W*AM: 3\. Each has its own tracking code\./);
    expect(result.text).toContain(`href="/staff/opinions?campaign=${campaignId}&amp;channel=hotline"`);
    expect(await htmlProblems(result.text)).toEqual([]);

    const rows = await t.app.db.selectFrom('opinions').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(3);
    const [named, anonymous, plain] = rows;
    expect(named).toMatchObject({
      campaign_id: campaignId,
      channel: 'hotline',
      body: 'The permit window closed an hour early.',
      unit_id: housing,
      anonymous: 0,
      submitter_name: 'Chen Jing',
      submitter_phone: '139 0000 1111',
      submitter_email: 'chen@example.org',
      recorded_by: user.id,
      external_ref: 'HL-1001',
      import_id: id,
      state: 'received',
      received_at: '2026-11-03T06:20:00.000Z', // 14:20 in Shanghai
    });
    expect(JSON.parse(named!.details)).toEqual({
      caller_number: '13812345678',
      duration_minutes: 12,
      officer_on_duty: 'Li Na',
    });
    // Asked to stay anonymous: no number kept either.
    expect(anonymous).toMatchObject({
      body: 'Nobody answers the hotline after 5pm, "ever".',
      anonymous: 1,
      submitter_name: null,
      external_ref: 'HL-1002',
      received_at: '2026-11-03T01:05:00.000Z',
    });
    expect(JSON.parse(anonymous!.details)).toEqual({});
    expect(plain).toMatchObject({
      anonymous: 1,
      received_at: '2026-11-04T08:00:00.000Z',
      external_ref: 'HL-1003',
      unit_id: null,
    });

    const codes = new Set(rows.map((r) => r.tracking_code));
    expect(codes.size).toBe(3);
    for (const r of rows) expect(r.tracking_code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTWXYZ]{12}$/);
    const events = await t.app.db.selectFrom('opinion_events').selectAll().execute();
    expect(events.map((e) => e.opinion_id).sort()).toEqual(rows.map((r) => r.id).sort());
    const received = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'opinion.received')
      .execute();
    expect(received).toHaveLength(3);
    for (const a of received) {
      expect(a).toMatchObject({ actor_id: user.id, actor: user.email, entity_type: 'opinion' });
      expect(JSON.parse(a.data!)).toEqual({ channel: 'hotline', campaign_id: campaignId, import_id: id });
    }
    const committed = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'import.committed')
      .execute();
    expect(committed).toHaveLength(1);
    expect(committed[0]).toMatchObject({
      actor_id: user.id,
      entity_type: 'import',
      entity_id: String(id),
      from_state: 'previewed',
      to_state: 'imported',
    });
    expect(JSON.parse(committed[0]!.data!)).toMatchObject({ imported: 3, skipped_existing: 0, skipped_repeated: 0 });
    const imp = await t.app.db.selectFrom('imports').selectAll().executeTakeFirstOrThrow();
    expect(imp).toMatchObject({
      state: 'imported',
      imported_count: 3,
      encoding: 'utf-8',
      row_count: 3,
      uploaded_by: user.id,
    });

    // The supervisor sees them in the inbox: their own, whatever the unit.
    const inbox = await agent.get(`/staff/opinions?campaign=${campaignId}`);
    expect(inbox.text).toContain('Opinions matching the filters: 3');
  });

  it('reads a UTF-8 file with a byte-order mark, header included', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const data = csv(['意见内容,收到时间,编号,来电号码', '窗口工作人员态度生硬。,2026-11-18 09:30,RX-9,13812345678'], {
      bom: true,
    });
    expect(data.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    await importFile(agent, { campaignId, channel: 'hotline', data });
    const row = await t.app.db.selectFrom('opinions').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      body: '窗口工作人员态度生硬。',
      external_ref: 'RX-9',
      received_at: '2026-11-18T01:30:00.000Z',
    });
    expect(JSON.parse(row.details)).toEqual({ caller_number: '13812345678' });
    expect((await t.app.db.selectFrom('imports').select('encoding').executeTakeFirstOrThrow()).encoding).toBe('utf-8');
  });

  it('reads a GBK file written by Chinese spreadsheet software', async () => {
    const bytes = Buffer.from(GBK_HEX, 'hex');
    expect(new TextDecoder('gb18030').decode(bytes)).toBe(GBK_TEXT);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    await createUnit(t.app.db, { name: '住建局' });
    const { agent } = await signInAs(t, 'coordinator', { locale: 'zh-CN' });

    const id = await uploadOk(agent, { campaignId, channel: 'hotline', data: bytes, filename: '热线.csv' });
    const preview = await agent.get(`/staff/imports/${id}`).set('Accept-Language', 'zh-CN');
    expect(preview.text).toContain('GBK / GB18030');
    expect(preview.text).toContain('窗口工作人员态度生硬，办事群众多次被推诿。');
    expect(counts(preview.text)).toEqual({ ready: 2, existing: 0, repeated: 0, invalid: 0 });
    expect(preview.text).toContain('导入 2 条意见');

    await press(agent, id, 'commit');
    const rows = await t.app.db
      .selectFrom('opinions')
      .leftJoin('units', 'units.id', 'opinions.unit_id')
      .select(['body', 'external_ref', 'units.name as unit', 'details', 'received_at', 'anonymous'])
      .orderBy('opinions.id')
      .execute();
    expect(rows).toEqual([
      // A caller who left a number can be reached: not anonymous, as when recorded by hand.
      {
        body: '窗口工作人员态度生硬，办事群众多次被推诿。',
        external_ref: 'RX-001',
        unit: '住建局',
        details: '{"caller_number":"13812345678"}',
        received_at: '2026-11-18T01:30:00.000Z',
        anonymous: 0,
      },
      {
        body: '热线电话长时间无人接听。',
        external_ref: 'RX-002',
        unit: null,
        details: '{}',
        received_at: '2026-11-18T02:05:00.000Z',
        anonymous: 1,
      },
    ]);
    expect(await t.app.db.selectFrom('imports').select(['encoding', 'filename']).executeTakeFirstOrThrow()).toEqual({
      encoding: 'gb18030',
      filename: '热线.csv',
    });
  });
});
