import type request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserRow } from '../../server/accounts/tables.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUnit, createUser, PASSWORD, signIn, signInAs } from '../helpers/factories.js';
import { csrfFrom, fieldError, HOSTILE, inputValue, submitForm } from '../helpers/forms.js';

describe('an administrator changes and deactivates accounts', () => {
  let t: TestApp;
  let admin: { user: UserRow; agent: request.Agent };
  let unitA: number;
  let unitB: number;

  beforeEach(async () => {
    t = await buildTestApp();
    unitA = await createUnit(t.app.db, { name: 'Unit A' });
    unitB = await createUnit(t.app.db, { name: 'Unit B' });
    admin = await signInAs(t, 'administrator');
  });
  afterEach(async () => t.close());

  const fieldsOf = (u: UserRow, o: Record<string, string | string[]> = {}) => ({
    name: u.name,
    email: u.email,
    role: u.role,
    unit_id: u.unit_id === null ? '' : String(u.unit_id),
    locale: u.locale,
    status: u.active === 1 ? 'active' : 'inactive',
    ...o,
  });
  const save = (u: UserRow, o: Record<string, string | string[]> = {}) =>
    submitForm(admin.agent, `/staff/accounts/${u.id}/edit`, `/staff/accounts/${u.id}`, fieldsOf(u, o));
  const reload = (id: number) =>
    t.app.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const watchedBy = async (id: number) =>
    (
      await t.app.db.selectFrom('user_units').select('unit_id').where('user_id', '=', id).orderBy('unit_id').execute()
    ).map((r) => r.unit_id);
  const auditOf = (id: number) =>
    t.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();

  it('shows the account in its form, and saves a change of name, email, role and units with one audit entry', async () => {
    const sup = await createUser(t.app.db, { role: 'supervisor', name: 'Sue Supervisor', watches: [unitA] });
    const page = await admin.agent.get(`/staff/accounts/${sup.id}/edit`);
    expect(page.status).toBe(200);
    expect(inputValue(page.text, 'name')).toBe('Sue Supervisor');
    expect(page.text).toMatch(new RegExp(`name="watched" value="${unitA}" checked`));
    expect(page.text).toMatch(/value="active" checked/);

    const res = await save(sup, {
      name: 'Sue Watcher',
      email: 'SUE@Example.org',
      watched: [String(unitA), String(unitB)],
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/staff/accounts');
    const after = await reload(sup.id);
    expect(after.name).toBe('Sue Watcher');
    expect(after.email).toBe('sue@example.org');
    expect(await watchedBy(sup.id)).toEqual([unitA, unitB]);
    expect((await admin.agent.get('/staff/accounts')).text).toContain('Saved.');

    // A supervisor who becomes a unit officer keeps a unit and loses the watched units.
    const res2 = await save(after, { role: 'unit_officer', unit_id: String(unitB), watched: [String(unitA)] });
    expect(res2.status).toBe(303);
    const officer = await reload(sup.id);
    expect(officer.role).toBe('unit_officer');
    expect(officer.unit_id).toBe(unitB);
    expect(await watchedBy(sup.id)).toEqual([]);

    // ...and back to coordinator: the unit is dropped.
    expect((await save(officer, { role: 'coordinator' })).status).toBe(303);
    expect((await reload(sup.id)).unit_id).toBeNull();

    const audit = await auditOf(sup.id);
    expect(audit.map((a) => a.action)).toEqual(['account.updated', 'account.updated', 'account.updated']);
    expect(audit[0]!.actor_id).toBe(admin.user.id);
    expect(JSON.parse(audit[0]!.data!).changes.email).toEqual({ from: sup.email, to: 'sue@example.org' });
    expect([audit[1]!.from_state, audit[1]!.to_state]).toEqual(['supervisor', 'unit_officer']);

    // Saving without a change writes nothing.
    expect((await save(await reload(sup.id))).status).toBe(303);
    expect(await auditOf(sup.id)).toHaveLength(3);
  });

  it('deactivating ends the person’s sessions at once, and they cannot sign in again', async () => {
    const { user, agent } = await signInAs(t, 'coordinator');
    expect((await agent.get('/staff')).status).toBe(200);

    const res = await save(user, { status: 'inactive' });
    expect(res.status).toBe(303);
    expect((await reload(user.id)).active).toBe(0);
    const kicked = await agent.get('/staff');
    expect(kicked.status).toBe(302);
    expect(kicked.headers.location).toMatch(/^\/login/);
    expect(await t.app.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);

    const again = await submitForm(t.agent(), '/login', '/login', { email: user.email, password: PASSWORD });
    expect(again.status).toBe(401);
    expect((await admin.agent.get('/staff/accounts')).text).toContain('Deactivated');

    const audit = await auditOf(user.id);
    expect(audit.at(-1)!.action).toBe('account.deactivated');
    expect([audit.at(-1)!.from_state, audit.at(-1)!.to_state]).toEqual(['active', 'inactive']);

    // Made active again, the person can sign in.
    expect((await save(await reload(user.id), { status: 'active' })).status).toBe(303);
    await signIn(t, user.email);
  });

  it('refuses to demote or deactivate the last active administrator (422, with the message by the field)', async () => {
    const me = admin.user;
    const demote = await save(me, { role: 'coordinator' });
    expect(demote.status).toBe(422);
    expect(fieldError(demote.text, 'role')).toMatch(/last active administrator/);
    expect(demote.text).toMatch(/<option value="coordinator" selected>/); // what was chosen is kept

    const deactivate = await save(me, { status: 'inactive' });
    expect(deactivate.status).toBe(422);
    expect(fieldError(deactivate.text, 'status')).toMatch(/last active administrator/);
    expect((await reload(me.id)).role).toBe('administrator');
    expect((await reload(me.id)).active).toBe(1);

    // A deactivated administrator does not count.
    const dormant = await createUser(t.app.db, { role: 'administrator' });
    await t.app.db.updateTable('users').set({ active: 0 }).where('id', '=', dormant.id).execute();
    expect((await save(me, { role: 'coordinator' })).status).toBe(422);

    // With a second active administrator, the first may step down.
    await createUser(t.app.db, { role: 'administrator' });
    const ok = await save(me, { role: 'coordinator' });
    expect(ok.status).toBe(303);
    expect((await reload(me.id)).role).toBe('coordinator');
    expect((await admin.agent.get('/staff/accounts')).status).toBe(403); // no longer theirs to manage
  });

  it('answers 404 for an account that does not exist', async () => {
    const csrf = csrfFrom((await admin.agent.get('/staff')).text);
    for (const id of ['99999', 'abc', '0']) {
      expect((await admin.agent.get(`/staff/accounts/${id}/edit`)).status, `GET ${id}`).toBe(404);
      const body = { ...fieldsOf(admin.user), email: 'someone@example.org', _csrf: csrf };
      expect((await admin.agent.post(`/staff/accounts/${id}`).type('form').send(body)).status, `POST ${id}`).toBe(404);
      expect(
        (await admin.agent.post(`/staff/accounts/${id}/invite`).type('form').send({ _csrf: csrf })).status,
        `invite ${id}`,
      ).toBe(404);
    }
  });

  it('keeps what was typed on errors, escaped, and refuses an email another account has', async () => {
    const other = await createUser(t.app.db, { role: 'coordinator', email: 'other@example.org' });
    const target = await createUser(t.app.db, { role: 'coordinator' });
    const taken = await save(target, { email: 'Other@example.org', name: 'Renamed' });
    expect(taken.status).toBe(422);
    expect(fieldError(taken.text, 'email')).toBe('Another account already uses this email address');
    expect(inputValue(taken.text, 'name')).toBe('Renamed');

    const hostile = await save(target, { name: HOSTILE.script, email: HOSTILE.sql, status: ['active', 'inactive'] });
    expect(hostile.status).toBe(422);
    expect(hostile.text).not.toContain(HOSTILE.script);
    expect(inputValue(hostile.text, 'name')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(fieldError(hostile.text, 'email')).toBe('Enter an email address like name@example.com');
    expect(fieldError(hostile.text, 'status')).toBe('This is not a valid value');

    const officer = await save(target, { role: 'unit_officer', unit_id: '' });
    expect(officer.status).toBe(422);
    expect(fieldError(officer.text, 'unit_id')).toBe('Choose the unit this unit officer works for');

    expect(await reload(target.id)).toEqual(target);
    expect((await reload(other.id)).email).toBe('other@example.org');
  });
});
