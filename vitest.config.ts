import { defineConfig } from 'vitest/config';

// The suite runs twice: on SQLite (the default), and on PostgreSQL when PORTAL_TEST_POSTGRES names
// a server (`npm run test:postgres`, or `.ci/run`). A few files are about one database only.
const onPostgres = Boolean(process.env.PORTAL_TEST_POSTGRES);
const ONLY_SQLITE = [
  'test/db/sqlite-settings.test.ts', // WAL, synchronous=FULL: SQLite's own settings
  'test/backup/**', // the online backup is SQLite's backup API (PostgreSQL has pg_dump)
  'test/durability/**', // SIGKILL of the process that holds the SQLite file
];
const ONLY_POSTGRES = ['test/postgres/**'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(onPostgres ? ONLY_SQLITE : ONLY_POSTGRES)],
    // Each test file builds its own app on its own database; files run in parallel.
    pool: 'forks',
    // On the PostgreSQL run, migrates the template each test's database is copied from.
    globalSetup: ['test/helpers/postgres-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
