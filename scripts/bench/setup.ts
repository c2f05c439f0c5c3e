// The database a benchmark run measures: a campaign of N opinions and ten thousand
// rectifications (seedOpinions, direct inserts), then, through the portal's own use-cases as a
// coordinator would, an evaluation round open on the rectification reported done, enough ballot
// codes for the vote load, and a staff account for the dashboard.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createFirstAdministrator } from '../../server/accounts/service.js';
import { SYSTEM_ACTOR } from '../../server/audit/service.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createDb, migrateToLatest } from '../../server/db/database.js';
import SQLite from '../../server/db/sqlite.js';
import { issueSlips, openRound } from '../../server/evaluations/service.js';
import { seedOpinions } from '../seed-many-opinions.js';

export const STAFF = { email: 'bench@example.org', password: 'a long benchmark password' } as const;
const DAY = 86_400_000;

export interface Prepared {
  file: string;
  /** Unused ballot codes of the open round, one per vote to cast. */
  codes: string[];
  /** The public notices (not individual cadres'), for the page load to pick from. */
  noticeIds: number[];
  seedSeconds: number;
}

const removeDb = (file: string) => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
};

/**
 * Seeds `seedFile` (or keeps it, with `reuse`, when an earlier run left it), copies it to
 * `runFile` and sets the copy up for the loads: the seeded file stays as seeded, so a run's
 * writes never reach the next run.
 */
export async function prepare(o: {
  dir: string;
  opinions: number;
  rectifications: number;
  codes: number;
  reuse: boolean;
  log: (s: string) => void;
}): Promise<Prepared> {
  const seedFile = path.join(o.dir, `seed-${o.opinions}-${o.rectifications}.sqlite`);
  const runFile = path.join(o.dir, `run-${o.opinions}.sqlite`);
  let seedSeconds = 0;
  if (!(o.reuse && fs.existsSync(seedFile) && !fs.existsSync(`${seedFile}-wal`))) {
    removeDb(seedFile);
    const db = createDb(seedFile);
    await migrateToLatest(db);
    await db.destroy();
    o.log(
      `seeding ${o.opinions.toLocaleString('en')} opinions and ${o.rectifications.toLocaleString('en')} rectifications into ${seedFile} ...`,
    );
    const t0 = performance.now();
    seedOpinions(seedFile, o.opinions, { rectifications: o.rectifications });
    seedSeconds = (performance.now() - t0) / 1000;
    // Folded into the file, so a plain copy is the whole database.
    const sqlite = new SQLite(seedFile);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.pragma('journal_mode = DELETE');
    sqlite.close();
    o.log(`seeded in ${seedSeconds.toFixed(1)} s`);
  } else o.log(`reusing ${seedFile}`);
  removeDb(runFile);
  fs.copyFileSync(seedFile, runFile);

  const dataDir = fs.mkdtempSync(path.join(o.dir, 'setup-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: runFile,
    DATA_DIR: dataDir,
    JOBS_IN_PROCESS: 'false',
    COOKIE_SECRET: randomBytes(32).toString('hex'),
  });
  const app = await buildApp({ config });
  try {
    const now = app.clock.now();
    const admin = await createFirstAdministrator(app.db, app.clock, app.setupCode, {
      setup_code: app.setupCode,
      name: 'Benchmark coordinator',
      email: STAFF.email,
      password: STAFF.password,
      password_confirm: STAFF.password,
      locale: 'en',
    });
    if (!admin.ok) throw new Error(`staff account not created: ${JSON.stringify(admin)}`);
    const reported = await app.db
      .selectFrom('rectifications')
      .select('id')
      .where('state', '=', 'reported_done')
      .executeTakeFirstOrThrow();
    const opened = await openRound(app.db, SYSTEM_ACTOR, now, reported.id, {
      opensAt: new Date(now.getTime() - 60_000),
      closesAt: new Date(now.getTime() + DAY),
    });
    if (!opened.ok) throw new Error('evaluation round not opened');
    const codes: string[] = [];
    // In printings, as a coordinator issues them; one key per printing.
    for (let left = o.codes; left > 0; left -= 5000) {
      const issued = await issueSlips(
        app.db,
        SYSTEM_ACTOR,
        now,
        opened.value.roundId,
        Math.min(left, 5000),
        randomBytes(16).toString('base64url'),
      );
      if (typeof issued === 'string' || !issued.ok)
        throw new Error(`ballot codes not issued: ${JSON.stringify(issued)}`);
      codes.push(...issued.value.codes);
    }
    const notices = await app.db
      .selectFrom('rectifications')
      .innerJoin('problems', 'problems.id', 'rectifications.problem_id')
      .select('rectifications.id')
      .where('problems.level', '<>', 'individual')
      .where('rectifications.state', '<>', 'draft')
      .execute();
    return { file: runFile, codes, noticeIds: notices.map((n) => n.id), seedSeconds };
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
