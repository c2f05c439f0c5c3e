// A unit officer reads and changes only their own unit's rectifications; a supervisor reads the
// units they watch and changes nothing; only a coordinator approves. Enforced on the server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { csrfFrom } from '../helpers/forms.js';
import { createProblem, draftFields, onPage, rectificationRow, saveDraft, startFromProblem } from './support.js';

describe('each unit works on its own rectifications', () => {
  let t: TestApp;
  let mine: number;
  let theirs: number;
  let theirsId: number;
  let mineId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    const campaignId = await createCampaign(t.app.db);
    mine = await createUnit(t.app.db, { name: 'My Unit' });
    theirs = await createUnit(t.app.db, { name: 'Their Unit' });
    const coordinator = (await signInAs(t, 'coordinator')).agent;
    mineId = await startFromProblem(
      coordinator,
      await createProblem(t, campaignId, mine, { title: 'Our slow counter' }),
    );
    theirsId = await startFromProblem(
      coordinator,
      await createProblem(t, campaignId, theirs, { title: 'Their rude staff' }),
    );
    for (const id of [mineId, theirsId]) {
      await saveDraft(
        coordinator,
        id,
        draftFields({ measures: [{ description: 'Fix it', owner: 'Director', deadline: '2026-12-01' }] }),
      );
      await onPage(coordinator, id, 'approve');
    }
  });
  afterEach(async () => t.close());

  it('a unit officer is refused (403) every page and every button of another unit’s rectification, and changes nothing', async () => {
    const { agent } = await signInAs(t, 'unit_officer', { unitId: mine });
    const list = await agent.get('/staff/rectifications');
    expect(list.text).toContain('Our slow counter');
    expect(list.text).not.toContain('Their rude staff');

    expect((await agent.get(`/staff/rectifications/${mineId}`)).status).toBe(200);
    expect((await agent.get(`/staff/rectifications/${theirsId}`)).status).toBe(403);
    expect((await agent.get(`/staff/rectifications/${theirsId}/edit`)).status).toBe(403);
    expect((await agent.get(`/staff/rectifications/${theirsId}/revision`)).status).toBe(403);
    const csrf = csrfFrom((await agent.get(`/staff/rectifications/${mineId}`)).text);
    for (const [action, body] of [
      ['progress', { note: 'We did their work' }],
      ['progress', {}],
      ['done', { done_note: 'Done' }],
      ['draft', draftFields({ measures: [{ description: 'x', owner: 'y', deadline: '2026-12-01' }] })],
      ['approve', {}],
      ['submit', {}],
      ['return', { return_reason: 'Not yours' }],
      [
        'revision',
        {
          reason: 'Not ours',
          target_date: '2027-01-31',
          added_0_description: 'x',
          added_0_owner: 'y',
          added_0_deadline: '2027-01-01',
        },
      ],
      ['revision', {}],
      ['revision/approve', {}],
    ] as const) {
      const res = await agent
        .post(`/staff/rectifications/${theirsId}/${action}`)
        .type('form')
        .send({ ...body, _csrf: csrf });
      expect(res.status, action).toBe(403);
    }
    expect(await rectificationRow(t, theirsId)).toMatchObject({ state: 'committed' });
    expect(await t.app.db.selectFrom('progress_reports').select('id').execute()).toEqual([]);
    expect(await t.app.db.selectFrom('rectification_submissions').select('id').execute()).toEqual([]);
    // Nor can they start one for another unit's problem.
    const other = await createProblem(t, (await rectificationRow(t, theirsId)).campaign_id, theirs);
    const start = await agent
      .post('/staff/rectifications')
      .type('form')
      .send({ problem_id: String(other), _csrf: csrf });
    expect(start.status).toBe(403);
    // Approving is a coordinator's, even for their own unit.
    expect(
      (await agent.post(`/staff/rectifications/${mineId}/approve`).type('form').send({ _csrf: csrf })).status,
    ).toBe(403);
    expect((await agent.get('/staff/rectifications/999999')).status).toBe(404);
  });

  it('a supervisor reads the units they watch and changes nothing', async () => {
    const { agent } = await signInAs(t, 'supervisor', { watches: [theirs] });
    expect((await agent.get(`/staff/rectifications/${theirsId}`)).status).toBe(200);
    expect((await agent.get(`/staff/rectifications/${mineId}`)).status).toBe(403);
    const page = await agent.get(`/staff/rectifications/${theirsId}`);
    expect(page.text).not.toContain('/progress"');
    const res = await agent
      .post(`/staff/rectifications/${theirsId}/progress`)
      .type('form')
      .send({ note: 'x', _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(403);
  });

  it('the list’s unit filter offers each reader only the units they may see', async () => {
    const unitChoices = (html: string) =>
      [
        ...(/<select[^>]*name="unit"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '').matchAll(
          /<option value="(\d+)"/g,
        ),
      ].map((m) => Number(m[1]));
    const officer = (await signInAs(t, 'unit_officer', { unitId: mine })).agent;
    expect(unitChoices((await officer.get('/staff/rectifications')).text)).toEqual([mine]);
    const supervisor = (await signInAs(t, 'supervisor', { watches: [theirs] })).agent;
    expect(unitChoices((await supervisor.get('/staff/rectifications')).text)).toEqual([theirs]);
    const coordinator = (await signInAs(t, 'coordinator')).agent;
    expect(unitChoices((await coordinator.get('/staff/rectifications')).text).sort()).toEqual([mine, theirs].sort());
  });
});
