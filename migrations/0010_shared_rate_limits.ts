// Frozen: rate-limit counters kept in the database, as they were when written. Imports nothing
// from server/. Several portal processes on one PostgreSQL must count one client's requests
// together, or each process would allow the limit again. (On SQLite the portal is one process
// and counts in memory; the table is there but unused.)
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    // Milliseconds since 1970: past 2^31, so bigint on PostgreSQL.
    .addColumn('window_ends', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_hits_window_idx').on('rate_limit_hits').column('window_ends').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_hits').execute();
}
