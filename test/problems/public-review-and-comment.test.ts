// A coordinator publishes the problems for public review. The public sees each one's title,
// description, level, unit and how many opinions raised it, never the opinions or a cadre's
// name, and can comment: the comment is filed as an opinion linked to the problem.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { browserBody, csrfFrom, escaped, fieldError, HOSTILE, submitForm, textareaValue } from '../helpers/forms.js';
import { receiptOf, hiddenFieldsOf } from '../opinions/support.js';
import { opinionRow, receiveOpinion, triage } from '../triage/support.js';
import { createProblem } from './support.js';

describe('problems under public review', () => {
  let t: TestApp;
  let campaignId: number;
  let unitId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db, { name: 'Rectification 2026' });
    unitId = await createUnit(t.app.db, { name: 'Talent Office' });
  });
  afterEach(async () => t.close());

  it('shows a published problem with its count and never the opinions; hides the unpublished and individual ones', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const shown = await createProblem(t, campaignId, unitId, { title: 'Slow approvals' });
    const unpublished = await createProblem(t, campaignId, unitId, { title: 'Not yet reviewed' });
    const individual = await createProblem(t, campaignId, unitId, {
      title: 'Director Zhang shouts',
      level: 'individual',
      cadreName: 'Zhang San',
    });
    const secret = 'My neighbour Wang at No. 5 waited three months';
    const o = await receiveOpinion(t, campaignId, secret, { email: 'wang@example.org' });
    await triage(agent, o.id, { outcome: 'link', problem_id: String(shown) });

    expect((await submitForm(agent, `/staff/problems/${shown}`, `/staff/problems/${shown}/publish`, {})).status).toBe(
      303,
    );
    const refused = await submitForm(
      agent,
      `/staff/problems/${individual}`,
      `/staff/problems/${individual}/publish`,
      {},
    );
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('A problem about an individual cadre is never published');
    // The database refuses it too.
    await expect(
      t.app.db.updateTable('problems').set({ published_at: 'now' }).where('id', '=', individual).execute(),
    ).rejects.toThrow(/check constraint/i);

    const list = await t.agent().get('/problems');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Slow approvals');
    expect(list.text).toContain('Raised by 1 opinions');
    expect(list.text).not.toContain('Not yet reviewed');
    expect(list.text).not.toContain('Director Zhang');

    const page = await t.agent().get(`/problems/${shown}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Talent Office');
    for (const leak of [secret, 'wang@example.org', 'Li Wei']) expect(page.text).not.toContain(leak);
    expect((await t.agent().get(`/problems/${unpublished}`)).status).toBe(404);
    expect((await t.agent().get(`/problems/${individual}`)).status).toBe(404);
    expect((await t.agent().get('/problems/nope')).status).toBe(404);

    // Taken off the list, it is gone from the public side.
    expect((await submitForm(agent, `/staff/problems/${shown}`, `/staff/problems/${shown}/unpublish`, {})).status).toBe(
      303,
    );
    expect((await t.agent().get(`/problems/${shown}`)).status).toBe(404);
  });

  it('files a comment as a new opinion linked to the problem, with a tracking code', async () => {
    const problem = await createProblem(t, campaignId, unitId, { title: 'Slow approvals', published: true });
    const visitor = t.agent();
    const page = await visitor.get(`/problems/${problem}`);
    const send = (fields: Record<string, string>) =>
      visitor
        .post(`/problems/${problem}/comments`)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(browserBody({ identity: 'anonymous', ...hiddenFieldsOf(page.text), ...fields }));

    const empty = await send({ body: '   ' });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'body')).not.toBeNull();

    const hostile = await send({ body: HOSTILE.script + 'x'.repeat(5001) });
    expect(hostile.status).toBe(422);
    expect(textareaValue(hostile.text, 'body')).toContain(escaped(HOSTILE.script));
    expect(hostile.text).not.toContain(HOSTILE.script);

    const ok = await send({ body: 'It took my firm four months to get a licence.' });
    const { code } = receiptOf(ok);
    const opinion = await t.app.db
      .selectFrom('opinions')
      .selectAll()
      .where('tracking_code', '=', code.replace(/-/g, ''))
      .executeTakeFirstOrThrow();
    expect(opinion).toMatchObject({
      channel: 'suggestion_box',
      state: 'linked',
      problem_id: problem,
      unit_id: unitId,
      campaign_id: campaignId,
      anonymous: 1,
    });
    // A second send of the same form (a double click) files nothing more.
    const again = await send({ body: 'It took my firm four months to get a licence.' });
    expect(receiptOf(again).code).toBe(code);
    expect(await t.app.db.selectFrom('opinions').select('id').where('problem_id', '=', problem).execute()).toHaveLength(
      1,
    );
    expect((await visitor.get(`/problems/${problem}`)).text).toContain('Raised by 1 opinions');
    const tracked = await t.agent().get(`/track/${code}`);
    expect(tracked.text).toContain(`<a href="/problems/${problem}">Slow approvals</a>`);
    expect((await opinionRow(t, opinion.id)).state).toBe('linked');
  });

  it('refuses comments on a problem that is not public, and checks the CSRF token', async () => {
    const hidden = await createProblem(t, campaignId, unitId);
    const visitor = t.agent();
    const home = await visitor.get('/opinions/new');
    const res = await visitor
      .post(`/problems/${hidden}/comments`)
      .type('form')
      .send({ _csrf: csrfFrom(home.text), body: 'hello', identity: 'anonymous' });
    expect(res.status).toBe(404);
    const shown = await createProblem(t, campaignId, unitId, { published: true });
    const forged = await t
      .agent()
      .post(`/problems/${shown}/comments`)
      .type('form')
      .send({ body: 'hello', identity: 'anonymous' });
    expect(forged.status).toBe(403);
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toEqual([]);
  });
});
