// All SQL about accounts, sessions, invitations and failed logins.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { InvitationsTable, NewUserRow, Role, UserRow, UsersTable } from './tables.js';

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

export async function emailTaken(db: Db, email: string, exceptUserId?: number): Promise<boolean> {
  let q = db.selectFrom('users').select('id').where('email', '=', email.toLowerCase());
  if (exceptUserId !== undefined) q = q.where('id', '<>', exceptUserId);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

export async function updateUser(db: Db, id: number, patch: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function setPasswordHash(db: Db, id: number, passwordHash: string, atIso: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, updated_at: atIso }).where('id', '=', id).execute();
}

/** Active administrators other than `exceptUserId`. */
export async function countOtherActiveAdministrators(db: Db, exceptUserId: number): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'administrator')
    .where('active', '=', 1)
    .where('id', '<>', exceptUserId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface AccountListRow {
  id: number;
  name: string;
  email: string;
  role: Role;
  active: number;
  hasPassword: number;
  lastLoginAt: string | null;
  unitId: number | null;
  unitName: string | null;
  watchedCount: number;
}

/** Every account, by name, with its unit's name and how many units it watches. */
export async function listAccounts(db: Db): Promise<AccountListRow[]> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .select((eb) => [
      'users.id as id',
      'users.name as name',
      'users.email as email',
      'users.role as role',
      'users.active as active',
      eb.case().when('users.password_hash', 'is not', null).then(1).else(0).end().as('hasPassword'),
      'users.last_login_at as lastLoginAt',
      'users.unit_id as unitId',
      'units.name as unitName',
      eb
        .selectFrom('user_units')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .whereRef('user_units.user_id', '=', 'users.id')
        .as('watchedCount'),
    ])
    .orderBy('users.active', 'desc')
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  return rows.map((r) => ({ ...r, hasPassword: Number(r.hasPassword), watchedCount: Number(r.watchedCount ?? 0) }));
}

export async function watchedUnitIds(db: Db, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('user_units').select('unit_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.unit_id);
}

export async function replaceWatchedUnits(db: Db, userId: number, unitIds: readonly number[]): Promise<void> {
  await db.deleteFrom('user_units').where('user_id', '=', userId).execute();
  if (unitIds.length > 0)
    await db
      .insertInto('user_units')
      .values(unitIds.map((unit_id) => ({ user_id: userId, unit_id })))
      .execute();
}

// Invitations ------------------------------------------------------------------------------

export async function insertInvitation(db: Db, row: Insertable<InvitationsTable>): Promise<number> {
  const r = await db.insertInto('invitations').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Ends every unused invitation of the person that has not expired yet (a newer one replaces them). */
export async function expireOpenInvitations(db: Db, userId: number, nowIso: string): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ expires_at: nowIso })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .execute();
}

export interface InvitationWithUser {
  id: number;
  userId: number;
  expiresAt: string;
  usedAt: string | null;
  name: string;
  email: string;
  active: number;
}

export async function findInvitationByHash(db: Db, tokenHash: string): Promise<InvitationWithUser | undefined> {
  return db
    .selectFrom('invitations')
    .innerJoin('users', 'users.id', 'invitations.user_id')
    .select([
      'invitations.id as id',
      'invitations.user_id as userId',
      'invitations.expires_at as expiresAt',
      'invitations.used_at as usedAt',
      'users.name as name',
      'users.email as email',
      'users.active as active',
    ])
    .where('invitations.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function latestInvitation(db: Db, userId: number) {
  return db
    .selectFrom('invitations')
    .select(['id', 'created_at', 'expires_at', 'used_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Marks an invitation used if it still was open; false when someone got there first. */
export async function useInvitation(db: Db, id: number, nowIso: string): Promise<boolean> {
  const r = await db
    .updateTable('invitations')
    .set({ used_at: nowIso })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
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

/** Failures for the account since then: from anywhere, or from one address. */
export async function countLoginFailures(db: Db, account: string, sinceIso: string, address?: string): Promise<number> {
  let q = db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account', '=', account)
    .where('at', '>', sinceIso);
  if (address !== undefined) q = q.where('address', '=', address);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function lastLoginFailureAt(db: Db, account: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('login_failures')
    .select('at')
    .where('account', '=', account)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.at;
}

export async function insertLoginFailure(
  db: Db,
  account: string,
  atIso: string,
  address: string | null = null,
): Promise<void> {
  await db.insertInto('login_failures').values({ account, at: atIso, address }).execute();
}

/** Forgets the account's failures: all of them, or those from one address. */
export async function clearLoginFailures(db: Db, account: string, address?: string): Promise<void> {
  let q = db.deleteFrom('login_failures').where('account', '=', account);
  if (address !== undefined) q = q.where('address', '=', address);
  await q.execute();
}

export async function touchLastLogin(db: Db, userId: number, atIso: string): Promise<void> {
  await db.updateTable('users').set({ last_login_at: atIso }).where('id', '=', userId).execute();
}
