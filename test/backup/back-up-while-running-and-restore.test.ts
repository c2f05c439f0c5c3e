// An administrator backs up the portal while it takes opinions (`npm run backup -- <file>`, a real
// child process), then restores the copy on a fresh portal and finds everything acknowledged
// before the backup: the opinion by its tracking code, its attachment, an intact audit chain.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { AttachmentStore } from '../../server/attachments/storage.js';
import { addAttachment } from '../../server/attachments/service.js';
import { verify } from '../../server/audit/service.js';
import { loadConfig } from '../../server/config.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUser } from '../helpers/factories.js';
import { displayedCode, receiptOf, sendOpinion } from '../opinions/support.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run backup -- ...args` as its own process, with only the settings given. */
function runBackup(env: Record<string, string>, args: string[]): { done: Promise<Run>; exited: () => boolean } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) =>
    child.once('close', (code) => {
      exited = true;
      resolve({ code, stdout, stderr });
    }),
  );
  return { done, exited: () => exited };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('backing up the running portal and restoring the copy', () => {
  let t: TestApp;
  let backupDir: string;
  let restoreDir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    t = await buildTestApp();
    backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-backup-'));
    restoreDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-restore-'));
    env = { DATABASE_URL: t.config.databaseUrl, DATA_DIR: t.dataDir };
    await createCampaign(t.app.db);
  });
  afterEach(async () => {
    await t.close();
    for (const d of [backupDir, restoreDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  it(
    'copies a consistent database while opinions keep arriving, and a portal started on the copy finds them',
    { timeout: 120_000 },
    async () => {
      const first = receiptOf(await sendOpinion(t.agent(), { body: 'The bus stop sign has been wrong for a year.' }));
      const opinion = await t.app.db
        .selectFrom('opinions')
        .select('id')
        .where('tracking_code', '=', first.code.replace(/-/g, ''))
        .executeTakeFirstOrThrow();
      const staff = await createUser(t.app.db, { role: 'coordinator' });
      const added = await addAttachment(
        t.app.db,
        new AttachmentStore(t.dataDir),
        t.clock,
        { id: staff.id, label: staff.email },
        { opinionId: opinion.id, filename: 'letter.pdf', data: PDF },
      );
      expect(added.ok).toBe(true);

      // The portal keeps taking opinions while the backup runs (the suggestion box allows ten per address).
      const target = path.join(backupDir, 'portal-copy.sqlite');
      const backup = runBackup(env, [target]);
      const during: string[] = [];
      while (!backup.exited() && during.length < 8)
        during.push(
          receiptOf(await sendOpinion(t.agent(), { body: `Sent during the backup, number ${during.length + 1}.` }))
            .code,
        );
      const run = await backup.done;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`backup written: ${target}`);
      expect(run.stdout).toContain('integrity_check: ok');
      expect(run.stdout).toMatch(/audit chain intact: \d+ entries/);
      expect(run.stdout).toContain(`attachments: 1 checked, in ${target}.attachments`);
      expect(during.length).toBeGreaterThan(0);

      // Restore as the README says: the copy becomes the database file, its attachments folder $DATA_DIR/attachments.
      fs.copyFileSync(target, path.join(restoreDir, 'portal.sqlite'));
      fs.cpSync(`${target}.attachments`, path.join(restoreDir, 'attachments'), { recursive: true });
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATA_DIR: restoreDir,
        DATABASE_URL: path.join(restoreDir, 'portal.sqlite'),
        JOBS_IN_PROCESS: 'false',
      });
      const restored = await buildApp({ config, clock: t.clock });
      try {
        await restored.ready();
        const page = await request(restored.server).get(`/track/${first.code}`);
        expect(page.status).toBe(200);
        expect(displayedCode(page.text)).toBe(first.code);
        const kept = await restored.db
          .selectFrom('opinions')
          .select('body')
          .where('id', '=', opinion.id)
          .executeTakeFirstOrThrow();
        expect(kept.body).toBe('The bus stop sign has been wrong for a year.');

        const chain = await verify(restored.db);
        expect(chain.ok).toBe(true);
        expect(chain.count).toBeGreaterThan(0);
        const attachment = await restored.db.selectFrom('attachments').selectAll().executeTakeFirstOrThrow();
        expect(sha256(fs.readFileSync(path.join(restoreDir, 'attachments', attachment.storage_key)))).toBe(
          attachment.sha256,
        );

        // The copy is one moment: the opinions sent meanwhile are each either wholly there or not at all.
        const inCopy = await restored.db.selectFrom('opinions').select('tracking_code').execute();
        const events = await restored.db.selectFrom('opinion_events').select('opinion_id').execute();
        expect(events).toHaveLength(inCopy.length);
        expect(inCopy.length).toBeGreaterThanOrEqual(1);
        expect(inCopy.length).toBeLessThanOrEqual(1 + during.length);
      } finally {
        await restored.close();
      }
    },
  );

  it('refuses to overwrite a copy unless told to, and refuses a PostgreSQL URL', { timeout: 120_000 }, async () => {
    receiptOf(await sendOpinion(t.agent(), { body: 'The library opens late on Sundays.' }));
    const target = path.join(backupDir, 'copy.sqlite');
    expect((await runBackup(env, [target]).done).code).toBe(0);
    const before = fs.readFileSync(target);

    receiptOf(await sendOpinion(t.agent(), { body: 'A second opinion, after the first backup.' }));
    const again = await runBackup(env, [target]).done;
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${target} already exists; give --force to replace it.`);
    expect(fs.readFileSync(target).equals(before)).toBe(true);

    const forced = await runBackup(env, [target, '--force']).done;
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('2 opinions');
    expect(fs.readdirSync(backupDir).sort()).toEqual(['copy.sqlite', 'copy.sqlite.attachments']);

    const pg = await runBackup({ ...env, DATABASE_URL: 'postgres://portal@localhost/portal' }, [
      path.join(backupDir, 'pg.sqlite'),
    ]).done;
    expect(pg.code).toBe(1);
    expect(pg.stderr).toContain('DATABASE_URL is a PostgreSQL URL: this command backs up SQLite only');
    expect(fs.existsSync(path.join(backupDir, 'pg.sqlite'))).toBe(false);

    const usage = await runBackup(env, []).done;
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('usage: npm run backup -- <file> [--force]');
  });
});
