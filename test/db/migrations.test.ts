// On the database of the run: a SQLite file, or an empty PostgreSQL database on the PostgreSQL run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { createDb, migrateToLatest, migrator } from '../../server/db/database.js';
import { createTestDatabase, onPostgres } from '../helpers/postgres.js';
import { tableNames as tables } from '../helpers/schema.js';

describe('migrations', () => {
  const cleanups: Array<() => Promise<void>> = [];
  const fresh = async () => {
    if (onPostgres) {
      const database = await createTestDatabase({ empty: true });
      cleanups.push(database.drop);
      return createDb(database.url);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-migrate-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    return createDb(path.join(dir, 'db.sqlite'));
  };
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('go up, all the way down, and up again to the same schema', async () => {
    const db = await fresh();
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
    const db = await fresh();
    await migrateToLatest(db);
    const at = new Date().toISOString();
    await db
      .insertInto('campaigns')
      .values({ name: 'c', starts_on: '2026-01-01', ends_on: '2026-12-31', created_at: at, updated_at: at })
      .execute();
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
    await expect(sql`update opinions set state = 'vanished'`.execute(db)).rejects.toThrow(/check constraint/i);
    await expect(sql`update opinions set channel = 'twitter'`.execute(db)).rejects.toThrow(/check constraint/i);
    await expect(sql`delete from opinions`.execute(db)).rejects.toThrow(/never deleted/);
    await expect(sql`update campaigns set threshold = 101`.execute(db)).rejects.toThrow(/check constraint/i);
    await expect(sql`update campaigns set quorum_numerator = 4, quorum_denominator = 3`.execute(db)).rejects.toThrow(
      /check constraint/i,
    );
    await expect(
      db
        .insertInto('users')
        .values({
          email: 'u@x',
          name: 'u',
          role: 'unit_officer',
          unit_id: null,
          locale: 'en',
          password_hash: null,
          created_at: at,
          updated_at: at,
          last_login_at: null,
        })
        .execute(),
    ).rejects.toThrow(/check constraint/i);
    await db.destroy();
  });
});
