// SQLite only: the settings its durability depends on (on PostgreSQL the server's own).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import SQLite from '../../server/db/sqlite.js';
import { assertSqliteSettings, createDb, DatabaseSettingsError } from '../../server/db/database.js';

describe('database settings', () => {
  it('are WAL, synchronous FULL, foreign keys on and a busy timeout', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-pragma-'));
    const db = createDb(path.join(dir, 'db.sqlite'));
    const read = async (p: string) => Object.values((await sql.raw(`pragma ${p}`).execute(db)).rows[0] as object)[0];
    expect(String(await read('journal_mode')).toLowerCase()).toBe('wal');
    expect(Number(await read('synchronous'))).toBe(2);
    expect(Number(await read('foreign_keys'))).toBe(1);
    expect(Number(await read('busy_timeout'))).toBeGreaterThan(0);
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the portal refuses a database where they are not in force', () => {
    const sqlite = new SQLite(':memory:'); // an in-memory database cannot use WAL
    expect(() => assertSqliteSettings(sqlite)).toThrow(DatabaseSettingsError);
  });
});
