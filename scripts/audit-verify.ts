// npm run audit:verify [file or URL ...] — recomputes the audit chain and checks it against every
// checkpoint it finds: the portal's own, and those in each file or URL given (a copy of the feed,
// of rectifications.json or of audit-checkpoints.json the public kept). Names the first entry
// that does not match. Exit code 0 when intact, 1 when broken, 2 when it could not check.
import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import { checkpointsIn, loadSigningKey, type Checkpoint } from '../server/audit/checkpoint.js';
import { verify, verifyAgainstCheckpoints } from '../server/audit/service.js';
import { loadConfig } from '../server/config.js';
import { createDb } from '../server/db/database.js';

async function read(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) throw new Error(`${source}: HTTP ${res.status}`);
    return res.text();
  }
  return fs.readFileSync(source, 'utf8');
}

if (fs.existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfig();
const sources = process.argv.slice(2);
const given: Checkpoint[] = [];
try {
  for (const s of sources) {
    const found = checkpointsIn(await read(s));
    console.log(`${s}: ${found.length} checkpoint(s)`);
    given.push(...found);
  }
} catch (err) {
  console.error(`cannot read checkpoints: ${(err as Error).message}`);
  process.exit(2);
}

const key = loadSigningKey(config, { create: false });
const db = createDb(config.databaseUrl);
try {
  if (!key) {
    console.error(
      `no signing key (AUDIT_SIGNING_KEY, or the file ${config.auditSigningKeyFile}): checkpoints cannot be checked`,
    );
    const check = await verify(db);
    if (!check.ok)
      console.error(
        `audit chain BROKEN at entry #${check.firstBadId}: ${check.problem} (checked ${check.count} entries)`,
      );
    process.exitCode = check.ok ? 2 : 1;
  } else {
    const check = await verifyAgainstCheckpoints(db, given, createPublicKey(key));
    for (const i of check.ignored) {
      const why =
        i.why === 'other_key'
          ? `signed with another key (${i.checkpoint.keyId})`
          : 'its signature does not hold: not made by this portal';
      console.warn(`ignored the checkpoint of ${i.checkpoint.day} (entry #${i.checkpoint.entryId}): ${why}`);
    }
    if (check.ok) {
      const anchor = check.latest
        ? `; matches ${check.checkpoints} checkpoint(s), the latest of ${check.latest.day} at entry #${check.latest.entryId}`
        : '; no checkpoint to compare with';
      console.log(`audit chain intact: ${check.count} entries${anchor}`);
    } else {
      console.error(
        `audit chain BROKEN at entry #${check.firstBadId}: ${check.problem} (checked ${check.count} entries)`,
      );
      process.exitCode = 1;
    }
  }
} finally {
  await db.destroy();
}
