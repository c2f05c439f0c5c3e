// Vitest global set-up: migrate one template database per run, so that each test's database is a
// copy of it (a file copy on SQLite, ~0.4 ms; CREATE DATABASE … TEMPLATE on PostgreSQL) instead of
// running every migration again (~60 ms a test). test/db/migrations.test.ts still migrates up,
// down and up from empty.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDb, migrateToLatest } from '../../server/db/database.js';
import { adminQuery, databaseUrl, onPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated SQLite file each test's database is copied from (SQLite run). */
    sqliteTemplate: string;
    /** The migrated PostgreSQL database each test's database is created from (PostgreSQL run). */
    postgresTemplate: string;
  }
}

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (onPostgres) {
    // A name of its own per set-up: each vitest project runs its own, and runs may overlap.
    const name = `portal_tpl_${process.pid}_${project.name.replace(/\W/g, '_')}`.toLowerCase();
    await adminQuery(`drop database if exists ${name} with (force)`);
    await adminQuery(`create database ${name} template template0 encoding 'UTF8'`);
    const db = createDb(databaseUrl(name));
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
    project.provide('postgresTemplate', name);
    project.provide('sqliteTemplate', '');
    return () => adminQuery(`drop database if exists ${name} with (force)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-template-'));
  const file = path.join(dir, 'portal.sqlite');
  const db = createDb(file);
  try {
    await migrateToLatest(db);
  } finally {
    // Closing checkpoints the write-ahead log into the file, so the file alone is the database.
    await db.destroy();
  }
  project.provide('sqliteTemplate', file);
  project.provide('postgresTemplate', '');
  return async () => fs.rmSync(dir, { recursive: true, force: true });
}
