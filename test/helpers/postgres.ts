// The PostgreSQL run of the suite: with PORTAL_TEST_POSTGRES set (a URL of a server the tests
// may create databases on, as `scripts/postgres-start` prints), every test app gets a database of
// its own, copied from the run's migrated template (test/helpers/global-setup.ts), and dropped after.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export const POSTGRES_ADMIN_URL = process.env.PORTAL_TEST_POSTGRES || undefined;
export const onPostgres = POSTGRES_ADMIN_URL !== undefined;
// Set by scripts/test-postgres.sh for the server it starts and removes after the run: each DROP
// DATABASE waits for a checkpoint (about a quarter of the PostgreSQL run), and the whole cluster
// goes anyway. On a server someone gave us, every test's database is dropped after it.
const THROWAWAY_SERVER = process.env.PORTAL_TEST_POSTGRES_THROWAWAY === '1';

export function databaseUrl(database: string): string {
  const url = new URL(POSTGRES_ADMIN_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A new database: a copy of the migrated template, or empty (`template0`) for the migration tests. */
export async function createTestDatabase(
  o: { empty?: boolean } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `portal_t_${randomBytes(6).toString('hex')}`;
  const create = `create database ${name} template ${o.empty ? 'template0' : inject('postgresTemplate')}`;
  // Copying the files is several times quicker than PostgreSQL 15's default of logging every page
  // (measured here: 64 against 352 ms); servers before 15 know only the file copy, and no STRATEGY.
  await adminQuery(`${create} strategy file_copy`).catch(() => adminQuery(create));
  const drop = () =>
    THROWAWAY_SERVER ? Promise.resolve() : adminQuery(`drop database if exists ${name} with (force)`);
  return { url: databaseUrl(name), drop };
}
