// A coordinator may send a draft back to the unit with a reason the unit officer reads on the
// rectification's page; when the unit sends its draft for approval, the coordinators are told on
// their list and by email (each in their language, read back as MIME). Through the pages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, createUser, signInAs } from '../helpers/factories.js';
import { browserBody, escaped, fieldError, HOSTILE, submitForm, textareaValue } from '../helpers/forms.js';
import { readOutbox } from '../helpers/mail.js';
import { htmlProblems } from '../helpers/html.js';
import { createProblem, draftFields, onPage, rectificationRow, saveDraft, startFromProblem } from './support.js';

const on = (agent: request.Agent, id: number, action: string, fields: Record<string, string> = {}) =>
  submitForm(agent, `/staff/rectifications/${id}`, `/staff/rectifications/${id}/${action}`, fields);

describe('returning a draft to the unit, and telling the coordinators what waits for them', () => {
  let t: TestApp;
  let id: number;
  let coordinator: request.Agent;
  let officer: request.Agent;
  beforeEach(async () => {
    t = await buildTestApp();
    const campaignId = await createCampaign(t.app.db);
    const unitId = await createUnit(t.app.db, { name: 'Service Hall' });
    const problemId = await createProblem(t, campaignId, unitId, { title: 'Drinking at noon' });
    coordinator = (await signInAs(t, 'coordinator', { locale: 'en' })).agent;
    await createUser(t.app.db, { role: 'coordinator', email: 'li.na@example.org', name: '李娜', locale: 'zh-CN' });
    officer = (await signInAs(t, 'unit_officer', { unitId })).agent;
    id = await startFromProblem(coordinator, problemId);
    expect(
      (
        await saveDraft(
          officer,
          id,
          draftFields({
            measures: [
              { description: 'Ban alcohol at official lunches', owner: 'Office director', deadline: '2026-12-01' },
            ],
          }),
        )
      ).status,
    ).toBe(303);
  });
  afterEach(async () => t.close());

  it('sends the draft for approval, tells every coordinator by mail and on the list, and is returned with a reason the unit reads', async () => {
    expect((await readOutbox(t.dataDir)).length).toBe(0);
    const sent = await on(officer, id, 'submit');
    expect(sent.status).toBe(303);
    expect((await rectificationRow(t, id)).state).toBe('draft');

    // One message to each active administrator and coordinator, in their own language, text and HTML.
    const mail = await readOutbox(t.dataDir);
    const approvers = await t.app.db
      .selectFrom('users')
      .select(['email', 'locale'])
      .where('role', 'in', ['administrator', 'coordinator'])
      .execute();
    expect(mail.map((m) => m.to).sort()).toEqual(approvers.map((a) => a.email).sort());
    const zh = mail.find((m) => m.to === 'li.na@example.org')!;
    expect(zh.language).toBe('zh-CN');
    expect(zh.subject).toBe('等待您批准：Drinking at noon');
    expect(zh.text).toContain('李娜，您好');
    expect(zh.text).toContain('Service Hall关于“Drinking at noon”的整改草稿等待您批准。');
    expect(zh.html).toContain(`<a href="http://portal.test/staff/rectifications/${id}">`);
    const en = mail.find((m) => m.language === 'en')!;
    expect(en.subject).toBe('Waiting for your approval: Drinking at noon');
    expect(en.text).toContain('The draft rectification of “Drinking at noon” by Service Hall waits for your approval.');
    expect(en.text).toContain(`http://portal.test/staff/rectifications/${id}`);

    // In the portal: the coordinators' list says it waits; the unit officer's page says it was sent.
    const list = await coordinator.get('/staff/rectifications');
    expect(list.text).toContain('Waiting for your approval: 1');
    expect(list.text).toContain(`data-awaiting-item="${id}"`);
    expect((await officer.get('/staff/rectifications')).text).not.toContain('data-awaiting');
    expect((await officer.get(`/staff/rectifications/${id}`)).text).toContain(
      escaped("waiting for a coordinator's approval."),
    );
    // Sent twice: it already waits.
    const twice = await on(officer, id, 'submit');
    expect(twice.status).toBe(422);
    expect(twice.text).toContain(escaped("The draft is already waiting for a coordinator's approval"));
    expect((await readOutbox(t.dataDir)).length).toBe(mail.length);

    // Returning: a unit officer may not; a reason is needed; hostile text is kept as text; the token is checked.
    expect((await on(officer, id, 'return', { return_reason: 'I return my own draft' })).status).toBe(403);
    const empty = await on(coordinator, id, 'return', { return_reason: ' \n ' });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'return_reason')).toBe('Enter this information');
    const long = await on(coordinator, id, 'return', { return_reason: `${HOSTILE.html}${'x'.repeat(5001)}` });
    expect(long.status).toBe(422);
    expect(textareaValue(long.text, 'return_reason')).toBe(escaped(`${HOSTILE.html}${'x'.repeat(5001)}`));
    expect(long.text).not.toContain(HOSTILE.html);
    const forged = await coordinator
      .post(`/staff/rectifications/${id}/return`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(browserBody({ return_reason: 'No token' }));
    expect(forged.status).toBe(403);
    const reason = `The deadline is too far off; say who checks it.\n${HOSTILE.script}`;
    const returned = await on(coordinator, id, 'return', { return_reason: reason });
    expect(returned.status).toBe(303);

    // The unit officer reads why, on the rectification's page, as text.
    const page = await officer.get(`/staff/rectifications/${id}`);
    expect(page.text).toContain('A coordinator returned the draft to the unit on');
    expect(page.text).toContain('<p>The deadline is too far off; say who checks it.</p>');
    expect(page.text).toContain(`<p>${escaped(HOSTILE.script)}</p>`);
    expect(page.text).not.toContain(HOSTILE.script);
    expect(await htmlProblems(page.text)).toEqual([]);
    expect(await htmlProblems(empty.text)).toEqual([]);
    expect(page.text).toContain(`action="/staff/rectifications/${id}/submit"`);
    expect((await coordinator.get('/staff/rectifications')).text).not.toContain('data-awaiting');
    const audit = await t.app.db
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('action', '=', 'rectification.returned')
      .execute();
    expect(audit).toEqual([{ action: 'rectification.returned', reason: reason.replace(/\r\n/g, '\n') }]);

    // Revised and sent again: told again; approved, it is committed and no longer waits.
    expect(
      (
        await saveDraft(
          officer,
          id,
          draftFields({
            measures: [
              { description: 'Ban alcohol at official lunches', owner: 'Discipline section', deadline: '2026-12-01' },
            ],
          }),
        )
      ).status,
    ).toBe(303);
    expect((await readOutbox(t.dataDir)).length).toBe(mail.length);
    expect((await on(officer, id, 'submit')).status).toBe(303);
    expect((await readOutbox(t.dataDir)).length).toBe(mail.length * 2);
    const returnedNote = (await officer.get(`/staff/rectifications/${id}`)).text;
    expect(returnedNote).not.toContain('data-returned');
    expect((await onPage(coordinator, id, 'approve')).status).toBe(303);
    expect((await rectificationRow(t, id)).state).toBe('committed');
    expect(
      await t.app.db.selectFrom('rectification_submissions').select(['kind', 'state']).orderBy('id').execute(),
    ).toEqual([
      { kind: 'draft', state: 'returned' },
      { kind: 'draft', state: 'approved' },
    ]);
    expect((await coordinator.get('/staff/rectifications')).text).not.toContain('data-awaiting');
    // A committed rectification is no draft to return.
    const late = await on(coordinator, id, 'return', { return_reason: 'Too late' });
    expect(late.status).toBe(422);
    expect(late.text).toContain('There is nothing waiting to be returned to the unit');
  });

  it('a draft not yet sent can be returned too, and a draft with no measures cannot be sent', async () => {
    expect((await on(coordinator, id, 'return', { return_reason: 'Add a second measure.' })).status).toBe(303);
    expect((await officer.get(`/staff/rectifications/${id}/edit`)).status).toBe(200);
    expect((await officer.get(`/staff/rectifications/${id}`)).text).toContain('Add a second measure.');
    const other = await createProblem(t, await createCampaign(t.app.db), (await rectificationRow(t, id)).unit_id, {
      title: 'Second',
    });
    const empty = await startFromProblem(coordinator, other);
    const refused = await on(officer, empty, 'submit');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('The draft needs a person responsible, a target date and at least one measure');
    expect((await readOutbox(t.dataDir)).length).toBe(0);
  });
});
