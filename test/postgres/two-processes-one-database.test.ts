// Several portal processes in front of one PostgreSQL, as a large deployment runs: two real
// processes on one database and one data folder. A session begun on one is honoured by the
// other; a rate limit counts a client's requests to both together; the scheduled jobs that
// both run send an overdue reminder once and close a round once; and opinions sent to both at
// the same time leave one unbroken audit chain. (Runs on the PostgreSQL run of the suite.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { verify } from '../../server/audit/service.js';
import { ManualClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { openRound } from '../../server/evaluations/service.js';
import { insertContact } from '../../server/units/repository.js';
import type { TestApp } from '../helpers/app.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { hiddenFields } from '../helpers/forms.js';
import { startSmtpServer, type SmtpCatcher } from '../helpers/mail.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { PortalProcess, Visitor } from '../durability/portal-process.js';
import { DAY, reportedDone } from '../evaluations/support.js';
import { coordinator, promised } from '../reminders/support.js';

const day = (d: Date) => d.toISOString().slice(0, 10);

describe('two portal processes on one PostgreSQL database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-two-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let smtp: SmtpCatcher;
  let a: PortalProcess;
  let b: PortalProcess;
  let baseA = '';
  let baseB = '';
  let staffEmail = '';
  let campaignId = 0;
  let roundId = 0;

  // Set up through the use-cases, twenty days back, so that by now a measure is overdue and a
  // round's closing time has passed: both processes' jobs find work the moment they start.
  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpServer();
    const realNow = new Date();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      JOBS_IN_PROCESS: 'false',
    });
    const clock = new ManualClock(new Date(realNow.getTime() - 20 * DAY));
    const app = await buildApp({ config, clock });
    const t = { app, config, clock, dataDir } as TestApp;
    const reported = await reportedDone(t, { title: 'Slow permits' });
    campaignId = reported.campaignId;
    await app.db
      .updateTable('campaigns')
      .set({
        starts_on: day(new Date(realNow.getTime() - 30 * DAY)),
        ends_on: day(new Date(realNow.getTime() + 365 * DAY)),
      })
      .where('id', '=', campaignId)
      .execute();
    const opened = await openRound(app.db, { id: null, label: 'system' }, clock.now(), reported.rectificationId, {
      opensAt: clock.now(),
      closesAt: new Date(realNow.getTime() - 60_000),
    });
    if (!opened.ok) throw new Error('round not opened');
    roundId = opened.value.roundId;
    const roundUnit = (
      await app.db
        .selectFrom('rectifications')
        .select('unit_id')
        .where('id', '=', reported.rectificationId)
        .executeTakeFirstOrThrow()
    ).unit_id;
    await insertContact(app.db, roundUnit, { email: 'hall@unit.example.org', name: null, locale: 'en' });

    const late = await promised(t, await coordinator(t), {
      campaignId,
      unitId: roundUnit,
      title: 'Broken lift at the clinic',
      measures: [{ description: 'Repair the lift', deadline: day(new Date(realNow.getTime() - 10 * DAY)) }],
    });
    expect(late.id).toBeGreaterThan(0);
    await createUser(app.db, { role: 'administrator' });
    staffEmail = (await createUser(app.db, { role: 'coordinator', name: 'Liu Two-Processes' })).email;
    await app.close();

    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      JOBS_IN_PROCESS: 'true',
      TRUST_PROXY: 'true',
      NODE_ENV: 'production',
      MAIL_URL: smtp.url,
    };
    a = new PortalProcess(env);
    b = new PortalProcess(env);
    [baseA, baseB] = await Promise.all([a.start(), b.start()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await smtp?.close();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('honours on one process a session begun on the other', async () => {
    const v = new Visitor('10.0.0.1');
    const page = await v.fetch(baseA, '/login');
    expect(page.status).toBe(200);
    const signedIn = await v.fetch(baseA, '/login', {
      method: 'POST',
      form: { ...hiddenFields(await page.text()), email: staffEmail, password: PASSWORD },
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/staff');
    const staff = await v.fetch(baseB, '/staff');
    expect(staff.status).toBe(200);
    expect(await staff.text()).toContain('Liu Two-Processes');
    // And signing out on B ends it on A too.
    const out = await v.fetch(baseB, '/logout', {
      method: 'POST',
      form: hiddenFields(await (await v.fetch(baseB, '/staff')).text()),
    });
    expect(out.status).toBe(303);
    const after = await v.fetch(baseA, '/staff');
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  it("counts a client's sign-in attempts on both processes against one limit (20 in 15 minutes)", async () => {
    const v = new Visitor('10.0.0.2');
    const form = hiddenFields(await (await v.fetch(baseA, '/login')).text());
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await v.fetch(i % 2 === 0 ? baseA : baseB, '/login', {
        method: 'POST',
        form: { ...form, email: `nobody${i}@example.org`, password: 'wrong password' },
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
  });

  it('sends an overdue reminder once and closes a due round once, though both processes run the jobs', async () => {
    // Both started at once and each ran both jobs on start; the round's result goes to the unit's contact.
    const mails = await smtp.waitFor(2);
    // A moment more, in case a second process's copy were on its way.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const subjects = mails.map((m) => m.subject).sort();
    expect(subjects).toHaveLength(2);
    expect(subjects.filter((s) => s.startsWith('Evaluation result: Slow permits'))).toHaveLength(1);
    expect(subjects.filter((s) => s.includes('Broken lift at the clinic'))).toHaveLength(1);
    const v = new Visitor('10.0.0.3');
    expect((await v.fetch(baseB, `/rounds/${roundId}/results`)).status).toBe(200);
  });

  it('keeps one unbroken audit chain when both take opinions at the same moment', async () => {
    const send = async (base: string, n: number) => {
      const v = new Visitor(`10.1.0.${n}`);
      const html = await (await v.fetch(base, '/opinions/new')).text();
      const res = await v.fetch(base, '/opinions', {
        method: 'POST',
        form: { ...hiddenFields(html), identity: 'anonymous', body: `Opinion ${n} sent to two processes at once.` },
      });
      await res.arrayBuffer();
      return res.status;
    };
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, n) => send(n % 2 === 0 ? baseA : baseB, n + 1)));
    expect(statuses).toEqual(Array(30).fill(303));

    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      JOBS_IN_PROCESS: 'false',
    });
    const app = await buildApp({ config, clock: new ManualClock(new Date()) });
    try {
      const opinions = await app.db
        .selectFrom('opinions')
        .select('body')
        .where('body', 'like', '% sent to two processes at once.')
        .execute();
      expect(opinions).toHaveLength(30);
      const entries = await app.db.selectFrom('audit_log').select('id').execute();
      expect(await verify(app.db)).toEqual({ ok: true, count: entries.length });
      expect(
        await app.db.selectFrom('audit_log').select('id').where('action', '=', 'opinion.received').execute(),
      ).toHaveLength(30);
    } finally {
      await app.close();
    }
  });
});
