// A coordinator works through the inbox: the queue opens the oldest unsorted opinion, shows the
// ones like it, and one form sets its unit and category and links it to a new problem.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupCode } from '../../server/shared/codes.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { escaped, fieldError, submitForm } from '../helpers/forms.js';
import { auditOf, opinionRow, receiveOpinion, triage } from './support.js';

describe('sorting an opinion and linking it to a problem', () => {
  let t: TestApp;
  let campaignId: number;
  let unitId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db, { name: 'District Organisation Office' });
  });
  afterEach(async () => t.close());

  it('opens the oldest waiting opinion, with similar opinions beside it, Chinese text included', async () => {
    const first = await receiveOpinion(t, campaignId, '办事窗口工作人员中午喝酒，下午办事效率低。');
    t.clock.advance(60_000);
    const second = await receiveOpinion(t, campaignId, '窗口工作人员中午喝酒以后脾气很差。');
    t.clock.advance(60_000);
    await receiveOpinion(t, campaignId, 'The hall closes early on Fridays.');
    const { agent } = await signInAs(t, 'coordinator');

    const queue = await agent.get(`/staff/triage?campaign=${campaignId}`);
    expect(queue.status).toBe(302);
    expect(queue.headers.location).toBe(`/staff/triage/${first.id}`);

    const page = await agent.get(`/staff/triage/${first.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-similar-opinion="${second.id}"`);
    expect(page.text).toContain('Opinions waiting to be sorted in this campaign: 3');
  });

  it('sets unit and category, makes a new problem on the spot, links it and moves to the next', async () => {
    const first = await receiveOpinion(t, campaignId, 'Staff at the service window drink at lunch.', {
      email: 'li@example.org',
    });
    t.clock.advance(60_000);
    const next = await receiveOpinion(t, campaignId, 'Nobody answers the phone after four.');
    const { agent, user } = await signInAs(t, 'coordinator');

    const res = await triage(agent, first.id, {
      unit_id: String(unitId),
      category: 'discipline',
      outcome: 'new_problem',
      problem_title: 'Drinking at noon during working days',
      problem_description: 'Several opinions describe staff drinking at lunch.',
      problem_level: 'unit',
      problem_unit_id: String(unitId),
      problem_category: 'discipline',
    });
    expect(res.status, res.text.slice(0, 500)).toBe(303);
    expect(res.headers.location).toBe(`/staff/triage/${next.id}`);

    const row = await opinionRow(t, first.id);
    expect(row).toMatchObject({ state: 'linked', unit_id: unitId, category: 'discipline' });
    const problem = await t.app.db
      .selectFrom('problems')
      .selectAll()
      .where('id', '=', row.problem_id!)
      .executeTakeFirstOrThrow();
    expect(problem).toMatchObject({
      title: 'Drinking at noon during working days',
      level: 'unit',
      unit_id: unitId,
      campaign_id: campaignId,
      state: 'open',
    });

    // Every step is in the audit log, by whom, from what to what.
    const actions = (await auditOf(t, 'opinion', first.id)).map((a) => [a.action, a.from_state, a.to_state, a.actor]);
    expect(actions).toEqual([
      ['opinion.received', null, 'received', 'public'],
      ['opinion.sorted', 'received', 'triaged', user.email],
      ['opinion.linked', 'triaged', 'linked', user.email],
    ]);
    expect((await auditOf(t, 'problem', problem.id)).map((a) => a.action)).toEqual(['problem.created']);

    // The staff problem page counts it, by channel.
    const staffPage = await agent.get(`/staff/problems/${problem.id}`);
    expect(staffPage.status).toBe(200);
    expect(staffPage.text).toContain('Raised by 1 opinions');
    expect(staffPage.text).toMatch(/data-channel="suggestion_box">[^<]*<span class="count">1</);

    // The submitter's history shows each step, without staff names; the problem is named once it is public.
    const tracked = await t.agent().get(`/track/${groupCode(first.trackingCode)}`);
    expect(tracked.status).toBe(200);
    expect(tracked.text).toContain('Being examined');
    expect(tracked.text).toContain('Part of a problem being rectified');
    expect(tracked.text).not.toContain(user.email);
    expect(tracked.text).not.toContain(user.name);
    expect(tracked.text).not.toContain('Drinking at noon');

    expect(
      (await submitForm(agent, `/staff/problems/${problem.id}`, `/staff/problems/${problem.id}/publish`, {})).status,
    ).toBe(303);
    const trackedAgain = await t.agent().get(`/track/${groupCode(first.trackingCode)}`);
    expect(trackedAgain.text).toContain(`<a href="/problems/${problem.id}">Drinking at noon during working days</a>`);
  });

  it('says when nothing is left, and links an opinion to an existing problem, escaping what was typed', async () => {
    const only = await receiveOpinion(t, campaignId, 'Appointment lists leaked before the meeting.');
    const { agent } = await signInAs(t, 'coordinator');
    const hostile = '<script>alert("x")</script> leaks';
    const made = await triage(agent, only.id, {
      outcome: 'new_problem',
      problem_title: hostile,
      problem_level: 'organisation',
      problem_unit_id: String(unitId),
    });
    expect(made.status).toBe(303);
    expect(made.headers.location).toBe(`/staff/triage?campaign=${campaignId}`);
    const done = await agent.get(String(made.headers.location));
    expect(done.status).toBe(200);
    expect(done.text).toContain('Every opinion is sorted');

    const problemId = (await opinionRow(t, only.id)).problem_id!;
    const page = await agent.get(`/staff/problems/${problemId}`);
    expect(page.text).toContain(escaped(hostile));
    expect(page.text).not.toContain(hostile);

    const later = await receiveOpinion(t, campaignId, 'The list of candidates was known in advance.');
    const linked = await triage(agent, later.id, { outcome: 'link', problem_id: String(problemId) });
    expect(linked.status).toBe(303);
    expect(await opinionRow(t, later.id)).toMatchObject({ state: 'linked', problem_id: problemId, unit_id: unitId });
    expect(fieldError((await agent.get(`/staff/triage/${later.id}`)).text, 'problem_id')).toBeNull();
  });
});
