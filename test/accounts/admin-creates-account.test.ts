import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatters } from '../../server/i18n/format.js';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.js';
import { createUnit, createUser, signIn, signInAs } from '../helpers/factories.js';
import { csrfFrom, fieldError, HOSTILE, inputValue, submitForm } from '../helpers/forms.js';
import { readOutbox } from '../helpers/mail.js';

const NEW_PASSWORD = 'a brand new password';

describe('an administrator creates staff accounts', () => {
  let t: TestApp;
  let admin: request.Agent;
  let units: { city: number; district: number; office: number };

  beforeEach(async () => {
    t = await buildTestApp();
    const city = await createUnit(t.app.db, { name: 'City Office', kind: 'city' });
    const district = await createUnit(t.app.db, { name: 'East District', kind: 'district', parentId: city });
    const office = await createUnit(t.app.db, { name: 'East Housing Bureau', kind: 'unit', parentId: district });
    units = { city, district, office };
    ({ agent: admin } = await signInAs(t, 'administrator'));
  });
  afterEach(async () => t.close());

  const create = (fields: Record<string, string | string[]>) =>
    submitForm(admin, '/staff/accounts/new', '/staff/accounts', fields);
  const withPassword = (o: Record<string, string | string[]>) => ({
    locale: 'en',
    access: 'password',
    password: NEW_PASSWORD,
    password_confirm: NEW_PASSWORD,
    ...o,
  });
  const userByEmail = (email: string) =>
    t.app.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const watchedBy = async (userId: number) =>
    (
      await t.app.db
        .selectFrom('user_units')
        .select('unit_id')
        .where('user_id', '=', userId)
        .orderBy('unit_id')
        .execute()
    ).map((r) => r.unit_id);
  const userCount = async () => (await t.app.db.selectFrom('users').select('id').execute()).length;

  it('creates an account of each role; the unit is kept only for a unit officer, watched units only for a supervisor', async () => {
    const cases = [
      { role: 'administrator', email: 'Second.Admin@Example.org', unit: null, watched: [] as number[] },
      { role: 'coordinator', email: 'coord@example.org', unit: null, watched: [] as number[] },
      { role: 'supervisor', email: 'super@example.org', unit: null, watched: [units.district, units.office] },
      { role: 'unit_officer', email: 'officer@example.org', unit: units.office, watched: [] as number[] },
    ];
    for (const c of cases) {
      // Every form sends a unit and watched units; the role decides what is kept.
      const res = await create(
        withPassword({
          name: `New ${c.role}`,
          email: c.email,
          role: c.role,
          unit_id: String(units.office),
          watched: [String(units.district), String(units.office)],
        }),
      );
      expect(res.status, c.role).toBe(303);
      expect(res.headers.location).toBe('/staff/accounts');

      const row = await userByEmail(c.email.toLowerCase());
      expect(row, c.role).toBeDefined();
      expect(row!.role).toBe(c.role);
      expect(row!.name).toBe(`New ${c.role}`);
      expect(row!.unit_id).toBe(c.unit);
      expect(row!.active).toBe(1);
      expect(row!.password_hash).toMatch(/^scrypt\$/);
      expect(await watchedBy(row!.id)).toEqual(c.watched);

      // The password set now works.
      const agent = await signIn(t, c.email.toLowerCase(), NEW_PASSWORD);
      expect((await agent.get('/staff')).text).toContain(`New ${c.role}`);
    }

    const audit = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'account.created').execute();
    expect(audit.map((a) => a.to_state).sort()).toEqual(['administrator', 'coordinator', 'supervisor', 'unit_officer']);
    for (const a of audit) expect(JSON.stringify(a)).not.toContain(NEW_PASSWORD);

    // The list shows each with role, unit (officer), number of watched units (supervisor) and last sign-in.
    const list = await admin.get('/staff/accounts');
    expect(list.status).toBe(200);
    expect(list.text).toMatch(/<caption>[^<]+<\/caption>/);
    expect(list.text).toContain('<th scope="col">');
    expect(list.text).toContain('<th scope="row">');
    for (const c of cases) expect(list.text).toContain(`New ${c.role}`);
    expect(list.text).toContain('Unit officer');
    expect(list.text).toContain('East Housing Bureau');
    expect(list.text).toMatch(/<td>Supervisor<\/td>\s*<td><\/td>\s*<td>2<\/td>/);
    expect(list.text).toContain(formatters('en', t.config.timeZone).dateTime(TEST_NOW.toISOString()));
  });

  it('offers the units in tree order in the unit select and as watched-unit checkboxes', async () => {
    const page = await admin.get('/staff/accounts/new');
    expect(page.status).toBe(200);
    const order = ['City Office', 'East District', 'East Housing Bureau'].map((n) => page.text.indexOf(n));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page.text).toContain(`name="watched" value="${units.office}"`);
    expect(page.text).toContain('id="field-unit_id"');
  });

  it('creates an invited account without a password and emails the invitation', async () => {
    const res = await create({
      name: 'Ivy Invited',
      email: 'ivy@example.org',
      role: 'coordinator',
      locale: 'zh-CN',
      access: 'invite',
    });
    expect(res.status).toBe(303);
    const row = await userByEmail('ivy@example.org');
    expect(row!.password_hash).toBeNull();
    expect(row!.locale).toBe('zh-CN');
    const invitations = await t.app.db.selectFrom('invitations').selectAll().where('user_id', '=', row!.id).execute();
    expect(invitations).toHaveLength(1);
    expect(invitations[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const mails = await readOutbox(t.dataDir);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toContain('ivy@example.org');
    expect((await admin.get('/staff/accounts')).text).toContain('Invited, no password yet');
  });

  it('refuses a unit officer without a unit, with the message next to the unit field', async () => {
    const res = await create(
      withPassword({ name: 'Olive Officer', email: 'olive@example.org', role: 'unit_officer', unit_id: '' }),
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'unit_id')).toBe('Choose the unit this unit officer works for');
    expect(inputValue(res.text, 'name')).toBe('Olive Officer');
    expect(inputValue(res.text, 'email')).toBe('olive@example.org');
    expect(await userByEmail('olive@example.org')).toBeUndefined();
  });

  it('refuses a unit that does not exist', async () => {
    const res = await create(
      withPassword({ name: 'Olive Officer', email: 'olive@example.org', role: 'unit_officer', unit_id: '99999' }),
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'unit_id')).toBe('Choose a unit from the list');
    const sup = await create(
      withPassword({ name: 'Sam', email: 'sam@example.org', role: 'supervisor', watched: ['99999'] }),
    );
    expect(sup.status).toBe(422);
    expect(fieldError(sup.text, 'watched')).toBe('Choose a unit from the list');
  });

  it('refuses an email address another account already has, whatever its case', async () => {
    await createUser(t.app.db, { role: 'coordinator', email: 'taken@example.org' });
    const before = await userCount();
    const res = await create(withPassword({ name: 'Copy Cat', email: 'TAKEN@example.org', role: 'coordinator' }));
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'email')).toBe('Another account already uses this email address');
    expect(inputValue(res.text, 'name')).toBe('Copy Cat');
    expect(await userCount()).toBe(before);
  });

  it('checks the password only when one is set now, and never echoes it', async () => {
    const short = await create(
      withPassword({
        name: 'Pat',
        email: 'pat@example.org',
        role: 'coordinator',
        password: 'short',
        password_confirm: 'short',
      }),
    );
    expect(short.status).toBe(422);
    expect(fieldError(short.text, 'password')).toBe('Use at least 10 characters');
    expect(short.text).not.toContain('value="short"');

    const missing = await create(
      withPassword({ name: 'Pat', email: 'pat@example.org', role: 'coordinator', password: '', password_confirm: '' }),
    );
    expect(missing.status).toBe(422);
    expect(fieldError(missing.text, 'password')).toBe('Enter this information');

    const mismatch = await create(
      withPassword({ name: 'Pat', email: 'pat@example.org', role: 'coordinator', password_confirm: 'something else!' }),
    );
    expect(mismatch.status).toBe(422);
    expect(fieldError(mismatch.text, 'password_confirm')).toBe('The two passwords do not match');
    expect(mismatch.text).not.toContain(NEW_PASSWORD);
    expect(inputValue(mismatch.text, 'password')).toBeNull();

    // With an invitation, password fields are not looked at.
    const invite = await create({
      name: 'Pat',
      email: 'pat@example.org',
      role: 'coordinator',
      locale: 'en',
      access: 'invite',
      password: 'x',
    });
    expect(invite.status).toBe(303);
  });

  it('answers empty, oversize, hostile and wrong-type input with 422, values kept and escaped', async () => {
    const before = await userCount();
    const empty = await create({});
    expect(empty.status).toBe(422);
    expect(
      Object.fromEntries(['name', 'email', 'role', 'locale', 'access'].map((f) => [f, fieldError(empty.text, f)])),
    ).toEqual({
      name: 'Enter this information',
      email: 'Enter this information',
      role: 'Choose a role',
      locale: 'This is not a valid value',
      access: 'This is not a valid value',
    });
    expect(empty.text).toContain('There is a problem');

    const big = await create(
      withPassword({ name: 'x'.repeat(101), email: `${'a'.repeat(250)}@example.org`, role: 'coordinator' }),
    );
    expect(big.status).toBe(422);
    expect(fieldError(big.text, 'name')).toMatch(/100 characters/);
    expect(fieldError(big.text, 'email')).toBe('Use 254 characters or fewer');
    expect(inputValue(big.text, 'name')).toBe('x'.repeat(101));

    const hostile = await create(
      withPassword({ name: HOSTILE.script, email: HOSTILE.sql, role: 'unit_officer', unit_id: HOSTILE.html }),
    );
    expect(hostile.status).toBe(422);
    expect(hostile.text).not.toContain(HOSTILE.script);
    expect(hostile.text).not.toContain(HOSTILE.html);
    expect(hostile.text).toContain('&lt;script&gt;');
    expect(fieldError(hostile.text, 'email')).toMatch(/email address/);
    expect(fieldError(hostile.text, 'unit_id')).toBe('This is not a valid value');
    expect(inputValue(hostile.text, 'email')).toBe('&#39;; DROP TABLE opinions; --');

    const badRole = await create(withPassword({ name: 'Rob', email: 'rob@example.org', role: 'superuser' }));
    expect(badRole.status).toBe(422);
    expect(fieldError(badRole.text, 'role')).toBe('Choose a role');

    const wrongType = await create(
      withPassword({ name: ['a', 'b'], email: ['x@example.org', 'y@example.org'], role: 'coordinator' }),
    );
    expect(wrongType.status).toBe(422);
    expect(fieldError(wrongType.text, 'name')).toBe('This is not a valid value');
    expect(fieldError(wrongType.text, 'email')).toBe('This is not a valid value');

    expect(await userCount()).toBe(before);
    expect(await t.app.db.selectFrom('users').select('id').where('name', '=', HOSTILE.script).execute()).toHaveLength(
      0,
    );
  });

  it('asks for a role when none is chosen (or one not offered is sent), in both languages', async () => {
    const none = await create(withPassword({ name: 'Rob', email: 'rob@example.org', role: '' }));
    expect(none.status).toBe(422);
    expect(fieldError(none.text, 'role')).toBe('Choose a role');
    expect(
      fieldError(await create(withPassword({ name: 'Rob', email: 'rob@example.org' })).then((r) => r.text), 'role'),
    ).toBe('Choose a role');
    expect(
      fieldError(
        (await create(withPassword({ name: 'Rob', email: 'rob@example.org', role: 'superuser' }))).text,
        'role',
      ),
    ).toBe('Choose a role');

    await admin.get('/lang/zh-CN');
    const zh = await create(withPassword({ name: '李雷', email: 'lilei@example.org', role: '' }));
    expect(zh.status).toBe(422);
    expect(fieldError(zh.text, 'role')).toBe('请选择角色');
    expect(zh.text).toContain('请选择角色');
  });

  it('shows the form in Chinese with Chinese messages', async () => {
    const zh = t.agent();
    await zh.get('/lang/zh-CN');
    const admin2 = await createUser(t.app.db, { role: 'administrator' });
    const page = await zh.get('/login');
    await zh
      .post('/login')
      .type('form')
      .send({ email: admin2.email, password: 'correct horse battery staple', _csrf: csrfFrom(page.text) });
    const res = await submitForm(zh, '/staff/accounts/new', '/staff/accounts', {
      name: '李雷',
      email: 'lilei@example.org',
      role: 'unit_officer',
      locale: 'zh-CN',
      access: 'invite',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(fieldError(res.text, 'unit_id')).toBe('请选择该单位联络员所在的单位');
    expect(inputValue(res.text, 'name')).toBe('李雷');
  });
});

describe('only administrators manage accounts', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('answers 403 to every other role on every accounts page, and changes nothing', async () => {
    const target = await createUser(t.app.db, { role: 'coordinator', email: 'target@example.org' });
    for (const role of ['coordinator', 'supervisor', 'unit_officer'] as const) {
      const { agent } = await signInAs(t, role);
      for (const url of ['/staff/accounts', '/staff/accounts/new', `/staff/accounts/${target.id}/edit`]) {
        const res = await agent.get(url);
        expect(res.status, `${role} GET ${url}`).toBe(403);
        expect(res.text).toContain('You cannot do this');
      }
      const csrf = csrfFrom((await agent.get('/staff')).text);
      const posts: Array<[string, Record<string, string>]> = [
        [
          '/staff/accounts',
          {
            name: 'Sneaky',
            email: 'sneaky@example.org',
            role: 'administrator',
            locale: 'en',
            access: 'password',
            password: NEW_PASSWORD,
            password_confirm: NEW_PASSWORD,
          },
        ],
        [
          `/staff/accounts/${target.id}`,
          { name: 'Renamed', email: 'target@example.org', role: 'administrator', locale: 'en', status: 'active' },
        ],
        [`/staff/accounts/${target.id}/invite`, {}],
      ];
      for (const [url, body] of posts) {
        const res = await agent
          .post(url)
          .type('form')
          .send({ ...body, _csrf: csrf });
        expect(res.status, `${role} POST ${url}`).toBe(403);
      }
    }
    expect(
      await t.app.db.selectFrom('users').select('id').where('email', '=', 'sneaky@example.org').execute(),
    ).toHaveLength(0);
    const after = await t.app.db.selectFrom('users').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(after.name).toBe(target.name);
    expect(after.role).toBe('coordinator');
    expect(await t.app.db.selectFrom('invitations').select('id').execute()).toHaveLength(0);
  });
});
