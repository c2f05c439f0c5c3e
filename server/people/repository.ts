// All SQL of the register of representatives and image supervisors.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PeopleTable } from '../evaluations/tables.js';

type Db = Kysely<Database>;
export type PersonRow = Selectable<PeopleTable>;

export async function listPeople(db: Db): Promise<Array<PersonRow & { account_email: string | null }>> {
  return db
    .selectFrom('people')
    .leftJoin('users', 'users.id', 'people.user_id')
    .selectAll('people')
    .select('users.email as account_email')
    .orderBy('people.active', 'desc')
    .orderBy('people.affiliation')
    .orderBy('people.name')
    .execute();
}

export async function findPerson(db: Db, id: number): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPerson(db: Db, row: Insertable<PeopleTable>): Promise<number> {
  const r = await db.insertInto('people').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updatePerson(db: Db, id: number, changes: Updateable<PeopleTable>): Promise<void> {
  await db.updateTable('people').set(changes).where('id', '=', id).execute();
}

export async function unitsOf(db: Db, personId: number): Promise<number[]> {
  return (
    await db.selectFrom('person_units').select('unit_id').where('person_id', '=', personId).orderBy('unit_id').execute()
  ).map((r) => r.unit_id);
}

export async function replaceUnits(db: Db, personId: number, unitIds: readonly number[]): Promise<void> {
  await db.deleteFrom('person_units').where('person_id', '=', personId).execute();
  if (unitIds.length > 0)
    await db
      .insertInto('person_units')
      .values(unitIds.map((unit_id) => ({ person_id: personId, unit_id })))
      .execute();
}

/** Supervisor accounts not yet tied to someone else in the register. */
export async function freeSupervisorAccounts(
  db: Db,
  exceptPersonId: number | null,
): Promise<Array<{ id: number; name: string; email: string }>> {
  const taken = db
    .selectFrom('people')
    .select('user_id')
    .where('user_id', 'is not', null)
    .where('id', '<>', exceptPersonId ?? 0);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('role', '=', 'supervisor')
    .where('active', '=', 1)
    .where('id', 'not in', taken)
    .orderBy('name')
    .execute();
}

/** The names of the units each person watches, for the register's list. */
export async function watchedUnitNames(db: Db): Promise<Map<number, string[]>> {
  const rows = await db
    .selectFrom('person_units')
    .innerJoin('units', 'units.id', 'person_units.unit_id')
    .select(['person_units.person_id as person_id', 'units.name as name'])
    .orderBy('units.name')
    .execute();
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.person_id, [...(out.get(r.person_id) ?? []), r.name]);
  return out;
}
