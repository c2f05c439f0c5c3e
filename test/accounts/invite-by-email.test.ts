import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signIn, signInAs } from '../helpers/factories.js';
import { csrfFrom, fieldError, submitForm } from '../helpers/forms.js';
import { linkIn, startSmtpServer, type SmtpCatcher } from '../helpers/mail.js';

const BASE = 'http://portal.test';
const CHOSEN = 'my own chosen password';
const DAY = 24 * 3600_000;

describe('inviting a person by email (through a real SMTP server)', () => {
  let smtp: SmtpCatcher;
  let t: TestApp;
  let admin: request.Agent;

  beforeEach(async () => {
    smtp = await startSmtpServer();
    t = await buildTestApp({ env: { MAIL_URL: smtp.url } });
    ({ agent: admin } = await signInAs(t, 'administrator'));
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  const invite = (o: { name: string; email: string; locale: 'en' | 'zh-CN' }) =>
    submitForm(admin, '/staff/accounts/new', '/staff/accounts', { ...o, role: 'coordinator', access: 'invite' });
  const pathOf = (url: string) => url.slice(BASE.length);
  const userId = async (email: string) =>
    (await t.app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  it('sends the link in the invitee’s language; following it sets a password and signs them in, once', async () => {
    const res = await invite({ name: '王芳', email: 'Wang.Fang@Example.org', locale: 'zh-CN' });
    expect(res.status).toBe(303);

    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toContain('wang.fang@example.org');
    expect(mail!.language).toBe('zh-CN');
    expect(mail!.subject).toBe('您在整改公开平台的账号');
    expect(mail!.text).toContain('王芳，您好');
    expect(mail!.text).toContain('该链接仅可使用一次');
    expect(mail!.html).toContain('<html lang="zh-CN">');
    const link = linkIn(mail!, BASE);
    expect(link).toMatch(/^http:\/\/portal\.test\/invitations\/[A-Za-z0-9_-]{43}$/);
    const token = link.split('/').pop()!;

    // Only the token's hash is stored, and neither the token nor its hash is in the audit log.
    const stored = await t.app.db.selectFrom('invitations').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    const audit = JSON.stringify(await t.app.db.selectFrom('audit_log').selectAll().execute());
    expect(audit).not.toContain(token);
    expect(audit).not.toContain(stored[0]!.token_hash);

    // The invitee opens the link in their own browser.
    const browser = t.agent();
    const page = await browser.get(pathOf(link));
    expect(page.status).toBe(200);
    expect(page.text).toContain('王芳');

    // A mistake first: the form comes back with the message, nothing is used up.
    const bad = await browser
      .post(pathOf(link))
      .type('form')
      .send({ password: CHOSEN, password_confirm: 'not the same', _csrf: csrfFrom(page.text) });
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'password_confirm')).toBe('The two passwords do not match');
    expect(bad.text).not.toContain(CHOSEN);

    const done = await submitForm(browser, pathOf(link), pathOf(link), { password: CHOSEN, password_confirm: CHOSEN });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/staff');
    const home = await browser.get('/staff');
    expect(home.status).toBe(200);
    expect(home.text).toContain('王芳');
    // Setting the password signs them in, and that counts as a sign-in.
    const invitee = await t.app.db
      .selectFrom('users')
      .select('last_login_at')
      .where('email', '=', 'wang.fang@example.org')
      .executeTakeFirstOrThrow();
    expect(invitee.last_login_at).toBe(t.clock.now().toISOString());

    // The link is used up: a clear page, in both languages, no stack trace.
    const usedEn = await t.agent().get(pathOf(link)).set('Accept-Language', 'en');
    expect(usedEn.status).toBe(410);
    expect(usedEn.text).toContain('This invitation link does not work');
    expect(usedEn.text).toContain('has already been used');
    const usedZh = await t.agent().get(pathOf(link)).set('Accept-Language', 'zh-CN');
    expect(usedZh.status).toBe(410);
    expect(usedZh.text).toContain('此邀请链接无法使用');
    expect(usedZh.text).not.toMatch(/at .*\.ts:\d+/);
    const reuse = await submitForm(t.agent(), '/login', pathOf(link), {
      password: 'someone else now',
      password_confirm: 'someone else now',
    });
    expect(reuse.status).toBe(410);

    // The chosen password works at the sign-in page; the audit log has the acceptance.
    await signIn(t, 'wang.fang@example.org', CHOSEN);
    const actions = (await t.app.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
    expect(actions).toContain('account.created');
    expect(actions).toContain('account.invitation_accepted');
    expect(JSON.stringify(await t.app.db.selectFrom('audit_log').selectAll().execute())).not.toContain(CHOSEN);
  });

  it('writes English mail to an English invitee', async () => {
    await invite({ name: 'Eve English', email: 'eve@example.org', locale: 'en' });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.language).toBe('en');
    expect(mail!.subject).toBe('Your account on the rectification portal');
    expect(mail!.text).toContain('Dear Eve English,');
    expect(mail!.text).toMatch(/has created a staff account for you/);
  });

  it('a link older than 7 days does not work', async () => {
    await invite({ name: 'Late Larry', email: 'larry@example.org', locale: 'en' });
    const [mail] = await smtp.waitFor(1);
    const path = pathOf(linkIn(mail!, BASE));
    expect((await t.agent().get(path)).status).toBe(200);

    t.clock.advance(8 * DAY);
    const expired = await t.agent().get(path);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('has expired');
    const post = await submitForm(t.agent(), '/login', path, { password: CHOSEN, password_confirm: CHOSEN });
    expect(post.status).toBe(410);
    expect(
      (
        await t.app.db
          .selectFrom('users')
          .select('password_hash')
          .where('email', '=', 'larry@example.org')
          .executeTakeFirstOrThrow()
      ).password_hash,
    ).toBeNull();
  });

  it('a fresh invitation replaces the older link, and the account page says when it was sent', async () => {
    await invite({ name: 'Rita Resend', email: 'rita@example.org', locale: 'en' });
    const [first] = await smtp.waitFor(1);
    const id = await userId('rita@example.org');

    const again = await submitForm(admin, `/staff/accounts/${id}/edit`, `/staff/accounts/${id}/invite`, {});
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(`/staff/accounts/${id}/edit`);
    const messages = await smtp.waitFor(2);
    const oldPath = pathOf(linkIn(first!, BASE));
    const newPath = pathOf(linkIn(messages[1]!, BASE));
    expect(newPath).not.toBe(oldPath);

    expect((await t.agent().get(oldPath)).status).toBe(410);
    expect((await t.agent().get(newPath)).status).toBe(200);
    const page = await admin.get(`/staff/accounts/${id}/edit`);
    expect(page.text).toContain('An invitation was sent on');
    const audit = await t.app.db.selectFrom('audit_log').select('action').where('entity_id', '=', String(id)).execute();
    expect(audit.map((a) => a.action)).toEqual(['account.created', 'account.invited']);
  });

  it('an unknown or malformed link gets a clear 404 page', async () => {
    for (const path of ['/invitations/' + 'A'.repeat(43), '/invitations/short', '/invitations/%3Cscript%3E']) {
      const res = await t.agent().get(path);
      expect(res.status, path).toBe(404);
      expect(res.text).toContain('This invitation link is not valid');
      expect(res.text).not.toContain('<script>');
    }
  });

  it('limits how often one address may post the set-password form (429 after 10 tries)', async () => {
    await invite({ name: 'Guess Target', email: 'target@example.org', locale: 'en' });
    const path = pathOf(linkIn((await smtp.waitFor(1))[0]!, BASE));
    const browser = t.agent();
    const csrf = csrfFrom((await browser.get(path)).text);
    for (let i = 1; i <= 10; i++) {
      const res = await browser
        .post(path)
        .type('form')
        .send({ password: 'short', password_confirm: 'short', _csrf: csrf });
      expect(res.status, `try ${i}`).toBe(422);
    }
    const blocked = await browser
      .post(path)
      .type('form')
      .send({ password: CHOSEN, password_confirm: CHOSEN, _csrf: csrf });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Too many attempts');
    expect((await t.app.db.selectFrom('invitations').select('used_at').executeTakeFirstOrThrow()).used_at).toBeNull();
  });

  it('a deactivated account cannot be invited, and its open link stops working', async () => {
    await invite({ name: 'Dee Deactivated', email: 'dee@example.org', locale: 'en' });
    const [mail] = await smtp.waitFor(1);
    const id = await userId('dee@example.org');
    const form = {
      name: 'Dee Deactivated',
      email: 'dee@example.org',
      role: 'coordinator',
      locale: 'en',
      status: 'inactive',
    };
    expect((await submitForm(admin, `/staff/accounts/${id}/edit`, `/staff/accounts/${id}`, form)).status).toBe(303);
    expect((await t.agent().get(pathOf(linkIn(mail!, BASE)))).status).not.toBe(200);

    const refused = await submitForm(admin, `/staff/accounts/${id}/edit`, `/staff/accounts/${id}/invite`, {});
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('This account is deactivated');
    expect(smtp.messages).toHaveLength(1);
  });
});
