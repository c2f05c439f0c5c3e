// All SQL about redaction: an opinion's text before it was first redacted, and the text after.
import type { Kysely } from 'kysely';
import type { OpinionOriginalRow } from '../attachments/tables.js';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

export async function findOriginal(db: Db, opinionId: number): Promise<OpinionOriginalRow | undefined> {
  return db.selectFrom('opinion_originals').selectAll().where('opinion_id', '=', opinionId).executeTakeFirst();
}

export interface OriginalWithRedactor extends OpinionOriginalRow {
  redactor_name: string | null;
  redactor_email: string | null;
}

export async function findOriginalWithRedactor(db: Db, opinionId: number): Promise<OriginalWithRedactor | undefined> {
  return db
    .selectFrom('opinion_originals')
    .leftJoin('users', 'users.id', 'opinion_originals.redacted_by')
    .selectAll('opinion_originals')
    .select(['users.name as redactor_name', 'users.email as redactor_email'])
    .where('opinion_originals.opinion_id', '=', opinionId)
    .executeTakeFirst();
}

/** Keeps the text as it was before the first redaction; a later one leaves it as it is. */
export async function keepOriginal(db: Db, row: OpinionOriginalRow): Promise<void> {
  await db
    .insertInto('opinion_originals')
    .values(row)
    .onConflict((oc) => oc.column('opinion_id').doNothing())
    .execute();
}

/** The opinion's text after a redaction (its full-text index follows by trigger). */
export async function setOpinionBody(db: Db, opinionId: number, body: string): Promise<void> {
  await db.updateTable('opinions').set({ body }).where('id', '=', opinionId).execute();
}
