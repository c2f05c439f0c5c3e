// A real portal on a real, freshly migrated database for one test: a SQLite file copied from the
// run's migrated template, or on the PostgreSQL run (PORTAL_TEST_POSTGRES) a database of its own
// on that server, created from the template there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { inject } from 'vitest';
import { buildApp } from '../../server/app.js';
import { ManualClock, type Clock } from '../../server/clock.js';
import { loadConfig, type Config } from '../../server/config.js';
import { createTestDatabase, onPostgres } from './postgres.js';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  clock: ManualClock;
  dataDir: string;
  /** A client that keeps cookies between requests, like a browser. */
  agent(): request.Agent;
  close(): Promise<void>;
}

export const TEST_NOW = new Date('2026-11-20T02:00:00Z');

export async function buildTestApp(
  options: { env?: Record<string, string>; clock?: Clock; extraRoutes?: (app: FastifyInstance) => void } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-test-'));
  const ownDatabase = !options.env?.DATABASE_URL;
  const postgres = onPostgres && ownDatabase ? await createTestDatabase() : null;
  const sqliteFile = path.join(dataDir, 'portal.sqlite');
  // A copy of the run's migrated template; the app's own migration check then finds nothing to do.
  if (!onPostgres && ownDatabase) fs.copyFileSync(inject('sqliteTemplate'), sqliteFile);
  const config = loadConfig({
    NODE_ENV: 'test',
    // PORTAL_TEST_LOG_LEVEL=error shows what went wrong behind a 500 while debugging a test.
    LOG_LEVEL: process.env.PORTAL_TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: postgres?.url ?? sqliteFile,
    BASE_URL: 'http://portal.test',
    JOBS_IN_PROCESS: 'false',
    ...options.env,
  });
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock(TEST_NOW);
  const app = await buildApp({ config, clock });
  options.extraRoutes?.(app);
  await app.ready();
  return {
    app,
    config,
    clock,
    dataDir,
    agent: () => request.agent(app.server),
    close: async () => {
      await app.close();
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
