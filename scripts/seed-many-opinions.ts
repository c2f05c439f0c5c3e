// tsx scripts/seed-many-opinions.ts --opinions 1000000 --file data/many.sqlite [--time]
// Fills a fresh database with a campaign of N opinions (all ten channels, 20 units, a year of
// weeks, a third linked to 30 problems, some rectifications) by direct batched inserts in one
// transaction: the tallies' triggers run as for any writer. With --time it then times the
// dashboard's figures and the home page (plain timing of a few calls, not a benchmark). The
// benchmark of issue 7 (scripts/bench.ts) reuses seedOpinions() with its `rectifications` option.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import SQLite, { type SqliteConnection } from '../server/db/sqlite.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createDb, migrateToLatest } from '../server/db/database.js';
import { keyFigures, staffDashboard } from '../server/dashboard/service.js';
import { CHANNELS } from '../server/opinions/channels.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

export interface SeedOptions {
  units?: number;
  problems?: number;
  /**
   * How many rectifications, one per problem (more problems are made if needed). Left out: one
   * committed rectification per problem, with one measure. Given (the benchmark of issue 7): a
   * public list of that size, committed over the year, a tenth of them individual cadres' (not
   * public), 1-3 measures each (some done; one rectification in ten overdue), a timeline entry each, and
   * the first one reported done, ready for an evaluation round.
   */
  rectifications?: number;
}

/** Seeds an empty, migrated SQLite file; returns the campaign's id. */
export function seedOpinions(file: string, n: number, o: SeedOptions = {}): number {
  const units = o.units ?? 20;
  const many = o.rectifications !== undefined;
  const problems = Math.max(o.problems ?? 30, o.rectifications ?? 0);
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  const at = new Date().toISOString();
  const year = new Date().getUTCFullYear();
  const seed = db.transaction(() => {
    const campaign = Number(
      db
        .prepare(
          `insert into campaigns (name, description, starts_on, ends_on, threshold, quorum_numerator, quorum_denominator, created_at, updated_at) values (?, '', ?, ?, 80, 2, 3, ?, ?)`,
        )
        .run(`Seeded campaign (${n} opinions)`, `${year}-01-01`, `${year}-12-31`, at, at).lastInsertRowid,
    );
    const unitIds: number[] = [];
    for (let u = 0; u < units; u++)
      unitIds.push(
        Number(
          db
            .prepare(`insert into units (name, kind, created_at, updated_at) values (?, 'unit', ?, ?)`)
            .run(`Unit ${u + 1}`, at, at).lastInsertRowid,
        ),
      );
    const problemIds: number[] = [];
    for (let p = 0; p < problems; p++) {
      // Levels vary only for the many-rectifications list: a tenth individual, a tenth organisation-wide.
      const level = !many ? 'unit' : p % 10 === 9 ? 'individual' : p % 10 === 4 ? 'organisation' : 'unit';
      problemIds.push(
        Number(
          db
            .prepare(
              `insert into problems (campaign_id, title, level, unit_id, cadre_name, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              campaign,
              many ? `Problem ${p + 1}: 办事流程繁琐，材料重复提交` : `Problem ${p + 1}`,
              level,
              unitIds[p % units],
              level === 'individual' ? `Cadre ${p + 1}` : null,
              at,
              at,
            ).lastInsertRowid,
        ),
      );
    }
    const insert =
      db.prepare(`insert into opinions (campaign_id, tracking_code, channel, body, unit_id, state, anonymous, locale, received_at, created_at, problem_id)
      values (?, ?, ?, ?, ?, ?, 1, 'zh-CN', ?, ?, ?)`);
    const start = Date.UTC(year, 0, 1);
    const span = Date.UTC(year, 11, 31) - start;
    for (let i = 0; i < n; i++) {
      const linked = i % 3 === 0;
      const received = new Date(start + Math.floor(Math.random() * span)).toISOString();
      insert.run(
        campaign,
        randomBytes(9).toString('base64url').toUpperCase().slice(0, 12),
        CHANNELS[i % CHANNELS.length],
        `Seeded opinion ${i}: 窗口服务时间不足，群众等候过久。`,
        i % 7 === 0 ? null : unitIds[i % units],
        linked ? 'linked' : 'received',
        received,
        received,
        linked ? problemIds[i % problems] : null,
      );
    }
    if (many) seedManyRectifications(db, campaign, problemIds.slice(0, o.rectifications), unitIds, year);
    else {
      // Rectifications: one per problem, committed, with one measure (some overdue).
      for (const [k, p] of problemIds.entries()) {
        const r = Number(
          db
            .prepare(
              `insert into rectifications (problem_id, campaign_id, unit_id, state, committed_at, created_at, updated_at) values (?, ?, ?, 'committed', ?, ?, ?)`,
            )
            .run(p, campaign, unitIds[k % units], at, at, at).lastInsertRowid,
        );
        db.prepare(
          `insert into measures (rectification_id, position, description, owner, deadline, created_at, updated_at) values (?, 0, 'A measure', 'An office', ?, ?, ?)`,
        ).run(r, k % 2 ? `${year}-01-15` : `${year + 1}-06-30`, at, at);
      }
    }
    return campaign;
  });
  const campaign = seed();
  db.close();
  return campaign;
}

/** The many-rectifications list (SeedOptions.rectifications), inside the seeding transaction. */
function seedManyRectifications(
  db: SqliteConnection,
  campaign: number,
  problemIds: readonly number[],
  unitIds: readonly number[],
  year: number,
): void {
  const insertRectification =
    db.prepare(`insert into rectifications (problem_id, campaign_id, unit_id, responsible_person, target_date, state, committed_at, created_at, updated_at)
    values (?, ?, ?, 'The unit head', ?, ?, ?, ?, ?)`);
  const insertMeasure = db.prepare(
    `insert into measures (rectification_id, position, description, owner, deadline, done_at, created_at, updated_at) values (?, ?, ?, 'An office', ?, ?, ?, ?)`,
  );
  const insertEvent = db.prepare(
    `insert into rectification_events (rectification_id, at, kind, from_state, to_state, round) values (?, ?, 'committed', 'draft', 'committed', 1)`,
  );
  const start = Date.UTC(year, 0, 1);
  const span = Date.UTC(year, 10, 1) - start;
  for (const [k, p] of problemIds.entries()) {
    // The first is reported done (the benchmark opens a round on it); the rest committed or under way.
    const state = k === 0 ? 'reported_done' : k % 3 === 0 ? 'in_progress' : 'committed';
    const committed = new Date(start + Math.floor((span * k) / problemIds.length)).toISOString();
    const r = Number(
      insertRectification.run(
        p,
        campaign,
        unitIds[k % unitIds.length],
        `${year + 1}-06-30`,
        state,
        committed,
        committed,
        committed,
      ).lastInsertRowid,
    );
    // One in ten overdue (its first measure past its deadline, not done); under way, the first
    // measure done; the rest due next year.
    const overdue = k % 10 === 1;
    for (let m = 0; m < 1 + (k % 3); m++) {
      const late = overdue && m === 0;
      const done = !late && (state === 'reported_done' || (state === 'in_progress' && m === 0)) ? committed : null;
      insertMeasure.run(
        r,
        m,
        `Measure ${m + 1}: 精简材料，一次办结`,
        late ? `${year}-02-15` : `${year + 1}-06-30`,
        done,
        committed,
        committed,
      );
    }
    insertEvent.run(r, committed);
  }
}

async function main() {
  const n = Number(arg('opinions', '10000'));
  const file = arg('file', `data/many-${n}.sqlite`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = createDb(file);
  await migrateToLatest(db);
  await db.destroy();
  let t0 = performance.now();
  const campaign = seedOpinions(file, n);
  console.log(`seeded ${n} opinions into ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (!process.argv.includes('--time')) return;

  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: file,
    DATA_DIR: fs.mkdtempSync('/tmp/seed-'),
    JOBS_IN_PROCESS: 'false',
  });
  const app = await buildApp({ config });
  await app.ready();
  const today = new Date().toISOString().slice(0, 10);
  const campaignRow = { id: campaign, starts_on: `${today.slice(0, 4)}-01-01`, ends_on: `${today.slice(0, 4)}-12-31` };
  const time = async (label: string, f: () => Promise<unknown>, runs = 20) => {
    await f();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      t0 = performance.now();
      await f();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    console.log(
      `${label}: median ${ms[Math.floor(runs / 2)]!.toFixed(2)} ms, max ${ms[runs - 1]!.toFixed(2)} ms (${runs} runs)`,
    );
  };
  await time('staffDashboard (all units)', () => staffDashboard(app.db, campaignRow, { kind: 'all' }, today));
  await time('staffDashboard (one unit)', () =>
    staffDashboard(app.db, campaignRow, { kind: 'units', unitIds: [2] }, today),
  );
  await time('keyFigures', () => keyFigures(app.db, campaign, today));
  await time('GET / (home page)', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    if (res.statusCode !== 200) throw new Error(`home page: ${res.statusCode}`);
  });
  await app.close();
}

if (process.argv[1]?.endsWith('seed-many-opinions.ts')) await main();
