import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropTrigger } from '../../migrations/dialect.js';
import { verify } from '../../server/audit/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, signIn, signInAs } from '../helpers/factories.js';
import { submitForm } from '../helpers/forms.js';

const run = promisify(execFile);

describe('the audit log is append-only and tamper-evident', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    // A few real entries, written by real sign-ins (an administrator first, or sign-in leads to /setup).
    await createUser(t.app.db, { role: 'administrator' });
    for (let i = 0; i < 3; i++) await signIn(t, (await createUser(t.app.db, { role: 'coordinator' })).email);
  });
  afterEach(async () => t.close());

  it('refuses to update or delete an entry', async () => {
    await expect(sql`update audit_log set reason = 'x' where id = 1`.execute(t.app.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = 1`.execute(t.app.db)).rejects.toThrow(/append-only/);
  });

  it('names the first entry that no longer matches when someone edits the file behind its back', async () => {
    expect(await verify(t.app.db)).toMatchObject({ ok: true, count: 3 });
    // Someone with the database file drops the trigger and rewrites history.
    await dropTrigger(t.app.db, 'audit_log_no_update', 'audit_log');
    await sql`update audit_log set actor = 'someone-else@example.org' where id = 2`.execute(t.app.db);
    expect(await verify(t.app.db)).toMatchObject({ ok: false, firstBadId: 2 });
  });

  it('catches a removed entry: the next one no longer links', async () => {
    await dropTrigger(t.app.db, 'audit_log_no_delete', 'audit_log');
    await sql`delete from audit_log where id = 2`.execute(t.app.db);
    expect(await verify(t.app.db)).toMatchObject({ ok: false, firstBadId: 3 });
  });

  it('npm run audit:verify says so, with the exit code', async () => {
    // Only what the script needs: the test runner's own variables (BASE_URL='/') are not a portal's.
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: t.config.databaseUrl,
      DATA_DIR: t.dataDir,
      NODE_ENV: 'test',
    };
    const tsx = path.resolve('node_modules/.bin/tsx');
    const good = await run(tsx, ['scripts/audit-verify.ts'], { env });
    expect(good.stdout).toMatch(/intact: 3 entries/);

    await dropTrigger(t.app.db, 'audit_log_no_update', 'audit_log');
    await sql`update audit_log set action = 'forged' where id = 3`.execute(t.app.db);
    const bad = await run(tsx, ['scripts/audit-verify.ts'], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toMatch(/BROKEN at entry #3/);
  });

  it('an administrator sees the log and checks the chain from the staff pages', async () => {
    const admin = await createUser(t.app.db, { role: 'administrator' });
    const { agent } = await signInAs(t, 'administrator');
    const page = await agent.get('/staff/audit');
    expect(page.status).toBe(200);
    expect(page.text).toContain('account.signed_in');
    const checked = await submitForm(agent, '/staff/audit', '/staff/audit/verify', {});
    expect(checked.status).toBe(200);
    expect(checked.text).toMatch(/chain is intact/);
    expect(admin.id).toBeGreaterThan(0);

    const { agent: coordinator } = await signInAs(t, 'coordinator');
    expect((await coordinator.get('/staff/audit')).status).toBe(403);
  });
});
