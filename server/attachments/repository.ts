// All SQL about attachments.
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AttachmentRow, AttachmentsTable } from './tables.js';

type Db = Kysely<Database>;

export async function insertAttachment(db: Db, row: Insertable<AttachmentsTable>): Promise<number> {
  const r = await db.insertInto('attachments').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function findAttachment(db: Db, id: number): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ListedAttachmentRow extends AttachmentRow {
  uploader_name: string | null;
  uploader_email: string | null;
}

/** An opinion's attachments, oldest first, with who added them. */
export async function attachmentsOf(db: Db, opinionId: number): Promise<ListedAttachmentRow[]> {
  return db
    .selectFrom('attachments')
    .leftJoin('users', 'users.id', 'attachments.uploaded_by')
    .selectAll('attachments')
    .select(['users.name as uploader_name', 'users.email as uploader_email'])
    .where('attachments.opinion_id', '=', opinionId)
    .orderBy('attachments.created_at')
    .orderBy('attachments.id')
    .execute();
}
