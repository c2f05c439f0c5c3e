import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import SQLite from '../../server/db/sqlite.js';
import { migrations } from '../../migrations/index.js';
import { assertSqliteSettings, createDb, DatabaseSettingsError, migrateToLatest, migrator, type DB } from '../../server/db/database.js';

const tables = async (db: DB) =>
  (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(db)).rows.map((r) => r.name);

describe('migrations', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-migrate-'));
    dirs.push(dir);
    return createDb(path.join(dir, 'db.sqlite'));
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('go up, all the way down, and up again to the same schema', async () => {
    const db = fresh();
    const names = Object.keys(migrations);
    expect(await migrateToLatest(db)).toEqual(names);
    const schemaUp = await tables(db);
    expect(schemaUp).toEqual(expect.arrayContaining(['opinions', 'audit_log', 'users', 'units', 'campaigns']));

    for (let i = 0; i < names.length; i++) {
      const { error } = await migrator(db).migrateDown();
      expect(error).toBeUndefined();
    }
    expect(await tables(db)).toEqual([]);

    expect(await migrateToLatest(db)).toEqual(names);
    expect(await tables(db)).toEqual(schemaUp);
    await db.destroy();
  });

  it('are numbered in order and each has an up and a down', () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    names.forEach((n, i) => expect(n.startsWith(String(i + 1).padStart(4, '0') + '_')).toBe(true));
    for (const m of Object.values(migrations)) expect(typeof m.down).toBe('function');
  });

  it('the database refuses states and rows the product forbids', async () => {
    const db = fresh();
    await migrateToLatest(db);
    const at = new Date().toISOString();
    await db.insertInto('campaigns').values({ name: 'c', starts_on: '2026-01-01', ends_on: '2026-12-31', created_at: at, updated_at: at }).execute();
    const opinion = {
      campaign_id: 1,
      tracking_code: 'ABCDABCDABCD',
      channel: 'hotline' as const,
      body: 'x',
      anonymous: 1,
      locale: 'en' as const,
      received_at: at,
      created_at: at,
      unit_id: null,
      conduct_rule_id: null,
      submitter_name: null,
      submitter_phone: null,
      submitter_email: null,
      recorded_by: null,
      submission_key: null,
    };
    await db.insertInto('opinions').values(opinion).execute();
    await expect(sql`update opinions set state = 'vanished'`.execute(db)).rejects.toThrow(/CHECK/);
    await expect(sql`update opinions set channel = 'twitter'`.execute(db)).rejects.toThrow(/CHECK/);
    await expect(sql`delete from opinions`.execute(db)).rejects.toThrow(/never deleted/);
    await expect(sql`update campaigns set threshold = 101`.execute(db)).rejects.toThrow(/CHECK/);
    await expect(sql`update campaigns set quorum_numerator = 4, quorum_denominator = 3`.execute(db)).rejects.toThrow(/CHECK/);
    await expect(
      db.insertInto('users').values({ email: 'u@x', name: 'u', role: 'unit_officer', unit_id: null, locale: 'en', password_hash: null, created_at: at, updated_at: at, last_login_at: null }).execute(),
    ).rejects.toThrow(/CHECK/);
    await db.destroy();
  });
});

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
