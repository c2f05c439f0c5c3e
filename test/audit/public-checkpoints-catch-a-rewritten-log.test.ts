// The chain alone cannot see a log cut short, or rewritten from entry N with every later hash
// recomputed. The signed checkpoints the public keeps (feed, open data) can: each tampering
// below passes the chain check, and `npm run audit:verify <copies>` catches it and names the entry.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropTrigger } from '../../migrations/dialect.js';
import { entryHash } from '../../server/audit/chain.js';
import { verify } from '../../server/audit/service.js';
import type { AuditRow } from '../../server/audit/tables.js';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.js';
import { listen } from '../helpers/browser.js';
import { createUser, signIn, signInAs } from '../helpers/factories.js';
import { submitForm } from '../helpers/forms.js';

const run = promisify(execFile);
const DAY = 24 * 3600_000;
const ENTRIES = 5;

type Outcome = { code: number; stdout: string; stderr: string };

describe('public checkpoints anchor the audit chain', () => {
  let t: TestApp;
  /** The copies a member of the public kept: one feed a day, and the open data's JSON of the last day. */
  let copies: string[];

  beforeEach(async () => {
    t = await buildTestApp();
    await createUser(t.app.db, { role: 'administrator' });
    copies = [];
    const reader = t.agent();
    for (let day = 0; day < ENTRIES; day++) {
      t.clock.set(new Date(TEST_NOW.getTime() + day * DAY));
      await signIn(t, (await createUser(t.app.db, { role: 'coordinator' })).email); // one entry a day
      const feed = await reader.get('/feeds/rectifications.atom?lang=en');
      expect(feed.status).toBe(200);
      const file = path.join(t.dataDir, `feed-${day}.atom`);
      fs.writeFileSync(file, feed.text);
      copies.push(file);
    }
    const json = await reader.get('/open-data/rectifications.json');
    expect(json.status).toBe(200);
    fs.writeFileSync(path.join(t.dataDir, 'rectifications.json'), json.text);
    copies.push(path.join(t.dataDir, 'rectifications.json'));
  });
  afterEach(async () => t.close());

  async function verifyScript(args: string[]): Promise<Outcome> {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: t.config.databaseUrl,
      DATA_DIR: t.dataDir,
      NODE_ENV: 'test',
    };
    const tsx = path.resolve('node_modules/.bin/tsx');
    return run(tsx, ['scripts/audit-verify.ts', ...args], { env }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: Outcome) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  }

  /** What a keeper with the database does: triggers off, and the portal's own checkpoints gone. */
  async function asTheKeeper(): Promise<void> {
    for (const [name, table] of [
      ['audit_log_no_update', 'audit_log'],
      ['audit_log_no_delete', 'audit_log'],
      ['audit_checkpoints_no_delete', 'audit_checkpoints'],
    ] as const)
      await dropTrigger(t.app.db, name, table);
    await sql`delete from audit_checkpoints`.execute(t.app.db);
  }

  /** Recomputes every link and hash from entry `from` on, so the chain itself checks out again. */
  async function rehashFrom(from: number): Promise<void> {
    const rows = await t.app.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    let prev = rows.find((r) => r.id === from - 1)?.hash ?? '0'.repeat(64);
    for (const r of rows.filter((r) => r.id >= from)) {
      const hash = entryHash(prev, r);
      await t.app.db.updateTable('audit_log').set({ prev_hash: prev, hash }).where('id', '=', r.id).execute();
      prev = hash;
    }
  }

  it('publishes a signed checkpoint a day in the feed, the JSON and its own file, and an untouched log matches them all', async () => {
    const feed = fs.readFileSync(copies[ENTRIES - 1]!, 'utf8');
    expect(feed).toContain('Audit log checkpoint of 2026-11-24: entry #5');
    const json = JSON.parse(fs.readFileSync(copies[ENTRIES]!, 'utf8')) as {
      audit_checkpoint: { entryId: number; day: string };
    };
    expect(json.audit_checkpoint).toMatchObject({ kind: 'audit-checkpoint', entryId: 5, day: '2026-11-24' });
    const file = await t.agent().get('/open-data/audit-checkpoints.json');
    expect(file.body.checkpoints).toHaveLength(ENTRIES);
    expect(file.body.public_key).toMatch(/BEGIN PUBLIC KEY/);
    // The key is not in the database: only its public half is published.
    const settings = await sql<{
      n: number;
    }>`select count(*) as n from settings where value like '%PRIVATE KEY%'`.execute(t.app.db);
    expect(Number(settings.rows[0]!.n)).toBe(0);

    const good = await verifyScript(copies);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/intact: 5 entries; matches 5 checkpoint\(s\), the latest of 2026-11-24 at entry #5/);
  });

  it('catches the newest entry deleted, and names it, from a saved file or the portal’s URL', async () => {
    await asTheKeeper();
    await sql`delete from audit_log where id = 5`.execute(t.app.db);
    expect(await verify(t.app.db)).toMatchObject({ ok: true }); // the chain alone sees nothing

    const caught = await verifyScript(copies);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toMatch(
      /BROKEN at entry #5: missing: the checkpoint of 2026-11-24 names it as the newest entry, but the log ends at #4/,
    );

    // A copy fetched from where the public keeps it: here the portal's own address.
    const base = await listen(t);
    const saved = path.join(t.dataDir, 'kept.json');
    fs.writeFileSync(saved, fs.readFileSync(copies[ENTRIES]!));
    const byUrl = await verifyScript([saved, `${base}/open-data/audit-checkpoints.json`]);
    expect(byUrl.code).toBe(1);
    expect(byUrl.stderr).toMatch(/BROKEN at entry #5/);
  });

  it('catches entry 3 rewritten with every later hash recomputed, and names entry 3', async () => {
    await asTheKeeper();
    await sql`update audit_log set actor = 'someone-else@example.org' where id = 3`.execute(t.app.db);
    await rehashFrom(3);
    expect(await verify(t.app.db)).toMatchObject({ ok: true });
    expect((await verifyScript([])).code).toBe(0); // without the public's copies it looks intact

    const caught = await verifyScript(copies);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toMatch(
      /BROKEN at entry #3: its hash differs from the one the checkpoint of 2026-11-22 signed/,
    );
    expect(caught.stderr).toMatch(
      /#2 still matches the checkpoint of 2026-11-21, so this entry is the first that changed/,
    );
  });

  it('catches two entries swapped and the chain rebuilt, and names the first of them', async () => {
    await asTheKeeper();
    const [a, b] = await Promise.all(
      [2, 4].map((id) => t.app.db.selectFrom('audit_log').selectAll().where('id', '=', id).executeTakeFirstOrThrow()),
    );
    const content = ({
      at,
      actor_id,
      actor,
      action,
      entity_type,
      entity_id,
      from_state,
      to_state,
      reason,
      data,
    }: AuditRow) => ({
      at,
      actor_id,
      actor,
      action,
      entity_type,
      entity_id,
      from_state,
      to_state,
      reason,
      data,
    });
    await t.app.db.updateTable('audit_log').set(content(b!)).where('id', '=', 2).execute();
    await t.app.db.updateTable('audit_log').set(content(a!)).where('id', '=', 4).execute();
    await rehashFrom(2);
    expect(await verify(t.app.db)).toMatchObject({ ok: true });

    const caught = await verifyScript(copies);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toMatch(/BROKEN at entry #2: its hash differs/);
  });

  it('catches one entry edited in place, and names it', async () => {
    await asTheKeeper();
    await sql`update audit_log set action = 'forged' where id = 4`.execute(t.app.db);
    const caught = await verifyScript(copies);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toMatch(/BROKEN at entry #4: its content does not match its hash/);
  });

  it('the staff page’s check compares the chain with the portal’s own checkpoints too', async () => {
    for (const [name, table] of [['audit_log_no_update', 'audit_log']] as const)
      await dropTrigger(t.app.db, name, table);
    await sql`update audit_log set actor = 'someone-else@example.org' where id = 3`.execute(t.app.db);
    await rehashFrom(3);
    const { agent } = await signInAs(t, 'administrator');
    const checked = await submitForm(agent, '/staff/audit', '/staff/audit/verify', {});
    expect(checked.status).toBe(200);
    expect(checked.text).toContain('The chain is broken at entry #3.');
  });

  it('ignores a checkpoint the portal did not sign, saying so', async () => {
    const forged = fs.readFileSync(copies[ENTRIES]!, 'utf8').replace(/"entryId":5/, '"entryId":4');
    const file = path.join(t.dataDir, 'forged.json');
    fs.writeFileSync(file, forged);
    const out = await verifyScript([file]);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/ignored the checkpoint of 2026-11-24 \(entry #4\): its signature does not hold/);
  });
});
