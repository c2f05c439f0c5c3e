// Vitest global set-up: on the PostgreSQL run, migrate a template database once, so each test's
// database is a quick copy of it instead of nine migrations.
import { createDb, migrateToLatest } from '../../server/db/database.js';
import { adminQuery, onPostgres, TEMPLATE_DATABASE, templateUrl } from './postgres.js';

export async function setup(): Promise<void> {
  if (!onPostgres) return;
  await adminQuery(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
  await adminQuery(`create database ${TEMPLATE_DATABASE} template template0 encoding 'UTF8'`);
  const db = createDb(templateUrl());
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
