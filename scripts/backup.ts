// npm run backup -- <file> [--force] — copies the SQLite database while the portal runs (SQLite's
// online backup API) and its attachments to <file>.attachments/, checks the copy (integrity,
// audit chain, attachment hashes) and says what it wrote. Exit code 0 when done, 1 when not.
import fs from 'node:fs';
import { BackupError, backupDatabase } from '../server/backup/backup.js';
import { ConfigError, loadConfig } from '../server/config.js';

const USAGE = 'usage: npm run backup -- <file> [--force]';

if (fs.existsSync('.env')) process.loadEnvFile('.env');
const args = process.argv.slice(2);
const force = args.includes('--force');
const rest = args.filter((a) => a !== '--force');
const target = rest[0];

if (rest.length !== 1 || !target || target.startsWith('-')) {
  console.error(USAGE);
  process.exitCode = 1;
} else {
  try {
    const config = loadConfig();
    const r = await backupDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, target, force });
    console.log(`backup written: ${r.file} (${r.bytes} bytes, ${r.pages} pages)`);
    console.log(`  integrity_check: ok; audit chain intact: ${r.auditEntries} entries; ${r.opinions} opinions`);
    console.log(`  attachments: ${r.attachments} checked, in ${r.attachmentsDir}`);
  } catch (e) {
    if (!(e instanceof BackupError || e instanceof ConfigError)) throw e;
    console.error(`backup failed: ${e.message}`);
    process.exitCode = 1;
  }
}
