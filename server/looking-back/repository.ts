// All SQL of looking-back checks: scheduled when a rectification passes, due on a day, and
// recorded once with what was found.
import type { Kysely, Selectable } from 'kysely';
import type { ProblemScope } from '../accounts/permissions.js';
import type { Database } from '../db/schema.js';
import type { LookingBackChecksTable } from './tables.js';

type Db = Kysely<Database>;
export type CheckRow = Selectable<LookingBackChecksTable>;

export async function insertCheck(db: Db, rectificationId: number, dueOn: string, at: string): Promise<number> {
  const r = await db
    .insertInto('looking_back_checks')
    .values({
      rectification_id: rectificationId,
      due_on: dueOn,
      finding: null,
      note: null,
      checked_by: null,
      checked_at: null,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function findCheck(db: Db, id: number): Promise<CheckRow | undefined> {
  return db.selectFrom('looking_back_checks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setDue(db: Db, id: number, dueOn: string): Promise<void> {
  await db
    .updateTable('looking_back_checks')
    .set({ due_on: dueOn })
    .where('id', '=', id)
    .where('finding', 'is', null)
    .execute();
}

/** Records the finding, once: false if the check was already recorded. */
export async function recordFinding(
  db: Db,
  id: number,
  finding: 'holding' | 'relapsed',
  note: string,
  by: number | null,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('looking_back_checks')
    .set({ finding, note, checked_by: by, checked_at: at })
    .where('id', '=', id)
    .where('finding', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface PendingCheckRow extends CheckRow {
  problem_title: string;
  unit_name: string;
  unit_id: number;
}

/** Checks not yet recorded, soonest first, narrowed to the units the scope may read. */
export async function pendingChecks(db: Db, scope: ProblemScope, onlyId?: number): Promise<PendingCheckRow[]> {
  if (scope.kind === 'none' || (scope.kind === 'units' && scope.unitIds.length === 0)) return [];
  let q = db
    .selectFrom('looking_back_checks')
    .innerJoin('rectifications', 'rectifications.id', 'looking_back_checks.rectification_id')
    .innerJoin('problems', 'problems.id', 'rectifications.problem_id')
    .innerJoin('units', 'units.id', 'rectifications.unit_id')
    .selectAll('looking_back_checks')
    .select(['problems.title as problem_title', 'units.name as unit_name', 'rectifications.unit_id as unit_id'])
    .where('looking_back_checks.finding', 'is', null);
  if (scope.kind === 'units') q = q.where('rectifications.unit_id', 'in', [...scope.unitIds]);
  if (onlyId !== undefined) q = q.where('looking_back_checks.id', '=', onlyId);
  return q.orderBy('looking_back_checks.due_on').orderBy('looking_back_checks.id').execute();
}

export async function checksOf(db: Db, rectificationId: number): Promise<CheckRow[]> {
  return db
    .selectFrom('looking_back_checks')
    .selectAll()
    .where('rectification_id', '=', rectificationId)
    .orderBy('id')
    .execute();
}
