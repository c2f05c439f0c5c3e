// The same migrations build the same schema on SQLite and PostgreSQL: every table and column
// the portal uses is on both (SQLite's full-text tables are its own way of indexing; PostgreSQL
// indexes the same text with pg_trgm).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, migrateToLatest } from '../../server/db/database.js';
import { createTestDatabase } from '../helpers/postgres.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function shape(db: Kysely<any>, primaryKeys: Set<string>) {
  const tables = await db.introspection.getTables();
  return Object.fromEntries(
    tables
      .filter((t) => !/_fts(_|$)/.test(t.name))
      // SQLite reports a primary key column as nullable, though it never holds null there either.
      .map((t) => [
        t.name,
        t.columns.map((c) => `${c.name}${c.isNullable && !primaryKeys.has(`${t.name}.${c.name}`) ? '?' : ''}`).sort(),
      ])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}

describe('one list of migrations, two databases', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-schema-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the same tables with the same columns, nullable alike', async () => {
    const sqlite = createDb(path.join(dir, 'db.sqlite'));
    const database = await createTestDatabase({ empty: true });
    const postgres = createDb(database.url);
    try {
      await migrateToLatest(sqlite);
      await migrateToLatest(postgres);
      const { rows } = await sql<{ name: string }>`
        select k.table_name || '.' || k.column_name as name
        from information_schema.table_constraints c
        join information_schema.key_column_usage k on k.constraint_name = c.constraint_name and k.table_schema = c.table_schema
        where c.constraint_type = 'PRIMARY KEY' and c.table_schema = 'public'`.execute(postgres);
      const primaryKeys = new Set(rows.map((r) => r.name));
      expect(primaryKeys).toContain('opinions.id');
      const [a, b] = [await shape(sqlite, primaryKeys), await shape(postgres, primaryKeys)];
      expect(Object.keys(a)).toContain('opinions');
      expect(b).toEqual(a);
    } finally {
      await sqlite.destroy();
      await postgres.destroy();
      await database.drop();
    }
  });
});
