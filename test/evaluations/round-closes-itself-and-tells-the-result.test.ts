// At its closing time a round closes by itself (the portal's job), the result is applied once
// even if a coordinator closes it at the same moment, and the panel and the unit are emailed the
// result in their own languages, through a real SMTP server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClosingDeps } from '../../server/evaluations/closing.js';
import { closeDueRounds } from '../../server/evaluations/closing.js';
import { closeRound, issueBallots, openRound } from '../../server/evaluations/service.js';
import { castVote } from '../../server/evaluations/voting.js';
import { insertContact } from '../../server/units/repository.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser } from '../helpers/factories.js';
import { startSmtpServer, type SmtpCatcher } from '../helpers/mail.js';
import { DAY, reportedDone } from './support.js';

describe('closing a round at its time, and telling the result', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  beforeEach(async () => {
    smtp = await startSmtpServer();
    t = await buildTestApp({ env: { MAIL_URL: smtp.url } });
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  /** A rectification under review with a round of three codes, all cast 'satisfied'; the round closes a day on. */
  async function votedRound() {
    const { rectificationId, problemTitle } = await reportedDone(t, { title: 'Slow permits' });
    const unitId = (await t.app.db.selectFrom('rectifications').select('unit_id').executeTakeFirstOrThrow()).unit_id;
    await insertContact(t.app.db, unitId, { email: 'office@unit.example.org', name: null, locale: 'zh-CN' });
    const member = await t.app.db
      .insertInto('people')
      .values({
        name: 'Zhou Min',
        affiliation: 'npc_deputy',
        email: 'zhou@example.org',
        phone: null,
        locale: 'en',
        term_starts_on: null,
        term_ends_on: null,
        user_id: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const coordinator = await createUser(t.app.db, { role: 'coordinator' });
    const actor = { id: coordinator.id, label: coordinator.email };
    const opened = await openRound(t.app.db, actor, t.clock.now(), rectificationId, {
      opensAt: t.clock.now(),
      closesAt: new Date(t.clock.now().getTime() + DAY),
    });
    if (!opened.ok) throw new Error('not opened');
    const roundId = opened.value.roundId;
    const issued = await issueBallots(t.app.db, actor, t.clock.now(), roundId, [
      { personId: member.id, how: 'email' },
      { personId: null, how: 'slip' },
      { personId: null, how: 'slip' },
    ]);
    if (!issued.ok) throw new Error('not issued');
    for (const code of issued.value.codes)
      await castVote(t.app.db, t.clock, t.config.timeZone, { code, choice: 'satisfied', comment: null });

    return {
      roundId,
      problemTitle,
      actor,
      deps: {
        db: t.app.db,
        mailer: t.app.mailer,
        baseUrl: t.config.baseUrl,
        timeZone: t.config.timeZone,
      } as ClosingDeps,
    };
  }

  it('closes when its time has passed and emails the panel and the unit, each in their language', async () => {
    const { roundId, problemTitle, deps } = await votedRound();
    // Not yet: nothing closes before its time.
    expect(await closeDueRounds(deps, t.clock.now())).toBe(0);
    t.clock.advance(DAY);
    expect(await closeDueRounds(deps, t.clock.now())).toBe(1);
    expect((await t.app.db.selectFrom('rectifications').select('state').executeTakeFirstOrThrow()).state).toBe(
      'passed',
    );
    const mails = await smtp.waitFor(2);
    const byAddress = new Map(mails.map((m) => [m.to, m]));
    expect([...byAddress.keys()].sort()).toEqual(['office@unit.example.org', 'zhou@example.org']);
    expect(byAddress.get('zhou@example.org')!.subject).toBe(`Evaluation result: ${problemTitle}`);
    expect(byAddress.get('zhou@example.org')!.text).toContain(
      'Satisfied or basically satisfied: 100.0% of the valid votes',
    );
    expect(byAddress.get('office@unit.example.org')!.subject).toBe(`评议结果：${problemTitle}`);
    expect(byAddress.get('office@unit.example.org')!.text).toContain(`${t.config.baseUrl}/rounds/${roundId}/results`);
    // Closed once: a later pass finds nothing.
    expect(await closeDueRounds(deps, t.clock.now())).toBe(0);
  });

  it('applies the result once when the job and a coordinator close it at the same moment', async () => {
    const { roundId, actor, deps } = await votedRound();
    t.clock.advance(DAY);
    const [byJob, byHand] = await Promise.all([
      closeDueRounds(deps, t.clock.now()),
      closeRound(t.app.db, actor, t.clock.now(), roundId, t.config.timeZone),
    ]);
    const handClosed = byHand.ok ? 1 : 0;
    expect(byJob + handClosed).toBe(1);
    expect(
      await t.app.db.selectFrom('audit_log').select('id').where('action', '=', 'evaluation.closed').execute(),
    ).toHaveLength(1);
    expect(
      await t.app.db.selectFrom('audit_log').select('id').where('action', '=', 'rectification.passed').execute(),
    ).toHaveLength(1);
    expect(await t.app.db.selectFrom('looking_back_checks').select('id').execute()).toHaveLength(1);
  });
});
