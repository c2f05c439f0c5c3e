import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AuditContent, ChainEntry } from './chain.js';
import type { AuditCheckpointRow, AuditCheckpointTable } from './tables.js';

type Db = Kysely<Database>;

export async function lastHash(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.hash;
}

export async function insertEntry(db: Db, entry: AuditContent & { prev_hash: string; hash: string }): Promise<number> {
  const row = await db.insertInto('audit_log').values(entry).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Entries in chain order, a page at a time, so a long log never sits in memory at once. */
export async function* allEntries(db: Db, pageSize = 5000): AsyncGenerator<ChainEntry> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const r of rows) yield r;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  limit: number;
  offset: number;
}

/** Entries newest first, each with the name of the staff member who acted (`actor_name`), so pages show people by name. */
export async function listEntries(db: Db, f: AuditFilter) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .selectAll('audit_log')
    .select('users.name as actor_name');
  if (f.entityType) q = q.where('audit_log.entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('audit_log.entity_id', '=', f.entityId);
  return q.orderBy('audit_log.id', 'desc').limit(f.limit).offset(f.offset).execute();
}

export async function countEntries(db: Db, f: Omit<AuditFilter, 'limit' | 'offset'>): Promise<number> {
  let q = db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The chain's newest entry, if any. */
export async function headEntry(db: Db) {
  return db.selectFrom('audit_log').select(['id', 'hash', 'at']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Keeps the day's checkpoint unless the day has one already (two processes may both try). */
export async function insertCheckpoint(db: Db, row: Insertable<AuditCheckpointTable>): Promise<void> {
  await db
    .insertInto('audit_checkpoints')
    .values(row)
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
}

export async function checkpointOfDay(db: Db, day: string): Promise<AuditCheckpointRow | undefined> {
  return db.selectFrom('audit_checkpoints').selectAll().where('day', '=', day).executeTakeFirst();
}

/** The newest checkpoints first; all of them without a limit. */
export async function listCheckpoints(db: Db, limit?: number): Promise<AuditCheckpointRow[]> {
  let q = db.selectFrom('audit_checkpoints').selectAll().orderBy('day', 'desc');
  if (limit !== undefined) q = q.limit(limit);
  return q.execute();
}
