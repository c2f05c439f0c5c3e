// Frozen: attachments and redaction, as they were when written. Imports nothing from server/.
// Attachment files live under the data folder, never under static/; this table says whose they
// are. A redacted opinion's original text is kept apart, for administrators only.
import { sql, type Kysely } from 'kysely';
import { serialKey } from './dialect.js';

const MEDIA_TYPES = ['image/jpeg', 'image/png', 'application/pdf'];

const inList = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('opinion_id', 'integer', (c) => c.notNull().references('opinions.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull().check(inList('media_type', MEDIA_TYPES)))
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_opinion_idx').on('attachments').column('opinion_id').execute();

  await db.schema
    .createTable('opinion_originals')
    .addColumn('opinion_id', 'integer', (c) => c.primaryKey().references('opinions.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('redacted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('redacted_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('opinion_originals').execute();
  await db.schema.dropTable('attachments').execute();
}
