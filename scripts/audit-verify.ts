// npm run audit:verify — recomputes the audit chain and names the first entry that does not match.
// Exit code 0 when intact, 1 when broken.
import fs from 'node:fs';
import { verify } from '../server/audit/service.js';
import { loadConfig } from '../server/config.js';
import { createDb } from '../server/db/database.js';

if (fs.existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfig();
const db = createDb(config.databaseUrl);
try {
  const check = await verify(db);
  if (check.ok) {
    console.log(`audit chain intact: ${check.count} entries`);
  } else {
    console.error(`audit chain BROKEN at entry #${check.firstBadId}: ${check.problem} (checked ${check.count} entries)`);
    process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
