// All SQL about units and their contact addresses.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { UnitContactRow, UnitRow } from './tables.js';

type Db = Kysely<Database>;

export async function listUnits(db: Db): Promise<UnitRow[]> {
  return db.selectFrom('units').selectAll().orderBy('name').execute();
}

export async function findUnit(db: Db, id: number): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function contactsOf(db: Db, unitId: number): Promise<UnitContactRow[]> {
  return db.selectFrom('unit_contacts').selectAll().where('unit_id', '=', unitId).orderBy('id').execute();
}
