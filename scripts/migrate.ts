// npm run migrate [-- down] — brings the database up to date (the portal also does this at start),
// or undoes the latest migration.
import fs from 'node:fs';
import { loadConfig } from '../server/config.js';
import { createDb, migrateToLatest, migrator } from '../server/db/database.js';

if (fs.existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfig();
const db = createDb(config.databaseUrl);
try {
  if (process.argv[2] === 'down') {
    const { error, results } = await migrator(db).migrateDown();
    for (const r of results ?? []) console.log(`${r.direction} ${r.migrationName}: ${r.status}`);
    if (error) throw error;
  } else {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
  }
} finally {
  await db.destroy();
}
