// The SQL the backup check runs on the copy it made.
import { sql } from 'kysely';
import type { DB } from '../db/database.js';

/** SQLite's own check of every page and index: ['ok'] when the file is sound. */
export async function integrityCheck(db: DB): Promise<string[]> {
  const { rows } = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
  return rows.map((r) => r.integrity_check);
}

/** The files the copy's attachment rows name, with the hash of what was kept. */
export async function attachmentFiles(db: DB): Promise<Array<{ storage_key: string; sha256: string }>> {
  return db.selectFrom('attachments').select(['storage_key', 'sha256']).orderBy('id').execute();
}

export async function countOpinions(db: DB): Promise<number> {
  const { n } = await db
    .selectFrom('opinions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
