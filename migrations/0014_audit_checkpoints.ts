// Frozen: the audit chain's signed checkpoints, as they were when written. Imports nothing from
// server/. One a day (portal time): the chain's newest entry then, signed with a key the
// database does not hold. Copies the public keeps are what count; these are the portal's own.
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
  await refuse(db, 'audit_checkpoints_no_update', { event: 'update', on: 'audit_checkpoints', message: 'audit_checkpoints is append-only' });
  await refuse(db, 'audit_checkpoints_no_delete', { event: 'delete', on: 'audit_checkpoints', message: 'audit_checkpoints is append-only' });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_checkpoints').execute();
}
