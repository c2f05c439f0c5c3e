// Opens the database the portal runs on. SQLite (better-sqlite3) is the embedded default;
// a postgres:// URL switches to PostgreSQL (node-postgres pool), which several portal processes
// can share. The same migrations run on both.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import SQLite, { type SqliteConnection } from './sqlite.js';
import { FairSqliteDialect } from './fair-sqlite.js';
import { Kysely, Migrator, PostgresDialect, type MigrationProvider } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Database } from './schema.js';

export type DB = Kysely<Database>;

export class DatabaseSettingsError extends Error {}

const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating if need be) the SQLite file and checks the settings the portal depends on. */
export function openSqlite(file: string): SqliteConnection {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  assertSqliteSettings(sqlite);
  return sqlite;
}

/** Durability and integrity depend on these; refuse to run without them. */
export function assertSqliteSettings(sqlite: SqliteConnection): void {
  const read = (name: string) => sqlite.pragma(name, { simple: true });
  const problems: string[] = [];
  if (String(read('journal_mode')).toLowerCase() !== 'wal') problems.push('journal_mode is not WAL');
  if (Number(read('synchronous')) !== 2) problems.push('synchronous is not FULL');
  if (Number(read('foreign_keys')) !== 1) problems.push('foreign_keys is not ON');
  if (Number(read('timeout')) < 1) problems.push('busy_timeout is not set');
  if (problems.length > 0) {
    sqlite.close();
    throw new DatabaseSettingsError(`The database cannot be used safely: ${problems.join('; ')}`);
  }
}

export const isPostgresUrl = (databaseUrl: string): boolean => /^postgres(ql)?:\/\//.test(databaseUrl);

// Counts and sums come back from PostgreSQL as int8 and numeric, which node-postgres gives as
// strings (they can exceed 2^53). The portal's counts never do; read them as numbers, as SQLite does.
const INT8 = 20;
const NUMERIC = 1700;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A pool per process; PostgreSQL's own locks and the portal's conditional updates keep processes apart. */
export function createPostgresPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, types: pgTypes });
  // An idle connection the server dropped (a restart, a failover) is discarded by the pool and the
  // next query opens a new one; without a listener node-postgres would end the process instead.
  pool.on('error', () => undefined);
  return pool;
}

export function createDb(databaseUrl: string): DB {
  if (isPostgresUrl(databaseUrl)) {
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPostgresPool(databaseUrl) }) });
  }
  const file = databaseUrl.replace(/^(sqlite|file):/, '');
  return new Kysely<Database>({ dialect: new FairSqliteDialect({ database: openSqlite(file) }) });
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

// Migrations are typed Kysely<any> (they are frozen in time), so the migrator is too.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider });
}

/** Brings the schema up to date; throws with the failing migration's name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}
