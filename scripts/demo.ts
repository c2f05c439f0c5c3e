// npm run demo [-- --seed N] — loads the demo campaign into the (empty) database DATABASE_URL
// points at, and prints the staff passwords and codes to try. Refuses a database holding any
// account, unit, campaign or opinion: exit code 2, nothing written. See README "Try the demo".
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { createDb, migrateToLatest } from '../server/db/database.js';
import { assertEmpty, DatabaseNotEmpty, DEFAULT_SEED, loadDemo } from '../server/demo/load.js';
import { formatReport } from '../server/demo/report.js';
import { localDay } from '../server/i18n/format.js';

if (fs.existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({ options: { seed: { type: 'string' }, today: { type: 'string' } } });
const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
if (!Number.isSafeInteger(seed) || seed < 0) {
  console.error('--seed must be a whole number');
  process.exit(64);
}
if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
  console.error('--today must be a day, YYYY-MM-DD');
  process.exit(64);
}
const config = loadConfig();
const db = createDb(config.databaseUrl);
try {
  // Checked before migrating, so a database with real data is not touched at all.
  await assertEmpty(db);
  await migrateToLatest(db);
  const started = performance.now();
  const result = await loadDemo(db, {
    seed,
    today: values.today ?? localDay(new Date(), config.timeZone),
    timeZone: config.timeZone,
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(formatReport(result, { baseUrl: config.baseUrl, seconds, seed }));
} catch (err) {
  if (!(err instanceof DatabaseNotEmpty)) throw err;
  console.error(`${err.message}\n(${config.databaseUrl})`);
  process.exitCode = 2;
} finally {
  await db.destroy();
}
