// `npm run demo`: the demo campaign loads into an empty database through the portal's own
// use-cases (so what a newcomer tries over HTTP works: the printed password signs in, a printed
// ballot code votes, a printed tracking code tracks), and refuses a database that has data,
// writing nothing, in-process and as the real script.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../server/opinions/channels.js';
import { RECTIFICATION_STATES } from '../../server/rectifications/state.js';
import { DatabaseNotEmpty, loadDemo, type DemoResult } from '../../server/demo/load.js';
import { formatReport } from '../../server/demo/report.js';
import { localDay } from '../../server/i18n/format.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUnit } from '../helpers/factories.js';
import { browserBody, hiddenFields, submitForm } from '../helpers/forms.js';

const SEED = 7;

async function everyCount(t: TestApp): Promise<Record<string, number>> {
  const tables = (await t.app.db.introspection.getTables()).map((x) => x.name).filter((n) => !n.startsWith('kysely_'));
  const out: Record<string, number> = {};
  for (const name of tables) {
    out[name] = Number(
      (
        await t.app.db
          .selectFrom(name as 'units')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }
  return out;
}

describe('the demo campaign on an empty database', () => {
  let t: TestApp;
  let demo: DemoResult;

  beforeAll(async () => {
    t = await buildTestApp();
    demo = await loadDemo(t.app.db, {
      seed: SEED,
      today: localDay(t.clock.now(), t.config.timeZone),
      timeZone: t.config.timeZone,
    });
    // The portal starts after the demo was loaded.
    t.clock.set(new Date(demo.now.getTime() + 3600_000));
  }, 120_000);
  afterAll(async () => t.close());

  it('loads what it says: every channel in both languages, about 20 problems at three levels, every rectification state, each kind of round', async () => {
    const s = demo.summary;
    expect(s.opinions).toBeGreaterThanOrEqual(1250);
    expect(s.opinions).toBeLessThanOrEqual(1350);
    expect(Object.keys(s.opinionsByChannel).sort()).toEqual([...CHANNELS].sort());
    for (const c of CHANNELS) expect(s.opinionsByChannel[c]).toBeGreaterThan(10);
    expect(s.opinionsByLocale.en).toBeGreaterThan(100);
    expect(s.opinionsByLocale['zh-CN']).toBeGreaterThan(800);
    expect(s.opinionsByState).toMatchObject({
      received: expect.any(Number),
      triaged: expect.any(Number),
      linked: expect.any(Number),
      duplicate: expect.any(Number),
      not_actionable: expect.any(Number),
    });
    expect(s.opinionsByState.linked).toBeGreaterThan(1000);
    expect(s.problems).toBeGreaterThanOrEqual(18);
    expect(s.problems).toBeLessThanOrEqual(22);
    expect(Object.keys(s.problemLevels).sort()).toEqual(['individual', 'organisation', 'unit']);
    expect(s.rectificationStatesReached).toEqual([...RECTIFICATION_STATES].sort());
    expect(Object.keys(s.rectificationsByState).sort()).toEqual([
      'committed',
      'confirmed',
      'draft',
      'in_progress',
      'passed',
      'reported_done',
      'under_review',
    ]);
    expect(s.roundsByOutcome).toEqual({ PASS: 4, REDO: 1, NO_QUORUM: 1, OPEN: 1 });
    expect(s.paperTallies).toBeGreaterThan(0);
    expect(s.auditIntact).toBe(true);

    // What the summary says is what the database holds.
    const db = t.app.db;
    expect(
      Number(
        (
          await db
            .selectFrom('opinions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(s.opinions);
    const anonymous = await db.selectFrom('opinions').select('id').where('anonymous', '=', 1).execute();
    const withContacts = await db
      .selectFrom('opinions')
      .select('id')
      .where('submitter_phone', 'is not', null)
      .execute();
    const namingRule = await db.selectFrom('opinions').select('id').where('conduct_rule_id', 'is not', null).execute();
    expect(anonymous.length).toBeGreaterThan(300);
    expect(withContacts.length).toBeGreaterThan(100);
    expect(namingRule.length).toBeGreaterThan(50);
    expect(await db.selectFrom('conduct_rules').select('id').execute()).toHaveLength(8);
    const roles = await db.selectFrom('users').select('role').distinct().execute();
    expect(roles.map((r) => r.role).sort()).toEqual(['administrator', 'coordinator', 'supervisor', 'unit_officer']);
    // One check holding, one relapsed, one due by now.
    const today = localDay(t.clock.now(), t.config.timeZone);
    const findings = s.lookingBack.map((c) => c.finding);
    expect(findings).toContain('holding');
    expect(findings).toContain('relapsed');
    expect(s.lookingBack.some((c) => c.finding === null && c.due_on <= today)).toBe(true);
    // Some measures are overdue: past their deadline and not done.
    const overdue = await db
      .selectFrom('measures')
      .select('id')
      .where('done_at', 'is', null)
      .where('deadline', '<', today)
      .execute();
    expect(overdue.length).toBeGreaterThan(0);
  });

  it('sends no mail', () => {
    expect(fs.existsSync(path.join(t.dataDir, 'outbox'))).toBe(false);
  });

  it('prints each account once with a password that signs in over HTTP', async () => {
    expect(demo.accounts.map((a) => a.role).sort()).toEqual([
      'administrator',
      'coordinator',
      'coordinator',
      'supervisor',
      'supervisor',
      'unit_officer',
      'unit_officer',
      'unit_officer',
      'unit_officer',
    ]);
    const report = formatReport(demo, { baseUrl: t.config.baseUrl, seconds: 1, seed: SEED });
    for (const a of demo.accounts) expect(report).toContain(a.password);

    // The first-run page is gone: the demo made the administrator.
    expect((await request(t.app.server).get('/setup')).status).toBe(404);

    for (const role of ['coordinator', 'unit_officer'] as const) {
      const account = demo.accounts.find((a) => a.role === role)!;
      const agent = t.agent();
      const res = await submitForm(agent, '/login', '/login', { email: account.login, password: account.password });
      expect(res.status).toBe(303);
      expect((await agent.get('/staff')).status).toBe(200);
    }
    const wrong = await submitForm(t.agent(), '/login', '/login', {
      email: demo.accounts[0]!.login,
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
  });

  it('prints unused ballot codes of the open round that vote over HTTP, once', async () => {
    expect(demo.ballotCodes.length).toBeGreaterThanOrEqual(5);
    const voter = t.agent();
    const page = await voter.get(`/vote?code=${encodeURIComponent(demo.ballotCodes[0]!)}`);
    expect(page.status).toBe(200);
    const cast = await voter
      .post('/vote')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(browserBody({ ...hiddenFields(page.text), choice: 'satisfied', confirm: '1' }));
    expect(cast.status).toBeLessThan(400);
    expect(cast.text).toContain('data-receipt');
    const votes = await t.app.db
      .selectFrom('votes')
      .select('receipt')
      .where('round_id', '=', demo.openRoundId)
      .execute();
    expect(votes.length).toBe(11);
    // Used now: a second try is refused.
    const again = await t.agent().get(`/vote?code=${encodeURIComponent(demo.ballotCodes[0]!)}`);
    expect(again.status).toBeGreaterThanOrEqual(400);
  });

  it('adds two questionnaires, one the three-degree form by invitation code, with about a hundred answer sheets', async () => {
    expect(demo.summary.surveys).toBe(2);
    const sheets = (demo.summary.surveyAnswers.online ?? 0) + (demo.summary.surveyAnswers.paper ?? 0);
    expect(sheets).toBe(100);
    expect(demo.summary.surveyAnswers.paper).toBeGreaterThan(0);
    expect(demo.surveyCodes.length).toBeGreaterThanOrEqual(3);
    const page = await request(t.app.server).get(
      `/questionnaires/${demo.surveyId}?code=${encodeURIComponent(demo.surveyCodes[0]!)}`,
    );
    expect(page.status).toBe(200);
    const used = await t.app.db
      .selectFrom('survey_codes')
      .select('id')
      .where('survey_id', '=', demo.surveyId)
      .where('used', '=', 1)
      .execute();
    expect(used.length).toBe(45);
  });

  it('prints tracking codes the public can follow', async () => {
    expect(demo.trackingCodes.length).toBe(5);
    for (const { code } of demo.trackingCodes) {
      const res = await request(t.app.server).get(`/track/${code}`);
      expect(res.status, code).toBe(200);
    }
    const setAside = demo.trackingCodes.find((c) => c.what.includes('not actionable'))!;
    const page = await request(t.app.server).get(`/track/${setAside.code}`);
    const reasons = await t.app.db
      .selectFrom('opinion_events')
      .select('note')
      .where('to_state', '=', 'not_actionable')
      .execute();
    expect(reasons.some((r) => r.note !== null && page.text.includes(r.note))).toBe(true);
  });

  it('is the same campaign for the same seed', async () => {
    const again = await buildTestApp();
    try {
      const second = await loadDemo(again.app.db, {
        seed: SEED,
        today: localDay(again.clock.now(), again.config.timeZone),
        timeZone: again.config.timeZone,
      });
      const bodies = (x: TestApp) =>
        x.app.db.selectFrom('opinions').select(['body', 'channel', 'state', 'received_at']).orderBy('id').execute();
      expect(await bodies(again)).toEqual(await bodies(t));
      expect(second.summary.opinionsByState).toEqual(demo.summary.opinionsByState);
    } finally {
      await again.close();
    }
  }, 120_000);
});

describe('the demo on a database that has data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    await createUnit(t.app.db, { name: 'A real unit' });
  });
  afterAll(async () => t.close());

  it('refuses in-process and writes nothing', async () => {
    const before = await everyCount(t);
    const auditBefore = await t.app.db.selectFrom('audit_log').selectAll().execute();
    await expect(
      loadDemo(t.app.db, { seed: SEED, today: '2026-11-20', timeZone: t.config.timeZone }),
    ).rejects.toBeInstanceOf(DatabaseNotEmpty);
    expect(await everyCount(t)).toEqual(before);
    expect(await t.app.db.selectFrom('audit_log').selectAll().execute()).toEqual(auditBefore);
  });

  it('refuses as the real script: a non-zero exit code, a clear message, nothing written', async () => {
    const before = await everyCount(t);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--seed', '3'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      // Not vitest's environment (it sets BASE_URL to '/'): what an operator's shell would have.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: t.config.databaseUrl, DATA_DIR: t.dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toContain('The database is not empty (1 units)');
    expect(run.stdout).not.toContain('PASSWORD');
    expect(await everyCount(t)).toEqual(before);
  }, 70_000);
});
