// All SQL about units and their contact addresses.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { NewUnitRow, UnitContactRow, UnitRow, UnitUpdate } from './tables.js';

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

/** Every unit's contact addresses, for the tree page. */
export async function listContacts(db: Db): Promise<UnitContactRow[]> {
  return db.selectFrom('unit_contacts').selectAll().orderBy('unit_id').orderBy('id').execute();
}

export async function insertUnit(db: Db, row: NewUnitRow): Promise<number> {
  const r = await db.insertInto('units').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateUnit(db: Db, id: number, changes: UnitUpdate): Promise<void> {
  await db.updateTable('units').set(changes).where('id', '=', id).execute();
}

export interface ContactValues {
  email: string;
  name: string | null;
  locale: UnitContactRow['locale'];
}

export async function insertContact(db: Db, unitId: number, c: ContactValues): Promise<number> {
  const r = await db
    .insertInto('unit_contacts')
    .values({ unit_id: unitId, email: c.email, name: c.name, locale: c.locale })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateContact(db: Db, unitId: number, contactId: number, c: ContactValues): Promise<void> {
  await db
    .updateTable('unit_contacts')
    .set({ email: c.email, name: c.name, locale: c.locale })
    .where('id', '=', contactId)
    .where('unit_id', '=', unitId)
    .execute();
}

export async function deleteContacts(db: Db, unitId: number, contactIds: number[]): Promise<void> {
  if (contactIds.length === 0) return;
  await db.deleteFrom('unit_contacts').where('unit_id', '=', unitId).where('id', 'in', contactIds).execute();
}
