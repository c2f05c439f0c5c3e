import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatters } from '../../server/i18n/format.js';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.js';
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

  it('signs the administrator in like any sign-in: the accounts list says when, not "Never"', async () => {
    const agent = t.agent();
    expect((await submitForm(agent, '/setup', '/setup', good())).status).toBe(303);
    const user = await t.app.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user.last_login_at).toBe(TEST_NOW.toISOString());

    const list = await agent.get('/staff/accounts');
    expect(list.status).toBe(200);
    const row = /<tr>\s*<th scope="row">[\s\S]*?Ada Admin[\s\S]*?<\/tr>/.exec(list.text)![0];
    expect(row).toContain(formatters('en', t.config.timeZone).dateTime(TEST_NOW.toISOString()));
    expect(row).not.toContain('Never');

    const actions = (
      await t.app.db.selectFrom('audit_log').select(['action', 'entity_id']).orderBy('id').execute()
    ).map((a) => a.action);
    expect(actions).toEqual(['account.created', 'account.signed_in']);
  });

  it('says a wrong set-up code together with every other mistake, in one round', async () => {
    const res = await submitForm(t.agent(), '/setup', '/setup', {
      ...good(),
      setup_code: 'WRONGCODE1',
      name: '',
      password_confirm: 'not the same one',
    });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'setup_code')).toMatch(/not the set-up code/);
    expect(fieldError(res.text, 'name')).toBe('Enter this information');
    expect(fieldError(res.text, 'password_confirm')).toMatch(/do not match/);
    // The summary lists them in the order of the form.
    const summary = [...res.text.matchAll(/<a href="#field-([a-z_]+)">/g)].map((m) => m[1]);
    expect(summary).toEqual(['setup_code', 'name', 'password_confirm']);

    const zh = t.agent();
    await zh.get('/lang/zh-CN');
    const inChinese = await submitForm(zh, '/setup', '/setup', {
      ...good(),
      setup_code: 'WRONGCODE1',
      email: 'not-an-email',
    });
    expect(inChinese.status).toBe(422);
    expect(fieldError(inChinese.text, 'setup_code')).toBe('这不是平台日志中显示的初始化码');
    expect(fieldError(inChinese.text, 'email')).toBe('请输入有效的电子邮箱，例如 name@example.com');

    // An empty code is missing, not wrong; the right code with other mistakes is not called wrong.
    const empty = await submitForm(t.agent(), '/setup', '/setup', { ...good(), setup_code: '', name: '' });
    expect(fieldError(empty.text, 'setup_code')).toBe('Enter this information');
    const right = await submitForm(t.agent(), '/setup', '/setup', {
      ...good(),
      setup_code: t.app.setupCode.toLowerCase(),
      name: '',
    });
    expect(fieldError(right.text, 'setup_code')).toBeNull();
    expect(await t.app.db.selectFrom('users').select('id').execute()).toHaveLength(0);
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
    for (const f of ['setup_code', 'name', 'email', 'password'])
      expect(fieldError(empty.text, f), f).toBe('Enter this information');

    const big = await submitForm(t.agent(), '/setup', '/setup', {
      ...good(),
      name: 'x'.repeat(101),
      email: 'not-an-email',
    });
    expect(big.status).toBe(422);
    expect(fieldError(big.text, 'name')).toMatch(/100 characters/);
    expect(fieldError(big.text, 'email')).toMatch(/email address/);

    const hostile = await submitForm(t.agent(), '/setup', '/setup', {
      ...good(),
      name: HOSTILE.script,
      password_confirm: 'different one!',
    });
    expect(hostile.status).toBe(422);
    expect(hostile.text).not.toContain(HOSTILE.script);
    expect(hostile.text).toContain('&lt;script&gt;');
    expect(fieldError(hostile.text, 'password_confirm')).toMatch(/do not match/);

    const wrongType = await submitForm(t.agent(), '/setup', '/setup', { ...good(), name: ['a', 'b'] });
    expect(wrongType.status).toBe(422);
    expect(fieldError(wrongType.text, 'name')).toBe('This is not a valid value');
  });

  it('refuses a post without a CSRF token', async () => {
    const res = await t.agent().post('/setup').type('form').send(good());
    expect(res.status).toBe(403);
    expect(res.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});
