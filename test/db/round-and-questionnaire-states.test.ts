// The database keeps the life cycles of evaluation rounds and questionnaires: no state outside
// their lists (CHECK), no way back (0012's triggers); and the use-cases answer a conflict rather
// than trying a move their state module does not allow. On the database of the run.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeRound, openRound } from '../../server/evaluations/service.js';
import {
  commitRectification,
  reportDone,
  reportProgress,
  saveDraft,
  startRectification,
} from '../../server/rectifications/service.js';
import { buildSurvey, publishSurvey } from '../../server/surveys/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, createUser } from '../helpers/factories.js';
import { createProblem } from '../problems/support.js';

describe('round and questionnaire states in the database', () => {
  let t: TestApp;
  let actor: { id: number; label: string };
  let campaignId: number;
  const all = { kind: 'all' } as const;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    const coordinator = await createUser(t.app.db, { role: 'coordinator' });
    actor = { id: coordinator.id, label: coordinator.email };
  });
  afterEach(async () => t.close());

  async function openedRound(): Promise<number> {
    const now = () => t.clock.now();
    const unitId = await createUnit(t.app.db);
    const problemId = await createProblem(t, campaignId, unitId);
    const started = await startRectification(t.app.db, actor, now(), problemId, all);
    if (!started.ok) throw new Error('not started');
    const id = started.value.id;
    await saveDraft(t.app.db, actor, now(), id, all, {
      responsible_person: 'Director',
      target_date: '2026-12-31',
      measures: [{ row: 0, id: null, description: 'Fix it', owner: 'Office', deadline: '2026-12-01', remove: false }],
    });
    await commitRectification(t.app.db, actor, now(), id);
    const measure = await t.app.db.selectFrom('measures').select('id').executeTakeFirstOrThrow();
    await reportProgress(t.app.db, actor, now(), id, all, { note: 'Fixed.', percent: 100, done: [measure.id] });
    await reportDone(t.app.db, actor, now(), id, all, 'All done.');
    const opened = await openRound(t.app.db, actor, now(), id, {
      opensAt: now(),
      closesAt: new Date(now().getTime() + 86_400_000),
    });
    if (!opened.ok) throw new Error('not opened');
    return opened.value.roundId;
  }

  it('refuses a round state outside the list, and a closed round opened again', async () => {
    const roundId = await openedRound();
    await expect(
      sql`update evaluation_rounds set state = 'reopened' where id = ${roundId}`.execute(t.app.db),
    ).rejects.toThrow(/check constraint/i);
    expect((await closeRound(t.app.db, actor, t.clock.now(), roundId, t.config.timeZone)).ok).toBe(true);
    // Closed already: a conflict, and nothing written.
    expect(await closeRound(t.app.db, actor, t.clock.now(), roundId, t.config.timeZone)).toEqual({
      ok: false,
      refusal: 'conflict',
      reason: 'closed',
    });
    await expect(
      sql`update evaluation_rounds set state = 'open', outcome = null, closed_at = null where id = ${roundId}`.execute(
        t.app.db,
      ),
    ).rejects.toThrow(/stays closed/);
    const round = await t.app.db
      .selectFrom('evaluation_rounds')
      .select(['state'])
      .where('id', '=', roundId)
      .executeTakeFirstOrThrow();
    expect(round.state).toBe('closed');
    const closes = await t.app.db
      .selectFrom('audit_log')
      .select(['from_state', 'to_state'])
      .where('action', '=', 'evaluation.closed')
      .execute();
    expect(closes).toEqual([{ from_state: 'open', to_state: 'closed' }]);
  });

  it('refuses a questionnaire state outside the list, and a published one turned back into a draft', async () => {
    const id = await buildSurvey(t.app.db, actor, t.clock.now(), {
      campaignId,
      unitId: null,
      title: 'Q',
      opensOn: '2026-01-01',
      closesOn: '2026-12-31',
      access: 'anyone',
      locale: 'en',
      publish: false,
    });
    await expect(sql`update surveys set state = 'closed' where id = ${id}`.execute(t.app.db)).rejects.toThrow(
      /check constraint/i,
    );
    expect((await publishSurvey(t.app.db, actor, t.clock.now(), id)).ok).toBe(true);
    expect(await publishSurvey(t.app.db, actor, t.clock.now(), id)).toEqual({
      ok: false,
      refusal: 'conflict',
      reason: 'already_published',
    });
    await expect(
      sql`update surveys set state = 'draft', published_at = null where id = ${id}`.execute(t.app.db),
    ).rejects.toThrow(/stays published/);
    const survey = await t.app.db
      .selectFrom('surveys')
      .select(['state'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(survey.state).toBe('published');
  });
});
