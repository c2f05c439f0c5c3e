// Frozen, as it was when written. Imports nothing from server/.
// - The audit chain's signed checkpoints: one a day (portal time), the chain's newest entry then,
//   signed with a key the database does not hold. Copies the public keeps are what count; these
//   are the portal's own.
// - The address a failed sign-in came from, so failures count per account and address (a lock
//   for that pair) as well as per account (a slowdown), and no one can lock a person out.
// - A conduct rule in both languages: title_en/description_en and title_zh/description_zh, any of
//   them empty; title/description stay, as the rule was first written (rules from before have
//   only those).
import type { Kysely } from 'kysely';
import { refuse, serialKey } from './dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('day', 'text', (c) => c.notNull().unique())
    .addColumn('entry_id', 'integer', (c) => c.notNull())
    .addColumn('entry_hash', 'text', (c) => c.notNull())
    .addColumn('entry_at', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  await refuse(db, 'audit_checkpoints_no_update', {
    event: 'update',
    on: 'audit_checkpoints',
    message: 'audit_checkpoints is append-only',
  });
  await refuse(db, 'audit_checkpoints_no_delete', {
    event: 'delete',
    on: 'audit_checkpoints',
    message: 'audit_checkpoints is append-only',
  });

  await db.schema.alterTable('login_failures').addColumn('address', 'text').execute();
  await db.schema
    .createIndex('login_failures_account_address_idx')
    .on('login_failures')
    .columns(['account', 'address', 'at'])
    .execute();

  for (const column of ['title_en', 'description_en', 'title_zh', 'description_zh']) {
    await db.schema.alterTable('conduct_rules').addColumn(column, 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['title_en', 'description_en', 'title_zh', 'description_zh']) {
    await db.schema.alterTable('conduct_rules').dropColumn(column).execute();
  }
  await db.schema.dropIndex('login_failures_account_address_idx').execute();
  await db.schema.alterTable('login_failures').dropColumn('address').execute();
  await db.schema.dropTable('audit_checkpoints').execute();
}
