// A real portal on a real, freshly migrated SQLite file, for one test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { buildApp } from '../../server/app.js';
import { ManualClock, type Clock } from '../../server/clock.js';
import { loadConfig, type Config } from '../../server/config.js';

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
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: path.join(dataDir, 'portal.sqlite'),
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
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
