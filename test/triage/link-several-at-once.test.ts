// In the inbox a coordinator ticks several opinions and links them to one problem; all or none.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { browserBody, csrfFrom, fieldError } from '../helpers/forms.js';
import { opinionRow, receiveOpinion } from './support.js';

describe('linking several opinions to one problem at once', () => {
  let t: TestApp;
  let campaignId: number;
  let unitId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db);
  });
  afterEach(async () => t.close());

  it('ticks them in the inbox, confirms them on one page and links them to a new problem', async () => {
    const ids = [];
    for (const body of ['Gifts at the festival', 'Gift boxes delivered to the office', 'Mooncakes from contractors'])
      ids.push((await receiveOpinion(t, campaignId, body)).id);
    const { agent } = await signInAs(t, 'coordinator');

    const inbox = await agent.get(`/staff/opinions?campaign=${campaignId}`);
    expect(inbox.text).toContain(`name="ids" value="${ids[0]}"`);
    expect(inbox.text).toContain('action="/staff/triage/bulk"');

    const confirm = await agent.get(`/staff/triage/bulk?ids=${ids[0]}&ids=${ids[2]}`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Link 2 opinions to one problem');

    const post = (fields: Record<string, string | string[]>) =>
      agent
        .post('/staff/triage/bulk')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(browserBody({ ...fields, _csrf: csrfFrom(confirm.text) }));

    const noProblem = await post({ ids: [String(ids[0]), String(ids[2])], target: 'existing' });
    expect(noProblem.status).toBe(422);
    expect(fieldError(noProblem.text, 'problem_id')).toBe('Choose the problem to link it to');

    const res = await post({
      ids: [String(ids[0]), String(ids[2])],
      target: 'new',
      problem_title: 'Accepting gifts',
      problem_level: 'unit',
      problem_unit_id: String(unitId),
      problem_category: 'discipline',
    });
    expect(res.status).toBe(303);
    const problemId = Number(/\/staff\/problems\/(\d+)$/.exec(String(res.headers.location))![1]);
    expect(await opinionRow(t, ids[0]!)).toMatchObject({
      state: 'linked',
      problem_id: problemId,
      unit_id: unitId,
      category: 'discipline',
    });
    expect(await opinionRow(t, ids[2]!)).toMatchObject({ state: 'linked', problem_id: problemId });
    expect(await opinionRow(t, ids[1]!)).toMatchObject({ state: 'received', problem_id: null });
    expect((await agent.get(String(res.headers.location))).text).toContain('Raised by 2 opinions');
  });

  it('links none when one of them cannot be linked, and says which', async () => {
    const other = await createCampaign(t.app.db);
    const here = (await receiveOpinion(t, campaignId, 'Slow approvals')).id;
    const there = (await receiveOpinion(t, other, 'Slow approvals elsewhere')).id;
    const { agent } = await signInAs(t, 'coordinator');
    const problem = await t.app.db
      .insertInto('problems')
      .values({
        campaign_id: campaignId,
        title: 'Slow approvals',
        level: 'unit',
        unit_id: unitId,
        category: null,
        cadre_name: null,
        merged_into_id: null,
        published_at: null,
        created_by: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = await agent.get(`/staff/triage/bulk?ids=${here}`);
    const res = await agent
      .post('/staff/triage/bulk')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(
        browserBody({
          ids: [String(here), String(there)],
          target: 'existing',
          problem_id: String(problem.id),
          _csrf: csrfFrom(page.text),
        }),
      );
    expect(res.status).toBe(422);
    expect(res.text).toContain(`#${there}`);
    expect(await opinionRow(t, here)).toMatchObject({ state: 'received', problem_id: null });
    expect(await opinionRow(t, there)).toMatchObject({ state: 'received', problem_id: null });
  });

  it('with nothing ticked goes back to the inbox with a notice', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const res = await agent.get('/staff/triage/bulk');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/staff/opinions');
    expect((await agent.get('/staff/opinions')).text).toContain('Tick the opinions you want to link first.');
  });
});
