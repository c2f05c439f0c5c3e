import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Two tiers (README, "Tests"):
// - fast: rules and HTTP flows, each test on a copy of a migrated template database, with a
//   session from a factory unless it is about signing in. Run after every change; it runs on
//   SQLite, and again on PostgreSQL when PORTAL_TEST_POSTGRES names a server.
// - slow: a real Chromium, processes killed or started several at once, backup, the demo, ten
//   thousand rows. Run once, on the database the file is about.
// `npm test` runs both tiers on SQLite, then the fast tier and the PostgreSQL-only files on PostgreSQL.
const onPostgres = Boolean(process.env.PORTAL_TEST_POSTGRES);

export const SLOW = [
  'test/e2e/**/*.test.ts', // a real Chromium on a real server
  'test/inbox/record-calls-by-keyboard.test.ts', // Chromium too: the hotline form by keyboard alone
  'test/durability/**/*.test.ts', // SIGKILL of a real portal process, 20 times under load
  'test/backup/**/*.test.ts', // an online backup of a portal taking opinions, restored on a new one
  'test/demo/**/*.test.ts', // loads the whole demo campaign, several times and through the real script
  'test/imports/ten-thousand-rows.test.ts', // volume
  'test/opendata/large-campaign-pages-through.test.ts', // volume
  'test/postgres/two-processes-one-database.test.ts', // two real portal processes on one database
];
const ONLY_POSTGRES = ['test/postgres/**'];
// SQLite's own settings; the rest of the slow tier runs once, on SQLite, but for what is about PostgreSQL.
const ONLY_SQLITE = ['test/db/sqlite-settings.test.ts', ...SLOW.filter((p) => !p.startsWith('test/postgres/'))];
const notHere = onPostgres ? ONLY_SQLITE : ONLY_POSTGRES;

export default defineConfig({
  test: {
    // Every core: vitest's default leaves one free, which on this 2-core kind of machine is one worker.
    maxWorkers: os.availableParallelism(),
    isolate: false,
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...SLOW, ...notHere],
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW,
          exclude: ['**/node_modules/**', ...notHere],
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
    ],
  },
});
