// The life of a rectification through the staff pages: a coordinator starts it from the problem,
// the unit officer drafts the measures, the coordinator approves (committed, public from then),
// the unit reports progress and at the end reports it done. Each step in the log and timeline.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { escaped, fieldError, HOSTILE, inputValue, submitForm, textareaValue } from '../helpers/forms.js';
import { auditOf } from '../triage/support.js';
import {
  createProblem,
  draftFields,
  measureIds,
  onPage,
  rectificationRow,
  saveDraft,
  startFromProblem,
} from './support.js';

describe('drafting, committing and carrying out a rectification', () => {
  let t: TestApp;
  let campaignId: number;
  let unitId: number;
  let problemId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db, { name: 'Service Hall' });
    problemId = await createProblem(t, campaignId, unitId, { title: 'Drinking at noon' });
  });
  afterEach(async () => t.close());

  it('goes draft → committed → in progress → reported done, with the timeline and the log', async () => {
    const coordinator = (await signInAs(t, 'coordinator')).agent;
    const { agent: officer, user: officerUser } = await signInAs(t, 'unit_officer', { unitId });
    const id = await startFromProblem(coordinator, problemId);
    // Starting twice gives the same one: one rectification per problem.
    expect(await startFromProblem(officer, problemId)).toBe(id);
    expect(await rectificationRow(t, id)).toMatchObject({
      state: 'draft',
      unit_id: unitId,
      problem_id: problemId,
      round: 1,
      committed_at: null,
    });

    const saved = await saveDraft(
      officer,
      id,
      draftFields({
        measures: [
          {
            description: 'Ban alcohol at official lunches, in writing',
            owner: 'Office director',
            deadline: '2026-11-30',
          },
          { description: 'Spot checks by the discipline section', owner: 'Discipline section', deadline: '2026-12-15' },
        ],
      }),
    );
    expect(saved.status).toBe(303);
    // Not public while a draft.
    expect((await t.agent().get(`/notices/${id}`)).status).toBe(404);

    const approved = await onPage(coordinator, id, 'approve');
    expect(approved.status).toBe(303);
    const committed = await rectificationRow(t, id);
    expect(committed).toMatchObject({
      state: 'committed',
      committed_at: t.clock.now().toISOString(),
      target_date: '2026-12-31',
    });
    // A promise made is not rewritten.
    expect((await officer.get(`/staff/rectifications/${id}/edit`)).status).toBe(303);
    const late = await submitForm(
      officer,
      `/staff/rectifications/${id}`,
      `/staff/rectifications/${id}/draft`,
      draftFields({ measures: [{ description: 'Something else', owner: 'x', deadline: '2026-12-01' }] }),
    );
    expect(late.status).toBe(303);
    expect(late.headers.location).toBe(`/staff/rectifications/${id}`);
    expect(
      (await t.app.db.selectFrom('measures').select('description').where('rectification_id', '=', id).execute()).map(
        (m) => m.description,
      ),
    ).toEqual(['Ban alcohol at official lunches, in writing', 'Spot checks by the discipline section']);

    const [first, second] = await measureIds(t, id);
    expect(
      (
        await onPage(officer, id, 'progress', {
          note: 'The written ban is signed.',
          percent: '50',
          done: String(first),
        })
      ).status,
    ).toBe(303);
    expect((await rectificationRow(t, id)).state).toBe('in_progress');

    const tooSoon = await onPage(officer, id, 'done', { done_note: 'All done.' });
    expect(tooSoon.status).toBe(422);
    expect(fieldError(tooSoon.text, 'done_note')).toBe(
      '1 measures are not done yet: mark them done in a progress report first',
    );

    expect(
      (await onPage(officer, id, 'progress', { note: 'Spot checks held twice.', done: String(second) })).status,
    ).toBe(303);
    expect(
      (await onPage(officer, id, 'done', { done_note: 'No drinking at noon seen in six weeks of checks.' })).status,
    ).toBe(303);
    expect((await rectificationRow(t, id)).state).toBe('reported_done');

    const log = (await auditOf(t, 'rectification', id)).map((a) => [a.action, a.from_state, a.to_state, a.actor]);
    expect(log).toEqual([
      ['rectification.started', null, 'draft', expect.stringContaining('coordinator')],
      ['rectification.drafted', null, null, officerUser.email],
      ['rectification.committed', 'draft', 'committed', expect.stringContaining('coordinator')],
      ['rectification.letter_sent', null, null, expect.stringContaining('coordinator')],
      ['rectification.started_work', 'committed', 'in_progress', officerUser.email],
      ['rectification.progress', null, null, officerUser.email],
      ['rectification.progress', null, null, officerUser.email],
      ['rectification.reported_done', 'in_progress', 'reported_done', officerUser.email],
    ]);
    const timeline = await t.app.db
      .selectFrom('rectification_events')
      .select(['kind', 'to_state', 'note'])
      .where('rectification_id', '=', id)
      .orderBy('id')
      .execute();
    expect(timeline.map((e) => e.kind)).toEqual(['committed', 'state', 'progress', 'progress', 'reported_done']);
    expect(JSON.stringify(timeline)).not.toContain(officerUser.email);

    const page = await officer.get(`/staff/rectifications/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Reported done');
    expect(page.text).toContain('The written ban is signed.');
  });

  it('the draft form refuses empty, malformed, oversize and hostile input, keeping what was typed', async () => {
    const { agent: officer } = await signInAs(t, 'unit_officer', { unitId });
    const coordinator = (await signInAs(t, 'coordinator')).agent;
    const id = await startFromProblem(coordinator, problemId);

    const empty = await saveDraft(officer, id, { responsible_person: '', target_date: '' });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'responsible_person')).toBe('Enter this information');
    expect(fieldError(empty.text, 'target_date')).toBe('Enter this information');
    expect(fieldError(empty.text, 'measures_0_description')).toBe('Give at least one measure');

    const bad = await saveDraft(
      officer,
      id,
      draftFields({
        target: '2026-12-31',
        measures: [
          { description: HOSTILE.script, owner: '', deadline: '2026-02-30' },
          { description: 'After the target', owner: 'Someone', deadline: '2027-03-01' },
          { description: 'x'.repeat(2001), owner: HOSTILE.sql, deadline: '2026-12-01' },
        ],
      }),
    );
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'measures_0_owner')).toBe('Enter this information');
    expect(fieldError(bad.text, 'measures_0_deadline')).toBe('Enter a real date');
    expect(fieldError(bad.text, 'measures_1_deadline')).toBe(
      "The deadline is after the rectification's target date".replace("'", '&#39;'),
    );
    expect(fieldError(bad.text, 'measures_2_description')).toMatch(/2000/);
    expect(textareaValue(bad.text, 'measures_0_description')).toBe(escaped(HOSTILE.script));
    expect(inputValue(bad.text, 'measures_2_owner')).toBe(escaped(HOSTILE.sql));
    expect(bad.text).not.toContain(HOSTILE.script);
    expect(await t.app.db.selectFrom('measures').select('id').execute()).toEqual([]);

    // Approving an empty draft is refused.
    const approve = await onPage(coordinator, id, 'approve');
    expect(approve.status).toBe(422);
    expect((await rectificationRow(t, id)).state).toBe('draft');
  });

  it('removes a measure from a draft and keeps the rest; the database refuses states outside the life cycle', async () => {
    const coordinator = (await signInAs(t, 'coordinator')).agent;
    const id = await startFromProblem(coordinator, problemId);
    await saveDraft(
      coordinator,
      id,
      draftFields({
        measures: [
          { description: 'One', owner: 'A', deadline: '2026-12-01' },
          { description: 'Two', owner: 'B', deadline: '2026-12-02' },
        ],
      }),
    );
    const [a, b] = await measureIds(t, id);
    const res = await saveDraft(
      coordinator,
      id,
      draftFields({
        measures: [
          { id: a!, description: 'One, clearer', owner: 'A', deadline: '2026-12-01' },
          { id: b!, description: 'Two', owner: 'B', deadline: '2026-12-02', remove: true },
        ],
      }),
    );
    expect(res.status).toBe(303);
    expect(
      await t.app.db.selectFrom('measures').select(['id', 'description']).where('rectification_id', '=', id).execute(),
    ).toEqual([{ id: a, description: 'One, clearer' }]);

    await expect(
      t.app.db
        .updateTable('rectifications')
        .set({ state: 'vanished' as never })
        .where('id', '=', id)
        .execute(),
    ).rejects.toThrow(/check constraint/i);
    await expect(
      t.app.db.updateTable('rectifications').set({ state: 'committed' }).where('id', '=', id).execute(),
    ).rejects.toThrow(/check constraint/i);
    await expect(t.app.db.deleteFrom('rectifications').where('id', '=', id).execute()).rejects.toThrow(/never deleted/);
  });
});
