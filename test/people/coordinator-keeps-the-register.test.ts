// A coordinator keeps the register of representatives and image supervisors; an image supervisor
// with an account then sees, when signed in, the units the register says they watch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { createCampaign, createUnit, createUser, signIn, signInAs } from '../helpers/factories.js';
import { browserBody, csrfFrom, escaped, fieldError, HOSTILE, inputValue, submitForm } from '../helpers/forms.js';
import { seedOpinion } from '../inbox/recording.js';
import { auditOf } from '../triage/support.js';

describe('the register of representatives and image supervisors', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => t.close());

  it('adds a deputy and an image supervisor who signs in and sees the units watched; never deletes, only retires', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const watched = await createUnit(t.app.db, { name: 'Land Bureau' });
    const other = await createUnit(t.app.db, { name: 'Tax Bureau' });
    const supervisorAccount = await createUser(t.app.db, { role: 'supervisor', name: 'Chen Li' });

    const deputy = await submitForm(agent, '/staff/people/new', '/staff/people', {
      name: 'Zhou Min',
      affiliation: 'npc_deputy',
      email: 'zhou@example.org',
      locale: 'zh-CN',
      term_starts_on: '2026-01-01',
      term_ends_on: '2028-12-31',
    });
    expect(deputy.status).toBe(303);
    const supervisor = await submitForm(agent, '/staff/people/new', '/staff/people', {
      name: 'Chen Li',
      affiliation: 'image_supervisor',
      locale: 'zh-CN',
      units: String(watched),
      user_id: String(supervisorAccount.id),
    });
    expect(supervisor.status).toBe(303);
    const list = await agent.get('/staff/people');
    expect(list.text).toContain('Zhou Min');
    expect(list.text).toContain('People&#39;s Congress deputy');
    expect(list.text).toContain(supervisorAccount.email);
    // The register shows each one's contact, term, and for the supervisor the units they watch.
    const row = (name: string) =>
      new RegExp(`<tr data-person="\\d+">\\s*<td><a [^>]+>${name}</a>[\\s\\S]*?</tr>`).exec(list.text)?.[0] ?? '';
    expect(row('Zhou Min')).toMatch(/<td data-contact>zhou@example.org<\/td>/);
    expect(row('Zhou Min')).toMatch(/<td class="nowrap" data-term>.*2026.*–.*2028.*<\/td>/);
    expect(row('Chen Li')).toContain('<td class="text" data-watches>Land Bureau</td>');
    expect(row('Zhou Min')).toContain('<td class="text" data-watches></td>');

    // As a supervisor they see the watched unit's opinions, not the other's.
    const campaignId = await createCampaign(t.app.db);
    const seen = await seedOpinion(t, { campaignId, unitId: watched, body: 'About the land bureau' });
    const unseen = await seedOpinion(t, { campaignId, unitId: other, body: 'About the tax bureau' });
    const asSupervisor = await signIn(t, supervisorAccount.email);
    expect((await asSupervisor.get(`/staff/opinions/${seen.id}`)).status).toBe(200);
    expect((await asSupervisor.get(`/staff/opinions/${unseen.id}`)).status).toBe(403);
    // Not their register to keep.
    expect((await asSupervisor.get('/staff/people')).status).toBe(403);

    const person = await t.app.db
      .selectFrom('people')
      .select('id')
      .where('name', '=', 'Zhou Min')
      .executeTakeFirstOrThrow();
    const retire = await agent
      .post(`/staff/people/${person.id}/retire`)
      .type('form')
      .send({ _csrf: csrfFrom(list.text) });
    expect(retire.status).toBe(303);
    expect(
      (await t.app.db.selectFrom('people').select('active').where('id', '=', person.id).executeTakeFirstOrThrow())
        .active,
    ).toBe(0);
    const log = await auditOf(t, 'person', person.id);
    expect(log.map((e) => e.action)).toEqual(['person.added', 'person.retired']);
    // Contact details stay out of the log.
    expect(JSON.stringify(log)).not.toContain('zhou@example.org');
  });

  it('refuses empty, malformed and hostile input with the typed values kept', async () => {
    const { agent } = await signInAs(t, 'coordinator');
    const page = await agent.get('/staff/people/new');
    const post = (fields: Record<string, string | string[]>) =>
      agent
        .post('/staff/people')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(browserBody({ ...fields, _csrf: csrfFrom(page.text) }));
    const empty = await post({});
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'name')).toBe('Enter this information');
    const bad = await post({
      name: HOSTILE.script,
      affiliation: 'king',
      email: 'not-an-email',
      phone: 'call me',
      term_starts_on: '2026-05-01',
      term_ends_on: '2026-04-01',
      units: ['1; DROP TABLE units'],
      user_id: '99',
    });
    expect(bad.status).toBe(422);
    expect(inputValue(bad.text, 'name')).toBe(escaped(HOSTILE.script));
    expect(bad.text).not.toContain(HOSTILE.script);
    expect(fieldError(bad.text, 'email')).toBe('Enter an email address like name@example.com');
    expect(fieldError(bad.text, 'term_ends_on')).toBeNull(); // reported once the fields themselves read
    const order = await post({
      name: 'Wu',
      affiliation: 'cppcc_member',
      term_starts_on: '2026-05-01',
      term_ends_on: '2026-04-01',
    });
    expect(fieldError(order.text, 'term_ends_on')).toBe('The term ends before it starts');
    const account = await post({ name: 'Wu', affiliation: 'cppcc_member', user_id: '1' });
    expect(fieldError(account.text, 'user_id')).toBe('Only an image supervisor signs in with an account');
    const notSupervisor = await post({ name: 'Wu', affiliation: 'image_supervisor', user_id: '1' });
    expect(fieldError(notSupervisor.text, 'user_id')).toBe('Choose a supervisor account from the list');
    expect(await t.app.db.selectFrom('people').select('id').execute()).toEqual([]);
    expect((await agent.get('/staff/people/999/edit')).status).toBe(404);
  });
});
