// A failed round is done again, not merely judged again: the unit cannot report it done at once,
// it revises its measures (reopens or adds at least one, with new deadlines), a coordinator
// approves the revision, the notice shows it beside the original, and then it can be reported
// done. Through the pages, on the real database, with the coordinators told by mail.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createUser, signInAs } from '../helpers/factories.js';
import { browserBody, escaped, fieldError, HOSTILE, inputValue, submitForm, textareaValue } from '../helpers/forms.js';
import { readOutbox } from '../helpers/mail.js';
import { htmlProblems } from '../helpers/html.js';
import {
  issueSlipsOverHttp,
  openRoundOverHttp,
  reportedDone,
  voteOverHttp,
  type Reported,
} from '../evaluations/support.js';
import { measureIds, onPage, rectificationRow } from './support.js';

const revise = (agent: request.Agent, id: number, fields: Record<string, string>) =>
  submitForm(agent, `/staff/rectifications/${id}/revision`, `/staff/rectifications/${id}/revision`, fields);

/** Fails the rectification's round through the pages: one satisfied vote of three. */
async function failRound(t: TestApp, coordinator: request.Agent, rectificationId: number) {
  const roundId = await openRoundOverHttp(t, coordinator, rectificationId);
  const { slips } = await issueSlipsOverHttp(coordinator, roundId, 3);
  for (const [i, choice] of ['satisfied', 'dissatisfied', 'dissatisfied'].entries())
    expect((await voteOverHttp(t.agent(), slips[i]!.code, { choice, confirm: '1' })).status).toBe(200);
  expect((await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/close`, {})).status).toBe(
    303,
  );
}

/** The message in the error summary of a page that came back with a refusal for the whole form. */
const summaryHas = (html: string, message: string) =>
  html.includes('class="error-summary"') && html.includes(escaped(message));

describe('a rectification that fails its round is done again', () => {
  let t: TestApp;
  let r: Reported;
  let coordinator: request.Agent;
  let officer: request.Agent;
  beforeEach(async () => {
    t = await buildTestApp();
    r = await reportedDone(t, { title: 'Long waits at the windows' });
    coordinator = (await signInAs(t, 'coordinator')).agent;
    await createUser(t.app.db, { role: 'coordinator', email: 'li.na@example.org', name: '李娜', locale: 'zh-CN' });
    officer = (await signInAs(t, 'unit_officer', { unitId: (await rectificationRow(t, r.rectificationId)).unit_id }))
      .agent;
    await failRound(t, coordinator, r.rectificationId);
  });
  afterEach(async () => t.close());

  it('is refused as done at once, revised, approved, shown beside the original, then reported done', async () => {
    const id = r.rectificationId;
    expect(await rectificationRow(t, id)).toMatchObject({ state: 'in_progress', round: 2 });
    const [first, second] = await measureIds(t, id);

    // Every measure is still done from round 1, yet it cannot be reported done again as it was.
    const page = await officer.get(`/staff/rectifications/${id}`);
    expect(page.text).toContain('data-revision-needed');
    expect(page.text).not.toContain(`action="/staff/rectifications/${id}/done"`);
    const atOnce = await onPage(officer, id, 'done', { done_note: 'Nothing changed, but done.' });
    expect(atOnce.status).toBe(422);
    expect(
      summaryHas(
        atOnce.text,
        'This rectification did not pass its round, or relapsed: it must be done again. Revise its measures (add or reopen at least one, with a new deadline) and have a coordinator approve the revision before reporting it done.',
      ),
    ).toBe(true);
    expect((await rectificationRow(t, id)).state).toBe('in_progress');

    // The revision form: no change at all, a missing reason, hostile text, bad and past dates.
    expect((await officer.get(`/staff/rectifications/${id}/revision`)).status).toBe(200);
    const nothing = await revise(officer, id, { reason: '', target_date: '2027-03-31' });
    expect(nothing.status).toBe(422);
    expect(fieldError(nothing.text, 'reason')).toBe('Enter this information');
    expect(fieldError(nothing.text, 'added_0_description')).toBe('Reopen at least one measure or add a new one');
    expect(inputValue(nothing.text, 'target_date')).toBe('2027-03-31');

    const hostile = await revise(officer, id, {
      reason: HOSTILE.script,
      target_date: '2027-03-31',
      reopen_0_id: String(first),
      reopen_0_on: '1',
      reopen_0_deadline: '',
      added_0_description: HOSTILE.html,
      added_0_owner: HOSTILE.sql,
      added_0_deadline: '2027-02-30',
      added_1_description: 'After the target date',
      added_1_owner: 'Hall office',
      added_1_deadline: '2027-04-01',
    });
    expect(hostile.status).toBe(422);
    expect(await htmlProblems(hostile.text)).toEqual([]);
    expect(hostile.text).not.toContain(HOSTILE.script);
    expect(hostile.text).not.toContain(HOSTILE.html);
    expect(textareaValue(hostile.text, 'reason')).toBe(escaped(HOSTILE.script));
    expect(textareaValue(hostile.text, 'added_0_description')).toBe(escaped(HOSTILE.html));
    expect(inputValue(hostile.text, 'added_0_owner')).toBe(escaped(HOSTILE.sql));
    expect(fieldError(hostile.text, 'reopen_0_deadline')).toBe('Enter this information');
    expect(fieldError(hostile.text, 'added_0_deadline')).toBe('Enter a real date');
    expect(fieldError(hostile.text, 'added_1_deadline')).toBe(
      escaped("The deadline is after the rectification's target date"),
    );
    expect(hostile.text).toMatch(/<input type="checkbox" id="field-reopen_0_on" name="reopen_0_on" value="1" checked>/);

    // Checked against the rectification: a past deadline, the same deadline, a measure not its own.
    const checked = await revise(officer, id, {
      reason: 'Waits are long again on market days.',
      target_date: '2027-03-31',
      reopen_0_id: String(first),
      reopen_0_on: '1',
      reopen_0_deadline: '2026-11-01',
      reopen_1_id: '999999',
      reopen_1_on: '1',
      reopen_1_deadline: '2027-01-15',
    });
    expect(checked.status).toBe(422);
    expect(fieldError(checked.text, 'reopen_0_deadline')).toBe('Give a date from today on');
    expect(fieldError(checked.text, 'reopen_1_deadline')).toBe('That measure is not part of this rectification');
    expect(await t.app.db.selectFrom('rectification_submissions').selectAll().execute()).toEqual([]);

    // Without the form's token, nothing is taken.
    const forged = await officer
      .post(`/staff/rectifications/${id}/revision`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(
        browserBody({
          reason: 'x',
          target_date: '2027-03-31',
          added_0_description: 'x',
          added_0_owner: 'x',
          added_0_deadline: '2027-01-01',
        }),
      );
    expect(forged.status).toBe(403);

    const sent = await revise(officer, id, {
      reason: 'Waits are long again on market days.\nA second window opens on those days.',
      target_date: '2027-03-31',
      reopen_0_id: String(first),
      reopen_0_on: '1',
      reopen_0_deadline: '2027-02-01',
      reopen_1_id: String(second),
      added_0_description: 'Open a second window on market days',
      added_0_owner: 'Hall office',
      added_0_deadline: '2027-03-01',
    });
    expect(sent.status, sent.text.slice(0, 500)).toBe(303);

    // Every coordinator is told, in their own language; the revision waits on their list.
    const mail = (await readOutbox(t.dataDir)).filter((m) => m.subject.includes('Long waits at the windows'));
    const en = mail.filter(
      (m) => m.language === 'en' && m.subject === 'Waiting for your approval: Long waits at the windows',
    );
    const zh = mail.filter((m) => m.to === 'li.na@example.org');
    expect(en.length).toBeGreaterThanOrEqual(2);
    expect(zh).toHaveLength(1);
    expect(zh[0]!.subject).toBe('等待您批准：Long waits at the windows');
    expect(zh[0]!.text).toContain('第2轮修改后的整改措施等待您批准');
    expect(en[0]!.text).toContain('for round 2, wait for your approval');
    expect(en[0]!.text).toContain(`http://portal.test/staff/rectifications/${id}`);
    expect(en[0]!.html).toContain(`href="http://portal.test/staff/rectifications/${id}"`);
    const list = await coordinator.get('/staff/rectifications');
    expect(list.text).toContain(`data-awaiting-item="${id}"`);
    expect(await htmlProblems(list.text)).toEqual([]);
    expect(await htmlProblems((await coordinator.get(`/staff/rectifications/${id}`)).text)).toEqual([]);
    expect(list.text).toContain('revision for round 2');

    // Not public, not applied, and still not reportable as done until it is approved.
    expect((await t.agent().get(`/notices/${id}`)).text).not.toContain('Open a second window');
    expect(
      await t.app.db.selectFrom('measures').select('id').where('rectification_id', '=', id).execute(),
    ).toHaveLength(2);
    const waiting = await onPage(officer, id, 'done', { done_note: 'Done.' });
    expect(waiting.status).toBe(422);
    expect(
      summaryHas(
        waiting.text,
        "The revision of the measures is waiting for a coordinator's approval. Once it is approved and every measure is done, report it done.",
      ),
    ).toBe(true);
    // Only a coordinator approves it.
    expect((await onPage(officer, id, 'revision/approve' as 'approve')).status).toBe(403);

    const approved = await onPage(coordinator, id, 'revision/approve' as 'approve');
    expect(approved.status).toBe(303);
    expect((await coordinator.get('/staff/rectifications')).text).not.toContain(`data-awaiting-item="${id}"`);
    const measures = await t.app.db
      .selectFrom('measures')
      .select(['id', 'description', 'deadline', 'done_at'])
      .where('rectification_id', '=', id)
      .orderBy('position')
      .execute();
    expect(measures.map((m) => [m.deadline, m.done_at === null])).toEqual([
      ['2027-02-01', true],
      ['2026-12-20', false],
      ['2027-03-01', true],
    ]);
    expect((await rectificationRow(t, id)).target_date).toBe('2027-03-31');

    // The notice shows the revision beside the original: why, what was reopened (and its old deadline), what was added.
    const notice = await t.agent().get(`/notices/${id}`);
    expect(notice.status).toBe(200);
    expect(await htmlProblems(notice.text)).toEqual([]);
    expect(await htmlProblems((await coordinator.get(`/staff/rectifications/${id}`)).text)).toEqual([]);
    expect(notice.text).toContain('Done again: the revised measures');
    expect(notice.text).toContain('Revised for round 2, approved on');
    expect(notice.text).toContain('<p>A second window opens on those days.</p>');
    expect(notice.text).toMatch(
      /data-change="reopened"><strong>Reopened:<\/strong> Publish the time limits at every window[\s\S]*?deadline Feb 1, 2027 · originally due Dec 1, 2026 · reported done on Nov 20, 2026/,
    );
    expect(notice.text).toMatch(/data-change="added"><strong>Added:<\/strong> Open a second window on market days/);
    expect(notice.text).toContain('data-event="revised"');
    const zhNotice = await t.agent().get(`/notices/${id}`).set('Accept-Language', 'zh-CN');
    expect(zhNotice.text).toContain('重新整改：修改后的措施');

    // Now it is the work: the open measures first, then reported done.
    const early = await onPage(officer, id, 'done', { done_note: 'Done.' });
    expect(early.status).toBe(422);
    expect(fieldError(early.text, 'done_note')).toBe(
      '2 measures are not done yet: mark them done in a progress report first',
    );
    expect(
      (
        await onPage(officer, id, 'progress', {
          note: 'Limits posted again; second window open.',
          percent: '100',
          done: [String(first), String(measures[2]!.id)],
        })
      ).status,
    ).toBe(303);
    expect((await onPage(officer, id, 'done', { done_note: 'Done again, with the second window.' })).status).toBe(303);
    expect(await rectificationRow(t, id)).toMatchObject({ state: 'reported_done', round: 2 });
    const actions = (
      await t.app.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'rectification')
        .where('entity_id', '=', String(id))
        .orderBy('id')
        .execute()
    ).map((a) => a.action);
    expect(actions.slice(-4)).toEqual([
      'rectification.revision_submitted',
      'rectification.revision_approved',
      'rectification.progress',
      'rectification.reported_done',
    ]);
  });

  it('a returned revision says why to the unit, which sends a new one', async () => {
    const id = r.rectificationId;
    const [first] = await measureIds(t, id);
    const fields = {
      reason: 'Reopened.',
      target_date: '2027-03-31',
      reopen_0_id: String(first),
      reopen_0_on: '1',
      reopen_0_deadline: '2027-02-01',
    };
    expect((await revise(officer, id, fields)).status).toBe(303);
    // A second one while the first waits: the page says why.
    expect((await officer.get(`/staff/rectifications/${id}/revision`)).status).toBe(303);
    const twice = await submitForm(
      officer,
      `/staff/rectifications/${id}`,
      `/staff/rectifications/${id}/revision`,
      fields,
    );
    expect(twice.status).toBe(409);
    expect(
      summaryHas(
        twice.text,
        "The revision of the measures is waiting for a coordinator's approval. Once it is approved and every measure is done, report it done.",
      ),
    ).toBe(true);

    const empty = await onPage(coordinator, id, 'return' as 'approve', { return_reason: '  ' });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'return_reason')).toBe('Enter this information');
    const returned = await onPage(coordinator, id, 'return' as 'approve', {
      return_reason: `Reopening one measure changes nothing. ${HOSTILE.script}`,
    });
    expect(returned.status).toBe(303);
    const page = await officer.get(`/staff/rectifications/${id}`);
    expect(page.text).toContain('A coordinator returned the revision to the unit on');
    expect(page.text).toContain(escaped(`Reopening one measure changes nothing. ${HOSTILE.script}`));
    expect(page.text).not.toContain(HOSTILE.script);
    expect(page.text).toContain(`href="/staff/rectifications/${id}/revision"`);
    // Still not done; a new revision may be sent.
    expect((await onPage(officer, id, 'done', { done_note: 'Done.' })).status).toBe(422);
    expect(
      (
        await revise(officer, id, {
          ...fields,
          added_0_description: 'Open a second window',
          added_0_owner: 'Hall office',
          added_0_deadline: '2027-03-01',
        })
      ).status,
    ).toBe(303);
    const rows = await t.app.db
      .selectFrom('rectification_submissions')
      .select(['state', 'kind', 'round'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { state: 'returned', kind: 'revision', round: 2 },
      { state: 'submitted', kind: 'revision', round: 2 },
    ]);
  });
});

describe('a rectification that relapses is done again too', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('after a relapse found on looking back, it is reported done only once a revision is approved', async () => {
    t = await buildTestApp();
    const r = await reportedDone(t, { title: 'Gifts at festivals' });
    const coordinator = (await signInAs(t, 'coordinator')).agent;
    const officer = (
      await signInAs(t, 'unit_officer', { unitId: (await rectificationRow(t, r.rectificationId)).unit_id })
    ).agent;
    const id = r.rectificationId;
    // Passed: three satisfied votes of three.
    const roundId = await openRoundOverHttp(t, coordinator, id);
    const { slips } = await issueSlipsOverHttp(coordinator, roundId, 3);
    for (const s of slips)
      expect((await voteOverHttp(t.agent(), s.code, { choice: 'satisfied', confirm: '1' })).status).toBe(200);
    expect(
      (await submitForm(coordinator, `/staff/rounds/${roundId}`, `/staff/rounds/${roundId}/close`, {})).status,
    ).toBe(303);
    expect((await rectificationRow(t, id)).state).toBe('passed');
    const checkId = (await t.app.db.selectFrom('looking_back_checks').select('id').executeTakeFirstOrThrow()).id;
    const found = await submitForm(coordinator, `/staff/looking-back/${checkId}`, `/staff/looking-back/${checkId}`, {
      finding: 'relapsed',
      note: 'The gifts are back.',
    });
    expect(found.status, found.text.slice(0, 300)).toBe(303);
    expect(await rectificationRow(t, id)).toMatchObject({ state: 'in_progress', round: 2 });

    const atOnce = await onPage(officer, id, 'done', { done_note: 'Done.' });
    expect(atOnce.status).toBe(422);
    expect(
      summaryHas(
        atOnce.text,
        'This rectification did not pass its round, or relapsed: it must be done again. Revise its measures (add or reopen at least one, with a new deadline) and have a coordinator approve the revision before reporting it done.',
      ),
    ).toBe(true);
    expect(
      (
        await revise(officer, id, {
          reason: 'Gifts again.',
          target_date: '2027-06-30',
          added_0_description: 'Publish a register of gifts refused',
          added_0_owner: 'Office',
          added_0_deadline: '2027-01-31',
        })
      ).status,
    ).toBe(303);
    expect((await onPage(coordinator, id, 'revision/approve' as 'approve')).status).toBe(303);
    const added = (await measureIds(t, id)).at(-1)!;
    expect((await onPage(officer, id, 'progress', { note: 'Register published.', done: String(added) })).status).toBe(
      303,
    );
    expect((await onPage(officer, id, 'done', { done_note: 'Done again.' })).status).toBe(303);
    expect(await rectificationRow(t, id)).toMatchObject({ state: 'reported_done', round: 2 });
  });
});
