// Frozen: bulk import of opinions from CSV, as it was when written. Imports nothing from server/.
// An upload is parsed and kept as a preview; importing it is all or nothing. An opinion's
// external reference (a hotline system's call number, a slip number) is unique per campaign and
// channel, so a second import of the same file adds nothing.
import { sql, type Kysely } from 'kysely';
import { serialKey } from './dialect.js';

const CHANNELS = [
  'leadership',
  'peer_review',
  'self_check',
  'visit',
  'questionnaire',
  'petition',
  'suggestion_box',
  'hotline',
  'supervisor',
  'enforcement',
];
const IMPORT_STATES = ['previewed', 'imported', 'discarded'];

const inList = (column: string, values: string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(inList('channel', CHANNELS)))
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('previewed').check(inList('state', IMPORT_STATES)))
    // The parsed rows, as JSON, between the preview and the import.
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('imported_count', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text')
    .execute();

  await db.schema.alterTable('opinions').addColumn('external_ref', 'text').execute();
  await db.schema
    .alterTable('opinions')
    .addColumn('import_id', 'integer', (c) => c.references('imports.id'))
    .execute();
  await db.schema
    .createIndex('opinions_external_ref_idx')
    .unique()
    .on('opinions')
    .columns(['campaign_id', 'channel', 'external_ref'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('opinions_external_ref_idx').execute();
  await db.schema.alterTable('opinions').dropColumn('import_id').execute();
  await db.schema.alterTable('opinions').dropColumn('external_ref').execute();
  await db.schema.dropTable('imports').execute();
}
