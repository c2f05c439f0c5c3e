// Account use-cases. Each runs in one transaction and writes its audit entry there.
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { DB } from '../db/database.js';
import * as audit from '../audit/service.js';
import { invalid, ok, type Result } from '../shared/result.js';
import { hashPassword, verifyPassword } from './password.js';
import * as repo from './repository.js';
import type { SetupForm } from './schemas.js';
import type { UserRow } from './tables.js';

export const LOGIN_FAILURE_LIMIT = 5;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given.trim().toUpperCase().replace(/[\s-]/g, ''));
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The first-run page: creates the first administrator, once, for whoever holds the set-up code. */
export async function createFirstAdministrator(
  db: DB,
  clock: Clock,
  setupCode: string,
  form: SetupForm,
): Promise<Result<{ userId: number }>> {
  if (!sameCode(form.setup_code, setupCode)) return invalid({ setup_code: { key: 'accounts.setup.wrongCode' } });
  const passwordHash = await hashPassword(form.password);
  return db.transaction().execute(async (trx) => {
    if (await repo.administratorExists(trx)) return invalid({ _form: { key: 'accounts.setup.alreadyDone' } });
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
      reason: 'first administrator, created on the first-run page',
    });
    return ok({ userId });
  });
}

export type LoginOutcome = { ok: true; user: UserRow } | { ok: false; reason: 'invalid' | 'locked' };

/**
 * Checks a password. Failures are counted per account in the database, so the limit holds
 * whichever address the attempts come from; the per-address limit is the route's rate limit.
 */
export async function authenticate(db: DB, clock: Clock, emailInput: string, password: string): Promise<LoginOutcome> {
  const account = emailInput.trim().toLowerCase();
  const now = clock.now();
  const since = new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS).toISOString();
  if ((await repo.countLoginFailures(db, account, since)) >= LOGIN_FAILURE_LIMIT) return { ok: false, reason: 'locked' };

  const user = await repo.findUserByEmail(db, account);
  const valid = await verifyPassword(password, user?.active ? user.password_hash : null);
  if (!user || !valid) {
    await repo.insertLoginFailure(db, account, now.toISOString());
    return { ok: false, reason: 'invalid' };
  }
  await db.transaction().execute(async (trx) => {
    await repo.clearLoginFailures(trx, account);
    await repo.touchLastLogin(trx, user.id, now.toISOString());
    await audit.record(trx, { id: user.id, label: user.email }, now, {
      action: 'account.signed_in',
      entityType: 'user',
      entityId: user.id,
    });
  });
  return { ok: true, user };
}
