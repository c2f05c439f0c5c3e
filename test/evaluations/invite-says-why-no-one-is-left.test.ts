// With no one left to email a code to, the round's page says why: no member can be emailed at
// all (no code issued), or every one has been emailed already. Never "already" for a round
// that has issued nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { startSmtpServer, type SmtpCatcher } from '../helpers/mail.js';
import { openRoundOverHttp, postWithToken, reportedDone } from './support.js';

describe('the invitation section says why no one is left to choose', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  beforeEach(async () => {
    smtp = await startSmtpServer();
    t = await buildTestApp({ env: { MAIL_URL: smtp.url } });
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  it('no member with an address: says so, in both languages, and not that codes went out', async () => {
    const { rectificationId } = await reportedDone(t);
    await t.app.db
      .insertInto('people')
      .values({
        name: 'Li Na',
        affiliation: 'cppcc_member',
        email: null,
        phone: null,
        locale: 'zh-CN',
        term_starts_on: null,
        term_ends_on: null,
        user_id: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .execute();
    const { agent } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, agent, rectificationId);
    const en = (await agent.get(`/staff/rounds/${roundId}`).set('Accept-Language', 'en')).text;
    expect(en).toContain('No member of the register is within their term of appointment and has an email address');
    expect(en).not.toContain('already');
    const zh = (await agent.get(`/staff/rounds/${roundId}`).set('Accept-Language', 'zh-CN')).text;
    expect(zh).toContain('名册中没有在任期内且有邮箱的人员');
  });

  it('every member emailed: says they have their codes already', async () => {
    const { rectificationId } = await reportedDone(t);
    const { id } = await t.app.db
      .insertInto('people')
      .values({
        name: 'Zhou Min',
        affiliation: 'cppcc_member',
        email: 'zhou@example.org',
        phone: null,
        locale: 'en',
        term_starts_on: null,
        term_ends_on: null,
        user_id: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { agent } = await signInAs(t, 'coordinator');
    const roundId = await openRoundOverHttp(t, agent, rectificationId);
    const sent = await postWithToken(agent, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/invite`, {
      people: [String(id)],
    });
    expect(sent.status).toBeLessThan(400);
    const page = (await agent.get(`/staff/rounds/${roundId}`)).text;
    expect(page).toContain('has been emailed a code for this round already');
    expect(page).not.toContain('No member of the register is within');
  });
});
