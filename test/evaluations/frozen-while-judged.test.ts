// While a round is open the representatives judge the rectification as it stood when the round
// opened (its fingerprint): no staff route changes its measures or progress, and each says why.
// The rectification's page leads coordinators to the open round, and the staff nav to all rounds
// and to the rectifications waiting for one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rectificationFingerprint } from '../../server/evaluations/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { signInAs } from '../helpers/factories.js';
import { fieldError, submitForm } from '../helpers/forms.js';
import { issueSlipsOverHttp, openRoundOverHttp, reportedDone, voteOverHttp, type Reported } from './support.js';

const FROZEN =
  'The rectification has been reported done and is before the representatives, who judge it as it stood then: its measures and progress cannot change until their round has closed';

describe('measures and progress are frozen while a round judges them', () => {
  let t: TestApp;
  let r: Reported;
  beforeEach(async () => {
    t = await buildTestApp();
    r = await reportedDone(t);
  });
  afterEach(async () => t.close());

  const snapshot = async () => ({
    measures: await t.app.db
      .selectFrom('measures')
      .selectAll()
      .where('rectification_id', '=', r.rectificationId)
      .orderBy('id')
      .execute(),
    progress: await t.app.db
      .selectFrom('progress_reports')
      .selectAll()
      .where('rectification_id', '=', r.rectificationId)
      .orderBy('id')
      .execute(),
    rectification: await t.app.db
      .selectFrom('rectifications')
      .selectAll()
      .where('id', '=', r.rectificationId)
      .executeTakeFirstOrThrow(),
  });

  it('refuses every change of measures or progress through the staff pages, and leads to the open round', async () => {
    const { agent: coordinator } = await signInAs(t, 'coordinator');
    // Waiting for a round: the staff nav leads to it.
    const home = await coordinator.get('/staff');
    expect(home.text).toContain('href="/staff/rounds"');
    const overview = await coordinator.get('/staff/rounds');
    expect(overview.status).toBe(200);
    expect(overview.text).toContain(`data-awaiting="${r.rectificationId}"`);
    expect(overview.text).toContain(`href="/staff/rectifications/${r.rectificationId}/rounds/new"`);

    const roundId = await openRoundOverHttp(t, coordinator, r.rectificationId);
    const opened = await t.app.db
      .selectFrom('evaluation_rounds')
      .select('fingerprint')
      .where('id', '=', roundId)
      .executeTakeFirstOrThrow();
    const before = await snapshot();

    // The rectification's page says why nothing changes now, and goes to the round.
    const show = await coordinator.get(`/staff/rectifications/${r.rectificationId}`);
    expect(show.text).toContain(
      'Evaluation round 1 is open: the representatives judge the rectification as it stood when the round opened',
    );
    expect(show.text).toContain(`href="/staff/rounds/${roundId}"`);
    expect(show.text).not.toContain(`/rounds/new"`);
    expect(show.text).not.toContain(`action="/staff/rectifications/${r.rectificationId}/progress"`);
    expect(show.text).not.toContain(`action="/staff/rectifications/${r.rectificationId}/done"`);
    const listed = await coordinator.get('/staff/rounds');
    expect(listed.text).not.toContain(`data-awaiting="${r.rectificationId}"`);
    expect(listed.text).toContain(`<tr data-round="${roundId}">`);
    expect(listed.text).toContain('Open for voting');

    // The unit officer, whose rectification it is, and the coordinator: both are refused, in words.
    const unitId = before.rectification.unit_id;
    const { agent: officer } = await signInAs(t, 'unit_officer', { unitId });
    const officerShow = await officer.get(`/staff/rectifications/${r.rectificationId}`);
    expect(officerShow.text).toContain('Evaluation round 1 is open');
    // Only coordinators are led to the round.
    expect(officerShow.text).not.toContain(`href="/staff/rounds/${roundId}"`);
    const measureIds = before.measures.map((m) => String(m.id));
    for (const agent of [officer, coordinator]) {
      const progress = await submitForm(
        agent,
        `/staff/rectifications/${r.rectificationId}`,
        `/staff/rectifications/${r.rectificationId}/progress`,
        { note: 'One more thing done.', percent: '100', done: measureIds },
      );
      expect(progress.status).toBe(422);
      expect(progress.text).toContain(FROZEN);
      const done = await submitForm(
        agent,
        `/staff/rectifications/${r.rectificationId}`,
        `/staff/rectifications/${r.rectificationId}/done`,
        { done_note: 'Done again.' },
      );
      expect(done.status).toBe(422);
      expect(done.text).toContain('Only a rectification in progress can be reported done');
      const edit = await agent.get(`/staff/rectifications/${r.rectificationId}/edit`);
      expect(edit.status).toBe(303);
      expect(edit.headers.location).toBe(`/staff/rectifications/${r.rectificationId}`);
      const draft = await submitForm(
        agent,
        `/staff/rectifications/${r.rectificationId}`,
        `/staff/rectifications/${r.rectificationId}/draft`,
        {
          responsible_person: 'Someone else',
          target_date: '2027-06-30',
          measures_0_id: measureIds[0]!,
          measures_0_description: 'A different promise',
          measures_0_owner: 'Nobody',
          measures_0_deadline: '2027-06-01',
        },
      );
      // Back to the rectification, which says why.
      expect(draft.status).toBe(303);
      expect(draft.headers.location).toBe(`/staff/rectifications/${r.rectificationId}`);
      expect((await agent.get(`/staff/rectifications/${r.rectificationId}`)).text).toContain(
        'The rectification is committed: its measures can no longer be changed.',
      );
    }
    // Empty or hostile progress is refused the same way: the form is not there to correct.
    for (const fields of [
      {},
      { note: '<script>alert(1)</script>', percent: 'lots', done: ['1; DROP TABLE measures'] },
    ] as Array<Record<string, string | string[]>>) {
      const bad = await submitForm(
        officer,
        `/staff/rectifications/${r.rectificationId}`,
        `/staff/rectifications/${r.rectificationId}/progress`,
        fields,
      );
      expect(bad.status).toBe(422);
      expect(bad.text).toContain(FROZEN);
      expect(fieldError(bad.text, 'note')).toBeNull();
      expect(bad.text).not.toContain('<script>alert(1)</script>');
    }

    // Nothing changed, and the fingerprint still matches what the round froze.
    expect(await snapshot()).toEqual(before);
    expect(await rectificationFingerprint(t.app.db, r.rectificationId)).toBe(opened.fingerprint);

    // Once the round has closed (here: passed), the page no longer offers an open round.
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 1);
    await voteOverHttp(t.agent(), slips[0]!.code, { choice: 'satisfied', confirm: '1' });
    expect(
      (await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/close`, {})).status,
    ).toBe(303);
    const after = await coordinator.get(`/staff/rectifications/${r.rectificationId}`);
    expect(after.text).not.toContain('Evaluation round 1 is open');
    expect(after.text).not.toContain(`href="/staff/rounds/${roundId}"`);
    expect(after.text).toContain(`href="/staff/rectifications/${r.rectificationId}/rounds"`);
    expect((await coordinator.get('/staff/rounds')).text).toContain(`href="/rounds/${roundId}/results">Passed</a>`);
  });

  it('the rounds overview is for coordinators and administrators only', async () => {
    for (const role of ['supervisor', 'unit_officer'] as const) {
      const { agent } = await signInAs(t, role);
      expect((await agent.get('/staff/rounds')).status, role).toBe(403);
      expect((await agent.get('/staff')).text, role).not.toContain('href="/staff/rounds"');
    }
    expect((await t.agent().get('/staff/rounds')).status).not.toBe(200);
    const { agent: admin } = await signInAs(t, 'administrator');
    expect((await admin.get('/staff/rounds')).status).toBe(200);
  });
});
