import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { fieldError, inputValue, submitForm, HOSTILE } from '../helpers/forms.js';

describe('first run: creating the first administrator', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  const good = () => ({
    setup_code: t.app.setupCode,
    name: 'Ada Admin',
    email: 'Ada@Example.org',
    password: 'a long enough password',
    password_confirm: 'a long enough password',
    locale: 'en',
  });

  it('sends every staff page and the sign-in page to the set-up page while there is no administrator', async () => {
    for (const url of ['/staff', '/staff/opinions', '/login']) {
      const res = await t.agent().get(url);
      expect(res.status, url).toBe(302);
      expect(res.headers.location).toBe('/setup');
    }
  });

  it('creates the administrator with the code from the log, signs them in, then the page is gone', async () => {
    const agent = t.agent();
    const res = await submitForm(agent, '/setup', '/setup', good());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/staff');
    const home = await agent.get('/staff');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Ada Admin');

    const user = await t.app.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user.email).toBe('ada@example.org');
    expect(user.role).toBe('administrator');
    expect(user.password_hash).toMatch(/^scrypt\$/);
    expect(user.password_hash).not.toContain('a long enough password');

    expect((await t.agent().get('/setup')).status).toBe(404);
    const again = await t.agent().post('/setup').type('form').send(good());
    expect([403, 404]).toContain(again.status);
    const audit = await t.app.db.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((a) => a.action)).toContain('account.created');
  });

  it('refuses a wrong set-up code and keeps what was typed', async () => {
    const res = await submitForm(t.agent(), '/setup', '/setup', { ...good(), setup_code: 'WRONGCODE1' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'setup_code')).toMatch(/not the set-up code/);
    expect(inputValue(res.text, 'name')).toBe('Ada Admin');
    expect(inputValue(res.text, 'password')).toBeNull(); // passwords are never echoed back
    expect(await t.app.db.selectFrom('users').select('id').execute()).toHaveLength(0);
  });

  it('answers empty, oversize and hostile input with 422 and a message by each field', async () => {
    const empty = await submitForm(t.agent(), '/setup', '/setup', {});
    expect(empty.status).toBe(422);
    for (const f of ['setup_code', 'name', 'email', 'password']) expect(fieldError(empty.text, f), f).toBeTruthy();

    const big = await submitForm(t.agent(), '/setup', '/setup', { ...good(), name: 'x'.repeat(101), email: 'not-an-email' });
    expect(big.status).toBe(422);
    expect(fieldError(big.text, 'name')).toMatch(/100 characters/);
    expect(fieldError(big.text, 'email')).toMatch(/email address/);

    const hostile = await submitForm(t.agent(), '/setup', '/setup', { ...good(), name: HOSTILE.script, password_confirm: 'different one!' });
    expect(hostile.status).toBe(422);
    expect(hostile.text).not.toContain(HOSTILE.script);
    expect(hostile.text).toContain('&lt;script&gt;');
    expect(fieldError(hostile.text, 'password_confirm')).toMatch(/do not match/);

    const wrongType = await submitForm(t.agent(), '/setup', '/setup', { ...good(), name: ['a', 'b'] });
    expect(wrongType.status).toBe(422);
    expect(fieldError(wrongType.text, 'name')).toBeTruthy();
  });

  it('refuses a post without a CSRF token', async () => {
    const res = await t.agent().post('/setup').type('form').send(good());
    expect(res.status).toBe(403);
    expect(res.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});
