// Things a test needs to exist before the flow it tests: written straight to the database.
import type request from 'supertest';
import { expect } from 'vitest';
import { hashPassword } from '../../server/accounts/password.js';
import type { Role } from '../../server/accounts/tables.js';
import type { DB } from '../../server/db/database.js';
import { openSession, SESSION_COOKIE } from '../../server/plugins/session.js';
import type { UnitKind } from '../../server/units/tables.js';
import { submitForm } from './forms.js';
import type { TestApp } from './app.js';

export const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;
const hashed = () => (passwordHash ??= hashPassword(PASSWORD));

const nowIso = () => new Date().toISOString();
let seq = 0;
const next = () => ++seq;

export async function createUnit(
  db: DB,
  o: { name?: string; kind?: UnitKind; parentId?: number | null; contacts?: string[] } = {},
) {
  const at = nowIso();
  const { id } = await db
    .insertInto('units')
    .values({
      name: o.name ?? `Unit ${next()}`,
      kind: o.kind ?? 'unit',
      parent_id: o.parentId ?? null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const email of o.contacts ?? [])
    await db.insertInto('unit_contacts').values({ unit_id: id, email, name: null, locale: 'zh-CN' }).execute();
  return id;
}

export async function createCampaign(
  db: DB,
  o: { name?: string; startsOn?: string; endsOn?: string; threshold?: number } = {},
) {
  const at = nowIso();
  const { id } = await db
    .insertInto('campaigns')
    .values({
      name: o.name ?? `Campaign ${next()}`,
      starts_on: o.startsOn ?? '2026-01-01',
      ends_on: o.endsOn ?? '2026-12-31',
      threshold: o.threshold ?? 80,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function createConductRule(db: DB, title = `Rule ${next()}`) {
  const at = nowIso();
  const { id } = await db
    .insertInto('conduct_rules')
    .values({ title, position: next(), created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function createUser(
  db: DB,
  o: { role: Role; email?: string; name?: string; unitId?: number | null; watches?: number[]; locale?: 'en' | 'zh-CN' },
) {
  const at = nowIso();
  const n = next();
  let unitId = o.unitId ?? null;
  if (o.role === 'unit_officer' && unitId === null) unitId = await createUnit(db);
  const { id } = await db
    .insertInto('users')
    .values({
      email: o.email ?? `${o.role}${n}@example.org`,
      name: o.name ?? `${o.role} ${n}`,
      role: o.role,
      unit_id: unitId,
      locale: o.locale ?? 'en',
      password_hash: await hashed(),
      created_at: at,
      updated_at: at,
      last_login_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const u of o.watches ?? []) await db.insertInto('user_units').values({ user_id: id, unit_id: u }).execute();
  const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return user;
}

/** Signs in through the real login form; returns the signed-in client. */
export async function signIn(t: TestApp, email: string, password = PASSWORD): Promise<request.Agent> {
  const agent = t.agent();
  const res = await submitForm(agent, '/login', '/login', { email, password });
  expect(res.status, `sign in as ${email}`).toBe(303);
  return agent;
}

/**
 * A signed-in client for the account without the login form: a session row made as signing in
 * makes it, and its cookie. For every test that is not about signing in (those use signIn(), with
 * the real password hashing, which costs ~80 ms a time).
 */
export async function sessionFor(t: TestApp, userId: number): Promise<request.Agent> {
  const token = await openSession(t.app.db, userId, t.clock.now());
  const agent = t.agent();
  // supertest's agent sends its requests to 127.0.0.1 and keeps cookies in this jar.
  (agent as unknown as { jar: { setCookie(cookie: string, domain: string, path: string): void } }).jar.setCookie(
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly`,
    '127.0.0.1',
    '/',
  );
  return agent;
}

/** Makes sure an administrator exists (so staff pages are not the first-run page), then gives a session to a new person with the role. */
export async function signInAs(
  t: TestApp,
  role: Role,
  o: { unitId?: number; watches?: number[]; locale?: 'en' | 'zh-CN' } = {},
) {
  const admins = await t.app.db.selectFrom('users').select('id').where('role', '=', 'administrator').execute();
  if (admins.length === 0 && role !== 'administrator') await createUser(t.app.db, { role: 'administrator' });
  const user = await createUser(t.app.db, { role, ...o });
  return { user, agent: await sessionFor(t, user.id) };
}
