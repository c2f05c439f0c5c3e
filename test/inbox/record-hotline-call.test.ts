import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { fieldError, inputValue, selectedValue, textareaValue } from '../helpers/forms.js';
import { htmlProblems } from '../helpers/html.js';
import { recordVia, savedCode } from './recording.js';

describe('a supervisor on hotline duty records calls one after another', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('saves a call, then gives back an empty form on the same channel with the tracking code shown', async () => {
    const campaignId = await createCampaign(t.app.db, { name: 'Style rectification 2026' });
    const { user, agent } = await signInAs(t, 'supervisor');

    const form = await agent.get('/staff/opinions/new?channel=hotline');
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/<a href="\/staff\/opinions\/new\?channel=hotline[^"]*" aria-current="page">/);
    expect(form.text).toMatch(/<textarea id="field-body"[^>]* autofocus>/);
    expect(inputValue(form.text, 'received_at')).toBe('2026-11-20T10:00'); // 02:00 UTC is 10:00 in Shanghai
    expect(await htmlProblems(form.text)).toEqual([]);

    const res = await recordVia(agent, 'hotline', {
      body: 'The service hall on Renmin Road closed an hour early again.',
      caller_number: '13812345678',
      duration_minutes: '4',
    });
    const code = savedCode(res, 'hotline');

    const next = await agent.get(res.headers.location as string);
    expect(next.status).toBe(200);
    expect(next.text).toMatch(/role="status"[\s\S]*Saved — tracking code <strong[^>]*>/);
    expect(next.text).toContain(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`);
    expect(textareaValue(next.text, 'body')).toBe('');
    expect(inputValue(next.text, 'caller_number')).toBe('');
    expect(inputValue(next.text, 'duration_minutes')).toBe('');
    expect(next.text).toMatch(/<textarea id="field-body"[^>]* autofocus>/);
    expect(next.text).toMatch(/<a href="\/staff\/opinions\/new\?channel=hotline[^"]*" aria-current="page">/);
    expect(next.text).toContain('Style rectification 2026');
    expect(await htmlProblems(next.text)).toEqual([]);

    const opinion = await t.app.db.selectFrom('opinions').selectAll().executeTakeFirstOrThrow();
    expect(opinion).toMatchObject({
      tracking_code: code,
      campaign_id: campaignId,
      channel: 'hotline',
      body: 'The service hall on Renmin Road closed an hour early again.',
      state: 'received',
      recorded_by: user.id,
      // The caller left a number to be reached on: not anonymous, though they gave no name.
      anonymous: 0,
      submitter_name: null,
      received_at: '2026-11-20T02:00:00.000Z',
    });
    expect(JSON.parse(opinion.details)).toEqual({ caller_number: '13812345678', duration_minutes: 4 });

    const events = await t.app.db
      .selectFrom('opinion_events')
      .selectAll()
      .where('opinion_id', '=', opinion.id)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ from_state: null, to_state: 'received' });

    const audit = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'opinion.received').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: user.id,
      actor: user.email,
      entity_type: 'opinion',
      entity_id: String(opinion.id),
      to_state: 'received',
    });
    expect(JSON.parse(audit[0]!.data!)).toEqual({ channel: 'hotline', campaign_id: campaignId });
  });

  it('puts the text and the caller number first, before everything else, with no tab-order tricks', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    const page = (await agent.get('/staff/opinions/new?channel=hotline')).text;
    const at = (needle: string) => {
      const i = page.indexOf(needle);
      expect(i, needle).toBeGreaterThan(-1);
      return i;
    };
    const order = [
      at('id="field-body"'),
      at('id="field-caller_number"'),
      at('id="field-duration_minutes"'),
      at('id="field-received_at"'),
      at('id="field-unit_id"'),
      at('id="field-submitter_name"'),
      at('<button type="submit">Save and record the next'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).not.toMatch(/tabindex="[1-9]/);
    expect(page).toMatch(/<input id="field-caller_number" name="caller_number" type="tel"/);
  });

  it('keeps the campaign the operator chose for the next call', async () => {
    await createCampaign(t.app.db, { name: 'Older campaign', startsOn: '2026-01-01' });
    const later = await createCampaign(t.app.db, { name: 'Autumn campaign', startsOn: '2026-09-01' });
    const earlier = await createCampaign(t.app.db, { name: 'Spring campaign', startsOn: '2026-03-01' });
    await createCampaign(t.app.db, { name: 'Next year', startsOn: '2027-01-01', endsOn: '2027-12-31' });
    const { agent } = await signInAs(t, 'supervisor');

    const form = await agent.get('/staff/opinions/new?channel=hotline');
    expect(selectedValue(form.text, 'campaign_id')).toBe(String(later)); // the most recent running one
    expect(form.text).not.toContain('Next year'); // not started: nothing can be received into it yet

    const res = await recordVia(agent, 'hotline', {
      body: 'A call for the spring campaign.',
      campaign_id: String(earlier),
    });
    savedCode(res, 'hotline');
    const next = await agent.get(res.headers.location as string);
    expect(selectedValue(next.text, 'campaign_id')).toBe(String(earlier));
    const row = await t.app.db.selectFrom('opinions').select('campaign_id').executeTakeFirstOrThrow();
    expect(row.campaign_id).toBe(earlier);
  });

  it('creates one opinion when the same form is sent twice', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    const page = await agent.get('/staff/opinions/new?channel=hotline');
    const key = /name="submission_key" value="([^"]+)"/.exec(page.text)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const campaign = /name="campaign_id" value="([^"]+)"/.exec(page.text)![1]!;
    const fields = {
      _csrf: csrf,
      channel: 'hotline',
      submission_key: key,
      campaign_id: campaign,
      received_at: '2026-11-20T09:55',
      body: 'Pressed save twice.',
    };
    const first = await agent.post('/staff/opinions').type('form').send(fields);
    const second = await agent.post('/staff/opinions').type('form').send(fields);
    expect(savedCode(second, 'hotline')).toBe(savedCode(first, 'hotline'));
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(1);
    expect(
      await t.app.db.selectFrom('audit_log').select('id').where('action', '=', 'opinion.received').execute(),
    ).toHaveLength(1);

    // The next form carries a new key, so the next call is a new opinion.
    const again = await recordVia(agent, 'hotline', { body: 'The next caller.' });
    expect(savedCode(again, 'hotline')).not.toBe(savedCode(first, 'hotline'));
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(2);
  });

  it('shows the caller number masked in the inbox and in full on the opinion page', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    savedCode(
      await recordVia(agent, 'hotline', { body: 'Rude answer at the permit window.', caller_number: '13812345678' }),
      'hotline',
    );
    const { id } = await t.app.db.selectFrom('opinions').select('id').executeTakeFirstOrThrow();

    const inbox = await agent.get('/staff/opinions');
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain('138****5678');
    expect(inbox.text).not.toContain('13812345678');

    const detail = await agent.get(`/staff/opinions/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('13812345678');
    expect(detail.text).toContain('Rude answer at the permit window.');
    expect(await htmlProblems(inbox.text)).toEqual([]);
    expect(await htmlProblems(detail.text)).toEqual([]);
  });

  it('stores a received time typed in Asia/Shanghai as the right UTC instant', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    savedCode(
      await recordVia(agent, 'hotline', { body: 'Late-night call.', received_at: '2026-11-19T23:30' }),
      'hotline',
    );
    const row = await t.app.db
      .selectFrom('opinions')
      .select(['id', 'received_at', 'created_at'])
      .executeTakeFirstOrThrow();
    expect(row.received_at).toBe('2026-11-19T15:30:00.000Z');
    expect(row.created_at).toBe('2026-11-20T02:00:00.000Z');
    const detail = await agent.get(`/staff/opinions/${row.id}`);
    expect(detail.text).toContain('Nov 19, 2026, 11:30'); // shown back in the portal's zone
  });

  it('refuses a received time in the future, keeping what was typed', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    const res = await recordVia(agent, 'hotline', {
      body: 'From tomorrow.',
      caller_number: '021 6543 2100',
      received_at: '2026-11-21T09:00',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'received_at')).toMatch(/future/);
    expect(textareaValue(res.text, 'body')).toBe('From tomorrow.');
    expect(inputValue(res.text, 'caller_number')).toBe('021 6543 2100');
    expect(inputValue(res.text, 'received_at')).toBe('2026-11-21T09:00');
    expect(await htmlProblems(res.text)).toEqual([]);
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toHaveLength(0);
  });

  it('keeps the name and contact a caller gives, and none when they ask to stay anonymous', async () => {
    await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db, { name: 'Housing bureau' });
    const { agent } = await signInAs(t, 'supervisor');
    savedCode(
      await recordVia(agent, 'hotline', {
        body: 'Named caller.',
        unit_id: String(unitId),
        submitter_name: 'Chen Jing',
        submitter_phone: '139 0000 1111',
        submitter_email: 'Chen@Example.org',
      }),
      'hotline',
    );
    savedCode(
      await recordVia(agent, 'hotline', {
        body: 'Anonymous caller.',
        anonymous: '1',
        submitter_name: 'Should not be kept',
        caller_number: '13755556666',
        officer_on_duty: 'Zhou',
      }),
      'hotline',
    );

    const [named, anonymous] = await t.app.db.selectFrom('opinions').selectAll().orderBy('id').execute();
    expect(named).toMatchObject({
      anonymous: 0,
      submitter_name: 'Chen Jing',
      submitter_phone: '139 0000 1111',
      submitter_email: 'chen@example.org',
      unit_id: unitId,
    });
    expect(anonymous).toMatchObject({
      anonymous: 1,
      submitter_name: null,
      submitter_phone: null,
      submitter_email: null,
    });
    // Their number is contact too: not kept; the call's other particulars are.
    expect(JSON.parse(anonymous!.details)).toEqual({ officer_on_duty: 'Zhou' });

    const namedPage = await agent.get(`/staff/opinions/${named!.id}`);
    expect(namedPage.text).toContain('Chen Jing');
    expect(namedPage.text).toContain('chen@example.org');
    expect(namedPage.text).toContain('Housing bureau');
    const anonymousPage = await agent.get(`/staff/opinions/${anonymous!.id}`);
    expect(anonymousPage.text).toContain('Anonymous: no name or contact was kept.');
    expect(anonymousPage.text).not.toContain('Should not be kept');
  });

  it('speaks Chinese to a Chinese-speaking operator, channel names and notice included', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor', { locale: 'zh-CN' });
    const form = await agent.get('/staff/opinions/new?channel=hotline').set('Accept-Language', 'zh-CN');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<html lang="zh-CN">');
    expect(form.text).toContain('公布热线电话');
    expect(form.text).toContain('来电号码');
    expect(form.text).toContain('保存并登记下一条');
    const res = await recordVia(agent, 'hotline', { body: '窗口工作人员态度生硬。', caller_number: '13900001234' });
    const code = savedCode(res, 'hotline');
    const next = await agent.get(res.headers.location as string).set('Accept-Language', 'zh-CN');
    expect(next.text).toMatch(/role="status"[\s\S]*已保存——查询码 <strong[^>]*>/);
    expect(next.text).toContain(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`);
    const inbox = await agent.get('/staff/opinions').set('Accept-Language', 'zh-CN');
    expect(inbox.text).toContain('139****1234');
    expect(inbox.text).toContain('已收到');
  });
});
