import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createConductRule, createUnit } from '../helpers/factories.js';
import { readOutbox } from '../helpers/mail.js';
import {
  allOpinions,
  auditEntries,
  displayedCode,
  expectHeadingsInOrder,
  expectNoInlineScriptOrStyle,
  receiptOf,
  sendOpinion,
} from './support.js';

describe('a member of the public sends an opinion anonymously through the online suggestion box', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('finds a form that says what is published, with the units as a tree and the active rules of conduct', async () => {
    await createCampaign(t.app.db, { name: 'Winter campaign' });
    const city = await createUnit(t.app.db, { name: 'City office', kind: 'city' });
    await createUnit(t.app.db, { name: 'Aardvark district', kind: 'district', parentId: city });
    await createUnit(t.app.db, { name: 'Zebra county', kind: 'county' });
    await createConductRule(t.app.db, 'No drinking at noon');
    const retired = await createConductRule(t.app.db, 'A retired rule');
    await t.app.db.updateTable('conduct_rules').set({ active: 0 }).where('id', '=', retired).execute();

    const res = await t.agent().get('/opinions/new');
    expect(res.status).toBe(200);
    const html = res.text;
    expect(html).toContain('<form method="post" action="/opinions"');
    expect(html).toMatch(/<textarea id="field-body" name="body"[^>]*maxlength="5000"[^>]*required/);
    expect(html).toContain('Your name, phone number and email address are never published');
    expect(html).toContain('Your opinion itself is not published');
    expect(html).toContain('Your opinion goes to the campaign “Winter campaign”.');
    expect(html).not.toContain('name="campaign_id"');

    // Units in tree order, each child indented under its parent.
    const units = [...html.matchAll(/<option value="\d+">([^<]*)<\/option>/g)].map((m) => m[1]!);
    const cityAt = units.indexOf('City office');
    expect(cityAt).toBeGreaterThanOrEqual(0);
    expect(units[cityAt + 1]).toBe('\u00a0\u00a0\u00a0Aardvark district');
    expect(units[cityAt + 2]).toBe('Zebra county');
    expect(html).toContain('No drinking at noon');
    expect(html).not.toContain('A retired rule');

    // Anonymous is the default, offered as radio buttons in a fieldset with a legend.
    expect(html).toMatch(/<fieldset[^>]*>\s*<legend>Do you want to give your name\?<\/legend>/);
    expect(html).toMatch(/<input type="radio" id="field-identity" name="identity" value="anonymous"[^>]*checked>/);
    expect(html).toMatch(/<input type="radio" id="field-identity-named" name="identity" value="named"[^>]*>/);
    expect(html).not.toMatch(/value="named"[^>]*checked/);
    expect(html).toMatch(/<input type="hidden" name="submission_key" value="[A-Za-z0-9_-]{32}">/);
    expectHeadingsInOrder(html);
    expectNoInlineScriptOrStyle(html);
  });

  it('gets a tracking code, and the portal keeps the opinion without any name or contact', async () => {
    const campaignId = await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db, { name: 'Housing bureau' });
    const ruleId = await createConductRule(t.app.db, 'No gifts');
    const agent = t.agent();

    // Name and contact typed in, then "send anonymously" chosen: none of it is kept.
    const res = await sendOpinion(agent, {
      body: '  The housing counter closes at 3 pm although the sign says 5 pm.\r\nThis happened twice.  ',
      unit_id: String(unitId),
      conduct_rule_id: String(ruleId),
      identity: 'anonymous',
      name: 'Li Lei',
      phone: '138 1234 5678',
      email: 'li.lei@example.org',
    });
    const { code, email, url } = receiptOf(res);
    expect(email).toBe('none');

    const receipt = await agent.get(url);
    expect(receipt.status).toBe(200);
    expect(displayedCode(receipt.text)).toBe(code);
    expect(receipt.text).toContain('the only way to follow your opinion');
    expect(receipt.text).toContain('No receipt was emailed');
    expect(receipt.text).toContain(`href="/track/${code}"`);
    expect(receipt.text).toContain(
      `character by character: ${code
        .split('-')
        .map((g) => g.split('').join(' '))
        .join(', ')}`,
    );
    expectHeadingsInOrder(receipt.text);
    expectNoInlineScriptOrStyle(receipt.text);

    const [opinion, ...others] = await allOpinions(t.app.db);
    expect(others).toHaveLength(0);
    expect(opinion).toMatchObject({
      campaign_id: campaignId,
      tracking_code: code.replace(/-/g, ''),
      channel: 'suggestion_box',
      body: 'The housing counter closes at 3 pm although the sign says 5 pm.\nThis happened twice.',
      unit_id: unitId,
      conduct_rule_id: ruleId,
      state: 'received',
      anonymous: 1,
      submitter_name: null,
      submitter_phone: null,
      submitter_email: null,
      locale: 'en',
      details: '{}',
      recorded_by: null,
      received_at: t.clock.now().toISOString(),
    });
    expect(opinion!.submission_key).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const events = await t.app.db
      .selectFrom('opinion_events')
      .selectAll()
      .where('opinion_id', '=', opinion!.id)
      .execute();
    expect(events).toEqual([
      expect.objectContaining({ from_state: null, to_state: 'received', note: null, at: t.clock.now().toISOString() }),
    ]);

    const [audit, ...moreAudit] = await auditEntries(t.app.db, 'opinion.received');
    expect(moreAudit).toHaveLength(0);
    expect(audit).toMatchObject({
      actor: 'public',
      actor_id: null,
      entity_type: 'opinion',
      entity_id: String(opinion!.id),
      to_state: 'received',
    });
    expect(audit!.data).not.toContain('Li Lei');
    expect(await readOutbox(t.dataDir)).toHaveLength(0);
  });

  it('needs no unit or rule, and is sent in the language the person reads', async () => {
    await createCampaign(t.app.db);
    const agent = t.agent();
    await agent.get('/lang/zh-CN');
    const form = await agent.get('/opinions/new');
    expect(form.text).toContain('<html lang="zh-CN">');
    expect(form.text).toContain('匿名提交');
    expect(form.text).toContain('您的姓名、电话和电子邮箱一律不公开');

    const { url, code } = receiptOf(await sendOpinion(agent, { body: '办事大厅排队时间太长' }));
    const receipt = await agent.get(url);
    expect(receipt.text).toContain('您的意见已收到');
    expect(displayedCode(receipt.text)).toBe(code);
    const [opinion] = await allOpinions(t.app.db);
    expect(opinion).toMatchObject({
      body: '办事大厅排队时间太长',
      unit_id: null,
      conduct_rule_id: null,
      locale: 'zh-CN',
      anonymous: 1,
    });
  });

  it('chooses the campaign when several are collecting opinions', async () => {
    await createCampaign(t.app.db, { name: 'Spring review' });
    const autumn = await createCampaign(t.app.db, { name: 'Autumn review' });
    await createCampaign(t.app.db, { name: 'Long over', startsOn: '2024-01-01', endsOn: '2024-12-31' });
    const agent = t.agent();
    const form = await agent.get('/opinions/new');
    expect(form.text).toMatch(/<select id="field-campaign_id" name="campaign_id" required/);
    expect(form.text).toContain('Spring review');
    expect(form.text).toContain('Autumn review');
    expect(form.text).not.toContain('Long over');

    const unchosen = await sendOpinion(agent, { body: 'Which one gets this?' });
    expect(unchosen.status).toBe(422);
    expect(unchosen.text).toMatch(/id="field-campaign_id-error"[^>]*>.*Choose the campaign your opinion is for/);

    receiptOf(await sendOpinion(agent, { body: 'For the autumn review', campaign_id: String(autumn) }));
    const [opinion] = await allOpinions(t.app.db);
    expect(opinion!.campaign_id).toBe(autumn);
  });

  it('is told plainly when no campaign is collecting opinions, and is shown no form', async () => {
    await createCampaign(t.app.db, { startsOn: '2027-01-01', endsOn: '2027-06-30' });
    const res = await t.agent().get('/opinions/new');
    expect(res.status).toBe(200);
    expect(res.text).toContain('No campaign is collecting opinions at the moment.');
    expect(res.text).not.toContain('action="/opinions"');
    expectHeadingsInOrder(res.text);
  });

  it('gets back what they wrote if the campaign closed while they were writing', async () => {
    const id = await createCampaign(t.app.db);
    const agent = t.agent();
    const page = await agent.get('/opinions/new');
    await t.app.db.updateTable('campaigns').set({ ends_on: '2026-11-19' }).where('id', '=', id).execute();
    const { hiddenFieldsOf } = await import('./support.js');
    const res = await agent
      .post('/opinions')
      .type('form')
      .send({ ...hiddenFieldsOf(page.text), identity: 'anonymous', body: 'Written slowly <b>over days</b>' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('The campaign closed while you were writing');
    expect(res.text).toContain('Written slowly &lt;b&gt;over days&lt;/b&gt;</textarea>');
    expect(await allOpinions(t.app.db)).toHaveLength(0);
  });
});
