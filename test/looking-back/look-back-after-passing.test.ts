// Months after a rectification passed, a coordinator looks back: holding confirms it, a relapse
// reopens it as the next round. Due checks are listed for coordinators and for the supervisors
// who watch the unit; both findings are on the public timeline.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeRound, issueBallots, openRound } from '../../server/evaluations/service.js';
import { castVote } from '../../server/evaluations/voting.js';
import { monthsAfter } from '../../server/looking-back/service.js';
import {
  commitRectification,
  reportDone,
  reportProgress,
  saveDraft,
  startRectification,
} from '../../server/rectifications/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, createUser, signInAs } from '../helpers/factories.js';
import { fieldError, submitForm } from '../helpers/forms.js';
import { createProblem } from '../problems/support.js';

describe('looking back after a rectification passed', () => {
  let t: TestApp;
  let unitId: number;
  let rectificationId: number;
  let checkId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    const campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db, { name: 'Watched Unit' });
    const u = await createUser(t.app.db, { role: 'coordinator' });
    const actor = { id: u.id, label: u.email };
    const all = { kind: 'all' } as const;
    const now = () => t.clock.now();
    const started = await startRectification(
      t.app.db,
      actor,
      now(),
      await createProblem(t, campaignId, unitId, { title: 'Gifts at festivals' }),
      all,
    );
    if (!started.ok) throw new Error('not started');
    rectificationId = started.value.id;
    await saveDraft(t.app.db, actor, now(), rectificationId, all, {
      responsible_person: 'Director',
      target_date: '2026-12-31',
      measures: [{ row: 0, id: null, description: 'No gifts', owner: 'Office', deadline: '2026-12-01', remove: false }],
    });
    await commitRectification(t.app.db, actor, now(), rectificationId);
    const m = await t.app.db.selectFrom('measures').select('id').executeTakeFirstOrThrow();
    await reportProgress(t.app.db, actor, now(), rectificationId, all, { note: 'Done.', percent: 100, done: [m.id] });
    await reportDone(t.app.db, actor, now(), rectificationId, all, 'Done.');
    const opened = await openRound(t.app.db, actor, now(), rectificationId, {
      opensAt: now(),
      closesAt: new Date(now().getTime() + 86_400_000),
    });
    if (!opened.ok) throw new Error('not opened');
    const issued = await issueBallots(t.app.db, actor, now(), opened.value.roundId, [
      { personId: null, how: 'slip' },
      { personId: null, how: 'slip' },
      { personId: null, how: 'slip' },
    ]);
    if (!issued.ok) throw new Error('not issued');
    for (const code of issued.value.codes)
      await castVote(t.app.db, t.clock, t.config.timeZone, { code, choice: 'satisfied', comment: null });
    await closeRound(t.app.db, actor, now(), opened.value.roundId, t.config.timeZone);
    checkId = (await t.app.db.selectFrom('looking_back_checks').select('id').executeTakeFirstOrThrow()).id;
  });
  afterEach(async () => t.close());

  it('schedules six months on, lists it for coordinators and watching supervisors only', async () => {
    expect(monthsAfter('2026-08-31', 6)).toBe('2027-02-28');
    expect(monthsAfter('2026-11-20', 6)).toBe('2027-05-20');
    const coordinator = (await signInAs(t, 'coordinator')).agent;
    expect((await coordinator.get('/staff/looking-back')).text).toContain('Gifts at festivals');
    const watching = (await signInAs(t, 'supervisor', { watches: [unitId] })).agent;
    const list = await watching.get('/staff/looking-back');
    expect(list.text).toContain('Gifts at festivals');
    expect(list.text).not.toContain(`/staff/looking-back/${checkId}"`); // reading, not recording
    expect((await watching.get(`/staff/looking-back/${checkId}`)).status).toBe(403);
    const elsewhere = (await signInAs(t, 'supervisor', { watches: [await createUnit(t.app.db)] })).agent;
    expect((await elsewhere.get('/staff/looking-back')).text).not.toContain('Gifts at festivals');
    expect((await (await signInAs(t, 'unit_officer', { unitId })).agent.get('/staff/looking-back')).status).toBe(403);
  });

  it('a relapse reopens it as round 2, on the public timeline, and is recorded once', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const empty = await submitForm(agent, `/staff/looking-back/${checkId}`, `/staff/looking-back/${checkId}`, {
      note: '',
    });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'note')).toBe('Enter this information');
    expect(empty.text).toContain('Choose what was found');

    const moved = await submitForm(agent, `/staff/looking-back/${checkId}`, `/staff/looking-back/${checkId}/due`, {
      due_on: '2027-06-30',
    });
    expect(moved.status).toBe(303);
    expect((await t.app.db.selectFrom('looking_back_checks').select('due_on').executeTakeFirstOrThrow()).due_on).toBe(
      '2027-06-30',
    );

    const relapsed = await submitForm(agent, `/staff/looking-back/${checkId}`, `/staff/looking-back/${checkId}`, {
      finding: 'relapsed',
      note: 'Gift boxes seen again at the spring festival.',
    });
    expect(relapsed.status).toBe(303);
    expect(await t.app.db.selectFrom('rectifications').select(['state', 'round']).executeTakeFirstOrThrow()).toEqual({
      state: 'in_progress',
      round: 2,
    });
    const timeline = await t.app.db
      .selectFrom('rectification_events')
      .select(['to_state', 'note'])
      .where('kind', '=', 'state')
      .orderBy('id')
      .execute();
    expect(timeline.slice(-2)).toEqual([
      { to_state: 'relapsed', note: 'Gift boxes seen again at the spring festival.' },
      { to_state: 'in_progress', note: null },
    ]);
    // Recorded once.
    expect((await agent.get(`/staff/looking-back/${checkId}`)).status).toBe(404);
  });

  it('holding confirms the rectification', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const held = await submitForm(agent, `/staff/looking-back/${checkId}`, `/staff/looking-back/${checkId}`, {
      finding: 'holding',
      note: 'Checked the register of gifts: none.',
    });
    expect(held.status).toBe(303);
    expect((await t.app.db.selectFrom('rectifications').select('state').executeTakeFirstOrThrow()).state).toBe(
      'confirmed',
    );
    expect((await agent.get('/staff/looking-back')).text).not.toContain('Gifts at festivals');
  });
});
