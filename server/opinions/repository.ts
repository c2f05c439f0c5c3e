// All SQL about opinions and their public history.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { OpinionEventRow, OpinionRow, OpinionsTable } from './tables.js';
import type { Insertable } from 'kysely';

type Db = Kysely<Database>;

export async function findBySubmissionKey(db: Db, key: string): Promise<OpinionRow | undefined> {
  return db.selectFrom('opinions').selectAll().where('submission_key', '=', key).executeTakeFirst();
}

export async function findByTrackingCode(db: Db, code: string): Promise<OpinionRow | undefined> {
  return db.selectFrom('opinions').selectAll().where('tracking_code', '=', code).executeTakeFirst();
}

export async function findById(db: Db, id: number): Promise<OpinionRow | undefined> {
  return db.selectFrom('opinions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function trackingCodeExists(db: Db, code: string): Promise<boolean> {
  const row = await db.selectFrom('opinions').select('id').where('tracking_code', '=', code).executeTakeFirst();
  return row !== undefined;
}

export async function insertOpinion(db: Db, row: Insertable<OpinionsTable>): Promise<number> {
  const r = await db.insertInto('opinions').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertEvent(db: Db, row: Omit<OpinionEventRow, 'id'>): Promise<void> {
  await db.insertInto('opinion_events').values(row).execute();
}

export async function eventsOf(db: Db, opinionId: number): Promise<OpinionEventRow[]> {
  return db.selectFrom('opinion_events').selectAll().where('opinion_id', '=', opinionId).orderBy('at').orderBy('id').execute();
}
