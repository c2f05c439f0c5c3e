// All SQL about imports.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Channel } from '../opinions/channels.js';
import type { Database } from '../db/schema.js';
import type { ImportState } from './state.js';
import type { ImportRow, ImportsTable } from './tables.js';

type Db = Kysely<Database>;

/** How many values go into one `in (...)` list (SQLite allows thousands; this keeps queries small). */
const CHUNK = 500;

export async function insertImport(db: Db, row: Insertable<ImportsTable>): Promise<number> {
  const r = await db.insertInto('imports').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function findImport(db: Db, id: number): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Changes an import's state, from the state it was read in; false when it is no longer in that
 * state (someone else got there first), and then nothing changed.
 */
export async function updateState(
  db: Db,
  id: number,
  from: ImportState,
  changes: Updateable<ImportsTable> & { state: ImportState },
): Promise<boolean> {
  const r = await db
    .updateTable('imports')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ImportListRow {
  id: number;
  campaign_name: string;
  channel: Channel;
  filename: string;
  row_count: number;
  state: ImportRow['state'];
  imported_count: number | null;
  created_at: string;
  uploader_name: string;
}

/** The latest imports, newest first; only one person's when `uploadedBy` is given. */
export async function listImports(db: Db, uploadedBy: number | null, limit: number): Promise<ImportListRow[]> {
  let q = db
    .selectFrom('imports')
    .innerJoin('campaigns', 'campaigns.id', 'imports.campaign_id')
    .innerJoin('users', 'users.id', 'imports.uploaded_by')
    .select([
      'imports.id as id',
      'campaigns.name as campaign_name',
      'imports.channel as channel',
      'imports.filename as filename',
      'imports.row_count as row_count',
      'imports.state as state',
      'imports.imported_count as imported_count',
      'imports.created_at as created_at',
      'users.name as uploader_name',
    ]);
  if (uploadedBy !== null) q = q.where('imports.uploaded_by', '=', uploadedBy);
  return q.orderBy('imports.id', 'desc').limit(limit).execute();
}

/** Which of these references the campaign already has for the channel. */
export async function existingRefs(
  db: Db,
  campaignId: number,
  channel: Channel,
  refs: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Set(refs)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('opinions')
      .select('external_ref')
      .where('campaign_id', '=', campaignId)
      .where('channel', '=', channel)
      .where('external_ref', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) if (r.external_ref !== null) found.add(r.external_ref);
  }
  return found;
}

export async function uploaderName(db: Db, userId: number): Promise<string | null> {
  const r = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return r?.name ?? null;
}
