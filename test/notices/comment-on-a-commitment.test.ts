// A member of the public comments on a commitment: the comment is filed as a new suggestion-box
// opinion linked to the rectification's problem, with a tracking code, exactly as a comment on a
// problem under review. Mistakes come back with what was typed; hostile text is shown escaped.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, signInAs } from '../helpers/factories.js';
import { browserBody, csrfFrom, escaped, fieldError, HOSTILE, inputValue, textareaValue } from '../helpers/forms.js';
import { readOutbox } from '../helpers/mail.js';
import { hiddenFieldsOf, receiptOf } from '../opinions/support.js';
import { auditOf } from '../triage/support.js';
import { rectification } from './support.js';

describe('commenting on a commitment', () => {
  let t: TestApp;
  let campaignId: number;
  let unitId: number;
  beforeEach(async () => {
    t = await buildTestApp();
    campaignId = await createCampaign(t.app.db);
    unitId = await createUnit(t.app.db, { name: 'Service Hall' });
  });
  afterEach(async () => t.close());

  async function openForm(id: number) {
    const visitor = t.agent();
    const page = await visitor.get(`/notices/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<form method="post" action="/notices/${id}/comments"`);
    const send = (fields: Record<string, string>) =>
      visitor
        .post(`/notices/${id}/comments`)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(browserBody({ identity: 'anonymous', ...hiddenFieldsOf(page.text), ...fields }));
    return { visitor, send };
  }

  it('refuses an empty, oversize or incomplete comment, keeping what was typed and escaping it', async () => {
    const r = await rectification(t, { campaignId, unitId });
    const { send } = await openForm(r.id);

    const empty = await send({ body: '  ' });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'body')).toBe('Enter this information');
    expect(empty.text).toContain('There is a problem');

    const hostile = await send({ body: HOSTILE.script + 'x'.repeat(5001) });
    expect(hostile.status).toBe(422);
    expect(fieldError(hostile.text, 'body')).toBe('Use 5000 characters or fewer');
    expect(textareaValue(hostile.text, 'body')).toContain(escaped(HOSTILE.script));
    expect(hostile.text).not.toContain(HOSTILE.script);

    const named = await send({ body: HOSTILE.html, identity: 'named', name: HOSTILE.sql, email: 'not an address' });
    expect(named.status).toBe(422);
    expect(fieldError(named.text, 'email')).toBe('Enter an email address like name@example.com');
    expect(inputValue(named.text, 'name')).toBe(escaped(HOSTILE.sql));
    expect(textareaValue(named.text, 'body')).toBe(escaped(HOSTILE.html));
    expect(named.text).not.toContain(HOSTILE.html);
    // The page around the form is the notice, still.
    expect(named.text).toContain('Publish the approval steps and time limits at every window');

    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toEqual([]);
  });

  it('files the comment as an opinion linked to the problem, gives a tracking code, once', async () => {
    const r = await rectification(t, { campaignId, unitId, upTo: 'in_progress' });
    const { send } = await openForm(r.id);
    const body = 'The second window is open, but only in the mornings.';
    const ok = await send({ body, identity: 'named', name: 'Chen Jing', email: 'chen.jing@example.org' });
    const { code, email } = receiptOf(ok);
    expect(email).toBe('sent');
    const opinion = await t.app.db
      .selectFrom('opinions')
      .selectAll()
      .where('tracking_code', '=', code.replace(/-/g, ''))
      .executeTakeFirstOrThrow();
    expect(opinion).toMatchObject({
      body,
      channel: 'suggestion_box',
      state: 'linked',
      problem_id: r.problemId,
      unit_id: unitId,
      campaign_id: campaignId,
      anonymous: 0,
    });
    expect((await auditOf(t, 'opinion', opinion.id)).map((a) => a.action)).toEqual([
      'opinion.received',
      'opinion.linked',
    ]);

    // The receipt went to the address given (the outbox: no mail settings here).
    const [receipt] = await readOutbox(t.dataDir);
    expect(receipt!.to).toContain('chen.jing@example.org');
    expect(receipt!.text).toContain(code);

    // A second send of the same form (a double click) files nothing more.
    expect(
      receiptOf(await send({ body, identity: 'named', name: 'Chen Jing', email: 'chen.jing@example.org' })).code,
    ).toBe(code);
    expect(
      await t.app.db.selectFrom('opinions').select('id').where('problem_id', '=', r.problemId).execute(),
    ).toHaveLength(1);

    // The tracking page says what became of it; the notice never shows the comment or who sent it.
    const tracked = await t.agent().get(`/track/${code}`);
    expect(tracked.status).toBe(200);
    const notice = await t.agent().get(`/notices/${r.id}`);
    for (const leak of [body, 'Chen Jing', 'chen.jing@example.org']) expect(notice.text).not.toContain(leak);
  });

  it('a filled honeypot files nothing; a forged form is refused; a draft or a hidden commitment takes no comments', async () => {
    const r = await rectification(t, { campaignId, unitId });
    const { send } = await openForm(r.id);
    const robot = await send({ body: 'Buy now', website: 'http://spam.example' });
    expect(robot.status).toBe(303);
    expect(robot.headers.location).toBe('/opinions/thanks');

    const forged = await t
      .agent()
      .post(`/notices/${r.id}/comments`)
      .type('form')
      .send({ body: 'hello', identity: 'anonymous' });
    expect(forged.status).toBe(403);

    const draft = await rectification(t, { campaignId, unitId, upTo: 'draft' });
    const individual = await rectification(t, { campaignId, unitId, level: 'individual', cadreName: 'Zhang San' });
    const visitor = t.agent();
    const csrf = csrfFrom((await visitor.get(`/notices/${r.id}`)).text);
    for (const id of [draft.id, individual.id, 999999]) {
      const res = await visitor
        .post(`/notices/${id}/comments`)
        .type('form')
        .send({ _csrf: csrf, body: 'hello', identity: 'anonymous' });
      expect(res.status, String(id)).toBe(404);
    }
    expect(await t.app.db.selectFrom('opinions').select('id').execute()).toEqual([]);

    // Signed-in staff reading an individual cadre's commitment may comment on it too, as anyone would.
    const { agent } = await signInAs(t, 'coordinator');
    const page = await agent.get(`/notices/${individual.id}`);
    expect(page.status).toBe(200);
    const res = await agent
      .post(`/notices/${individual.id}/comments`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(browserBody({ identity: 'anonymous', ...hiddenFieldsOf(page.text), body: 'Seen again last week.' }));
    const { code } = receiptOf(res);
    expect(
      (
        await t.app.db
          .selectFrom('opinions')
          .select('problem_id')
          .where('tracking_code', '=', code.replace(/-/g, ''))
          .executeTakeFirstOrThrow()
      ).problem_id,
    ).toBe(individual.problemId);
  });
});
