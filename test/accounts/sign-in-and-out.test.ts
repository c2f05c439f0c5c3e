import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { csrfFrom, inputValue, submitForm } from '../helpers/forms.js';

/** The session token a response sets, if any. */
function sidSetBy(res: request.Response): string | null {
  const raw = res.headers['set-cookie'] as unknown;
  const cookies = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  for (const c of cookies) {
    const m = /^sid=([^;]*)/.exec(c);
    if (m && m[1]) return m[1];
  }
  return null;
}

/** A browser that carries only this session cookie. */
const withSid = (t: TestApp, sid: string, url: string) => request(t.app.server).get(url).set('Cookie', `sid=${sid}`);

describe('signing in and out', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await createUser(t.app.db, { role: 'administrator' }); // so /login is not sent to the first-run page
  });
  afterEach(async () => t.close());

  it('issues a new session cookie at sign-in, so a cookie planted or held before no longer works', async () => {
    const user = await createUser(t.app.db, { role: 'coordinator', name: 'Cora Coordinator' });
    const planted = 'planted-session-token-0123456789';
    // A browser that arrives carrying a session cookie someone planted, then signs in.
    const page = await request(t.app.server).get('/login');
    const csrfCookie = ([] as string[])
      .concat(page.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const first = await request(t.app.server)
      .post('/login')
      .set('Cookie', `${csrfCookie}; sid=${planted}`)
      .type('form')
      .send({ email: user.email, password: PASSWORD, _csrf: csrfFrom(page.text) });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/staff');
    const sid1 = sidSetBy(first);
    expect(sid1).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(sid1).not.toBe(planted);
    expect((await withSid(t, planted, '/staff')).status).toBe(302);
    const home = await withSid(t, sid1!, '/staff');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Cora Coordinator');

    // Signing in again in a browser holding that session replaces it: the earlier cookie stops working.
    const again = await request(t.app.server)
      .post('/login')
      .set('Cookie', `${csrfCookie}; sid=${sid1}`)
      .type('form')
      .send({ email: user.email, password: PASSWORD, _csrf: csrfFrom(page.text) });
    expect(again.status).toBe(303);
    const sid2 = sidSetBy(again);
    expect(sid2).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sid2).not.toBe(sid1);
    const old = await withSid(t, sid1!, '/staff');
    expect(old.status).toBe(302);
    expect(old.headers.location).toBe('/login?next=%2Fstaff');
    expect((await withSid(t, sid2!, '/staff')).status).toBe(200);

    // Only the hash of the token is stored.
    const stored = await t.app.db.selectFrom('sessions').select('id').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toBe(sid2);
  });

  it('sign-out ends the session: the old cookie is sent to the sign-in page', async () => {
    const user = await createUser(t.app.db, { role: 'supervisor' });
    const agent = t.agent();
    const res = await submitForm(agent, '/login', '/login', { email: user.email, password: PASSWORD });
    const sid = sidSetBy(res)!;
    expect((await withSid(t, sid, '/staff')).status).toBe(200);

    const out = await submitForm(agent, '/staff', '/logout', {});
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
    const after = await withSid(t, sid, '/staff');
    expect(after.status).toBe(302);
    expect(after.headers.location).toMatch(/^\/login/);
    const mine = await agent.get('/staff');
    expect(mine.status).toBe(302);
    expect(mine.headers.location).toMatch(/^\/login/);
    expect(await t.app.db.selectFrom('sessions').select('id').execute()).toHaveLength(0);
  });

  it('a wrong password gives the form again with a message, status 401, keeping the email', async () => {
    const user = await createUser(t.app.db, { role: 'coordinator', email: 'wrong.pw@example.org' });
    const res = await submitForm(t.agent(), '/login', '/login', {
      email: 'Wrong.PW@example.org',
      password: 'not the password',
    });
    expect(res.status).toBe(401);
    expect(res.text).toContain('The email address or password is not right');
    expect(inputValue(res.text, 'email')).toBe(user.email);
    expect(inputValue(res.text, 'password')).toBeNull();
    expect(sidSetBy(res)).toBeNull();
  });

  it('a deactivated account cannot sign in even with the right password', async () => {
    const user = await createUser(t.app.db, { role: 'coordinator' });
    await t.app.db.updateTable('users').set({ active: 0 }).where('id', '=', user.id).execute();
    const res = await submitForm(t.agent(), '/login', '/login', { email: user.email, password: PASSWORD });
    expect(res.status).toBe(401);
  });

  it('after 5 failures for one account even the right password is refused (429) until 15 minutes pass', async () => {
    const user = await createUser(t.app.db, { role: 'coordinator' });
    const agent = t.agent();
    const page = await agent.get('/login');
    const csrf = csrfFrom(page.text);
    const attempt = (password: string) =>
      agent.post('/login').type('form').send({ email: user.email, password, _csrf: csrf });

    for (let i = 1; i <= 5; i++) expect((await attempt(`wrong password ${i}`)).status, `failure ${i}`).toBe(401);
    const locked = await attempt(PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('Too many failed attempts for this account');
    expect(sidSetBy(locked)).toBeNull();

    t.clock.advance(14 * 60_000);
    expect((await attempt(PASSWORD)).status, 'still locked after 14 minutes').toBe(429);

    t.clock.advance(60_000);
    const open = await attempt(PASSWORD);
    expect(open.status, 'open again after 15 minutes').toBe(303);
    expect(sidSetBy(open)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('the lock is per account: another account can still sign in meanwhile', async () => {
    const victim = await createUser(t.app.db, { role: 'coordinator' });
    const other = await createUser(t.app.db, { role: 'coordinator' });
    const agent = t.agent();
    const csrf = csrfFrom((await agent.get('/login')).text);
    for (let i = 0; i < 5; i++)
      await agent.post('/login').type('form').send({ email: victim.email, password: 'nope nope nope', _csrf: csrf });
    const res = await agent.post('/login').type('form').send({ email: other.email, password: PASSWORD, _csrf: csrf });
    expect(res.status).toBe(303);
  });

  it('one address gets 20 attempts per 15 minutes, then the localized "too many attempts" page (429)', async () => {
    const agent = t.agent();
    const csrf = csrfFrom((await agent.get('/login')).text);
    // A different (unknown) account each time, so the per-account lock is not what stops it.
    for (let i = 1; i <= 20; i++) {
      const res = await agent
        .post('/login')
        .type('form')
        .send({ email: `nobody${i}@example.org`, password: 'guess guess guess', _csrf: csrf });
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const blocked = await agent
      .post('/login')
      .set('Accept-Language', 'zh-CN,zh;q=0.9')
      .type('form')
      .send({ email: 'nobody21@example.org', password: 'guess guess guess', _csrf: csrf });
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/text\/html/);
    expect(blocked.text).toContain('<html lang="zh-CN">');
    expect(blocked.text).toContain('尝试次数过多');
    expect(blocked.text).not.toMatch(/at .*\.ts:\d+/);
  });
});
