// The one way a use-case opens its transaction. On SQLite the portal holds one connection, so
// its transactions already run one at a time. On PostgreSQL several processes, each with a pool,
// write at once; every writing transaction first takes one transaction-scoped advisory lock, so
// they still run one at a time across all processes. That keeps what SQLite gave for free: the
// audit chain appends in order (each entry hashes the one before), and a use-case that checks
// and then writes (a repeated submission key, a code used once) sees the writes before it.
// Reads outside transactions do not wait.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { dialectOf } from './dialect.js';

/** Any 64-bit number no other application on the same server uses; this one is "portal" in ASCII. */
const WRITE_LOCK = 0x706f7274616cn;

export async function writeTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (dialectOf(db) === 'postgres')
      await sql`select pg_advisory_xact_lock(${String(WRITE_LOCK)}::bigint)`.execute(trx);
    return fn(trx);
  });
}
