// Account use-cases. Each runs in one transaction and writes its audit entry there.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Locale } from '../config.js';
import type { DB } from '../db/database.js';
import * as audit from '../audit/service.js';
import type { Mailer } from '../shared/mailer.js';
import { conflict, invalid, notFound, ok, type Result } from '../shared/result.js';
import * as units from '../units/repository.js';
import { hashPassword, verifyPassword } from './password.js';
import * as repo from './repository.js';
import type { AccountFields, EditAccountForm, NewAccountForm, SetupForm } from './schemas.js';
import type { UserRow } from './tables.js';
import { writeTransaction } from '../db/transaction.js';

export const LOGIN_FAILURE_LIMIT = 5;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given.trim().toUpperCase().replace(/[\s-]/g, ''));
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a typed set-up code is not the one in the log (empty is "missing", not "wrong"). */
export function isWrongSetupCode(typed: unknown, setupCode: string): boolean {
  return typeof typed === 'string' && typed.trim() !== '' && !sameCode(typed, setupCode);
}

/**
 * What every way in does once the person is who they say: failed attempts forgotten, the time
 * of the sign-in kept (the accounts list shows it), and an audit entry. The caller then starts
 * the session.
 */
async function signedIn(trx: DB, user: { id: number; email: string }, now: Date, address?: string): Promise<void> {
  // Signing in with a password forgets the failures from that address only: a guesser elsewhere stays locked and slowed.
  await repo.clearLoginFailures(trx, user.email, address);
  await repo.touchLastLogin(trx, user.id, now.toISOString());
  await audit.record(trx, { id: user.id, label: user.email }, now, {
    action: 'account.signed_in',
    entityType: 'user',
    entityId: user.id,
  });
}

/** Whether the first-run set-up is done (an administrator exists): the set-up page is gone then. */
export async function administratorExists(db: DB): Promise<boolean> {
  return repo.administratorExists(db);
}

/**
 * The first-run page: creates the first administrator, once, for whoever holds the set-up code,
 * and signs them in. Conflict `already_done` when an administrator exists by the time it writes.
 */
export async function createFirstAdministrator(
  db: DB,
  clock: Clock,
  setupCode: string,
  form: SetupForm,
): Promise<Result<{ userId: number }, 'already_done'>> {
  if (!sameCode(form.setup_code, setupCode)) return invalid({ setup_code: { key: 'accounts.setup.wrongCode' } });
  const passwordHash = await hashPassword(form.password);
  return writeTransaction(db, async (trx) => {
    if (await repo.administratorExists(trx)) return conflict('already_done');
    const now = clock.now();
    const userId = await repo.insertUser(trx, {
      email: form.email,
      name: form.name,
      role: 'administrator',
      unit_id: null,
      locale: form.locale,
      password_hash: passwordHash,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      last_login_at: null,
    });
    await audit.record(trx, { id: null, label: 'setup' }, now, {
      action: 'account.created',
      entityType: 'user',
      entityId: userId,
      to: 'administrator',
      why: { code: 'first_administrator' },
    });
    await signedIn(trx, { id: userId, email: form.email }, now);
    return ok({ userId });
  });
}

/**
 * Past the limit from anywhere, the account is slowed, never locked: after the fifth failure in
 * the window one try every 2 s, then 4, 8, … and at most one a minute. A person who knows their
 * password waits a minute at worst, while guessing is held to about one try a minute.
 */
const SECOND_MS = 1_000;
export const LOGIN_SLOWDOWN_MAX_MS = 60 * SECOND_MS;

export function loginSlowdownMs(failures: number): number {
  if (failures < LOGIN_FAILURE_LIMIT) return 0;
  return Math.min(LOGIN_SLOWDOWN_MAX_MS, 2 ** (failures - LOGIN_FAILURE_LIMIT + 1) * SECOND_MS);
}

/**
 * Checks a password: the account, or invalid (a wrong address or password, said the same way),
 * or a conflict. Failures are counted in the database, per account and address, and per account:
 * - `locked`: five failures for this account from this address in 15 minutes lock that pair (the
 *   guesser's own address), for the rest of the 15 minutes; the account elsewhere is not locked.
 * - `slowed`: failures for the account from anywhere slow it (loginSlowdownMs): a try sooner than
 *   that after the last failure is turned away unchecked, whichever the password.
 * The route's rate limit is per address on top.
 */
export async function authenticate(
  db: DB,
  clock: Clock,
  emailInput: string,
  password: string,
  address: string,
): Promise<Result<UserRow, 'locked' | 'slowed'>> {
  const account = emailInput.trim().toLowerCase();
  const now = clock.now();
  const since = new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS).toISOString();
  if ((await repo.countLoginFailures(db, account, since, address)) >= LOGIN_FAILURE_LIMIT) return conflict('locked');
  const wait = loginSlowdownMs(await repo.countLoginFailures(db, account, since));
  if (wait > 0) {
    const last = await repo.lastLoginFailureAt(db, account);
    if (last && now.getTime() - Date.parse(last) < wait) return conflict('slowed');
  }

  const user = await repo.findUserByEmail(db, account);
  const valid = await verifyPassword(password, user?.active ? user.password_hash : null);
  if (!user || !valid) {
    await repo.insertLoginFailure(db, account, now.toISOString(), address);
    return invalid({ _form: { key: 'accounts.login.invalid' } });
  }
  await writeTransaction(db, (trx) => signedIn(trx, user, now, address));
  return ok(user);
}

// Staff accounts ---------------------------------------------------------------------------

/** The administrator making a change, as the audit log names them. */
export interface StaffActor {
  id: number;
  email: string;
}
const actorOf = (a: StaffActor) => ({ id: a.id, label: a.email });

export const INVITATION_DAYS = 7;
const DAY_MS = 24 * 3600_000;

/** Only the SHA-256 of an invitation token is stored; the token itself is only in the email. */
export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A freshly issued invitation: what the email needs. The token is never stored or logged. */
export interface IssuedInvitation {
  userId: number;
  to: string;
  name: string;
  locale: Locale;
  token: string;
  expiresAt: string;
}

async function issueInvitation(
  trx: DB,
  user: Pick<UserRow, 'id' | 'email' | 'name' | 'locale'>,
  now: Date,
): Promise<IssuedInvitation> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY_MS).toISOString();
  await repo.expireOpenInvitations(trx, user.id, now.toISOString());
  await repo.insertInvitation(trx, {
    user_id: user.id,
    token_hash: hashInvitationToken(token),
    created_at: now.toISOString(),
    expires_at: expiresAt,
    used_at: null,
  });
  return { userId: user.id, to: user.email, name: user.name, locale: user.locale, token, expiresAt };
}

/** Sends the invitation email; the link is the only place the token appears. */
export async function sendInvitation(
  mailer: Mailer,
  baseUrl: string,
  inv: IssuedInvitation,
  inviterName: string,
): Promise<void> {
  await mailer.send({
    to: inv.to,
    locale: inv.locale,
    template: 'accounts/invitation',
    data: { name: inv.name, link: `${baseUrl}/invitations/${inv.token}`, inviterName, expiresAt: inv.expiresAt },
  });
}

/** The stored shape of the form's fields: a unit only for a unit officer, watched units only for a supervisor. */
function normalise(form: AccountFields) {
  return {
    name: form.name,
    email: form.email,
    role: form.role,
    unit_id: form.role === 'unit_officer' ? form.unit_id : null,
    locale: form.locale,
    watched: form.role === 'supervisor' ? [...new Set(form.watched)].sort((a, b) => a - b) : [],
  };
}

async function checkFields(trx: DB, f: ReturnType<typeof normalise>, exceptUserId?: number): Promise<Result<true>> {
  const errors: Record<string, { key: string }> = {};
  if (f.role === 'unit_officer' && f.unit_id === null) errors.unit_id = { key: 'accounts.errors.unitRequired' };
  if (await repo.emailTaken(trx, f.email, exceptUserId)) errors.email = { key: 'accounts.errors.emailTaken' };
  if (f.unit_id !== null || f.watched.length > 0) {
    const known = new Set((await units.listUnits(trx)).map((u) => u.id));
    if (f.unit_id !== null && !known.has(f.unit_id)) errors.unit_id = { key: 'accounts.errors.unknownUnit' };
    if (f.watched.some((id) => !known.has(id))) errors.watched = { key: 'accounts.errors.unknownUnit' };
  }
  return Object.keys(errors).length > 0 ? invalid(errors) : ok(true);
}

export const listAccounts = (db: DB) => repo.listAccounts(db);

export interface AccountForEdit {
  user: UserRow;
  watched: number[];
  invitation: Awaited<ReturnType<typeof repo.latestInvitation>> | null;
}

/** An account with what its edit page shows, or not_found. */
export async function accountForEdit(db: DB, id: number): Promise<Result<AccountForEdit>> {
  const user = await repo.findUserById(db, id);
  if (!user) return notFound();
  const [watched, invitation] = await Promise.all([repo.watchedUnitIds(db, id), repo.latestInvitation(db, id)]);
  return ok({ user, watched, invitation: invitation ?? null });
}

/** An administrator adds a staff account, with a password set now or an invitation to email. */
export async function createAccount(
  db: DB,
  clock: Clock,
  admin: StaffActor,
  form: NewAccountForm,
): Promise<Result<{ userId: number; invitation: IssuedInvitation | null }>> {
  const f = normalise(form);
  const passwordHash = form.access === 'password' && form.password ? await hashPassword(form.password) : null;
  return writeTransaction(db, async (trx) => {
    const check = await checkFields(trx, f);
    if (!check.ok) return check;
    const now = clock.now();
    const userId = await repo.insertUser(trx, {
      email: f.email,
      name: f.name,
      role: f.role,
      unit_id: f.unit_id,
      locale: f.locale,
      password_hash: passwordHash,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      last_login_at: null,
    });
    await repo.replaceWatchedUnits(trx, userId, f.watched);
    const invitation =
      form.access === 'invite'
        ? await issueInvitation(trx, { id: userId, email: f.email, name: f.name, locale: f.locale }, now)
        : null;
    await audit.record(trx, actorOf(admin), now, {
      action: 'account.created',
      entityType: 'user',
      entityId: userId,
      to: f.role,
      data: {
        name: f.name,
        email: f.email,
        unit_id: f.unit_id,
        watched: f.watched,
        locale: f.locale,
        access: form.access,
        ...(invitation ? { invitation_expires_at: invitation.expiresAt } : {}),
      },
    });
    return ok({ userId, invitation });
  });
}

/**
 * An administrator changes an account. Deactivating ends the person's sessions and open
 * invitations. The last active administrator can neither lose the role nor be deactivated.
 */
export async function updateAccount(
  db: DB,
  clock: Clock,
  admin: StaffActor,
  userId: number,
  form: EditAccountForm,
): Promise<Result<{ userId: number }>> {
  const f = normalise(form);
  const active = form.status === 'active' ? 1 : 0;
  return writeTransaction(db, async (trx) => {
    const before = await repo.findUserById(trx, userId);
    if (!before) return notFound();
    const check = await checkFields(trx, f, userId);
    if (!check.ok) return check;

    const wasActiveAdmin = before.role === 'administrator' && before.active === 1;
    const staysActiveAdmin = f.role === 'administrator' && active === 1;
    if (wasActiveAdmin && !staysActiveAdmin && (await repo.countOtherActiveAdministrators(trx, userId)) === 0) {
      return f.role !== 'administrator'
        ? invalid({ role: { key: 'accounts.errors.lastAdminRole' } })
        : invalid({ status: { key: 'accounts.errors.lastAdminDeactivate' } });
    }

    const watchedBefore = await repo.watchedUnitIds(trx, userId);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of ['name', 'email', 'role', 'unit_id', 'locale'] as const)
      if (before[k] !== f[k]) changes[k] = { from: before[k], to: f[k] };
    const sortedBefore = [...watchedBefore].sort((a, b) => a - b);
    if (sortedBefore.join(',') !== f.watched.join(',')) changes.watched = { from: sortedBefore, to: f.watched };
    const deactivated = before.active === 1 && active === 0;
    const reactivated = before.active === 0 && active === 1;
    if (Object.keys(changes).length === 0 && !deactivated && !reactivated) return ok({ userId });

    const now = clock.now();
    await repo.updateUser(trx, userId, {
      name: f.name,
      email: f.email,
      role: f.role,
      unit_id: f.unit_id,
      locale: f.locale,
      active,
      updated_at: now.toISOString(),
    });
    if (changes.watched) await repo.replaceWatchedUnits(trx, userId, f.watched);
    if (deactivated) {
      await repo.deleteSessionsOfUser(trx, userId);
      await repo.expireOpenInvitations(trx, userId, now.toISOString());
    }
    const status = (a: number) => (a === 1 ? 'active' : 'inactive');
    await audit.record(trx, actorOf(admin), now, {
      action: deactivated ? 'account.deactivated' : 'account.updated',
      entityType: 'user',
      entityId: userId,
      from: deactivated || reactivated ? status(before.active) : changes.role ? before.role : null,
      to: deactivated || reactivated ? status(active) : changes.role ? f.role : null,
      data: { changes },
    });
    return ok({ userId });
  });
}

/**
 * Issues a fresh invitation to an existing account (earlier unused links stop working).
 * Conflict `inactive` for a deactivated account.
 */
export async function reinvite(
  db: DB,
  clock: Clock,
  admin: StaffActor,
  userId: number,
): Promise<Result<IssuedInvitation, 'inactive'>> {
  return writeTransaction(db, async (trx) => {
    const user = await repo.findUserById(trx, userId);
    if (!user) return notFound();
    if (user.active !== 1) return conflict('inactive');
    const now = clock.now();
    const invitation = await issueInvitation(trx, user, now);
    await audit.record(trx, actorOf(admin), now, {
      action: 'account.invited',
      entityType: 'user',
      entityId: userId,
      data: { invitation_expires_at: invitation.expiresAt },
    });
    return ok(invitation);
  });
}

/** Why an invitation link that names a real invitation no longer works. */
export type InvitationSpent = 'used' | 'expired';

/** The invitation, or not_found (unknown, or its account deactivated), or conflict used / expired. */
function judgeInvitation(
  found: repo.InvitationWithUser | undefined,
  now: Date,
): Result<repo.InvitationWithUser, InvitationSpent> {
  if (!found || found.active !== 1) return notFound();
  if (found.usedAt !== null) return conflict('used');
  if (found.expiresAt <= now.toISOString()) return conflict('expired');
  return ok(found);
}

/** Whether an invitation link still works. */
export async function checkInvitation(
  db: DB,
  clock: Clock,
  token: string,
): Promise<Result<repo.InvitationWithUser, InvitationSpent>> {
  return judgeInvitation(await repo.findInvitationByHash(db, hashInvitationToken(token)), clock.now());
}

/**
 * The invited person sets a password: the invitation is used up, the password stored, and any
 * earlier sessions of the account ended, in one transaction.
 */
export async function acceptInvitation(
  db: DB,
  clock: Clock,
  token: string,
  password: string,
): Promise<Result<{ userId: number }, InvitationSpent>> {
  const first = await checkInvitation(db, clock, token);
  if (!first.ok) return first;
  const passwordHash = await hashPassword(password);
  return writeTransaction(db, async (trx) => {
    const now = clock.now();
    const check = judgeInvitation(await repo.findInvitationByHash(trx, hashInvitationToken(token)), now);
    if (!check.ok) return check;
    const inv = check.value;
    if (!(await repo.useInvitation(trx, inv.id, now.toISOString()))) return conflict('used');
    await repo.setPasswordHash(trx, inv.userId, passwordHash, now.toISOString());
    await repo.deleteSessionsOfUser(trx, inv.userId);
    await audit.record(trx, { id: inv.userId, label: inv.email }, now, {
      action: 'account.invitation_accepted',
      entityType: 'user',
      entityId: inv.userId,
    });
    await signedIn(trx, { id: inv.userId, email: inv.email }, now);
    return ok({ userId: inv.userId });
  });
}
