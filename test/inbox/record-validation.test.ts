import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createConductRule, createUnit, signInAs } from '../helpers/factories.js';
import { fieldError, hiddenFields, inputValue, textareaValue, HOSTILE } from '../helpers/forms.js';
import { recordVia, savedCode } from './recording.js';

describe('the recording form refuses what it cannot store and stores what it can, verbatim', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  const opinionCount = async () => (await t.app.db.selectFrom('opinions').select('id').execute()).length;

  it('refuses an empty opinion with a message by the text and in the summary', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    const res = await recordVia(agent, 'hotline', { body: '   \r\n  ', caller_number: '13812345678' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'body')).toBe('Enter this information');
    expect(res.text).toMatch(
      /<div class="error-summary" role="alert"[\s\S]*href="#field-body">The opinion: Enter this information/,
    );
    expect(res.text).toMatch(/<textarea id="field-body"[^>]*aria-invalid="true" autofocus>/);
    expect(inputValue(res.text, 'caller_number')).toBe('13812345678');
    expect(await opinionCount()).toBe(0);
  });

  it('takes 5000 characters and refuses 5001, keeping them in the box', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    const tooLong = 'x'.repeat(5001);
    const res = await recordVia(agent, 'hotline', { body: tooLong });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'body')).toBe('Use 5000 characters or fewer');
    expect(textareaValue(res.text, 'body')).toBe(tooLong);
    expect(await opinionCount()).toBe(0);

    const longest = '长'.repeat(5000);
    const code = savedCode(await recordVia(agent, 'hotline', { body: longest }), 'hotline');
    const row = await t.app.db
      .selectFrom('opinions')
      .select('body')
      .where('tracking_code', '=', code)
      .executeTakeFirstOrThrow();
    expect(row.body).toBe(longest);
  });

  it('stores script tags and SQL fragments verbatim and shows them escaped in the inbox and on the opinion page', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'coordinator');
    const body = `${HOSTILE.script} ${HOSTILE.sql} ${HOSTILE.html}`;
    const code = savedCode(
      await recordVia(agent, 'leadership', {
        body,
        leader: HOSTILE.html,
        submitter_name: HOSTILE.script,
        submitter_phone: '13800000000',
      }),
      'leadership',
    );
    const row = await t.app.db
      .selectFrom('opinions')
      .selectAll()
      .where('tracking_code', '=', code)
      .executeTakeFirstOrThrow();
    expect(row.body).toBe(body);
    expect(row.submitter_name).toBe(HOSTILE.script);
    expect(JSON.parse(row.details)).toEqual({ leader: HOSTILE.html });
    expect(await opinionCount()).toBe(1); // the table is still there

    const inbox = await agent.get('/staff/opinions');
    expect(inbox.status).toBe(200);
    const detail = await agent.get(`/staff/opinions/${row.id}`);
    expect(detail.status).toBe(200);
    for (const page of [inbox.text, detail.text]) {
      expect(page).not.toContain(HOSTILE.script);
      expect(page).not.toContain(HOSTILE.html);
      expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(page).toContain('&#39;; DROP TABLE opinions; --');
    }
  });

  it('shows hostile input escaped when the form comes back with errors', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    const res = await recordVia(agent, 'enforcement', { body: HOSTILE.script, submitter_email: HOSTILE.html });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain(HOSTILE.script);
    expect(res.text).not.toContain(HOSTILE.html);
    expect(textareaValue(res.text, 'body')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(fieldError(res.text, 'submitter_email')).toMatch(/email address/);
    expect(fieldError(res.text, 'department')).toBe('Enter this information');
  });

  it('refuses arrays where one value belongs, without a server error', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    const res = await recordVia(agent, 'hotline', {
      body: ['one', 'two'],
      caller_number: ['138', '139'],
      campaign_id: ['1', '2'],
      unit_id: ['1', '2'],
      received_at: ['2026-11-20T09:00', '2026-11-20T09:05'],
      anonymous: ['1', '1'],
    });
    expect(res.status).toBe(422);
    for (const f of ['body', 'caller_number', 'campaign_id', 'unit_id', 'received_at'])
      expect([f, fieldError(res.text, f)]).toEqual([f, 'This is not a valid value']);
    expect(await opinionCount()).toBe(0);
  });

  it('refuses a date that does not exist, a date in the wrong form, and one left empty', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    for (const [received, message] of [
      ['2026-02-30T10:00', 'Enter a real date and time'],
      ['yesterday', 'Enter a real date and time'],
      ['2026-11-20 25:00', 'Enter a real date and time'],
      ['', 'Enter this information'],
    ] as const) {
      const res = await recordVia(agent, 'hotline', { body: 'When was this?', received_at: received });
      expect(res.status, received).toBe(422);
      expect(fieldError(res.text, 'received_at'), received).toBe(message);
      expect(inputValue(res.text, 'received_at')).toBe(received);
    }
    expect(await opinionCount()).toBe(0);
  });

  it('refuses a unit, conduct rule or campaign that does not exist', async () => {
    const campaignId = await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db);
    const ruleId = await createConductRule(t.app.db, 'No gifts');
    const { agent } = await signInAs(t, 'supervisor');

    const unknown = await recordVia(agent, 'hotline', {
      body: 'About what?',
      unit_id: String(unitId + 100),
      conduct_rule_id: String(ruleId + 100),
    });
    expect(unknown.status).toBe(422);
    expect(fieldError(unknown.text, 'unit_id')).toBe('Choose a unit from the list');
    expect(fieldError(unknown.text, 'conduct_rule_id')).toBe('Choose a rule from the list');
    expect(textareaValue(unknown.text, 'body')).toBe('About what?');

    const notAnId = await recordVia(agent, 'hotline', {
      body: 'About what?',
      unit_id: 'abc',
      conduct_rule_id: '1; DROP TABLE units',
    });
    expect(notAnId.status).toBe(422);
    expect(fieldError(notAnId.text, 'unit_id')).toBe('This is not a valid value');
    expect(fieldError(notAnId.text, 'conduct_rule_id')).toBe('This is not a valid value');

    const noCampaign = await recordVia(agent, 'hotline', {
      body: 'Which campaign?',
      campaign_id: String(campaignId + 100),
    });
    expect(noCampaign.status).toBe(422);
    expect(fieldError(noCampaign.text, 'campaign_id')).toBe('Choose a campaign from the list');
    expect(await opinionCount()).toBe(0);

    const good = await recordVia(agent, 'hotline', {
      body: 'About the unit.',
      unit_id: String(unitId),
      conduct_rule_id: String(ruleId),
    });
    const code = savedCode(good, 'hotline');
    const row = await t.app.db
      .selectFrom('opinions')
      .selectAll()
      .where('tracking_code', '=', code)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ unit_id: unitId, conduct_rule_id: ruleId, campaign_id: campaignId });
  });

  it('refuses a campaign that has not started yet', async () => {
    await createCampaign(t.app.db);
    const future = await createCampaign(t.app.db, { startsOn: '2027-01-01', endsOn: '2027-12-31' });
    const { agent } = await signInAs(t, 'supervisor');
    const res = await recordVia(agent, 'hotline', { body: 'Too early.', campaign_id: String(future) });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'campaign_id')).toBe('Choose a campaign from the list');
    expect(await opinionCount()).toBe(0);
  });

  it('refuses an unknown channel and a post without the form token', async () => {
    await createCampaign(t.app.db);
    const { agent } = await signInAs(t, 'supervisor');
    const page = await agent.get('/staff/opinions/new?channel=hotline');
    const hidden = hiddenFields(page.text);
    const unknown = await agent
      .post('/staff/opinions')
      .type('form')
      .send({ ...hidden, channel: 'fax', body: 'x' });
    expect(unknown.status).toBe(400);
    const noChannel = await agent.post('/staff/opinions').type('form').send({ _csrf: hidden._csrf, body: 'x' });
    expect(noChannel.status).toBe(400);
    const noToken = await agent
      .post('/staff/opinions')
      .type('form')
      .send({ ...hidden, _csrf: '', body: 'x', received_at: '2026-11-20T09:00' });
    expect(noToken.status).toBe(403);
    expect(noToken.text).not.toMatch(/at .*\.ts:\d+/);
    expect(await opinionCount()).toBe(0);
  });

  it('says so, instead of showing a form, when there is no campaign to record into', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const page = await agent.get('/staff/opinions/new?channel=hotline');
    expect(page.status).toBe(200);
    expect(page.text).toContain('There is no campaign to record opinions into yet');
    expect(page.text).not.toContain('action="/staff/opinions"');
  });
});
