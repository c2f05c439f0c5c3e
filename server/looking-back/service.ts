// Looking back: months after a rectification passed, a coordinator checks that its measures are
// still in force. Holding confirms it; a relapse reopens it as the next round, to be judged again.
// Both go on the public timeline (through the rectification's one state writer, moveTo).
import type { ProblemScope } from '../accounts/permissions.js';
import * as audit from '../audit/service.js';
import type { DB } from '../db/database.js';
import { localDay } from '../i18n/format.js';
import * as rectifications from '../rectifications/repository.js';
import { moveTo } from '../rectifications/service.js';
import { conflict, notFound, ok, type Result } from '../shared/result.js';
import * as repo from './repository.js';
import { writeTransaction } from '../db/transaction.js';

/** Why a check refuses: its finding is recorded already, or the rectification is no longer passed (or confirmed). */
export type CheckConflict = 'recorded' | 'not_passed';

/** How long after passing a check falls due, unless a coordinator moves it. */
export const LOOK_BACK_MONTHS = 6;

/** The same day `months` later (the last day of the month when it has no such day). */
export function monthsAfter(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Called in the transaction that passes a rectification. */
export async function scheduleCheck(
  trx: DB,
  actor: audit.Actor,
  now: Date,
  timeZone: string,
  rectificationId: number,
): Promise<void> {
  const due = monthsAfter(localDay(now, timeZone), LOOK_BACK_MONTHS);
  const id = await repo.insertCheck(trx, rectificationId, due, now.toISOString());
  await audit.record(trx, actor, now, {
    action: 'looking_back.scheduled',
    entityType: 'looking_back_check',
    entityId: id,
    data: { rectification_id: rectificationId, due_on: due },
  });
}

export async function moveDue(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  dueOn: string,
): Promise<Result<{ id: number }, CheckConflict>> {
  return writeTransaction(db, async (trx) => {
    const check = await repo.findCheck(trx, id);
    if (!check) return notFound();
    if (check.finding !== null) return conflict('recorded');
    await repo.setDue(trx, id, dueOn);
    await audit.record(trx, actor, now, {
      action: 'looking_back.rescheduled',
      entityType: 'looking_back_check',
      entityId: id,
      data: { from: check.due_on, to: dueOn },
    });
    return ok({ id });
  });
}

export async function recordFinding(
  db: DB,
  actor: audit.Actor,
  now: Date,
  id: number,
  finding: 'holding' | 'relapsed',
  note: string,
): Promise<Result<{ rectificationId: number }, CheckConflict>> {
  return writeTransaction(db, async (trx) => {
    const check = await repo.findCheck(trx, id);
    if (!check) return notFound();
    const r = await rectifications.findRectification(trx, check.rectification_id);
    if (!r || (r.state !== 'passed' && r.state !== 'confirmed')) return conflict('not_passed');
    if (!(await repo.recordFinding(trx, id, finding, note, actor.id, now.toISOString()))) return conflict('recorded');
    const data = { looking_back_check: id, finding };
    if (finding === 'holding') {
      if (r.state === 'passed')
        await moveTo(trx, actor, now, r, {
          action: 'rectification.confirmed',
          to: 'confirmed',
          kind: 'state',
          note,
          data,
        });
    } else {
      const relapsed = await moveTo(trx, actor, now, r, {
        action: 'rectification.relapsed',
        to: 'relapsed',
        kind: 'state',
        note,
        data,
      });
      await moveTo(trx, actor, now, relapsed, {
        action: 'rectification.reopened',
        to: 'in_progress',
        kind: 'state',
        data,
      });
    }
    await audit.record(trx, actor, now, {
      action: 'looking_back.recorded',
      entityType: 'looking_back_check',
      entityId: id,
      to: finding,
      reason: note,
    });
    return ok({ rectificationId: r.id });
  });
}

export async function pending(db: DB, scope: ProblemScope) {
  return repo.pendingChecks(db, scope);
}

type PendingCheck = Awaited<ReturnType<typeof repo.pendingChecks>>[number];

/** One check still to be recorded, with its rectification's title and unit; not found otherwise (recorded, or no such check). */
export async function pendingCheck(db: DB, id: number): Promise<Result<PendingCheck>> {
  const check = (await repo.pendingChecks(db, { kind: 'all' }, id))[0];
  return check ? ok(check) : notFound();
}
