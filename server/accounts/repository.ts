// All SQL about accounts, sessions, invitations and failed logins.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { NewUserRow, Role, UserRow } from './tables.js';

type Db = Kysely<Database>;

export async function administratorExists(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'administrator')
    .where('active', '=', 1)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Db, row: NewUserRow): Promise<number> {
  const r = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function watchedUnitIds(db: Db, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('user_units').select('unit_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.unit_id);
}

// Sessions ---------------------------------------------------------------------------------

export interface SessionUser {
  sessionId: string;
  id: number;
  email: string;
  name: string;
  role: Role;
  unitId: number | null;
  locale: UserRow['locale'];
}

export async function findSessionUser(db: Db, sessionId: string, nowIso: string): Promise<SessionUser | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as sessionId',
      'users.id as id',
      'users.email as email',
      'users.name as name',
      'users.role as role',
      'users.unit_id as unitId',
      'users.locale as locale',
    ])
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', nowIso)
    .where('users.active', '=', 1)
    .executeTakeFirst();
  return row;
}

export async function insertSession(db: Db, row: Database['sessions']): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, nowIso: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowIso).execute();
}

// Failed logins ----------------------------------------------------------------------------

export async function countLoginFailures(db: Db, account: string, sinceIso: string): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account', '=', account)
    .where('at', '>', sinceIso)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertLoginFailure(db: Db, account: string, atIso: string): Promise<void> {
  await db.insertInto('login_failures').values({ account, at: atIso }).execute();
}

export async function clearLoginFailures(db: Db, account: string): Promise<void> {
  await db.deleteFrom('login_failures').where('account', '=', account).execute();
}

export async function touchLastLogin(db: Db, userId: number, atIso: string): Promise<void> {
  await db.updateTable('users').set({ last_login_at: atIso }).where('id', '=', userId).execute();
}
